import { randomBytes } from "node:crypto";
import { z } from "zod";
import { Prisma } from "@/lib/db/generated/client";

/**
 * What an outbox event asks the relay to do, by topic:
 * - realtime topics push `data` as event `topic` on each of `channels` (pusher SDK);
 *   `notification.created` goes to the recipient's `private-user-{userId}` channel;
 *   `proactive.message` goes to a widget visitor's `private-widget-{sessionId}` channel;
 *   `conversation.status` carries only the new status, on the conversation's channel (the widget's);
 * - `message.received` sends the Inngest event of that name (the bot/AI flow listens);
 * - `message.outbound` delivers one stored reply to the customer through its channel.
 */
export const realtimeTopics = ["conversation.created", "conversation.updated", "conversation.status", "message.created", "notification.created", "proactive.message"] as const;
export type RealtimeTopic = (typeof realtimeTopics)[number];

export const realtimePayloadSchema = z.object({
  channels: z.array(z.string().min(1)).min(1).max(100),
  data: z.record(z.string(), z.unknown()),
});
export type RealtimePayload = z.infer<typeof realtimePayloadSchema>;

export const messageReceivedPayloadSchema = z.object({
  accountId: z.string().min(1),
  conversationId: z.string().min(1),
  messageId: z.string().min(1),
  contactId: z.string().min(1),
  channelId: z.string().min(1),
});
export type MessageReceivedPayload = z.infer<typeof messageReceivedPayloadSchema>;

export const messageOutboundPayloadSchema = z.object({ messageId: z.string().min(1), conversationId: z.string().min(1) });
export type MessageOutboundPayload = z.infer<typeof messageOutboundPayloadSchema>;

export type OutboxEventInput =
  | { topic: RealtimeTopic; payload: RealtimePayload }
  | { topic: "message.received"; payload: MessageReceivedPayload }
  | { topic: "message.outbound"; payload: MessageOutboundPayload };

export type OutboxTopic = OutboxEventInput["topic"];

let rowIdCounter = 0;

/** Random bytes drawn ahead in one call: a call per id cost more than the rest of making it. */
const RANDOM_POOL_BYTES = 6 * 1024;
let randomPool = Buffer.alloc(0);
let randomPoolOffset = 0;

function randomHex(bytes: number): string {
  if (randomPoolOffset + bytes > randomPool.length) {
    randomPool = randomBytes(RANDOM_POOL_BYTES);
    randomPoolOffset = 0;
  }
  randomPoolOffset += bytes;
  return randomPool.toString("hex", randomPoolOffset - bytes, randomPoolOffset);
}

/** The start of every id newRowId makes at `time`: "c" and the time in base 36. */
function rowIdTimePrefix(time: number): string {
  return `c${time.toString(36).padStart(8, "0")}`;
}

/**
 * A fresh primary key for rows written with raw SQL, shaped like the cuids the schema's
 * defaults produce: "c", the time, a per-process counter and randomness (25 characters).
 * Ids begin with their time, so ids made earlier sort lower (see rowIdsBefore).
 */
export function newRowId(): string {
  rowIdCounter = (rowIdCounter + 1) % 36 ** 4;
  return `${rowIdTimePrefix(Date.now())}${rowIdCounter.toString(36).padStart(4, "0")}${randomHex(6)}`;
}

/** An id that every id newRowId made before `time` sorts below, so a primary-key range selects rows by age. */
export function rowIdsBefore(time: Date): string {
  return rowIdTimePrefix(time.getTime());
}

/**
 * The statement that writes `events` in one INSERT, and their ids in the given order;
 * the ids ascend in that order because the relay publishes by (created_at, id) and every
 * row of one transaction has the same created_at. For writers that run it on their own
 * connection; the others use writeOutboxEvents.
 */
export function outboxEventsInsert(accountId: string, events: OutboxEventInput[]): { ids: string[]; statement: Prisma.Sql } {
  const ids = events.map(() => newRowId()).sort();
  const statement = Prisma.sql`
    INSERT INTO outbox_events (id, account_id, topic, payload)
    SELECT event.id, ${accountId}, event.topic, event.payload::jsonb
      FROM unnest(${ids}::text[], ${events.map((event) => event.topic)}::text[], ${events.map((event) => JSON.stringify(event.payload))}::text[]) AS event(id, topic, payload)`;
  return { ids, statement };
}

/**
 * Writes events inside the caller's transaction, so they exist exactly when the change
 * they describe commits, in one statement. Returns their ids in the given order.
 */
export async function writeOutboxEvents(tx: Prisma.TransactionClient, accountId: string, events: OutboxEventInput[]): Promise<string[]> {
  if (events.length === 0) return [];
  const { ids, statement } = outboxEventsInsert(accountId, events);
  await tx.$executeRaw(statement);
  return ids;
}
