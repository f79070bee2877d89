"use client";

import { ExternalLink } from "lucide-react";
import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Sheet, SheetContent, SheetDescription, SheetHeader, SheetTitle } from "@/components/ui/sheet";
import { type EscalationReason, escalationReasonLabels } from "@/lib/ai/escalation";
import { formatLatency, formatPercent, outcomeLabels } from "./format";
import { OutcomeBadge, type InteractionRow } from "./interaction-row";

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid gap-1">
      <dt className="text-xs font-medium text-muted-foreground">{label}</dt>
      <dd className="text-sm">{children}</dd>
    </div>
  );
}

/** Everything logged about one answer: question, answer, sources, tools, providers tried. */
export function InteractionSheet({ row, onClose }: { row: InteractionRow | null; onClose(): void }) {
  return (
    <Sheet open={row !== null} onOpenChange={(open) => (open ? undefined : onClose())}>
      <SheetContent side="right" className="w-full gap-0 overflow-y-auto sm:max-w-xl">
        {row ? (
          <>
            <SheetHeader className="border-b">
              <SheetTitle className="flex items-center gap-2">
                <OutcomeBadge outcome={row.outcome} /> {outcomeLabels[row.outcome]} answer
              </SheetTitle>
              <SheetDescription>
                {row.createdAt.toLocaleString()} · {row.provider} · {row.model}
              </SheetDescription>
            </SheetHeader>
            <dl className="grid gap-4 p-4">
              <Field label="Customer asked">
                <p className="rounded-md bg-muted px-3 py-2 break-words whitespace-pre-wrap">{row.question || "(no text)"}</p>
              </Field>
              <Field label="Assistant said">
                <p className="rounded-md border border-violet-200 bg-violet-50 px-3 py-2 break-words whitespace-pre-wrap text-violet-950 dark:border-violet-400/30 dark:bg-violet-500/15 dark:text-violet-50">
                  {row.answer || "(nothing)"}
                </p>
              </Field>
              {row.escalationReason ? <Field label="Handed off because">{escalationReasonLabels[row.escalationReason as EscalationReason] ?? row.escalationReason}</Field> : null}
              <Field label="Sources">
                {row.sources.length ? (
                  <ul className="grid gap-1">
                    {row.sources.map((source, index) => (
                      <li key={`${source.documentId}-${index}`}>
                        {source.url ? (
                          <a href={source.url} target="_blank" rel="noreferrer" className="inline-flex items-center gap-1 underline underline-offset-2">
                            {source.title} <ExternalLink aria-hidden className="size-3" />
                          </a>
                        ) : (
                          source.title
                        )}
                      </li>
                    ))}
                  </ul>
                ) : (
                  <span className="text-muted-foreground">None cited</span>
                )}
              </Field>
              <div className="grid grid-cols-2 gap-4 sm:grid-cols-4">
                <Field label="Latency">{formatLatency(row.latencyMs)}</Field>
                <Field label="First token">{formatLatency(row.firstTokenMs)}</Field>
                <Field label="Confidence">{formatPercent(row.confidence)}</Field>
                <Field label="Tokens">{row.inputTokens === null ? "—" : `${row.inputTokens} in · ${row.outputTokens ?? 0} out`}</Field>
              </div>
              {row.toolCalls.length ? (
                <Field label="Tools used">
                  <span className="flex flex-wrap gap-1">
                    {row.toolCalls.map((call, index) => (
                      <Badge key={index} variant="secondary" className="font-mono">
                        {call.name}
                      </Badge>
                    ))}
                  </span>
                </Field>
              ) : null}
              {row.attempts.length ? (
                <Field label="Providers that failed first">
                  <ul className="grid gap-1">
                    {row.attempts.map((attempt, index) => (
                      <li key={index} className="text-xs">
                        <span className="font-medium">{attempt.provider}</span>: <span className="text-muted-foreground">{attempt.error}</span>
                      </li>
                    ))}
                  </ul>
                </Field>
              ) : null}
              <Field label="Agent rating">{row.feedback ? `${row.feedback === "good" ? "Good" : "Bad"}${row.feedbackBy ? `, by ${row.feedbackBy}` : ""}` : "Not rated"}</Field>
              <div>
                <Button asChild variant="outline" size="sm">
                  <a href={`/inbox?c=${encodeURIComponent(row.conversationId)}`}>Open the conversation</a>
                </Button>
              </div>
            </dl>
          </>
        ) : null}
      </SheetContent>
    </Sheet>
  );
}
