"use client";

import { skipToken, useQuery } from "@tanstack/react-query";
import { RotateCcw } from "lucide-react";
import type { ReactNode } from "react";
import { messageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Sheet, SheetContent, SheetDescription, SheetHeader, SheetTitle } from "@/components/ui/sheet";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { WorkflowError, WorkflowRun } from "@/lib/workflows/runs";
import { formatDateTime, formatJson, runDuration } from "./format";
import { RunStatusBadge } from "./run-status-badge";
import { useRerun } from "./use-rerun";

const ACTIVE_REFRESH_MS = 3_000;

function JsonBlock({ value, label }: { value: unknown; label: string }) {
  return (
    <pre aria-label={label} className="max-h-64 overflow-auto rounded-md border bg-muted/40 p-3 font-mono text-xs leading-relaxed whitespace-pre">
      {formatJson(value)}
    </pre>
  );
}

function ErrorText({ error }: { error: WorkflowError }) {
  return (
    <div className="grid w-full gap-1">
      <p className="font-mono text-xs break-all text-destructive">
        {error.name ? `${error.name}: ` : ""}
        {error.message}
      </p>
      {error.stack ? (
        <details>
          <summary className="cursor-pointer text-xs text-muted-foreground">Stack trace</summary>
          <pre className="mt-2 max-h-48 overflow-auto font-mono text-xs whitespace-pre">{error.stack}</pre>
        </details>
      ) : null}
    </div>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid gap-0.5">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="text-sm break-words">{children}</dd>
    </div>
  );
}

interface StepRow {
  key: string;
  name: string;
  status: string;
  /** 1-based; the executor counts attempts only for calls still pending. */
  attempt: number | null;
  result: ReactNode;
}

/** Finished steps in completion order, then what the run is waiting for. */
function stepRows(run: WorkflowRun): StepRow[] {
  const finished = run.steps.map((step) => ({
    key: `step-${step.id}`,
    name: step.name ?? step.id,
    status: step.error ? "failed" : "completed",
    attempt: null,
    result: step.error ? <ErrorText error={step.error} /> : <JsonBlock label={`Output of ${step.name ?? step.id}`} value={step.data} />,
  }));
  const pending = run.pending.map((item, index) => {
    const due = formatDateTime(item.dueAt);
    const base = { key: `pending-${index}`, attempt: item.kind === "call" ? item.attempt + 1 : null };
    if (item.kind === "sleep") return { ...base, name: item.name ?? "sleep", status: "sleeping", result: `Until ${due}` };
    if (item.kind === "wait") {
      const condition = item.waitIf ? ` where ${item.waitIf}` : "";
      return { ...base, name: item.name ?? "wait for event", status: "waiting", result: `For ${item.waitEvent}${condition}, until ${due}` };
    }
    const retrying = item.attempt > 0;
    return {
      ...base,
      name: item.name ?? "next call",
      status: retrying ? "retrying" : run.status === "running" ? "running" : "queued",
      result: retrying ? `Retry due ${due}` : "",
    };
  });
  return [...finished, ...pending];
}

