"use client";

import { CircleCheck, CircleExclamationPoint } from "lucide-react";

import {
  Toast,
  ToastClose,
  ToastDescription,
  ToastProvider,
  ToastTitle,
  ToastViewport,
} from "@/components/ui/toast";
import { useToast, type ToastVariant } from "@/components/ui/use-toast";

const variantIcons: Partial<Record<ToastVariant, typeof CircleCheck>> = {
  success: CircleCheck,
  destructive: CircleExclamationPoint,
};

/** Renders the toasts raised with `toast()`. Mount once, near the root layout. */
function Toaster({ duration = 5000 }: { duration?: number }) {
  const { toasts, dismiss } = useToast();

  return (
    <ToastProvider duration={duration} swipeDirection="right">
      {toasts.map(({ id, title, description, action, variant, open, duration: toastDuration }) => {
        const Icon = variant ? variantIcons[variant] : undefined;
        return (
          <Toast
            key={id}
            variant={variant}
            open={open}
            duration={toastDuration}
            onOpenChange={(nextOpen) => {
              if (!nextOpen) dismiss(id);
            }}
          >
            <div className="flex min-w-0 flex-1 items-start gap-3">
              {Icon && <Icon data-slot="toast-icon" className="mt-0.5 size-4 shrink-0" aria-hidden />}
              <div className="grid min-w-0 gap-1">
                {title && <ToastTitle>{title}</ToastTitle>}
                {description && <ToastDescription>{description}</ToastDescription>}
              </div>
            </div>
            {action}
            <ToastClose />
          </Toast>
        );
      })}
      <ToastViewport />
    </ToastProvider>
  );
}

export { Toaster };
