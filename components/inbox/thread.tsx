"use client";

import { MessagesSquare } from "lucide-react";
import * as React from "react";
import { messageOf } from "@/components/forms/trpc-errors";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { cn } from "@/lib/utils";
import { useNow } from "./inbox-context";
import { AnswerDetails, useConversationAnswers } from "./answer-feedback";
import { useThreadMessages } from "./inbox-data";
import { MessageBubble } from "./message-bubble";

/** Within this many pixels of the bottom the thread follows new messages. */
const STICK_TO_BOTTOM_PX = 120;
/** Older messages load when the reader scrolls this close to the top. */
const LOAD_OLDER_PX = 80;

function ThreadSkeleton() {
  return (
    <div className="grid gap-4 p-4" aria-busy="true" aria-label="Loading messages">
      {Array.from({ length: 5 }, (_, i) => (
        <div key={i} className={cn("flex", i % 2 ? "justify-end" : "justify-start")}>
          <Skeleton className={cn("h-12 rounded-2xl", i % 2 ? "w-1/2" : "w-2/5")} />
        </div>
      ))}
    </div>
  );
}

/**
 * The messages of one conversation, newest at the bottom. Scrolling near the top loads
 * the previous page without moving what is on screen; new messages scroll into view
 * when the reader is already at the bottom.
 */
export function Thread({ conversationId, contactName, footer }: { conversationId: string; contactName: string; footer?: React.ReactNode }) {
  const thread = useThreadMessages(conversationId);
  const answers = useConversationAnswers(conversationId);
  const now = useNow();
  const scroller = React.useRef<HTMLDivElement>(null);
  const atBottom = React.useRef(true);
  /** Distance from the bottom before older messages were prepended, to restore it after. */
  const restoreFromBottom = React.useRef<number | null>(null);

  const messages = React.useMemo(() => (thread.data ? [...thread.data.pages].reverse().flatMap((page) => page.messages) : []), [thread.data]);
  const firstId = messages[0]?.id;
  const lastId = messages.at(-1)?.id;
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = thread;

  const loadOlder = React.useCallback(() => {
    const element = scroller.current;
    if (!element || !hasNextPage || isFetchingNextPage) return;
    restoreFromBottom.current = element.scrollHeight - element.scrollTop;
    void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  // A new conversation opens at its newest message.
  React.useLayoutEffect(() => {
    atBottom.current = true;
    restoreFromBottom.current = null;
  }, [conversationId]);

  React.useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    if (restoreFromBottom.current !== null) {
      element.scrollTop = element.scrollHeight - restoreFromBottom.current;
      restoreFromBottom.current = null;
      return;
    }
    if (atBottom.current) element.scrollTop = element.scrollHeight;
  }, [firstId, lastId]);

  function onScroll(event: React.UIEvent<HTMLDivElement>) {
    const element = event.currentTarget;
    atBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < STICK_TO_BOTTOM_PX;
    if (element.scrollTop < LOAD_OLDER_PX) loadOlder();
  }

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div ref={scroller} onScroll={onScroll} className="min-h-0 flex-1 overflow-y-auto py-4" data-testid="thread">
        {thread.isPending ? (
          <ThreadSkeleton />
        ) : thread.isError ? (
          <EmptyState
            className="m-4"
            icon={<MessagesSquare />}
            title="Could not load the messages"
            description={messageOf(thread.error)}
            action={
              <Button variant="outline" onClick={() => thread.refetch()}>
                Try again
              </Button>
            }
          />
        ) : messages.length === 0 ? (
          <EmptyState className="m-4" icon={<MessagesSquare />} title="No messages yet" description="Write the first message below." />
        ) : (
          <>
            <div className="flex min-h-8 justify-center pb-2">
              {hasNextPage ? (
                <Button variant="ghost" size="sm" onClick={loadOlder} disabled={isFetchingNextPage}>
                  {isFetchingNextPage ? <Spinner size="sm" /> : null}
                  Load older messages
                </Button>
              ) : (
                <p className="text-xs text-muted-foreground">Beginning of the conversation</p>
              )}
            </div>
            <ol className="grid gap-3" aria-label="Messages" aria-live="polite" aria-relevant="additions">
              {messages.map((message) => {
                const answer = message.senderType === "bot" ? answers.get(message.id) : undefined;
                return (
                  <MessageBubble
                    key={message.id}
                    message={message}
                    now={now}
                    contactName={contactName}
                    footer={answer ? <AnswerDetails conversationId={conversationId} answer={answer} /> : undefined}
                  />
                );
              })}
            </ol>
          </>
        )}
      </div>
      {footer}
    </div>
  );
}
