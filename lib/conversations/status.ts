import type { ConversationStatus, Priority } from "@/lib/db/generated/enums";
import { UserFacingError } from "@/lib/errors";

export const conversationStatuses = ["open", "bot", "assigned", "pending", "resolved", "closed"] as const satisfies readonly ConversationStatus[];

/** Statuses in which someone still has to act; the inbox tabs show these by default. */
export const activeStatuses = ["open", "bot", "assigned", "pending"] as const satisfies readonly ConversationStatus[];

/**
 * Every status change a conversation may make. Staying in the same status is not a
 * transition.
 *
 * | from     | to                                   | why                                                              |
 * | -------- | ------------------------------------ | ---------------------------------------------------------------- |
 * | open     | bot, assigned, pending, resolved, closed | the bot picks it up, an agent takes it, or it is settled at once |
 * | bot      | open, assigned, resolved, closed     | handoff to the queue or straight to an agent; the bot solved it  |
 * | assigned | open, pending, resolved, closed      | back to the queue; waiting on the customer; done                 |
 * | pending  | open, assigned, resolved, closed     | the customer answered (to the queue or the assignee); done       |
 * | resolved | open, assigned, closed               | reopened by the customer or an agent; archived                   |
 * | closed   | (none)                               | archived for good: a new message starts a new conversation       |
 *
 * Once a human has had the conversation the bot does not take it back (no → bot
 * except from open), and nothing reopens a closed conversation.
 */
export const allowedTransitions: Readonly<Record<ConversationStatus, readonly ConversationStatus[]>> = {
  open: ["bot", "assigned", "pending", "resolved", "closed"],
  bot: ["open", "assigned", "resolved", "closed"],
  assigned: ["open", "pending", "resolved", "closed"],
  pending: ["open", "assigned", "resolved", "closed"],
  resolved: ["open", "assigned", "closed"],
  closed: [],
};

export function canTransition(from: ConversationStatus, to: ConversationStatus): boolean {
  return allowedTransitions[from].includes(to);
}

/** Throws a user-facing "invalid" error naming the allowed moves when `from → to` is not in the table. */
export function assertTransition(from: ConversationStatus, to: ConversationStatus): void {
  if (canTransition(from, to)) return;
  const allowed = allowedTransitions[from];
  const reason = from === to ? `it is already ${to}` : `that is not an allowed move`;
  const options = allowed.length ? `allowed: ${allowed.join(", ")}` : "allowed: none, a closed conversation stays closed";
  throw new UserFacingError("invalid", `Cannot move a conversation from ${from} to ${to}: ${reason}; ${options}.`);
}

const priorityRank: Readonly<Record<Priority, number>> = { low: 0, medium: 1, high: 2, urgent: 3 };

/** The more urgent of two priorities. */
export function higherPriority(a: Priority, b: Priority): Priority {
  return priorityRank[a] >= priorityRank[b] ? a : b;
}
