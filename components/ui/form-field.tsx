"use client";

import * as React from "react";
import { Slot } from "radix-ui";

import { cn } from "@/lib/utils";
import { Label } from "@/components/ui/label";

/** Attributes that tie a control to its label, help text and error message. */
export interface FormControlProps {
  id: string;
  "aria-invalid": boolean | undefined;
  "aria-describedby": string | undefined;
  "aria-required": boolean | undefined;
}

export interface FormFieldProps {
  label: React.ReactNode;
  /** The control's id; generated when omitted. Give it here rather than on the control. */
  id?: string;
  description?: React.ReactNode;
  /** A message, or the list zod gives for one field (`z.flattenError(e).fieldErrors.email`); the first is shown. */
  error?: string | readonly string[] | null;
  required?: boolean;
  className?: string;
  /**
   * The control. A single element receives the id and aria attributes directly; for
   * composite controls (e.g. Select, whose trigger is the focusable part) pass a function
   * and spread its argument onto the focusable element.
   */
  children: React.ReactElement | ((control: FormControlProps) => React.ReactNode);
}

function FormField({ label, id, description, error, required, className, children }: FormFieldProps) {
  const generatedId = React.useId();
  const controlId = id ?? generatedId;
  const descriptionId = `${controlId}-description`;
  const errorId = `${controlId}-error`;
  const message = typeof error === "string" ? error : error?.[0];
  const describedBy = [description ? descriptionId : null, message ? errorId : null].filter(Boolean).join(" ");

  const control: FormControlProps = {
    id: controlId,
    "aria-invalid": message ? true : undefined,
    "aria-describedby": describedBy || undefined,
    "aria-required": required || undefined,
  };

  return (
    <div data-slot="form-field" data-invalid={message ? true : undefined} className={cn("grid gap-2", className)}>
      <Label htmlFor={controlId} className={cn(message && "text-destructive")}>
        {label}
        {required && (
          <span aria-hidden className="-ml-1 text-destructive">
            *
          </span>
        )}
      </Label>
      {typeof children === "function" ? children(control) : <Slot.Root {...control}>{children}</Slot.Root>}
      {description && (
        <p id={descriptionId} className="text-[13px] text-muted-foreground">
          {description}
        </p>
      )}
      {message && (
        <p id={errorId} className="text-[13px] font-medium text-destructive">
          {message}
        </p>
      )}
    </div>
  );
}

export { FormField };
