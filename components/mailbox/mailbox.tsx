"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { Mail, RefreshCw } from "lucide-react";
import { useState } from "react";
import { messageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { cn } from "@/lib/utils";
import { EmailView } from "./email-view";

const PAGE_SIZE = 25;

const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: "short" });
const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

/** Today's mail shows its time, older mail its date. */
function listTime(iso: string): string {
  const date = new Date(iso);
  return date.toDateString() === new Date().toDateString() ? timeFormat.format(date) : dayFormat.format(date);
}

function SelectedEmail({ id }: { id: string }) {
  const trpc = useTRPC();
  const email = useQuery(trpc.mailbox.get.queryOptions({ id }, { staleTime: Infinity }));
  if (email.isPending) {
    return (
      <div className="grid gap-3" aria-busy="true" aria-label="Loading email">
        <Skeleton className="h-7 w-2/3" />
        <Skeleton className="h-20 w-full" />
        <Skeleton className="h-80 w-full" />
      </div>
    );
  }
  if (email.isError) {
    return (
      <Alert variant="destructive">
        <AlertTitle>Could not open this email</AlertTitle>
        <AlertDescription>{messageOf(email.error)}</AlertDescription>
      </Alert>
    );
  }
  return <EmailView email={email.data} />;
}

export function Mailbox() {
  const trpc = useTRPC();
  const emails = useInfiniteQuery(
    trpc.mailbox.list.infiniteQueryOptions(
      { limit: PAGE_SIZE },
      { getNextPageParam: (page) => (page.has_more ? page.data.at(-1)?.id : undefined) },
    ),
  );
  const [chosenId, setChosenId] = useState<string | null>(null);
  const all = emails.data?.pages.flatMap((page) => page.data) ?? [];
  // Until one is chosen, the newest is open.
  const selectedId = chosenId ?? all[0]?.id ?? null;

  if (emails.isPending) {
    return (
      <div className="grid gap-2" aria-busy="true" aria-label="Loading mailbox">
        {Array.from({ length: 5 }, (_, i) => <Skeleton key={i} className="h-14 w-full" />)}
      </div>
    );
  }
  if (emails.isError) {
    return (
      <EmptyState
        icon={<Mail />}
        title="Could not load the mailbox"
        description={messageOf(emails.error)}
        action={<Button variant="outline" onClick={() => emails.refetch()}>Try again</Button>}
      />
    );
  }
  if (all.length === 0) {
    return (
      <EmptyState
        icon={<Mail />}
        title="No mail yet"
        description="Every email Switchboard sends (notifications, CSAT requests, replies to email conversations) is captured here instead of being delivered."
        action={
          <Button variant="outline" onClick={() => emails.refetch()} disabled={emails.isFetching}>
            {emails.isFetching ? <Spinner size="sm" /> : <RefreshCw />} Check again
          </Button>
        }
      />
    );
  }

  return (
    <div className="grid gap-4 lg:grid-cols-[minmax(16rem,22rem)_1fr]">
      <div className="grid content-start gap-2">
        <div className="flex items-center justify-between">
          <p className="text-sm text-muted-foreground">{emails.hasNextPage ? `${all.length}+ emails` : all.length === 1 ? "1 email" : `${all.length} emails`}</p>
          <Button variant="ghost" size="icon-sm" aria-label="Refresh" disabled={emails.isFetching} onClick={() => emails.refetch()}>
            {emails.isFetching && !emails.isFetchingNextPage ? <Spinner size="sm" /> : <RefreshCw />}
          </Button>
        </div>
        <ul className="grid gap-1 lg:max-h-[70vh] lg:overflow-y-auto" aria-label="Captured email">
          {all.map((email) => (
            <li key={email.id}>
              <button
                type="button"
                aria-current={email.id === selectedId ? "true" : undefined}
                onClick={() => setChosenId(email.id)}
                className={cn(
                  "grid w-full gap-0.5 rounded-md border px-3 py-2 text-left text-sm outline-none transition-colors hover:bg-muted/60 focus-visible:ring-[3px] focus-visible:ring-ring/50",
                  email.id === selectedId && "border-primary/40 bg-muted",
                )}
              >
                <span className="flex items-baseline justify-between gap-2">
                  <span className="truncate text-muted-foreground">{email.to.join(", ")}</span>
                  <time dateTime={email.created_at} className="shrink-0 text-xs text-muted-foreground">
                    {listTime(email.created_at)}
                  </time>
                </span>
                <span className="truncate font-medium">{email.subject}</span>
              </button>
            </li>
          ))}
        </ul>
        {emails.hasNextPage ? (
          <Button variant="outline" size="sm" onClick={() => emails.fetchNextPage()} disabled={emails.isFetchingNextPage}>
            {emails.isFetchingNextPage ? <Spinner size="sm" /> : null} Load older mail
          </Button>
        ) : null}
      </div>
      <div className="min-w-0 rounded-lg border p-4 sm:p-5">{selectedId ? <SelectedEmail key={selectedId} id={selectedId} /> : null}</div>
    </div>
  );
}
