"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { Eye, MessageSquarePlus, MessagesSquare } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { fieldErrorsOf, messageOf } from "@/components/forms/trpc-errors";
import { inboxViewSearch } from "@/components/inbox/inbox-url";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { EmptyState, LoadErrorState } from "@/components/ui/empty-state";
import { FormField } from "@/components/ui/form-field";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/use-toast";
import type { LiveVisitor } from "@/lib/widget/visitors";
import { formatTimeOnSite, visitorName } from "./format";

/** The list is refreshed this often; the widget's heartbeat comes every 30 s. */
const REFRESH_MS = 10_000;

const conversationHref = (conversationId: string) => `/inbox${inboxViewSearch({ tab: "all", sort: "latest", conversationId })}`;

function pageLabel(visitor: LiveVisitor): { title: string; path: string | null } {
  let path: string | null = null;
  if (visitor.pageUrl) {
    try {
      const url = new URL(visitor.pageUrl);
      path = `${url.host}${url.pathname}`;
    } catch {
      path = visitor.pageUrl;
    }
  }
  return { title: visitor.pageTitle || path || "Unknown page", path };
}

function StartChatDialog({ visitor, onClose }: { visitor: LiveVisitor | null; onClose(): void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const start = useMutation(
    trpc.visitors.startChat.mutationOptions({
      onSuccess: (result) => {
        toast({
          variant: "success",
          title: "Message sent",
          description: result.newConversation ? "The chat opens on the visitor's screen; the conversation is yours in the inbox." : "Sent in the visitor's open conversation.",
        });
        onClose();
        router.push(conversationHref(result.conversationId));
      },
    }),
  );
  const errors = fieldErrorsOf(start.error);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!visitor) return;
    start.mutate({ sessionId: visitor.sessionId, text: String(new FormData(event.currentTarget).get("text")) });
  }

  const page = visitor ? pageLabel(visitor) : null;
  return (
    <Dialog
      open={visitor !== null}
      onOpenChange={(open) => {
        if (!open) {
          start.reset();
          onClose();
        }
      }}
    >
      <DialogContent>
        <form onSubmit={submit} className="grid gap-4" noValidate>
          <DialogHeader>
            <DialogTitle>Start a chat with {visitor ? visitorName(visitor) : "the visitor"}</DialogTitle>
            <DialogDescription>
              The chat opens on their screen with your message{page ? <> while they are on &ldquo;{page.title}&rdquo;</> : null}. Their answer comes to you in the
              inbox.
            </DialogDescription>
          </DialogHeader>
          {start.error && !Object.keys(errors).length ? (
            <p role="alert" className="text-sm text-destructive">
              {messageOf(start.error)}
            </p>
          ) : null}
          <FormField label="Message" error={errors.text} required>
            <Textarea
              name="text"
              rows={3}
              maxLength={2000}
              autoFocus
              placeholder="Hi! Can I help you find the right size?"
              onKeyDown={(event) => {
                if (event.key === "Enter" && !event.shiftKey) {
                  event.preventDefault();
                  event.currentTarget.form?.requestSubmit();
                }
              }}
            />
          </FormField>
          <DialogFooter>
            <Button variant="outline" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" disabled={start.isPending}>
              {start.isPending ? <Spinner size="sm" /> : <MessageSquarePlus />}
              Send and open chat
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

/** Who is on the workspace's sites right now, refreshed every 10 s, with proactive chat. */
export function LiveVisitors({ isAdmin }: { isAdmin: boolean }) {
  const trpc = useTRPC();
  const live = useQuery({ ...trpc.visitors.live.queryOptions(), refetchInterval: REFRESH_MS, refetchIntervalInBackground: false, staleTime: 0 });
  const [chatting, setChatting] = useState<LiveVisitor | null>(null);

  if (live.isPending) {
    return (
      <div className="grid gap-2" aria-busy="true" aria-label="Loading visitors">
        {Array.from({ length: 4 }, (_, i) => (
          <Skeleton key={i} className="h-14 w-full" />
        ))}
      </div>
    );
  }
  if (live.isError) {
    return (
      <LoadErrorState icon={<Eye />} title="Could not load visitors" message={messageOf(live.error)} onRetry={() => live.refetch()} />
    );
  }

  const { visitors, now } = live.data;
  if (visitors.length === 0) {
    return (
      <EmptyState
        icon={<Eye />}
        title="Nobody is on your site right now"
        description={
          isAdmin
            ? "Visitors appear here while a page with the chat widget is open. Paste the widget's embed snippet into your site's pages and list the site under allowed origins."
            : "Visitors appear here while a page with the chat widget is open. An admin adds the widget to your site under Settings → Channels."
        }
        action={
          isAdmin ? (
            <Button asChild variant="outline">
              <Link href="/settings/channels">Get the embed snippet</Link>
            </Button>
          ) : null
        }
      />
    );
  }

  return (
    <div className="grid gap-3">
      <p className="text-sm text-muted-foreground" aria-live="polite">
        {visitors.length === 1 ? "1 visitor" : `${visitors.length} visitors`} on your sites now · refreshed every {REFRESH_MS / 1000} s
      </p>
      <div className="rounded-md border">
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Visitor</TableHead>
              <TableHead className="w-full">Page</TableHead>
              <TableHead>On site</TableHead>
              <TableHead>Channel</TableHead>
              <TableHead>
                <span className="sr-only">Conversation and actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {visitors.map((visitor) => {
              const page = pageLabel(visitor);
              return (
                <TableRow key={visitor.sessionId} data-testid={`visitor-${visitor.sessionId}`}>
                  <TableCell>
                    <div className="grid gap-0.5">
                      <span className="font-medium">{visitorName(visitor)}</span>
                      {visitor.identified || visitor.contact?.email ? (
                        <span className="flex items-center gap-1.5 text-xs text-muted-foreground">
                          {visitor.identified ? <Badge variant="success">Identified</Badge> : null}
                          {visitor.contact?.name && visitor.contact.email ? <span className="truncate">{visitor.contact.email}</span> : null}
                        </span>
                      ) : null}
                    </div>
                  </TableCell>
                  <TableCell className="max-w-0">
                    <div className="grid min-w-0">
                      <span className="truncate" title={page.title}>
                        {page.title}
                      </span>
                      {visitor.pageUrl && page.path ? (
                        <a href={visitor.pageUrl} target="_blank" rel="noreferrer noopener" className="truncate text-xs text-muted-foreground hover:underline" title={visitor.pageUrl}>
                          {page.path}
                        </a>
                      ) : null}
                    </div>
                  </TableCell>
                  <TableCell className="whitespace-nowrap tabular-nums">{formatTimeOnSite(now.getTime() - visitor.startedAt.getTime())}</TableCell>
                  <TableCell className="whitespace-nowrap text-muted-foreground">{visitor.channel.name}</TableCell>
                  <TableCell>
                    <div className="flex justify-end gap-2">
                      {visitor.openConversation ? (
                        <Button asChild size="sm" variant="ghost">
                          <Link href={conversationHref(visitor.openConversation.id)}>
                            <MessagesSquare /> Open conversation
                          </Link>
                        </Button>
                      ) : null}
                      <Button size="sm" onClick={() => setChatting(visitor)}>
                        <MessageSquarePlus /> {visitor.openConversation ? "Message" : "Start chat"}
                      </Button>
                    </div>
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </div>
      <StartChatDialog visitor={chatting} onClose={() => setChatting(null)} />
    </div>
  );
}
