"use client";

import { skipToken, useMutation, useQuery } from "@tanstack/react-query";
import { ArrowLeft, MessagesSquare, PanelRight } from "lucide-react";
import { useSearchParams } from "next/navigation";
import * as React from "react";
import type { InboxOptions } from "@/lib/conversations/inbox-options";
import { messageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Sheet, SheetContent, SheetDescription, SheetHeader, SheetTitle } from "@/components/ui/sheet";
import { Skeleton } from "@/components/ui/skeleton";
import { canTransition } from "@/lib/conversations/status";
import { cn } from "@/lib/utils";
import { AgentAvatar } from "./agent-avatar";
import { AssistantBadge, AssistantToggle } from "./assistant";
import { ChannelIcon } from "./channel-icon";
import { Composer, type ComposerMode } from "./composer";
import { ConversationList } from "./conversation-list";
import { priorityLabels, statusLabels } from "./format";
import { InboxContextProvider } from "./inbox-context";
import { useConversationList, useListRowPatcher, type ConversationDetail, type ConversationRow } from "./inbox-data";
import { inboxViewSearch, parseInboxView, type InboxView } from "./inbox-url";
import { SidePanel } from "./side-panel";
import { Thread } from "./thread";
import { useConversationActions } from "./use-conversation-actions";
import { useInboxShortcuts } from "./use-inbox-shortcuts";
import { useLiveInbox } from "./use-live-inbox";
import { typingSentence, useTypingIndicator } from "./use-typing";

/** Matches Tailwind's `xl` breakpoint, from which the side panel is shown beside the thread. */
const WIDE_LAYOUT_QUERY = "(min-width: 80rem)";

export interface InboxProps {
  currentUserId: string;
  options: InboxOptions;
}

/** The agent inbox: conversation list, thread with composer, and the conversation's details. */
export function Inbox({ currentUserId, options }: InboxProps) {
  return (
    <InboxContextProvider currentUserId={currentUserId} options={options}>
      <InboxPanes />
    </InboxContextProvider>
  );
}

function useInboxView() {
  const searchParams = useSearchParams();
  const view = React.useMemo(() => parseInboxView(searchParams), [searchParams]);
  // The native history API keeps Next's router in sync without a server round trip.
  const changeView = React.useCallback(
    (change: Partial<InboxView>, { push = false }: { push?: boolean } = {}) => {
      const url = `/inbox${inboxViewSearch({ ...view, ...change })}`;
      if (push) window.history.pushState(null, "", url);
      else window.history.replaceState(null, "", url);
    },
    [view],
  );
  return { view, changeView };
}

function subscribeToWideLayout(onChange: () => void) {
  const query = window.matchMedia(WIDE_LAYOUT_QUERY);
  query.addEventListener("change", onChange);
  return () => query.removeEventListener("change", onChange);
}

/** Whether the side panel fits beside the thread; below that it opens as a sheet. Only one of the two is mounted. */
function useWideLayout(): boolean {
  return React.useSyncExternalStore(subscribeToWideLayout, () => window.matchMedia(WIDE_LAYOUT_QUERY).matches, () => false);
}

function uniqueRows(pages: { rows: ConversationRow[] }[] | undefined): ConversationRow[] {
  // A row that moved between two pages while they loaded shows once.
  const seen = new Set<string>();
  return (pages ?? []).flatMap((page) =>
    page.rows
      .filter((row) => !seen.has(row.id) && seen.add(row.id))
      // conversations.labels is a nullable column: a conversation nobody labelled may hold NULL.
      .map((row) => (Array.isArray(row.labels) ? row : { ...row, labels: [] })),
  );
}

