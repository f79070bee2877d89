"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { fieldErrorsOf, messageOf, nestedFieldErrorsOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { toast } from "@/components/ui/use-toast";

interface EditableContact {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
}

export function EditContactDialog({ contact, open, onOpenChange }: { contact: EditableContact; open: boolean; onOpenChange: (open: boolean) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const update = useMutation(
    trpc.contacts.update.mutationOptions({
      onSuccess: async (updated) => {
        queryClient.setQueryData(trpc.contacts.get.queryKey({ contactId: updated.id }), updated);
        await queryClient.invalidateQueries({ queryKey: trpc.contacts.list.pathKey() });
        toast({ variant: "success", title: "Contact saved", description: `${updated.name || "The contact"}'s details are updated.` });
        onOpenChange(false);
      },
    }),
  );
  const errors = nestedFieldErrorsOf(update.error, "patch");
  const unplacedErrors = Object.keys(errors).length === 0 ? fieldErrorsOf(update.error).patch : undefined;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    // An empty field clears the value on the server.
    update.mutate({ contactId: contact.id, patch: { name: String(form.get("name")), email: String(form.get("email")), phone: String(form.get("phone")) } });
  }

  return (
    <Dialog open={open} onOpenChange={(next) => { onOpenChange(next); if (!next) update.reset(); }}>
      <DialogContent>
        <form onSubmit={submit} className="grid gap-4" noValidate>
          <DialogHeader>
            <DialogTitle>Edit contact</DialogTitle>
            <DialogDescription>Leave a field empty to clear it. Channel identifiers are kept as they are.</DialogDescription>
          </DialogHeader>
          {update.error && Object.keys(errors).length === 0 ? (
            <p role="alert" className="text-sm text-destructive">{unplacedErrors?.join(" ") ?? messageOf(update.error)}</p>
          ) : null}
          <FormField label="Name" error={errors.name}>
            <Input name="name" defaultValue={contact.name ?? ""} autoComplete="off" autoFocus maxLength={200} />
          </FormField>
          <FormField label="Email" error={errors.email}>
            <Input name="email" type="email" defaultValue={contact.email ?? ""} autoComplete="off" />
          </FormField>
          <FormField label="Phone" description="Digits, spaces, ( ) . - and an optional leading +." error={errors.phone}>
            <Input name="phone" type="tel" defaultValue={contact.phone ?? ""} autoComplete="off" />
          </FormField>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>Cancel</Button>
            <Button type="submit" disabled={update.isPending}>
              {update.isPending ? <Spinner size="sm" /> : null}
              Save
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
