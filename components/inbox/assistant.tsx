"use client";

import { useMutation } from "@tanstack/react-query";
import { Bot, BotOff, Hand, Play } from "lucide-react";
import * as React from "react";
import { messageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { toast } from "@/components/ui/use-toast";
import { pendingHandoffAt, readBotContext } from "@/lib/ai/eligibility";
import { type EscalationReason, escalationReasonLabels } from "@/lib/ai/escalation";
import { formatRelativeTime } from "./format";
import { useNow } from "./inbox-context";
import type { ConversationDetail } from "./inbox-data";
import { useInvalidateConversation, useListRowPatcher } from "./inbox-data";

type AssistantState = "answering" | "ready" | "paused" | "handed_off" | "with_agent" | "off";

/** What the assistant does in this conversation now, as the agent should read it. */
function assistantState(detail: Pick<ConversationDetail, "status" | "assigneeId" | "aiPaused" | "botContext" | "resolvedAt">): AssistantState {
  if (detail.status === "closed") return "off";
  if (detail.aiPaused) return "paused";
  if (detail.assigneeId || detail.status === "assigned" || detail.status === "pending") return "with_agent";
  if (pendingHandoffAt(detail)) return "handed_off";
  return detail.status === "bot" ? "answering" : "ready";
}

const stateLabels: Record<AssistantState, { badge: string; description: string }> = {
  answering: { badge: "AI answering", description: "The assistant is answering this customer. Reply yourself to take over." },
  ready: { badge: "AI on", description: "The assistant answers the customer's next message unless someone replies first." },
  paused: { badge: "AI paused", description: "The assistant stays silent here until someone resumes it." },
  handed_off: { badge: "Handed off", description: "The assistant handed this conversation to the team and waits for a person." },
  with_agent: { badge: "AI off", description: "A person has this conversation, so the assistant stays silent." },
  off: { badge: "AI off", description: "This conversation is closed." },
};

/** Pause while the assistant could answer; resume (or hand back) otherwise. */
function toggleFor(state: AssistantState): { action: "pause" | "resume"; label: string } | null {
  if (state === "off") return null;
  if (state === "answering" || state === "ready") return { action: "pause", label: "Pause AI" };
  if (state === "with_agent") return { action: "resume", label: "Hand back to AI" };
  return { action: "resume", label: "Resume AI" };
}

function useAssistantToggle(conversationId: string) {
  const trpc = useTRPC();
  const invalidate = useInvalidateConversation();
  const patchRows = useListRowPatcher();
  const options = (done: string) => ({
    onSuccess: async (conversation: { id: string; status: ConversationDetail["status"]; assigneeId: string | null }) => {
      patchRows(conversation.id, (row) => ({ ...row, status: conversation.status, assigneeId: conversation.assigneeId, assigneeName: conversation.assigneeId ? row.assigneeName : null }));
      await invalidate(conversationId);
      toast({ variant: "success", title: done });
    },
    onError: (error: unknown) => toast({ variant: "destructive", title: "The assistant was not changed", description: messageOf(error) }),
  });
  const pause = useMutation(trpc.ai.pause.mutationOptions(options("Assistant paused on this conversation")));
  const resume = useMutation(trpc.ai.resume.mutationOptions(options("The assistant answers this customer again")));
  return { pause, resume, pending: pause.isPending || resume.isPending };
}

const stateIcons: Record<AssistantState, React.ReactNode> = {
  answering: <Bot aria-hidden />,
  ready: <Bot aria-hidden />,
  paused: <BotOff aria-hidden />,
  handed_off: <Hand aria-hidden />,
  with_agent: <BotOff aria-hidden />,
  off: <BotOff aria-hidden />,
};

export function AssistantBadge({ detail }: { detail: ConversationDetail }) {
  const state = assistantState(detail);
  return (
    <Badge
      variant={state === "paused" || state === "handed_off" ? "warning" : "outline"}
      className={state === "answering" || state === "ready" ? "border-violet-300 text-violet-700 dark:border-violet-400/40 dark:text-violet-300" : undefined}
      title={stateLabels[state].description}
      data-testid="assistant-state"
    >
      {stateIcons[state]}
      {stateLabels[state].badge}
    </Badge>
  );
}

/** The pause / resume button, for the thread header and the side panel. */
export function AssistantToggle({ detail, className }: { detail: ConversationDetail; className?: string }) {
  const toggle = toggleFor(assistantState(detail));
  const { pause, resume, pending } = useAssistantToggle(detail.id);
  if (!toggle) return null;
  const mutation = toggle.action === "pause" ? pause : resume;
  return (
    <Button
      variant="outline"
      size="sm"
      className={className}
      disabled={pending}
      onClick={() => mutation.mutate({ conversationId: detail.id })}
      data-testid="assistant-toggle"
    >
      {pending ? <Spinner size="sm" /> : toggle.action === "pause" ? <BotOff aria-hidden /> : <Play aria-hidden />}
      {toggle.label}
    </Button>
  );
}

function reasonLabel(reason: unknown): string | null {
  if (typeof reason !== "string" || !reason) return null;
  return escalationReasonLabels[reason as EscalationReason] ?? reason.replaceAll("_", " ");
}

function FactList({ label, values }: { label: string; values: Array<string | number> }) {
  if (values.length === 0) return null;
  return (
    <div className="grid gap-0.5">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="flex flex-wrap gap-1">
        {values.map((value) => (
          <Badge key={String(value)} variant="secondary" className="font-mono text-[11px]">
            {value}
          </Badge>
        ))}
      </dd>
    </div>
  );
}

const strings = (value: unknown) => (Array.isArray(value) ? value.filter((item): item is string | number => typeof item === "string" || typeof item === "number") : []);

/** The side panel's assistant section: what it does now, the pause / resume control, and what it learned before handing off. */
export function AssistantSection({ detail }: { detail: ConversationDetail }) {
  const now = useNow();
  const state = assistantState(detail);
  // Older conversations keep `handoffReason` and a top-level `intent`; newer ones `reason` and `facts`.
  const context = readBotContext(detail.botContext) as ReturnType<typeof readBotContext> & { handoffReason?: string; intent?: string };
  const facts = (context.facts ?? {}) as Partial<Record<"emails" | "orderNumbers" | "ticketNumbers", unknown>> & { intent?: unknown };
  const reason = reasonLabel(context.reason ?? context.handoffReason);
  const intent = typeof facts.intent === "string" ? facts.intent : context.intent;
  const at = context.at ? new Date(context.at) : null;
  const hasContext = Boolean(context.summary || reason || intent);

  return (
    <div className="grid gap-3" data-testid="assistant-section">
      <div className="flex flex-wrap items-center gap-2">
        <AssistantBadge detail={detail} />
        <AssistantToggle detail={detail} />
      </div>
      <p className="text-xs text-muted-foreground">{stateLabels[state].description}</p>
      {hasContext ? (
        <dl className="grid gap-2 text-sm" aria-label="What the assistant learned" data-testid="bot-context">
          {reason ? (
            <div className="grid gap-0.5">
              <dt className="text-xs text-muted-foreground">Handoff reason</dt>
              <dd className="font-medium">
                {reason}
                {at && !Number.isNaN(at.getTime()) ? <span className="font-normal text-muted-foreground"> · {formatRelativeTime(at, now)}</span> : null}
              </dd>
            </div>
          ) : null}
          {context.summary ? (
            <div className="grid gap-0.5">
              <dt className="text-xs text-muted-foreground">Summary</dt>
              <dd className="break-words whitespace-pre-wrap">{context.summary}</dd>
            </div>
          ) : null}
          {intent ? (
            <div className="grid gap-0.5">
              <dt className="text-xs text-muted-foreground">Intent</dt>
              <dd>{intent.replaceAll("_", " ")}</dd>
            </div>
          ) : null}
          <FactList label="Emails" values={strings(facts.emails)} />
          <FactList label="Order numbers" values={strings(facts.orderNumbers)} />
          <FactList label="Tickets" values={strings(facts.ticketNumbers).map((number) => `#${number}`)} />
          {typeof context.botTurns === "number" ? (
            <div className="grid gap-0.5">
              <dt className="text-xs text-muted-foreground">Assistant answers</dt>
              <dd className="tabular-nums">{context.botTurns}</dd>
            </div>
          ) : null}
        </dl>
      ) : (
        <p className="text-sm text-muted-foreground">The assistant has not handed this conversation off.</p>
      )}
    </div>
  );
}
