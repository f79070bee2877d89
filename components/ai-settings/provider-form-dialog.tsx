"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { fieldErrorsOf, messageOf, nestedFieldErrorsOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Spinner } from "@/components/ui/spinner";
import { Switch } from "@/components/ui/switch";
import { toast } from "@/components/ui/use-toast";
import { PROVIDER_KINDS, type AiProviderKind } from "@/lib/ai/provider-kinds";
import type { ProviderView } from "@/lib/ai/settings";

const KIND_ORDER: AiProviderKind[] = ["openai", "anthropic", "google", "openrouter", "openai_compatible", "offline"];

export function useInvalidateProviders() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: trpc.aiSettings.providers.pathKey() });
}

/** Adds a provider (`editing` null) or edits one. The key field is write-only: empty keeps the stored key. */
export function ProviderFormDialog({ editing, open, onOpenChange }: { editing: ProviderView | null; open: boolean; onOpenChange: (open: boolean) => void }) {
  const trpc = useTRPC();
  const invalidate = useInvalidateProviders();
  const [kind, setKind] = useState<AiProviderKind>(editing?.kind ?? "openai");
  const [active, setActive] = useState(editing?.active ?? true);
  const [removeKey, setRemoveKey] = useState(false);
  const info = PROVIDER_KINDS[kind];
  const onSuccess = async (saved: ProviderView) => {
    await invalidate();
    toast({
      variant: "success",
      title: editing ? "Provider saved" : "Provider added",
      description: `${saved.name} ${saved.active ? "answers in its place in the order" : "is saved but switched off"}. Use "Test connection" to check it.`,
    });
    onOpenChange(false);
  };
  const create = useMutation(trpc.aiSettings.createProvider.mutationOptions({ onSuccess }));
  const update = useMutation(trpc.aiSettings.updateProvider.mutationOptions({ onSuccess }));
  const mutation = editing ? update : create;
  const errors = editing ? nestedFieldErrorsOf(update.error, "patch") : fieldErrorsOf(create.error);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const fields = {
      name: String(form.get("name") ?? ""),
      kind,
      model: String(form.get("model") ?? ""),
      embeddingModel: String(form.get("embeddingModel") ?? ""),
      baseUrl: String(form.get("baseUrl") ?? ""),
      apiKey: removeKey ? "" : String(form.get("apiKey") ?? ""),
      active,
    };
    if (editing) update.mutate({ id: editing.id, patch: { ...fields, removeApiKey: removeKey } });
    else create.mutate(fields);
  }

  return (
    <Dialog open={open} onOpenChange={(next) => { onOpenChange(next); if (!next) mutation.reset(); }}>
      <DialogContent className="sm:max-w-lg">
        <form onSubmit={submit} className="grid gap-4" noValidate>
          <DialogHeader>
            <DialogTitle>{editing ? `Edit ${editing.name}` : "Add an AI provider"}</DialogTitle>
            <DialogDescription>Providers answer in order; when one fails, the next takes over within seconds.</DialogDescription>
          </DialogHeader>
          {mutation.error && Object.keys(errors).length === 0 ? <p role="alert" className="text-sm text-destructive">{messageOf(mutation.error)}</p> : null}
          <FormField label="Type" error={errors.kind} required>
            {(control) => (
              <Select value={kind} onValueChange={(value) => setKind(value as AiProviderKind)}>
                <SelectTrigger {...control} className="w-full">
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  {KIND_ORDER.map((value) => (
                    <SelectItem key={value} value={value}>{PROVIDER_KINDS[value].label}</SelectItem>
                  ))}
                </SelectContent>
              </Select>
            )}
          </FormField>
          <FormField label="Name" description="How it appears here and in the AI log." error={errors.name} required>
            <Input name="name" defaultValue={editing?.name ?? ""} placeholder={info.label} autoComplete="off" maxLength={80} autoFocus />
          </FormField>
          {kind === "offline" ? (
            <p className="rounded-md bg-muted px-3 py-2 text-sm text-muted-foreground">
              Answers from the knowledge base with no key and no internet, quoting its articles, and hands the rest to your team.
            </p>
          ) : (
            <>
              <FormField label="Model" description={`Leave empty for ${info.defaultModel}.`} error={errors.model}>
                <Input name="model" defaultValue={editing?.model ?? ""} placeholder={info.defaultModel} autoComplete="off" spellCheck={false} />
              </FormField>
              {info.supportsEmbeddings ? (
                <FormField
                  label="Embedding model"
                  description="Optional, e.g. text-embedding-3-small. Set, the knowledge base is also searched by meaning, not only by words."
                  error={errors.embeddingModel}
                >
                  <Input name="embeddingModel" defaultValue={editing?.embeddingModel ?? ""} placeholder="text-embedding-3-small" autoComplete="off" spellCheck={false} maxLength={200} />
                </FormField>
              ) : null}
              <FormField
                label="Base URL"
                description={info.defaultBaseUrl ? `Leave empty for ${info.defaultBaseUrl}; set it for a proxy or gateway.` : "The server's OpenAI-compatible API, e.g. http://127.0.0.1:11434/v1 for Ollama."}
                error={errors.baseUrl}
                required={kind === "openai_compatible"}
              >
                <Input name="baseUrl" type="url" defaultValue={editing?.baseUrl ?? ""} placeholder={info.defaultBaseUrl ?? "http://127.0.0.1:11434/v1"} autoComplete="off" spellCheck={false} />
              </FormField>
              <FormField
                label="API key"
                description={
                  editing?.hasApiKey
                    ? "A key is stored (encrypted). Leave empty to keep it; paste a new one to replace it."
                    : info.apiKey === "optional"
                      ? "Only if your server asks for one."
                      : "Stored encrypted; it is never shown again."
                }
                error={errors.apiKey}
                required={info.apiKey === "required" && !editing?.hasApiKey}
              >
                <Input
                  name="apiKey"
                  type="password"
                  placeholder={editing?.hasApiKey ? "•••••••• (stored)" : "sk-…"}
                  autoComplete="new-password"
                  spellCheck={false}
                  disabled={removeKey}
                />
              </FormField>
              {editing?.hasApiKey ? (
                <div className="flex items-center gap-2">
                  <Checkbox id="provider-remove-key" checked={removeKey} onCheckedChange={(checked) => setRemoveKey(checked === true)} />
                  <Label htmlFor="provider-remove-key">Remove the stored key</Label>
                </div>
              ) : null}
            </>
          )}
          <div className="flex items-center gap-3">
            <Switch id="provider-active" checked={active} onCheckedChange={setActive} />
            <Label htmlFor="provider-active">Use this provider to answer customers</Label>
          </div>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>Cancel</Button>
            <Button type="submit" disabled={mutation.isPending}>
              {mutation.isPending ? <Spinner size="sm" /> : null}
              {editing ? "Save" : "Add provider"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