function InboxPanes() {
  const trpc = useTRPC();
  const { view, changeView } = useInboxView();
  const list = useConversationList(view);
  const rows = React.useMemo(() => uniqueRows(list.data?.pages), [list.data]);
  const conversationId = view.conversationId;
  useLiveInbox(conversationId);

  const detail = useQuery(trpc.conversations.get.queryOptions(conversationId ? { conversationId } : skipToken));
  const actions = useConversationActions();
  const [composerMode, setComposerMode] = React.useState<ComposerMode>("reply");
  const [assignOpen, setAssignOpen] = React.useState(false);
  const [detailsOpen, setDetailsOpen] = React.useState(false);
  const textareaRef = React.useRef<HTMLTextAreaElement>(null);
  const wide = useWideLayout();

  const select = React.useCallback((id: string) => changeView({ conversationId: id }, { push: true }), [changeView]);
  const { fetchNextPage, hasNextPage, isFetchingNextPage } = list;
  const loadMore = React.useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [fetchNextPage, hasNextPage, isFetchingNextPage]);

  useMarkReadWhileOpen(detail.data);

  useInboxShortcuts({
    moveSelection(step) {
      if (rows.length === 0) return;
      const index = rows.findIndex((row) => row.id === conversationId);
      const next = rows[index === -1 ? 0 : Math.min(Math.max(index + step, 0), rows.length - 1)]!;
      select(next.id);
      document.querySelector(`[data-conversation-id="${CSS.escape(next.id)}"]`)?.scrollIntoView({ block: "nearest" });
    },
    focusComposer(mode) {
      if (!conversationId) return;
      setComposerMode(mode);
      textareaRef.current?.focus();
    },
    resolve() {
      const current = detail.data;
      if (!current || !canTransition(current.status, "resolved") || actions.changeStatus.isPending) return;
      actions.changeStatus.mutate({ conversationId: current.id, status: "resolved" });
    },
    openAssign() {
      if (!detail.data || detail.data.status === "closed") return;
      if (!wide) setDetailsOpen(true);
      setAssignOpen(true);
    },
  });

  const sidePanel = detail.data ? (
    <SidePanel detail={detail.data} actions={actions} assignOpen={assignOpen} onAssignOpenChange={setAssignOpen} onOpenConversation={select} />
  ) : null;

  return (
    <div
      className={cn(
        "grid h-full min-h-0 grid-cols-1 overflow-hidden md:grid-cols-[20rem_minmax(0,1fr)]",
        conversationId ? "xl:grid-cols-[22rem_minmax(0,1fr)_20rem]" : "xl:grid-cols-[22rem_minmax(0,1fr)]",
      )}
    >
      <div className={cn("min-h-0 min-w-0 flex-col", conversationId ? "hidden md:flex" : "flex")}>
        <ConversationList
          view={view}
          onViewChange={(change) => changeView(change)}
          rows={rows}
          status={list.status}
          error={list.error}
          onRetry={() => void list.refetch()}
          hasNextPage={hasNextPage}
          isFetchingNextPage={isFetchingNextPage}
          onLoadMore={loadMore}
          onSelect={select}
        />
      </div>

      <section aria-label="Conversation" className={cn("min-h-0 min-w-0 flex-col bg-muted/20", conversationId ? "flex" : "hidden md:flex")}>
        {!conversationId ? (
          <EmptyState
            className="m-6 flex-1 border-none"
            icon={<MessagesSquare />}
            title="Pick a conversation"
            description="Choose one from the list, or move with J and K. R replies, N adds a note, E resolves, A assigns."
          />
        ) : detail.isPending ? (
          <ThreadHeaderSkeleton />
        ) : detail.isError ? (
          <EmptyState
            className="m-6"
            icon={<MessagesSquare />}
            title="Could not open this conversation"
            description={messageOf(detail.error)}
            action={
              <Button variant="outline" onClick={() => changeView({ conversationId: undefined })}>
                Back to the list
              </Button>
            }
          />
        ) : (
          <>
            <ThreadHeader detail={detail.data} onBack={() => changeView({ conversationId: undefined }, { push: true })} onShowDetails={() => setDetailsOpen(true)} />
            <Thread
              key={detail.data.id}
              conversationId={detail.data.id}
              contactName={detail.data.contact.name?.trim() || "Customer"}
              footer={
                <ConversationComposer
                  detail={detail.data}
                  mode={composerMode}
                  onModeChange={setComposerMode}
                  textareaRef={textareaRef}
                />
              }
            />
          </>
        )}
      </section>

      {!conversationId ? null : wide ? (
        <div className="flex min-h-0 min-w-0 flex-col border-l">{conversationId && detail.isPending ? <SidePanelSkeleton /> : sidePanel}</div>
      ) : (
        <Sheet open={detailsOpen} onOpenChange={setDetailsOpen}>
          <SheetContent side="right" className="gap-0 p-0">
            <SheetHeader className="border-b">
              <SheetTitle>Details</SheetTitle>
              <SheetDescription className="sr-only">Contact, assignment, labels and history of this conversation.</SheetDescription>
            </SheetHeader>
            {sidePanel}
          </SheetContent>
        </Sheet>
      )}
    </div>
  );
}

