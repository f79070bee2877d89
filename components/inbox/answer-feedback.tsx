"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { ThumbsDown, ThumbsUp } from "lucide-react";
import * as React from "react";
import { messageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc-provider";
import { toast } from "@/components/ui/use-toast";
import { type EscalationReason, escalationReasonLabels } from "@/lib/ai/escalation";
import type { AppRouter } from "@/lib/trpc/root";
import { cn } from "@/lib/utils";

export type LoggedAnswer = inferRouterOutputs<AppRouter>["ai"]["conversationAnswers"][number];

/** The assistant's logged answers in a conversation, by bot message id. */
export function useConversationAnswers(conversationId: string): Map<string, LoggedAnswer> {
  const trpc = useTRPC();
  const answers = useQuery(trpc.ai.conversationAnswers.queryOptions({ conversationId }));
  return React.useMemo(() => new Map((answers.data ?? []).map((answer) => [answer.messageId, answer])), [answers.data]);
}

function FeedbackButton({ pressed, label, onClick, disabled, children }: { pressed: boolean; label: string; onClick(): void; disabled: boolean; children: React.ReactNode }) {
  return (
    <button
      type="button"
      aria-pressed={pressed}
      aria-label={label}
      title={label}
      disabled={disabled}
      onClick={onClick}
      className={cn(
        "inline-flex size-6 items-center justify-center rounded-md text-muted-foreground outline-none transition-colors hover:bg-accent hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring disabled:opacity-50 [&_svg]:size-3.5",
        pressed && "bg-accent text-foreground",
      )}
    >
      {children}
    </button>
  );
}

/**
 * Under a bot message: the sources it cited, how sure it was, why it handed off, and
 * good / bad buttons that feed the AI accuracy log.
 */
export function AnswerDetails({ conversationId, answer }: { conversationId: string; answer: LoggedAnswer }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const queryKey = trpc.ai.conversationAnswers.queryKey({ conversationId });
  const setFeedback = useMutation(
    trpc.ai.setFeedback.mutationOptions({
      onSuccess: ({ messageId, feedback }) => {
        queryClient.setQueryData<LoggedAnswer[]>(queryKey, (answers) => answers?.map((entry) => (entry.messageId === messageId ? { ...entry, feedback } : entry)));
        toast({ variant: "success", title: feedback ? `Marked as a ${feedback} answer` : "Mark removed" });
      },
      onError: (error) => toast({ variant: "destructive", title: "Feedback not saved", description: messageOf(error) }),
    }),
  );
  const mark = (feedback: "good" | "bad") => setFeedback.mutate({ messageId: answer.messageId, feedback: answer.feedback === feedback ? null : feedback });
  const reason = answer.escalationReason ? (escalationReasonLabels[answer.escalationReason as EscalationReason] ?? answer.escalationReason) : null;

  return (
    <div className="flex max-w-full flex-wrap items-center justify-end gap-x-2 gap-y-1 text-[11px] text-muted-foreground" data-testid="answer-details">
      {answer.sources.length ? (
        <span className="flex min-w-0 flex-wrap items-center gap-1">
          Sources:
          {answer.sources.map((source, index) =>
            source.url ? (
              <a key={source.documentId || index} href={source.url} target="_blank" rel="noreferrer" className="truncate underline underline-offset-2 hover:text-foreground">
                {source.title}
              </a>
            ) : (
              <span key={source.documentId || index} className="truncate">
                {source.title}
              </span>
            ),
          )}
        </span>
      ) : null}
      {answer.confidence !== null ? <span title="How sure the assistant was">{Math.round(answer.confidence * 100)}% sure</span> : null}
      {reason ? <span className="text-warning-foreground dark:text-warning">Handed off: {reason}</span> : null}
      <span className="flex items-center gap-0.5" role="group" aria-label="Rate this answer">
        <FeedbackButton pressed={answer.feedback === "good"} label="Good answer" disabled={setFeedback.isPending} onClick={() => mark("good")}>
          <ThumbsUp aria-hidden />
        </FeedbackButton>
        <FeedbackButton pressed={answer.feedback === "bad"} label="Bad answer" disabled={setFeedback.isPending} onClick={() => mark("bad")}>
          <ThumbsDown aria-hidden />
        </FeedbackButton>
      </span>
    </div>
  );
}
