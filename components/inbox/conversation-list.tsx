"use client";

import { Inbox as InboxIcon, ListFilter, X } from "lucide-react";
import * as React from "react";
import { messageOf } from "@/components/forms/trpc-errors";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { Tabs, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { cn } from "@/lib/utils";
import { AgentAvatar } from "./agent-avatar";
import { ChannelIcon, channelLabels } from "./channel-icon";
import { formatRelativeTime, formatWaiting, initials, priorities, priorityLabels, statusLabels, waitSeverity } from "./format";
import { useInboxContext, useNow } from "./inbox-context";
import type { ConversationRow } from "./inbox-data";
import { activeFilterCount, inboxViewSearch, type InboxFilterKey, type InboxSort, type InboxTab, type InboxView } from "./inbox-url";
import { LiveStatus } from "./live-status";

const tabLabels: Record<InboxTab, string> = { mine: "Mine", unassigned: "Unassigned", all: "All", resolved: "Resolved" };
const sortLabels: Record<InboxSort, string> = { latest: "Latest activity", oldest_waiting: "Oldest waiting", priority: "Priority" };
/** Radix Select items cannot have an empty value; this one stands for "no filter". */
const ANY = "__any";

export interface ConversationListProps {
  view: InboxView;
  onViewChange(change: Partial<InboxView>): void;
  rows: ConversationRow[];
  status: "pending" | "error" | "success";
  error: unknown;
  onRetry(): void;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  onLoadMore(): void;
  onSelect(conversationId: string): void;
}

function FilterSelect({
  id,
  label,
  value,
  onChange,
  options,
}: {
  id: string;
  label: string;
  value: string | undefined;
  onChange(value: string | undefined): void;
  options: readonly { value: string; label: string }[];
}) {
  return (
    <div className="grid gap-1">
      <Label htmlFor={id} className="text-xs text-muted-foreground">
        {label}
      </Label>
      <Select value={value ?? ANY} onValueChange={(next) => onChange(next === ANY ? undefined : next)}>
        <SelectTrigger id={id} size="sm" className="w-full">
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          <SelectItem value={ANY}>Any</SelectItem>
          {options.map((option) => (
            <SelectItem key={option.value} value={option.value}>
              {option.label}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
    </div>
  );
}

function Filters({ view, onViewChange }: Pick<ConversationListProps, "view" | "onViewChange">) {
  const { options } = useInboxContext();
  const [label, setLabel] = React.useState(view.label ?? "");
  const set = (key: InboxFilterKey) => (value: string | undefined) => onViewChange({ [key]: value });

  return (
    <div className="grid grid-cols-2 gap-2 rounded-md border bg-muted/30 p-2 [&>*]:min-w-0" data-testid="inbox-filters">
      <FilterSelect
        id="filter-status"
        label="Status"
        value={view.status}
        onChange={set("status")}
        options={Object.entries(statusLabels).map(([value, text]) => ({ value, label: text }))}
      />
      <FilterSelect
        id="filter-channel"
        label="Channel"
        value={view.channelId}
        onChange={set("channelId")}
        options={options.channels.map((channel) => ({
          value: channel.id,
          label: channel.name === channelLabels[channel.type] ? channel.name : `${channel.name} · ${channelLabels[channel.type]}`,
        }))}
      />
      <FilterSelect id="filter-team" label="Team" value={view.teamId} onChange={set("teamId")} options={options.teams.map((team) => ({ value: team.id, label: team.name }))} />
      <FilterSelect
        id="filter-priority"
        label="Priority"
        value={view.priority}
        onChange={set("priority")}
        options={priorities.map((priority) => ({ value: priority, label: priorityLabels[priority] }))}
      />
      <FilterSelect
        id="filter-assignee"
        label="Assignee"
        value={view.assigneeId}
        onChange={set("assigneeId")}
        options={options.agents.map((agent) => ({ value: agent.id, label: agent.name }))}
      />
      <form
        className="grid gap-1"
        onSubmit={(event) => {
          event.preventDefault();
          onViewChange({ label: label.trim() || undefined });
        }}
      >
        <Label htmlFor="filter-label" className="text-xs text-muted-foreground">
          Label
        </Label>
        <Input
          id="filter-label"
          value={label}
          maxLength={50}
          placeholder="Press Enter to apply"
          className="h-8"
          onChange={(event) => setLabel(event.target.value)}
          onBlur={() => onViewChange({ label: label.trim() || undefined })}
        />
      </form>
      <div className="col-span-2 grid gap-1">
        <Label htmlFor="inbox-sort" className="text-xs text-muted-foreground">
          Sort
        </Label>
        <Select value={view.sort} onValueChange={(sort) => onViewChange({ sort: sort as InboxSort })}>
          <SelectTrigger id="inbox-sort" size="sm" className="w-full">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            {(Object.keys(sortLabels) as InboxSort[]).map((sort) => (
              <SelectItem key={sort} value={sort}>
                {sortLabels[sort]}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      </div>
      {activeFilterCount(view) > 0 ? (
        <Button
          variant="ghost"
          size="sm"
          className="col-span-2 justify-self-start"
          onClick={() => {
            setLabel("");
            onViewChange({ status: undefined, channelId: undefined, teamId: undefined, label: undefined, priority: undefined, assigneeId: undefined });
          }}
        >
          <X aria-hidden /> Clear filters
        </Button>
      ) : null}
    </div>
  );
}

const previewPrefix: Record<NonNullable<ConversationRow["previewSenderType"]>, string> = { contact: "", agent: "Agent: ", bot: "AI: ", system: "" };

function ConversationListRow({ row, view, selected, now, onSelect }: { row: ConversationRow; view: InboxView; selected: boolean; now: Date; onSelect(id: string): void }) {
  const name = row.contactName?.trim() || "Unknown contact";
  const prefix = row.previewIsPrivate ? "Note: " : previewPrefix[row.previewSenderType ?? "contact"];
  const severity = row.waitingSince ? waitSeverity(row.waitingSince, now) : null;
  const href = `/inbox${inboxViewSearch({ ...view, conversationId: row.id })}`;
  const showStatus = view.tab === "resolved" || view.status !== undefined;
  const hasDetails = row.priority === "urgent" || row.priority === "high" || showStatus || row.waitingSince !== null || row.labels.length > 0 || row.assigneeId !== null;

  return (
    <li>
      <a
        href={href}
        data-conversation-id={row.id}
        data-testid="conversation-row"
        aria-current={selected ? "true" : undefined}
        onClick={(event) => {
          if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
          event.preventDefault();
          onSelect(row.id);
        }}
        className={cn(
          "flex gap-3 border-b px-3 py-2.5 text-left outline-none transition-colors hover:bg-accent/60 focus-visible:bg-accent focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-inset",
          selected && "bg-accent",
          selected && "shadow-[inset_3px_0_0_var(--color-primary)]",
        )}
      >
        <span aria-hidden className="mt-0.5 flex size-8 shrink-0 items-center justify-center rounded-full bg-muted text-xs font-medium text-muted-foreground">
          {initials(name)}
        </span>
        <span className="flex min-w-0 flex-1 flex-col gap-0.5">
          <span className="flex items-center gap-1.5">
            <span className={cn("truncate text-sm", row.unreadCount > 0 ? "font-semibold" : "font-medium")}>{name}</span>
            <ChannelIcon type={row.channelType} />
            <time dateTime={row.lastMessageAt.toISOString()} className="ml-auto shrink-0 text-xs text-muted-foreground tabular-nums">
              {formatRelativeTime(row.lastMessageAt, now)}
            </time>
          </span>
          <span className="flex items-center gap-2">
            <span className={cn("truncate text-[13px]", row.unreadCount > 0 ? "text-foreground" : "text-muted-foreground")}>
              {row.preview ? (
                <>
                  {prefix ? <span className="text-muted-foreground">{prefix}</span> : null}
                  {row.preview}
                </>
              ) : (
                <span className="italic">No messages yet</span>
              )}
            </span>
            {row.unreadCount > 0 ? (
              <span className="ml-auto inline-flex h-5 min-w-5 shrink-0 items-center justify-center rounded-full bg-primary px-1.5 text-[11px] font-semibold text-primary-foreground tabular-nums">
                {row.unreadCount > 99 ? "99+" : row.unreadCount}
                <span className="sr-only"> unread</span>
              </span>
            ) : null}
          </span>
          {hasDetails ? (
          <span className="flex min-h-6 items-center gap-1.5">
            {row.priority === "urgent" || row.priority === "high" ? (
              <Badge variant={row.priority === "urgent" ? "destructive" : "warning"} className="px-1.5 py-0 text-[11px]">
                {priorityLabels[row.priority]}
              </Badge>
            ) : null}
            {showStatus ? (
              <Badge variant="outline" className="px-1.5 py-0 text-[11px]">
                {statusLabels[row.status]}
              </Badge>
            ) : null}
            {row.waitingSince && severity ? (
              <span
                className={cn(
                  "text-[11px] font-medium tabular-nums",
                  severity === "ok" && "text-muted-foreground",
                  severity === "warning" && "text-warning-foreground dark:text-warning",
                  severity === "late" && "text-destructive",
                )}
              >
                {formatWaiting(row.waitingSince, now)}
              </span>
            ) : null}
            {row.labels.slice(0, 2).map((label) => (
              <Badge key={label} variant="secondary" className="max-w-24 truncate px-1.5 py-0 text-[11px]">
                {label}
              </Badge>
            ))}
            <span className="ml-auto">
              {row.assigneeId && row.assigneeName ? <AgentAvatar userId={row.assigneeId} name={row.assigneeName} className="size-5" /> : null}
            </span>
          </span>
          ) : null}
        </span>
      </a>
    </li>
  );
}

function ListSkeleton() {
  return (
    <div className="grid" aria-busy="true" aria-label="Loading conversations">
      {Array.from({ length: 8 }, (_, i) => (
        <div key={i} className="flex gap-3 border-b px-3 py-3">
          <Skeleton className="size-8 rounded-full" />
          <div className="grid flex-1 gap-2">
            <Skeleton className="h-3.5 w-2/5" />
            <Skeleton className="h-3 w-4/5" />
          </div>
        </div>
      ))}
    </div>
  );
}

const emptyDescriptions: Record<InboxTab, string> = {
  mine: "Nothing is assigned to you. Pick a conversation from Unassigned.",
  unassigned: "Every conversation has an owner.",
  all: "New conversations from every channel show up here as they arrive.",
  resolved: "Resolved and closed conversations show up here.",
};

/** The left pane: tabs, filters, sort and the paged list of conversations. */
export function ConversationList(props: ConversationListProps) {
  const { view, onViewChange, rows, status, error, onRetry, hasNextPage, isFetchingNextPage, onLoadMore, onSelect } = props;
  const now = useNow();
  const [filtersOpen, setFiltersOpen] = React.useState(() => activeFilterCount(view) > 0);
  const filterCount = activeFilterCount(view);
  const sentinel = React.useRef<HTMLDivElement>(null);

  // Infinite scroll: load the next page as the end of the list comes into view.
  React.useEffect(() => {
    const element = sentinel.current;
    if (!element || !hasNextPage) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting) && !isFetchingNextPage) onLoadMore();
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, onLoadMore]);

  return (
    <section aria-labelledby="inbox-heading" className="flex min-h-0 min-w-0 flex-1 flex-col border-r bg-background">
      <div className="grid grid-cols-1 gap-2 border-b p-3">
        <div className="flex items-center gap-2">
          <h1 id="inbox-heading" className="text-base font-semibold">
            Inbox
          </h1>
          <LiveStatus />
          <Button
            variant={filtersOpen ? "secondary" : "ghost"}
            size="sm"
            className="ml-auto"
            aria-expanded={filtersOpen}
            aria-controls="inbox-filters"
            onClick={() => setFiltersOpen((open) => !open)}
          >
            <ListFilter aria-hidden /> Filters
            {filterCount > 0 ? <Badge className="h-4 min-w-4 px-1 text-[10px]">{filterCount}</Badge> : null}
          </Button>
        </div>
        <Tabs value={view.tab} onValueChange={(tab) => onViewChange({ tab: tab as InboxTab })}>
          <TabsList className="w-full">
            {(Object.keys(tabLabels) as InboxTab[]).map((tab) => (
              <TabsTrigger key={tab} value={tab} className="px-2 text-[13px]">
                {tabLabels[tab]}
              </TabsTrigger>
            ))}
          </TabsList>
        </Tabs>
        {filtersOpen ? (
          <div id="inbox-filters">
            <Filters view={view} onViewChange={onViewChange} />
          </div>
        ) : null}
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto" data-testid="conversation-list">
        {status === "pending" ? (
          <ListSkeleton />
        ) : status === "error" ? (
          <EmptyState
            className="m-3"
            icon={<InboxIcon />}
            title="Could not load conversations"
            description={messageOf(error)}
            action={
              <Button variant="outline" onClick={onRetry}>
                Try again
              </Button>
            }
          />
        ) : rows.length === 0 ? (
          <EmptyState
            className="m-3"
            icon={<InboxIcon />}
            title={filterCount > 0 ? "No conversations match these filters" : "No conversations here"}
            description={filterCount > 0 ? "Change or clear the filters to see more." : emptyDescriptions[view.tab]}
          />
        ) : (
          <>
            <ul aria-label="Conversations">
              {rows.map((row) => (
                <ConversationListRow key={row.id} row={row} view={view} selected={row.id === view.conversationId} now={now} onSelect={onSelect} />
              ))}
            </ul>
            {hasNextPage ? (
              <div ref={sentinel} className="flex justify-center p-3">
                <Button variant="ghost" size="sm" onClick={onLoadMore} disabled={isFetchingNextPage}>
                  {isFetchingNextPage ? <Spinner size="sm" /> : null}
                  Load more
                </Button>
              </div>
            ) : (
              <p className="p-3 text-center text-xs text-muted-foreground">That is all.</p>
            )}
          </>
        )}
      </div>
    </section>
  );
}