/** Clears the unread badge of the open conversation, again whenever new customer messages arrive while it is open. */
function useMarkReadWhileOpen(detail: ConversationDetail | undefined) {
  const trpc = useTRPC();
  const patchRows = useListRowPatcher();
  const { mutate } = useMutation(
    trpc.conversations.markRead.mutationOptions({ onSuccess: (conversation) => patchRows(conversation.id, (row) => ({ ...row, unreadCount: 0 })) }),
  );
  const id = detail?.id;
  const unread = detail?.unreadCount ?? 0;
  const stamp = detail?.lastMessageAt.getTime();
  React.useEffect(() => {
    if (id && unread > 0) mutate({ conversationId: id });
  }, [id, unread, stamp, mutate]);
}

function ThreadHeader({ detail, onBack, onShowDetails }: { detail: ConversationDetail; onBack(): void; onShowDetails(): void }) {
  const name = detail.contact.name?.trim() || "Unknown contact";
  return (
    <header className="flex items-center gap-2 border-b bg-background px-3 py-2.5 sm:px-4">
      <Button variant="ghost" size="icon-sm" className="md:hidden" aria-label="Back to the list" onClick={onBack}>
        <ArrowLeft aria-hidden />
      </Button>
      <div className="grid min-w-0 gap-0.5">
        <h2 className="truncate text-sm font-semibold" data-testid="thread-title">
          {name}
        </h2>
        <p className="flex items-center gap-1.5 text-xs text-muted-foreground">
          <ChannelIcon type={detail.channel.type} />
          <span className="truncate">{detail.channel.name}</span>
          {detail.team ? <span className="truncate">· {detail.team.name}</span> : null}
        </p>
      </div>
      <div className="ml-auto flex shrink-0 items-center gap-2">
        {detail.priority === "urgent" || detail.priority === "high" ? (
          <Badge variant={detail.priority === "urgent" ? "destructive" : "warning"}>{priorityLabels[detail.priority]}</Badge>
        ) : null}
        <Badge variant="outline" data-testid="thread-status">
          {statusLabels[detail.status]}
        </Badge>
        <AssistantBadge detail={detail} />
        <AssistantToggle detail={detail} className="hidden sm:inline-flex" />
        {detail.assignee ? <AgentAvatar userId={detail.assignee.id} name={detail.assignee.name} /> : null}
        <Button variant="outline" size="sm" className="xl:hidden" onClick={onShowDetails}>
          <PanelRight aria-hidden /> Details
        </Button>
      </div>
    </header>
  );
}

function ConversationComposer({
  detail,
  mode,
  onModeChange,
  textareaRef,
}: {
  detail: ConversationDetail;
  mode: ComposerMode;
  onModeChange(mode: ComposerMode): void;
  textareaRef: React.RefObject<HTMLTextAreaElement | null>;
}) {
  const { notifyTyping, typers } = useTypingIndicator(detail.id);
  const typing = typingSentence(typers);
  return (
    <>
      <p aria-live="polite" className="h-5 px-4 text-xs text-muted-foreground italic" data-testid="typing-indicator">
        {typing}
      </p>
      <Composer
        conversationId={detail.id}
        contactName={detail.contact.name?.trim() || "the customer"}
        mode={mode}
        onModeChange={onModeChange}
        textareaRef={textareaRef}
        disabledReason={detail.status === "closed" ? "This conversation is closed: the customer's next message starts a new one." : null}
        onTyping={notifyTyping}
      />
    </>
  );
}

function ThreadHeaderSkeleton() {
  return (
    <div className="grid gap-4 p-4" aria-busy="true" aria-label="Loading conversation">
      <Skeleton className="h-10 w-1/3" />
      <Skeleton className="h-16 w-2/5" />
      <Skeleton className="ml-auto h-16 w-1/2" />
    </div>
  );
}

function SidePanelSkeleton() {
  return (
    <div className="grid content-start gap-3 p-4" aria-busy="true" aria-label="Loading details">
      <Skeleton className="h-5 w-1/2" />
      <Skeleton className="h-4 w-3/4" />
      <Skeleton className="h-24 w-full" />
      <Skeleton className="h-24 w-full" />
    </div>
  );
}
