"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowRight, Search } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { messageOf } from "@/components/forms/trpc-errors";
import { ChannelIcon } from "@/components/inbox/channel-icon";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { toast } from "@/components/ui/use-toast";
import type { ContactSummary } from "@/lib/contacts/contacts";
import { channelTypesOf } from "./contact-list";
import { useDebouncedValue } from "./use-debounced-value";

interface MergeSource {
  id: string;
  name: string | null;
  identifierCount: number;
  conversationCount: number;
  orderCount: number;
}

const displayName = (contact: { name: string | null }) => contact.name || "Unnamed contact";
const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? "" : "s"}`;

/** Picks another contact of the workspace by search; the contact being merged is left out. */
function TargetPicker({ excludeId, onPick }: { excludeId: string; onPick: (contact: ContactSummary) => void }) {
  const trpc = useTRPC();
  const [search, setSearch] = useState("");
  const query = useDebouncedValue(search.trim());
  const candidates = useQuery(trpc.contacts.list.queryOptions({ query: query || undefined, limit: 8 }, { enabled: query.length > 0 }));
  const rows = candidates.data?.items.filter((contact) => contact.id !== excludeId) ?? [];

  return (
    <div className="grid gap-3">
      <div className="relative">
        <Search aria-hidden className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-muted-foreground" />
        <Input type="search" aria-label="Find the contact to keep" placeholder="Name, email, phone or identifier" className="pl-9" value={search} onChange={(event) => setSearch(event.target.value)} autoFocus />
      </div>
      {query.length === 0 ? (
        <p className="text-sm text-muted-foreground">Search for the contact that should remain.</p>
      ) : candidates.isPending ? (
        <div className="grid gap-2" aria-busy="true" aria-label="Searching contacts">
          {Array.from({ length: 3 }, (_, i) => <Skeleton key={i} className="h-10 w-full" />)}
        </div>
      ) : candidates.isError ? (
        <p role="alert" className="text-sm text-destructive">{messageOf(candidates.error)}</p>
      ) : rows.length === 0 ? (
        <p className="text-sm text-muted-foreground">No other contact matches &ldquo;{query}&rdquo;.</p>
      ) : (
        <ul className="grid max-h-64 gap-1 overflow-y-auto" aria-label="Matching contacts">
          {rows.map((contact) => (
            <li key={contact.id}>
              <button
                type="button"
                onClick={() => onPick(contact)}
                className="flex w-full items-center justify-between gap-3 rounded-md border px-3 py-2 text-left text-sm outline-none hover:bg-accent focus-visible:ring-[3px] focus-visible:ring-ring/50"
              >
                <span className="grid min-w-0">
                  <span className="truncate font-medium">{displayName(contact)}</span>
                  <span className="truncate text-xs text-muted-foreground">{[contact.email, contact.phone].filter(Boolean).join(" · ") || "No email or phone"}</span>
                </span>
                <span className="flex shrink-0 gap-1.5">
                  {channelTypesOf(contact.identifiers).map((type) => <ChannelIcon key={type} type={type} />)}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * "Merge into…": the contact on screen moves into the chosen one. A second step states
 * exactly what moves before anything is written, since a merge is not undone.
 */
export function MergeContactDialog({ source, open, onOpenChange }: { source: MergeSource; open: boolean; onOpenChange: (open: boolean) => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [target, setTarget] = useState<ContactSummary | null>(null);
  const merge = useMutation(
    trpc.contacts.merge.mutationOptions({
      onSuccess: async ({ contact, moved }) => {
        await queryClient.invalidateQueries({ queryKey: trpc.contacts.pathKey() });
        toast({
          variant: "success",
          title: "Contacts merged",
          description: `${plural(moved.identifiers, "identifier")}, ${plural(moved.conversations, "conversation")} and ${plural(moved.orders, "order")} moved to ${displayName(contact)}.`,
        });
        close();
        router.push(`/contacts/${contact.id}`);
      },
    }),
  );

  function close() {
    setTarget(null);
    merge.reset();
    onOpenChange(false);
  }

  return (
    <Dialog open={open} onOpenChange={(next) => (next ? onOpenChange(true) : close())}>
      <DialogContent className="sm:max-w-xl">
        <DialogHeader>
          <DialogTitle>Merge {displayName(source)} into…</DialogTitle>
          <DialogDescription>
            {target ? "Check what moves, then confirm. A merge cannot be undone." : "Choose the contact to keep; this one is merged into it."}
          </DialogDescription>
        </DialogHeader>
        {target === null ? (
          <TargetPicker excludeId={source.id} onPick={setTarget} />
        ) : (
          <div className="grid gap-4">
            <div className="flex items-center justify-center gap-3 text-sm font-medium">
              <span className="truncate rounded-md border px-3 py-1.5">{displayName(source)}</span>
              <ArrowRight aria-hidden className="size-4 shrink-0 text-muted-foreground" />
              <span className="truncate rounded-md border border-primary px-3 py-1.5">{displayName(target)}</span>
            </div>
            <Alert variant="warning">
              <AlertTitle>What happens</AlertTitle>
              <AlertDescription>
                <ul className="list-disc pl-4">
                  <li>
                    {plural(source.identifierCount, "channel identifier")}, {plural(source.conversationCount, "conversation")} and {plural(source.orderCount, "order")} move
                    from {displayName(source)} to {displayName(target)}, with tickets and satisfaction ratings.
                  </li>
                  <li>Empty name, email and phone of {displayName(target)} are filled from {displayName(source)}.</li>
                  <li>{displayName(source)} stays only as a record pointing to {displayName(target)}.</li>
                </ul>
              </AlertDescription>
            </Alert>
            {merge.error ? <p role="alert" className="text-sm text-destructive">{messageOf(merge.error)}</p> : null}
          </div>
        )}
        <DialogFooter>
          {target ? (
            <>
              <Button type="button" variant="outline" onClick={() => { setTarget(null); merge.reset(); }} disabled={merge.isPending}>Back</Button>
              <Button type="button" variant="destructive" disabled={merge.isPending} onClick={() => merge.mutate({ keepId: target.id, mergeId: source.id })}>
                {merge.isPending ? <Spinner size="sm" /> : null}
                Merge into {displayName(target)}
              </Button>
            </>
          ) : (
            <Button type="button" variant="outline" onClick={close}>Cancel</Button>
          )}
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
