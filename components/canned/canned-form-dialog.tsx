"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { fieldErrorsOf, messageOf, nestedFieldErrorsOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Spinner } from "@/components/ui/spinner";
import { Switch } from "@/components/ui/switch";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/use-toast";
import type { CannedResponse } from "@/lib/canned/canned";
import { VariablesHelp } from "./variables-help";

/** "refund, Returns ;shipping" → ["refund", "Returns", "shipping"]: the server folds case and drops duplicates. */
function parseKeywords(text: string): string[] {
  return text.split(/[;,]/).map((keyword) => keyword.trim()).filter(Boolean);
}

export function useInvalidateCanned() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: trpc.canned.list.pathKey() });
}

/** Creates a canned response (`editing` null) or edits the given one. */
export function CannedFormDialog({ editing, open, onOpenChange }: { editing: CannedResponse | null; open: boolean; onOpenChange: (open: boolean) => void }) {
  const trpc = useTRPC();
  const invalidate = useInvalidateCanned();
  const [autoReply, setAutoReply] = useState(editing?.autoReply ?? false);
  const onSuccess = async (saved: CannedResponse) => {
    await invalidate();
    toast({ variant: "success", title: editing ? "Canned response saved" : "Canned response created", description: `Type /${saved.shortcut} in the composer to use it.` });
    onOpenChange(false);
  };
  const create = useMutation(trpc.canned.create.mutationOptions({ onSuccess }));
  const update = useMutation(trpc.canned.update.mutationOptions({ onSuccess }));
  const mutation = editing ? update : create;
  const errors = editing ? nestedFieldErrorsOf(update.error, "patch") : fieldErrorsOf(create.error);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const fields = {
      shortcut: String(form.get("shortcut")),
      title: String(form.get("title")),
      content: String(form.get("content")),
      keywords: parseKeywords(String(form.get("keywords"))),
      autoReply,
    };
    if (editing) update.mutate({ id: editing.id, patch: fields });
    else create.mutate(fields);
  }

  return (
    <Dialog open={open} onOpenChange={(next) => { onOpenChange(next); if (!next) mutation.reset(); }}>
      <DialogContent className="sm:max-w-xl">
        <form onSubmit={submit} className="grid gap-4" noValidate>
          <DialogHeader>
            <DialogTitle>{editing ? `Edit /${editing.shortcut}` : "New canned response"}</DialogTitle>
            <DialogDescription>Agents insert it by typing / and the shortcut in the composer.</DialogDescription>
          </DialogHeader>
          {mutation.error && Object.keys(errors).length === 0 ? <p role="alert" className="text-sm text-destructive">{messageOf(mutation.error)}</p> : null}
          <div className="grid gap-4 sm:grid-cols-[12rem_1fr]">
            <FormField label="Shortcut" description="Lowercase letters, digits, - and _." error={errors.shortcut} required>
              <Input name="shortcut" defaultValue={editing?.shortcut ?? ""} placeholder="refund-policy" autoComplete="off" autoFocus maxLength={41} />
            </FormField>
            <FormField label="Title" error={errors.title} required>
              <Input name="title" defaultValue={editing?.title ?? ""} placeholder="Refund policy" autoComplete="off" maxLength={120} />
            </FormField>
          </div>
          <FormField label="Content" error={errors.content} required>
            <Textarea name="content" defaultValue={editing?.content ?? ""} rows={5} className="max-h-64" placeholder="Hi {{contact.name}}, …" />
          </FormField>
          <VariablesHelp />
          <FormField label="Keywords" description="Separated by commas; matched against customer messages for auto-replies." error={errors.keywords}>
            <Input name="keywords" defaultValue={editing?.keywords.join(", ") ?? ""} placeholder="refund, money back" autoComplete="off" />
          </FormField>
          <div className="flex items-center gap-3">
            <Switch id="canned-auto-reply" checked={autoReply} onCheckedChange={setAutoReply} />
            <Label htmlFor="canned-auto-reply">Auto-reply when a customer message matches a keyword</Label>
          </div>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>Cancel</Button>
            <Button type="submit" disabled={mutation.isPending}>
              {mutation.isPending ? <Spinner size="sm" /> : null}
              {editing ? "Save" : "Create"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
