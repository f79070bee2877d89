/**
 * Whether the assistant may answer in a conversation right now.
 *
 * It answers only an open or bot conversation nobody is assigned to, that is not paused,
 * that is not waiting for a person after a hand-off, and in which no agent has written
 * since the assistant was last given the conversation. The assistant is given a
 * conversation when it starts, when an agent resumes the assistant (bot_context.resumedAt)
 * and when the conversation was resolved (a customer writing again starts afresh).
 */
import type { Prisma } from "@/lib/db/generated/client";
import type { ConversationStatus } from "@/lib/db/generated/enums";
import type { HandoffContext } from "./escalation";

/** conversations.bot_context as the assistant writes it: the last hand-off, and when an agent last resumed the assistant. */
export type BotContext = Partial<HandoffContext> & { resumedAt?: string };

export function readBotContext(value: Prisma.JsonValue | unknown): BotContext {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as BotContext) : {};
}

function dateOf(iso: unknown): Date | null {
  if (typeof iso !== "string") return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

function latest(...dates: Array<Date | null | undefined>): Date | null {
  return dates.reduce<Date | null>((max, date) => (date && (!max || date > max) ? date : max), null);
}

export interface ConversationForGate {
  status: ConversationStatus;
  assigneeId: string | null;
  aiPaused: boolean;
  botContext: Prisma.JsonValue;
  resolvedAt: Date | null;
}

/** Since when the assistant has the conversation (null: since it started). */
export function assistantSince(conversation: Pick<ConversationForGate, "botContext" | "resolvedAt">): Date | null {
  return latest(dateOf(readBotContext(conversation.botContext).resumedAt), conversation.resolvedAt);
}

/** When the conversation was last handed to a person and is still waiting for one, else null. */
export function pendingHandoffAt(conversation: Pick<ConversationForGate, "botContext" | "resolvedAt">): Date | null {
  const handoffAt = dateOf(readBotContext(conversation.botContext).at);
  if (!handoffAt) return null;
  const since = assistantSince(conversation);
  return since && since >= handoffAt ? null : handoffAt;
}

export type AnswerBlocker = "paused" | "human_has_it" | "handed_off" | "closed";

/**
 * Why the assistant must not answer, or null when it may. `agentWroteSince` says whether
 * an agent sent a public message after `assistantSince(conversation)`.
 */
export function answerBlocker(conversation: ConversationForGate, agentWroteSince: boolean): AnswerBlocker | null {
  if (conversation.status === "closed" || conversation.status === "resolved") return "closed";
  if (conversation.aiPaused) return "paused";
  if (conversation.assigneeId || conversation.status === "assigned" || conversation.status === "pending" || agentWroteSince) return "human_has_it";
  if (pendingHandoffAt(conversation)) return "handed_off";
  return null;
}

/** Start of the window in which the assistant's answers count towards maxBotTurns. */
export function botTurnsSince(conversation: Pick<ConversationForGate, "botContext" | "resolvedAt">): Date | null {
  return latest(assistantSince(conversation), dateOf(readBotContext(conversation.botContext).at));
}