function RunDetail({ run, fetchedAt, onRerun, rerunning }: { run: WorkflowRun; fetchedAt: Date; onRerun: () => void; rerunning: boolean }) {
  const rows = stepRows(run);
  return (
    <div className="grid gap-6 px-4 pb-6">
      <div className="flex flex-wrap items-center gap-3">
        <RunStatusBadge status={run.status} />
        {run.status === "failed" ? (
          <Button size="sm" onClick={onRerun} disabled={rerunning}>
            {rerunning ? <Spinner size="sm" /> : <RotateCcw />} Re-run
          </Button>
        ) : null}
      </div>

      <dl className="grid grid-cols-2 gap-x-6 gap-y-3">
        <Field label="Trigger event">
          <span className="font-mono text-xs">{run.event.name}</span>
        </Field>
        <Field label="Event id">
          <span className="font-mono text-xs">{run.event.id}</span>
        </Field>
        <Field label="Queued">{formatDateTime(run.createdAt)}</Field>
        <Field label="Started">{formatDateTime(run.startedAt)}</Field>
        <Field label="Ended">{formatDateTime(run.endedAt)}</Field>
        <Field label="Duration">{runDuration(run, fetchedAt)}</Field>
      </dl>

      {run.error ? (
        <Alert variant={run.status === "failed" ? "destructive" : "warning"}>
          <AlertTitle>{run.status === "failed" ? "The run failed" : `A retried attempt failed${run.error.attempt !== undefined ? ` (attempt ${run.error.attempt + 1})` : ""}`}</AlertTitle>
          <AlertDescription>
            <ErrorText error={run.error} />
          </AlertDescription>
        </Alert>
      ) : null}

      <section className="grid gap-2">
        <h3 className="text-sm font-semibold">Steps</h3>
        {rows.length === 0 ? (
          <p className="text-sm text-muted-foreground">No steps: the function ran without `step` calls, or has not started yet.</p>
        ) : (
          <div className="rounded-md border">
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Step</TableHead>
                  <TableHead>Status</TableHead>
                  <TableHead title="Known for calls still pending">Attempt</TableHead>
                  <TableHead>Output / error</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {rows.map((row) => (
                  <TableRow key={row.key} data-testid="workflow-step">
                    <TableCell className="align-top font-medium">{row.name}</TableCell>
                    <TableCell className="align-top text-muted-foreground">{row.status}</TableCell>
                    <TableCell className="align-top tabular-nums">{row.attempt ?? "—"}</TableCell>
                    <TableCell className="max-w-0 w-full align-top whitespace-normal">{row.result}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        )}
      </section>

      {run.status === "completed" ? (
        <section className="grid gap-2">
          <h3 className="text-sm font-semibold">Output</h3>
          <JsonBlock label="Run output" value={run.output} />
        </section>
      ) : null}

      <section className="grid gap-2">
        <h3 className="text-sm font-semibold">Event data</h3>
        <JsonBlock label="Event data" value={run.event.data} />
      </section>
    </div>
  );
}

/** Details of one run; follows a re-run to the new run. */
export function RunDetailSheet({ runId, onRunIdChange }: { runId: string | null; onRunIdChange: (runId: string | null) => void }) {
  const trpc = useTRPC();
  const run = useQuery(
    trpc.workflows.getRun.queryOptions(runId === null ? skipToken : { id: runId }, {
      refetchInterval: (query) => {
        const status = query.state.data?.status;
        return status === "completed" || status === "failed" || status === "cancelled" ? false : ACTIVE_REFRESH_MS;
      },
    }),
  );
  const rerun = useRerun((newRunId) => onRunIdChange(newRunId));

  return (
    <Sheet open={runId !== null} onOpenChange={(open) => { if (!open) onRunIdChange(null); }}>
      <SheetContent className="w-full overflow-y-auto sm:max-w-2xl">
        <SheetHeader>
          <SheetTitle>{run.data ? (run.data.functionName ?? run.data.functionId) : "Workflow run"}</SheetTitle>
          <SheetDescription className="font-mono text-xs">{runId}</SheetDescription>
        </SheetHeader>
        {run.isPending ? (
          <div className="grid gap-3 px-4" aria-busy="true" aria-label="Loading run">
            <Skeleton className="h-6 w-24" />
            <Skeleton className="h-24 w-full" />
            <Skeleton className="h-40 w-full" />
          </div>
        ) : run.isError ? (
          <Alert variant="destructive" className="mx-4 w-auto">
            <AlertTitle>Could not load this run</AlertTitle>
            <AlertDescription>{messageOf(run.error)}</AlertDescription>
          </Alert>
        ) : (
          <RunDetail run={run.data} fetchedAt={new Date(run.dataUpdatedAt)} onRerun={() => rerun.mutate({ id: run.data.id })} rerunning={rerun.isPending} />
        )}
      </SheetContent>
    </Sheet>
  );
}
