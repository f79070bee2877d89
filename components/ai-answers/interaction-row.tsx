"use client";

import type { inferRouterOutputs } from "@trpc/server";
import { ThumbsDown, ThumbsUp } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { TableCell, TableRow } from "@/components/ui/table";
import type { AiOutcome } from "@/lib/db/generated/enums";
import type { AppRouter } from "@/lib/trpc/root";
import { formatLatency, formatPercent, outcomeLabels } from "./format";

export type InteractionRow = inferRouterOutputs<AppRouter>["ai"]["interactions"]["rows"][number];

const outcomeVariants: Record<AiOutcome, "success" | "warning" | "destructive"> = { answered: "success", escalated: "warning", failed: "destructive" };

export function OutcomeBadge({ outcome }: { outcome: AiOutcome }) {
  return <Badge variant={outcomeVariants[outcome]}>{outcomeLabels[outcome]}</Badge>;
}

const dateTime = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", hour: "numeric", minute: "2-digit" });

/** One answer in the log: when, outcome, the question and the answer, who answered, how fast, how sure, the agents' rating. */
export function InteractionTableRow({ row, onOpen }: { row: InteractionRow; onOpen(): void }) {
  return (
    <TableRow className="cursor-pointer align-top" onClick={onOpen} data-testid="ai-interaction">
      <TableCell className="text-xs whitespace-nowrap text-muted-foreground">
        <time dateTime={row.createdAt.toISOString()}>{dateTime.format(row.createdAt)}</time>
      </TableCell>
      <TableCell>
        <OutcomeBadge outcome={row.outcome} />
      </TableCell>
      <TableCell className="max-w-[22rem] whitespace-normal">
        <button
          type="button"
          className="grid w-full gap-1 rounded-sm text-left outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50"
          onClick={(event) => {
            event.stopPropagation();
            onOpen();
          }}
        >
          <span className="line-clamp-2 font-medium break-words">{row.question || "(no text)"}</span>
          <span className="line-clamp-2 text-xs break-words text-muted-foreground">{row.answer}</span>
        </button>
        {row.sources.length ? <p className="mt-1 truncate text-xs text-muted-foreground">Sources: {row.sources.map((source) => source.title).join(", ")}</p> : null}
      </TableCell>
      <TableCell className="text-xs">
        <span className="block font-medium">{row.provider}</span>
        <span className="text-muted-foreground">{row.model}</span>
      </TableCell>
      <TableCell className="text-xs whitespace-nowrap tabular-nums">{formatLatency(row.latencyMs)}</TableCell>
      <TableCell className="text-xs tabular-nums">{formatPercent(row.confidence)}</TableCell>
      <TableCell>
        {row.feedback === "good" ? (
          <ThumbsUp aria-label="Rated good" className="size-4 text-success" />
        ) : row.feedback === "bad" ? (
          <ThumbsDown aria-label="Rated bad" className="size-4 text-destructive" />
        ) : (
          <span className="text-xs text-muted-foreground">—</span>
        )}
      </TableCell>
    </TableRow>
  );
}
