"use client";

import { useQuery } from "@tanstack/react-query";
import { RefreshCw, RotateCcw, Workflow } from "lucide-react";
import { useState } from "react";
import { messageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { RUN_STATUSES, type WorkflowRunStatus, type WorkflowRunSummary } from "@/lib/workflows/runs";
import { formatDateTime, runDuration } from "./format";
import { RunDetailSheet } from "./run-detail-sheet";
import { RunStatusBadge } from "./run-status-badge";
import { useRerun } from "./use-rerun";

const RUN_LIMIT = 100;
const ACTIVE_REFRESH_MS = 3_000;
const ALL_STATUSES = "all";

/** Queued and running runs change within seconds; sleeping and waiting ones may wait for days. */
function hasBusyRun(runs: readonly WorkflowRunSummary[] | undefined): boolean {
  return runs?.some((run) => run.status === "queued" || run.status === "running") ?? false;
}

function RerunButton({ run }: { run: WorkflowRunSummary }) {
  const rerun = useRerun();
  return (
    <Button
      variant="outline"
      size="sm"
      disabled={rerun.isPending}
      onClick={(event) => {
        event.stopPropagation();
        rerun.mutate({ id: run.id });
      }}
      aria-label={`Re-run ${run.functionName ?? run.functionId} run ${run.id}`}
    >
      {rerun.isPending ? <Spinner size="sm" /> : <RotateCcw />} Re-run
    </Button>
  );
}

function FunctionsSummary() {
  const trpc = useTRPC();
  const functions = useQuery(trpc.workflows.listFunctions.queryOptions());
  if (!functions.data) return null;
  const crons = functions.data.flatMap((fn) => fn.nextCronRuns.map((next) => ({ name: fn.name, dueAt: next.dueAt })));
  const nextCron = crons.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime())[0];
  return (
    <p className="text-sm text-muted-foreground">
      {functions.data.length === 1 ? "1 function" : `${functions.data.length} functions`} synced
      {nextCron ? ` · next scheduled: ${nextCron.name} at ${formatDateTime(nextCron.dueAt)}` : ""}
    </p>
  );
}

export function WorkflowRuns() {
  const trpc = useTRPC();
  const [status, setStatus] = useState<WorkflowRunStatus | typeof ALL_STATUSES>(ALL_STATUSES);
  const [selectedRunId, setSelectedRunId] = useState<string | null>(null);
  const runs = useQuery(
    trpc.workflows.listRuns.queryOptions(
      { status: status === ALL_STATUSES ? undefined : status, limit: RUN_LIMIT },
      { refetchInterval: (query) => (hasBusyRun(query.state.data) ? ACTIVE_REFRESH_MS : false) },
    ),
  );
  // Active runs' durations count up to the moment the list was fetched.
  const fetchedAt = new Date(runs.dataUpdatedAt);

  return (
    <div className="grid gap-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <FunctionsSummary />
        <div className="flex items-center gap-2">
          {hasBusyRun(runs.data) ? <span className="text-xs text-muted-foreground">Refreshing every {ACTIVE_REFRESH_MS / 1000} s</span> : null}
          <Select value={status} onValueChange={(value) => setStatus(value as typeof status)}>
            <SelectTrigger aria-label="Filter by status" className="w-40">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              <SelectItem value={ALL_STATUSES}>All statuses</SelectItem>
              {RUN_STATUSES.map((value) => (
                <SelectItem key={value} value={value}>
                  {value[0]!.toUpperCase() + value.slice(1)}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
          <Button variant="outline" size="icon" aria-label="Refresh" disabled={runs.isFetching} onClick={() => runs.refetch()}>
            {runs.isFetching ? <Spinner size="sm" /> : <RefreshCw />}
          </Button>
        </div>
      </div>

      {runs.isPending ? (
        <div className="grid gap-2" aria-busy="true" aria-label="Loading workflow runs">
          {Array.from({ length: 5 }, (_, i) => <Skeleton key={i} className="h-11 w-full" />)}
        </div>
      ) : runs.isError ? (
        <EmptyState
          icon={<Workflow />}
          title="Could not load workflow runs"
          description={messageOf(runs.error)}
          action={<Button variant="outline" onClick={() => runs.refetch()}>Try again</Button>}
        />
      ) : runs.data.length === 0 ? (
        <EmptyState
          icon={<Workflow />}
          title={status === ALL_STATUSES ? "No workflow runs yet" : `No ${status} runs`}
          description={
            status === ALL_STATUSES
              ? "Runs appear here as soon as background work starts: escalation windows, CSAT follow-ups, email and auto-close."
              : "Choose another status to see more runs."
          }
        />
      ) : (
        <div className="rounded-md border">
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Function</TableHead>
                <TableHead>Trigger event</TableHead>
                <TableHead>Status</TableHead>
                <TableHead>Started</TableHead>
                <TableHead>Duration</TableHead>
                <TableHead className="w-28"><span className="sr-only">Actions</span></TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {runs.data.map((run) => (
                <TableRow key={run.id} data-testid="workflow-run" className="cursor-pointer" onClick={() => setSelectedRunId(run.id)}>
                  <TableCell className="font-medium">
                    <button
                      type="button"
                      className="rounded-sm text-left outline-none hover:underline focus-visible:ring-[3px] focus-visible:ring-ring/50"
                      onClick={(event) => {
                        event.stopPropagation();
                        setSelectedRunId(run.id);
                      }}
                    >
                      {run.functionName ?? run.functionId}
                    </button>
                  </TableCell>
                  <TableCell className="font-mono text-xs">{run.event.name}</TableCell>
                  <TableCell>
                    <RunStatusBadge status={run.status} />
                  </TableCell>
                  <TableCell className="text-muted-foreground">{formatDateTime(run.startedAt ?? run.createdAt)}</TableCell>
                  <TableCell className="tabular-nums text-muted-foreground">{runDuration(run, fetchedAt)}</TableCell>
                  <TableCell className="text-right">{run.status === "failed" ? <RerunButton run={run} /> : null}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      {runs.data && runs.data.length === RUN_LIMIT ? (
        <p className="text-xs text-muted-foreground">Showing the {RUN_LIMIT} most recent runs.</p>
      ) : null}
      <RunDetailSheet runId={selectedRunId} onRunIdChange={setSelectedRunId} />
    </div>
  );
}
