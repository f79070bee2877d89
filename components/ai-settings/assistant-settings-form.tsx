"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { fieldErrorsOf, messageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { Switch } from "@/components/ui/switch";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/use-toast";
import type { AiSettingsView } from "@/lib/ai/settings";

function SettingsFields({ settings }: { settings: AiSettingsView }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [enabled, setEnabled] = useState(settings.enabled);
  const save = useMutation(
    trpc.aiSettings.update.mutationOptions({
      onSuccess: async (saved) => {
        await queryClient.invalidateQueries({ queryKey: trpc.aiSettings.get.queryKey() });
        toast({ variant: "success", title: "AI settings saved", description: saved.enabled ? "New conversations use them right away." : "The assistant is off: every conversation goes to your team." });
      },
    }),
  );
  const errors = fieldErrorsOf(save.error);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? "");
    // An empty number field is sent as NaN so the server names the field.
    const number = (name: string) => (text(name).trim() === "" ? Number.NaN : Number(text(name)));
    save.mutate({
      enabled,
      systemPrompt: text("systemPrompt"),
      contextWindow: number("contextWindow"),
      welcomeMessage: text("welcomeMessage"),
      imagePrompt: text("imagePrompt"),
      confidenceThreshold: number("confidenceThreshold"),
      maxBotTurns: number("maxBotTurns"),
      fallbackMessage: text("fallbackMessage"),
    });
  }

  return (
    <form onSubmit={submit} className="grid gap-5" noValidate>
      {save.error && Object.keys(errors).length === 0 ? <p role="alert" className="text-sm text-destructive">{messageOf(save.error)}</p> : null}
      <div className="flex items-center gap-3">
        <Switch id="ai-enabled" checked={enabled} onCheckedChange={setEnabled} />
        <Label htmlFor="ai-enabled">Let the assistant answer customers first</Label>
      </div>
      <FormField label="System prompt" description="Who the assistant is and how it speaks. Rules that keep it to your knowledge base are added for every provider." error={errors.systemPrompt}>
        <Textarea name="systemPrompt" defaultValue={settings.systemPrompt} rows={6} className="max-h-80" placeholder="You are the support assistant of …" />
      </FormField>
      <div className="grid gap-5 sm:grid-cols-3">
        <FormField label="Memory (messages)" description="Recent messages it reads: 1–50." error={errors.contextWindow} required>
          <Input name="contextWindow" type="number" inputMode="numeric" min={1} max={50} step={1} defaultValue={settings.contextWindow} />
        </FormField>
        <FormField label="Confidence threshold" description="Below this (0–1), a person takes over." error={errors.confidenceThreshold} required>
          <Input name="confidenceThreshold" type="number" inputMode="decimal" min={0} max={1} step={0.05} defaultValue={settings.confidenceThreshold} />
        </FormField>
        <FormField label="Answers before handoff" description="Bot replies in a row before a person joins." error={errors.maxBotTurns} required>
          <Input name="maxBotTurns" type="number" inputMode="numeric" min={1} max={20} step={1} defaultValue={settings.maxBotTurns} />
        </FormField>
      </div>
      <FormField label="Welcome message" description="The first thing customers read in the chat widget." error={errors.welcomeMessage}>
        <Textarea name="welcomeMessage" defaultValue={settings.welcomeMessage} rows={2} />
      </FormField>
      <FormField label="Image-analysis prompt" description="What a provider that reads images should look for in customers' photos." error={errors.imagePrompt}>
        <Textarea name="imagePrompt" defaultValue={settings.imagePrompt} rows={3} />
      </FormField>
      <FormField label="Fallback message" description="Sent when no provider can answer, before a person takes over." error={errors.fallbackMessage}>
        <Textarea name="fallbackMessage" defaultValue={settings.fallbackMessage} rows={2} placeholder="Sorry, I can't answer right now. A person from our team will reply here shortly." />
      </FormField>
      <div className="flex justify-end">
        <Button type="submit" disabled={save.isPending}>
          {save.isPending ? <Spinner size="sm" /> : null}
          Save settings
        </Button>
      </div>
    </form>
  );
}

/** How the assistant answers: on/off, prompt, memory, thresholds and its messages. */
export function AssistantSettingsForm() {
  const trpc = useTRPC();
  const settings = useQuery(trpc.aiSettings.get.queryOptions());
  return (
    <Card className="min-w-0">
      <CardHeader>
        <CardTitle>Assistant</CardTitle>
        <CardDescription>How the assistant answers, whichever provider does.</CardDescription>
      </CardHeader>
      <CardContent>
        {settings.isPending ? (
          <div className="grid gap-3" aria-busy="true" aria-label="Loading AI settings">
            <Skeleton className="h-6 w-64" />
            <Skeleton className="h-32 w-full" />
            <Skeleton className="h-10 w-full" />
          </div>
        ) : settings.isError ? (
          <div role="alert" className="grid gap-2 text-sm">
            <p className="text-destructive">{messageOf(settings.error)}</p>
            <Button variant="outline" className="w-fit" onClick={() => settings.refetch()}>Try again</Button>
          </div>
        ) : (
          // Keyed by the save time so a saved form starts from what was stored.
          <SettingsFields key={settings.data.updatedAt?.toISOString() ?? "defaults"} settings={settings.data} />
        )}
      </CardContent>
    </Card>
  );
}
