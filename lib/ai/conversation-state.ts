/**
 * What answering a message reads from its conversation's messages, in one statement on the
 * pool under Prisma (it runs before every answer, and four Prisma queries cost several
 * times one round trip): the rest of the gate, the turn count and the memory.
 */
import { sqlPool, type Database } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { queryRows } from "@/lib/db/sql";
import { assistantSince, botTurnsSince, type ConversationForGate } from "./eligibility";
import { earlierTurnsQuery, type EarlierTurnJson } from "./memory";

export interface ConversationState {
  /** An agent wrote to the customer since the assistant was given the conversation (answerBlocker's `agentWroteSince`). */
  agentWrote: boolean;
  /** The message was already answered: a bot message replies to it. */
  answered: boolean;
  /** The assistant's public answers in the turn-limit window (botTurnsSince). */
  botTurns: number;
  /** The `window` public messages before the message, newest first (lib/ai/memory.ts). */
  earlier: EarlierTurnJson[];
}

/**
 * The conversation's state for answering `message`. The first two are the checks
 * persistAnswer makes again under the conversation's lock (agentWroteSince, findAnswerTo),
 * so a reply or an answer stored meanwhile is never overlooked.
 */
export async function readConversationState(
  db: Database,
  conversation: ConversationForGate & { id: string; accountId: string },
  message: { id: string; createdAt: Date },
  window: number,
): Promise<ConversationState> {
  const since = assistantSince(conversation);
  const turnsFrom = botTurnsSince(conversation);
  const scope = { accountId: conversation.accountId, conversationId: conversation.id };
  const [state] = await queryRows<ConversationState>(
    sqlPool(db),
    Prisma.sql`
    SELECT EXISTS (SELECT 1 FROM messages
                    WHERE conversation_id = ${conversation.id} AND sender_type = 'agent' AND NOT is_private
                      AND (${since}::timestamp IS NULL OR created_at > ${since}::timestamp)) AS "agentWrote",
           EXISTS (SELECT 1 FROM messages
                    WHERE conversation_id = ${conversation.id} AND sender_type = 'bot' AND ai_metadata ->> 'replyTo' = ${message.id}::text) AS answered,
           (SELECT count(*) FROM messages
             WHERE conversation_id = ${conversation.id} AND sender_type = 'bot' AND NOT is_private
               AND (${turnsFrom}::timestamp IS NULL OR created_at > ${turnsFrom}::timestamp))::int AS "botTurns",
           ${earlierTurnsQuery(scope, message, window)} AS earlier`,
    { prepareAs: "answer_conversation_state" },
  );
  return state!;
}
