"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { ArrowDown, ArrowUp, Bot, PlugZap, Pencil, Plus, Trash2 } from "lucide-react";
import { useState } from "react";
import { messageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDeleteDialog } from "@/components/ui/confirm-delete-dialog";
import { EmptyState, LoadErrorState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { Switch } from "@/components/ui/switch";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/use-toast";
import { PROVIDER_KINDS, effectiveBaseUrl } from "@/lib/ai/provider-kinds";
import type { ProviderView } from "@/lib/ai/settings";
import { ProviderFormDialog, useInvalidateProviders } from "./provider-form-dialog";

function HealthBadge({ provider }: { provider: ProviderView }) {
  const checked = provider.lastCheckedAt ? `Tested ${provider.lastCheckedAt.toLocaleString()}` : "Not tested yet";
  if (provider.health === "healthy") {
    return (
      <Badge variant="success" title={checked}>
        Healthy{provider.lastLatencyMs !== null ? ` · ${provider.lastLatencyMs} ms` : ""}
      </Badge>
    );
  }
  if (provider.health === "failing") return <Badge variant="destructive" title={checked}>Failing</Badge>;
  return <Badge variant="secondary" title={checked}>Not tested</Badge>;
}

function DeleteDialog({ target, onClose }: { target: ProviderView | null; onClose: () => void }) {
  const trpc = useTRPC();
  const invalidate = useInvalidateProviders();
  const remove = useMutation(
    trpc.aiSettings.deleteProvider.mutationOptions({
      onSuccess: async () => {
        await invalidate();
        toast({ title: "Provider deleted", description: `${target?.name} and its stored key are gone.` });
        onClose();
      },
    }),
  );
  return (
    <ConfirmDeleteDialog
      open={target !== null}
      title={`Delete ${target?.name}?`}
      description="Its key is deleted with it. The next provider in the order takes over; with none left, the offline model answers from the knowledge base."
      pending={remove.isPending}
      error={remove.error ? messageOf(remove.error) : null}
      onConfirm={() => target && remove.mutate({ id: target.id })}
      onClose={() => { remove.reset(); onClose(); }}
    />
  );
}

/** The account's providers in the order they are tried, with health, tests and reordering. */
export function ProviderList() {
  const trpc = useTRPC();
  const invalidate = useInvalidateProviders();
  const providers = useQuery(trpc.aiSettings.providers.queryOptions());
  // `undefined`: closed; `null`: adding; a provider: editing it.
  const [form, setForm] = useState<ProviderView | null | undefined>(undefined);
  const [deleting, setDeleting] = useState<ProviderView | null>(null);
  const onError = (error: unknown) => toast({ variant: "destructive", title: "Not changed", description: messageOf(error) });

  const move = useMutation(trpc.aiSettings.moveProvider.mutationOptions({ onSuccess: invalidate, onError }));
  const setActive = useMutation(trpc.aiSettings.setProviderActive.mutationOptions({ onSuccess: invalidate, onError }));
  const test = useMutation(
    trpc.aiSettings.testProvider.mutationOptions({
      onSuccess: async (result, { id }) => {
        await invalidate();
        const name = providers.data?.find((provider) => provider.id === id)?.name ?? "The provider";
        if (result.ok) toast({ variant: "success", title: "Connection works", description: `${name} answered in ${result.latencyMs} ms.` });
        else toast({ variant: "destructive", title: `${name} did not answer`, description: result.error ?? undefined });
      },
      onError,
    }),
  );

  return (
    <Card className="min-w-0">
      <CardHeader>
        <CardTitle>Providers</CardTitle>
        <CardDescription>Tried from the top. If one fails or stays silent, the next answers, so customers are not left waiting.</CardDescription>
        <CardAction>
          <Button onClick={() => setForm(null)}><Plus /> Add provider</Button>
        </CardAction>
      </CardHeader>
      <CardContent>
        {providers.isPending ? (
          <div className="grid gap-2" aria-busy="true" aria-label="Loading providers">
            {Array.from({ length: 3 }, (_, i) => <Skeleton key={i} className="h-12 w-full" />)}
          </div>
        ) : providers.isError ? (
          <LoadErrorState icon={<Bot />} title="Could not load the providers" message={messageOf(providers.error)} onRetry={() => providers.refetch()} />
        ) : providers.data.length === 0 ? (
          <EmptyState
            icon={<Bot />}
            title="No providers: the offline model answers"
            description="It answers from your knowledge base with no key. Add OpenAI, Gemini, Anthropic, OpenRouter or your own server for fuller answers."
          />
        ) : (
          <div className="rounded-md border">
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead className="w-24">Order</TableHead>
                  <TableHead>Provider</TableHead>
                  <TableHead>Model</TableHead>
                  <TableHead>Health</TableHead>
                  <TableHead>Active</TableHead>
                  <TableHead><span className="sr-only">Actions</span></TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {providers.data.map((provider, index) => {
                  const testing = test.isPending && test.variables?.id === provider.id;
                  const baseUrl = effectiveBaseUrl(provider);
                  return (
                    <TableRow key={provider.id} data-testid={`provider-${provider.id}`} className={provider.active ? undefined : "opacity-60"}>
                      <TableCell>
                        <span className="flex items-center gap-1">
                          <span className="w-5 text-right tabular-nums text-muted-foreground">{index + 1}</span>
                          <Button variant="ghost" size="icon" aria-label={`Move ${provider.name} up`} disabled={index === 0 || move.isPending} onClick={() => move.mutate({ id: provider.id, direction: "up" })}>
                            <ArrowUp />
                          </Button>
                          <Button
                            variant="ghost"
                            size="icon"
                            aria-label={`Move ${provider.name} down`}
                            disabled={index === providers.data.length - 1 || move.isPending}
                            onClick={() => move.mutate({ id: provider.id, direction: "down" })}
                          >
                            <ArrowDown />
                          </Button>
                        </span>
                      </TableCell>
                      <TableCell className="min-w-48 whitespace-normal">
                        <div className="font-medium">{provider.name}</div>
                        <div className="text-xs break-words text-muted-foreground">
                          {provider.kind === "offline" ? (
                            "Keyless · answers from the knowledge base"
                          ) : (
                            <>
                              {PROVIDER_KINDS[provider.kind].label}
                              {baseUrl ? <> · <span className="font-mono break-all">{baseUrl}</span></> : null}
                              {provider.hasApiKey ? " · key stored" : " · no key"}
                            </>
                          )}
                        </div>
                      </TableCell>
                      <TableCell className="font-mono text-xs">{provider.model}</TableCell>
                      <TableCell className="min-w-32 max-w-72 whitespace-normal">
                        <HealthBadge provider={provider} />
                        {provider.health === "failing" && provider.lastError ? <p className="mt-1 text-xs text-destructive">{provider.lastError}</p> : null}
                      </TableCell>
                      <TableCell>
                        <Switch
                          checked={provider.active}
                          aria-label={`Use ${provider.name}`}
                          disabled={setActive.isPending && setActive.variables?.id === provider.id}
                          onCheckedChange={(active) => setActive.mutate({ id: provider.id, active })}
                        />
                      </TableCell>
                      <TableCell>
                        <span className="flex justify-end gap-1">
                          <Button variant="outline" size="sm" disabled={testing} onClick={() => test.mutate({ id: provider.id })}>
                            {testing ? <Spinner size="sm" /> : <PlugZap />}
                            {testing ? "Testing…" : "Test connection"}
                          </Button>
                          <Button variant="ghost" size="icon" aria-label={`Edit ${provider.name}`} onClick={() => setForm(provider)}><Pencil /></Button>
                          <Button variant="ghost" size="icon" aria-label={`Delete ${provider.name}`} onClick={() => setDeleting(provider)}><Trash2 /></Button>
                        </span>
                      </TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          </div>
        )}
      </CardContent>
      {/* Keyed by the provider so each edit starts from its saved values. */}
      <ProviderFormDialog key={form?.id ?? "new"} editing={form ?? null} open={form !== undefined} onOpenChange={(open) => { if (!open) setForm(undefined); }} />
      <DeleteDialog target={deleting} onClose={() => setDeleting(null)} />
    </Card>
  );
}
