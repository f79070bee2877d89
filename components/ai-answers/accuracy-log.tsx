"use client";

import { skipToken, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { Sparkles } from "lucide-react";
import * as React from "react";
import { BarChart } from "@/components/charts/bar-chart";
import { messageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState, LoadErrorState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { Table, TableBody, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { aiOutcomes, feedbackFilters } from "@/lib/ai/accuracy";
import type { AiOutcome } from "@/lib/db/generated/enums";
import { type DateRange, formatLatency, formatPercent, lastDays, outcomeLabels, rangePeriod } from "./format";
import { InteractionSheet } from "./interaction-sheet";
import { InteractionTableRow, type InteractionRow } from "./interaction-row";

const ALL = "all";
const PAGE_SIZE = 25;
const feedbackLabels: Record<(typeof feedbackFilters)[number], string> = { good: "Rated good", bad: "Rated bad", none: "Not rated" };
const presets = [7, 30, 90] as const;

function Stat({ title, value, hint }: { title: string; value: string; hint?: string }) {
  return (
    <Card className="gap-2 py-4">
      <CardHeader className="px-4">
        <CardDescription>{title}</CardDescription>
        <CardTitle className="text-2xl tabular-nums">{value}</CardTitle>
      </CardHeader>
      {hint ? <CardContent className="px-4 text-xs text-muted-foreground">{hint}</CardContent> : null}
    </Card>
  );
}

interface FilterSelectProps<T extends string> {
  label: string;
  value: T | typeof ALL;
  onChange: (value: T | typeof ALL) => void;
  options: Array<{ value: T; label: string }>;
}

function FilterSelect<T extends string>({ label, value, onChange, options }: FilterSelectProps<T>) {
  return (
    <div className="grid gap-1">
      <Label className="text-xs text-muted-foreground">{label}</Label>
      <Select value={value} onValueChange={(next) => onChange(next as T | typeof ALL)}>
        <SelectTrigger aria-label={label} className="w-40" size="sm">
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          <SelectItem value={ALL}>All</SelectItem>
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

const dayFormat = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", timeZone: "UTC" });

/**
 * The AI accuracy log for admins: containment, outcomes, ratings and latency over a
 * period with a daily containment trend, then every logged answer, filterable by
 * outcome, rating and provider, each opening to its full detail.
 */
export function AccuracyLog() {
  const trpc = useTRPC();
  const [range, setRange] = React.useState<DateRange>(() => lastDays(30));
  const [outcome, setOutcome] = React.useState<AiOutcome | typeof ALL>(ALL);
  const [feedback, setFeedback] = React.useState<(typeof feedbackFilters)[number] | typeof ALL>(ALL);
  const [provider, setProvider] = React.useState<string>(ALL);
  const [selected, setSelected] = React.useState<InteractionRow | null>(null);
  const period = React.useMemo(() => rangePeriod(range), [range]);

  // Days of the trend are the reader's calendar days, like the dates they picked.
  const timeZone = React.useMemo(() => Intl.DateTimeFormat().resolvedOptions().timeZone, []);
  const summary = useQuery(trpc.ai.summary.queryOptions(period ? { ...period, timeZone } : skipToken));
  const filters = period && {
    from: period.from,
    to: period.to,
    outcome: outcome === ALL ? undefined : outcome,
    feedback: feedback === ALL ? undefined : feedback,
    provider: provider === ALL ? undefined : provider,
    limit: PAGE_SIZE,
  };
  const log = useInfiniteQuery(trpc.ai.interactions.infiniteQueryOptions(filters ?? skipToken, { getNextPageParam: (page) => page.nextCursor ?? undefined }));
  const rows = log.data?.pages.flatMap((page) => page.rows) ?? [];
  const data = summary.data;

  return (
    <div className="grid gap-6">
      <div className="flex flex-wrap items-end gap-3" role="group" aria-label="Period">
        <div className="grid gap-1">
          <Label htmlFor="ai-from" className="text-xs text-muted-foreground">
            From
          </Label>
          <Input id="ai-from" type="date" className="h-8 w-40" value={range.from} max={range.to} onChange={(event) => setRange({ ...range, from: event.target.value })} />
        </div>
        <div className="grid gap-1">
          <Label htmlFor="ai-to" className="text-xs text-muted-foreground">
            To
          </Label>
          <Input id="ai-to" type="date" className="h-8 w-40" value={range.to} min={range.from} onChange={(event) => setRange({ ...range, to: event.target.value })} />
        </div>
        <div className="flex gap-1">
          {presets.map((days) => (
            <Button key={days} variant="outline" size="sm" onClick={() => setRange(lastDays(days))}>
              Last {days} days
            </Button>
          ))}
        </div>
        {period === null ? <p className="text-sm text-destructive">Choose a start date on or before the end date.</p> : null}
      </div>

      {summary.isError ? (
        <LoadErrorState icon={<Sparkles />} title="Could not load the summary" message={messageOf(summary.error)} onRetry={() => summary.refetch()} />
      ) : !data ? (
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4" aria-busy="true" aria-label="Loading the summary">
          {Array.from({ length: 4 }, (_, i) => <Skeleton key={i} className="h-24" />)}
        </div>
      ) : (
        <>
          <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4" data-testid="ai-summary">
            <Stat
              title="Containment rate"
              value={formatPercent(data.containment.rate)}
              hint={`${data.containment.contained} of ${data.containment.handled} conversations resolved with no person involved`}
            />
            <Stat title="Answers" value={String(data.byOutcome.answered)} hint={`${data.byOutcome.escalated} handed off · ${data.byOutcome.failed} failed`} />
            <Stat title="Agent ratings" value={`${data.feedback.good} good · ${data.feedback.bad} bad`} hint={data.interactions ? `${formatPercent((data.feedback.good + data.feedback.bad) / data.interactions)} of answers rated` : undefined} />
            <Stat title="Latency" value={formatLatency(data.latency.p50)} hint={`median · p95 ${formatLatency(data.latency.p95)}`} />
          </div>
          <Card>
            <CardHeader>
              <CardTitle>Containment by day</CardTitle>
              <CardDescription>Percent of the conversations the assistant first handled each day that it resolved alone</CardDescription>
            </CardHeader>
            <CardContent>
              <BarChart
                label="Containment rate per day, in percent"
                data={data.days.map((day) => ({
                  key: day.day,
                  label: dayFormat.format(new Date(day.day)),
                  value: day.handled ? Math.round((day.contained / day.handled) * 100) : 0,
                }))}
              />
            </CardContent>
          </Card>
        </>
      )}

      <div className="grid gap-3">
        <div className="flex flex-wrap items-end gap-3" role="group" aria-label="Filters">
          <FilterSelect<AiOutcome> label="Outcome" value={outcome} onChange={setOutcome} options={aiOutcomes.map((value) => ({ value, label: outcomeLabels[value] }))} />
          <FilterSelect<(typeof feedbackFilters)[number]> label="Rating" value={feedback} onChange={setFeedback} options={feedbackFilters.map((value) => ({ value, label: feedbackLabels[value] }))} />
          <FilterSelect<string> label="Provider" value={provider} onChange={setProvider} options={(data?.providers ?? []).map((value) => ({ value, label: value }))} />
        </div>

        {log.isPending ? (
          <div className="grid gap-2" aria-busy="true" aria-label="Loading answers">
            {Array.from({ length: 5 }, (_, i) => <Skeleton key={i} className="h-14 w-full" />)}
          </div>
        ) : log.isError ? (
          <LoadErrorState icon={<Sparkles />} title="Could not load the answers" message={messageOf(log.error)} onRetry={() => log.refetch()} />
        ) : rows.length === 0 ? (
          <EmptyState
            icon={<Sparkles />}
            title="No answers match"
            description="The assistant's answers, hand-offs and failures appear here as customers write in. Widen the period or clear a filter to see more."
          />
        ) : (
          <div className="rounded-md border">
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>When</TableHead>
                  <TableHead>Outcome</TableHead>
                  <TableHead>Question and answer</TableHead>
                  <TableHead>Provider</TableHead>
                  <TableHead>Latency</TableHead>
                  <TableHead>Confidence</TableHead>
                  <TableHead>Rating</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {rows.map((row) => (
                  <InteractionTableRow key={row.id} row={row} onOpen={() => setSelected(row)} />
                ))}
              </TableBody>
            </Table>
          </div>
        )}
        {log.hasNextPage ? (
          <Button variant="outline" className="justify-self-center" disabled={log.isFetchingNextPage} onClick={() => log.fetchNextPage()}>
            {log.isFetchingNextPage ? <Spinner size="sm" /> : null}
            Load more
          </Button>
        ) : null}
      </div>
      <InteractionSheet row={selected} onClose={() => setSelected(null)} />
    </div>
  );
}
