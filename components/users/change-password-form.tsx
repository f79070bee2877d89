"use client";

import { useMutation } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { fieldErrorsOf, messageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { toast } from "@/components/ui/use-toast";

export function ChangePasswordForm() {
  const trpc = useTRPC();
  const change = useMutation(
    trpc.me.changePassword.mutationOptions({
      onSuccess: () => {
        toast({ variant: "success", title: "Password changed", description: "Use the new password next time you sign in." });
      },
    }),
  );
  const errors = fieldErrorsOf(change.error);
  const generalError = change.error && !Object.keys(errors).length ? messageOf(change.error) : null;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    change.mutate(
      { currentPassword: String(form.get("currentPassword")), newPassword: String(form.get("newPassword")) },
      { onSuccess: () => formElement.reset() },
    );
  }

  return (
    <form onSubmit={submit} className="grid max-w-md gap-4" noValidate>
      <FormField label="Current password" error={generalError ?? errors.currentPassword} required>
        <Input name="currentPassword" type="password" autoComplete="current-password" />
      </FormField>
      <FormField label="New password" description="At least 10 characters." error={errors.newPassword} required>
        <Input name="newPassword" type="password" autoComplete="new-password" />
      </FormField>
      <div>
        <Button type="submit" disabled={change.isPending}>
          {change.isPending ? <Spinner size="sm" /> : null}
          Change password
        </Button>
      </div>
    </form>
  );
}
