"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Cable, Plus, Settings2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { fieldErrorsOf, messageOf } from "@/components/forms/trpc-errors";
import { ChannelIcon, channelLabels } from "@/components/inbox/channel-icon";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { EmptyState, LoadErrorState } from "@/components/ui/empty-state";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/use-toast";
import type { ChannelSummary } from "@/lib/widget/channel-admin";
import { ChannelActiveButton } from "./channel-active-button";
import { CopyButton } from "./copy-button";

function NewWebChannelDialog({ open, onOpenChange }: { open: boolean; onOpenChange(open: boolean): void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const create = useMutation(
    trpc.webChannels.create.mutationOptions({
      onSuccess: async (channel) => {
        await queryClient.invalidateQueries({ queryKey: trpc.webChannels.list.queryKey() });
        toast({ variant: "success", title: "Website chat created", description: "Add your site's origin and paste the snippet into its pages." });
        router.push(`/settings/channels/${channel.id}`);
      },
    }),
  );
  const errors = fieldErrorsOf(create.error);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate({ name: String(new FormData(event.currentTarget).get("name")) });
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        onOpenChange(next);
        if (!next) create.reset();
      }}
    >
      <DialogContent>
        <form onSubmit={submit} className="grid gap-4" noValidate>
          <DialogHeader>
            <DialogTitle>New website chat</DialogTitle>
            <DialogDescription>A chat widget with its own key, look and allowed sites, for example one per brand or domain.</DialogDescription>
          </DialogHeader>
          {create.error && !Object.keys(errors).length ? <p role="alert" className="text-sm text-destructive">{messageOf(create.error)}</p> : null}
          <FormField label="Name" description="Visitors see it at the top of the chat." error={errors.name} required>
            <Input name="name" autoComplete="off" autoFocus maxLength={80} placeholder="Website chat" />
          </FormField>
          <DialogFooter>
            <Button variant="outline" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={create.isPending}>
              {create.isPending ? <Spinner size="sm" /> : null}
              Create
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

function ChannelDetails({ channel, origin }: { channel: ChannelSummary; origin: string }) {
  if (channel.type === "web") {
    return channel.publicKey ? (
      <span className="text-muted-foreground">
        Widget key <code className="font-mono text-xs text-foreground">{channel.publicKey}</code>
      </span>
    ) : (
      <span className="text-muted-foreground">No widget key yet</span>
    );
  }
  if (channel.webhookPath) {
    const url = `${origin}${channel.webhookPath}`;
    return (
      <span className="flex min-w-0 items-center gap-1.5">
        <span className="shrink-0 text-muted-foreground">Webhook</span>
        <code className="min-w-0 truncate font-mono text-xs" title={url}>
          {url}
        </code>
        <CopyButton value={url} what={`${channel.name} webhook URL`} iconOnly variant="ghost" />
      </span>
    );
  }
  return <span className="text-muted-foreground">No webhook receiver for {channelLabels[channel.type]} yet</span>;
}

/** Every channel of the workspace, with website chats editable and any channel switchable off. */
export function ChannelList({ origin }: { origin: string }) {
  const trpc = useTRPC();
  const channels = useQuery(trpc.webChannels.list.queryOptions());
  const [creating, setCreating] = useState(false);

  return (
    <div className="grid gap-4">
      <div className="flex justify-end">
        <Button onClick={() => setCreating(true)}>
          <Plus /> New website chat
        </Button>
      </div>
      {channels.isPending ? (
        <div className="grid gap-2" aria-busy="true" aria-label="Loading channels">
          {Array.from({ length: 5 }, (_, i) => (
            <Skeleton key={i} className="h-12 w-full" />
          ))}
        </div>
      ) : channels.isError ? (
        <LoadErrorState icon={<Cable />} title="Could not load channels" message={messageOf(channels.error)} onRetry={() => channels.refetch()} />
      ) : channels.data.length === 0 ? (
        <EmptyState
          icon={<Cable />}
          title="No channels yet"
          description="Create a website chat to talk to visitors on your site."
          action={
            <Button onClick={() => setCreating(true)}>
              <Plus /> New website chat
            </Button>
          }
        />
      ) : (
        <div className="rounded-md border">
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Channel</TableHead>
                <TableHead>Status</TableHead>
                <TableHead className="w-full">Details</TableHead>
                <TableHead>
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {channels.data.map((channel) => (
                <TableRow key={channel.id} data-testid={`channel-${channel.id}`}>
                  <TableCell>
                    <div className="flex items-center gap-2.5">
                      <ChannelIcon type={channel.type} className="[&_svg]:size-4" />
                      <div className="grid">
                        {channel.type === "web" ? (
                          <Link href={`/settings/channels/${channel.id}`} className="font-medium hover:underline">
                            {channel.name}
                          </Link>
                        ) : (
                          <span className="font-medium">{channel.name}</span>
                        )}
                        <span className="text-xs text-muted-foreground">{channelLabels[channel.type]}</span>
                      </div>
                    </div>
                  </TableCell>
                  <TableCell>
                    <div className="flex flex-wrap gap-1">
                      <Badge variant={channel.active ? "success" : "outline"}>{channel.active ? "Active" : "Inactive"}</Badge>
                      {channel.envManaged ? (
                        <Badge variant="secondary" title="Declared by environment variables">
                          From env
                        </Badge>
                      ) : null}
                    </div>
                  </TableCell>
                  <TableCell className="max-w-0 text-sm">
                    <ChannelDetails channel={channel} origin={origin} />
                  </TableCell>
                  <TableCell>
                    <div className="flex justify-end gap-2">
                      {channel.type === "web" ? (
                        <Button asChild size="sm" variant="outline">
                          <Link href={`/settings/channels/${channel.id}`} aria-label={`Edit ${channel.name}`}>
                            <Settings2 /> Edit
                          </Link>
                        </Button>
                      ) : null}
                      {channel.envManaged ? null : <ChannelActiveButton channel={channel} />}
                    </div>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      <NewWebChannelDialog open={creating} onOpenChange={setCreating} />
    </div>
  );
}
