"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Search, SearchX } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";
import { useDebouncedValue } from "@/components/contacts/use-debounced-value";
import { messageOf } from "@/components/forms/trpc-errors";
import { ChannelIcon, channelLabels } from "@/components/inbox/channel-icon";
import { formatRelativeTime, statusLabels } from "@/components/inbox/format";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import type { SnippetPart } from "@/lib/search/search";

/** Mirrors the server: shorter queries return nothing, so none is sent. */
const MIN_QUERY_LENGTH = 2;
const RESULT_LIMIT = 30;

/** The snippet as text nodes, matches in <mark>: customer text is never parsed as HTML. */
export function Snippet({ parts }: { parts: readonly SnippetPart[] }) {
  return (
    <p className="line-clamp-2 text-sm text-muted-foreground">
      {parts.map((part, index) =>
        part.highlight ? (
          <mark key={index} className="rounded-sm bg-warning/30 px-0.5 text-foreground">{part.text}</mark>
        ) : (
          <span key={index}>{part.text}</span>
        ),
      )}
    </p>
  );
}

export function ConversationSearch() {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const urlQuery = searchParams.get("q")?.slice(0, 200) ?? "";
  const [text, setText] = useState(urlQuery);
  const typed = useDebouncedValue(text.trim(), 300);

  // The URL holds the query, so a search can be shared, reloaded and reached with Back.
  useEffect(() => {
    if (typed === urlQuery) return;
    router.replace(typed ? `${pathname}?q=${encodeURIComponent(typed)}` : pathname, { scroll: false });
  }, [typed, urlQuery, pathname, router]);

  const enabled = urlQuery.length >= MIN_QUERY_LENGTH;
  const results = useQuery(trpc.search.conversations.queryOptions({ query: urlQuery, limit: RESULT_LIMIT }, { enabled, placeholderData: keepPreviousData }));
  const now = new Date();

  return (
    <div className="grid gap-4">
      <form
        role="search"
        className="relative max-w-xl"
        onSubmit={(event) => {
          event.preventDefault();
          const query = text.trim();
          if (query !== urlQuery) router.replace(query ? `${pathname}?q=${encodeURIComponent(query)}` : pathname, { scroll: false });
        }}
      >
        <Search aria-hidden className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-muted-foreground" />
        <Input
          type="search"
          aria-label="Search conversations"
          placeholder={'Words from messages, a contact\'s name or email; "quotes" for a phrase, -word to exclude'}
          className="pl-9"
          value={text}
          maxLength={200}
          autoFocus
          onChange={(event) => setText(event.target.value)}
        />
      </form>
      {!enabled ? (
        <EmptyState icon={<Search />} title="Search conversations" description={`Type at least ${MIN_QUERY_LENGTH} characters to search every conversation of this workspace.`} />
      ) : results.isPending ? (
        <div className="grid gap-2" aria-busy="true" aria-label="Searching">
          {Array.from({ length: 5 }, (_, i) => <Skeleton key={i} className="h-16 w-full" />)}
        </div>
      ) : results.isError ? (
        <EmptyState
          icon={<SearchX />}
          title="The search failed"
          description={messageOf(results.error)}
          action={<Button variant="outline" onClick={() => results.refetch()}>Try again</Button>}
        />
      ) : results.data.length === 0 ? (
        <EmptyState icon={<SearchX />} title="No conversations found" description={`Nothing in messages or contacts matches “${urlQuery}”.`} />
      ) : (
        <ul className="grid gap-2" aria-label="Search results" aria-busy={results.isFetching}>
          {results.data.map((hit) => (
            <li key={hit.conversationId}>
              <Link
                href={`/inbox?c=${hit.conversationId}`}
                className="grid gap-1 rounded-md border px-4 py-3 outline-none hover:bg-accent/50 focus-visible:ring-[3px] focus-visible:ring-ring/50"
              >
                <span className="flex flex-wrap items-center gap-2 text-sm">
                  <span className="font-medium">{hit.contact.name || hit.contact.email || "Unnamed contact"}</span>
                  <span className="flex items-center gap-1 text-xs text-muted-foreground">
                    <ChannelIcon type={hit.channelType} />
                    {channelLabels[hit.channelType]}
                  </span>
                  <Badge variant="outline">{statusLabels[hit.status]}</Badge>
                  {hit.matchedIn === "contact" ? <Badge variant="secondary">contact match</Badge> : null}
                  <time className="ml-auto text-xs text-muted-foreground" dateTime={hit.lastMessageAt.toISOString()} title={hit.lastMessageAt.toLocaleString()}>
                    {formatRelativeTime(hit.lastMessageAt, now)}
                  </time>
                </span>
                <Snippet parts={hit.snippet} />
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
