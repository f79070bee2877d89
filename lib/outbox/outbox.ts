import { z } from "zod";
import type { Prisma } from "@/lib/db/generated/client";

/**
 * What an outbox event asks the relay to do, by topic:
 * - realtime topics push `data` as event `topic` on each of `channels` (pusher SDK);
 *   `notification.created` goes to the recipient's `private-user-{userId}` channel;
 * - `message.received` sends the Inngest event of that name (the bot/AI flow listens);
 * - `message.outbound` delivers one stored reply to the customer through its channel.
 */
export const realtimeTopics = ["conversation.created", "conversation.updated", "message.created", "notification.created"] as const;
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

/**
 * Writes events inside the caller's transaction, so they exist exactly when the change
 * they describe commits. Returns their ids in the given order (the relay publishes in
 * creation order).
 */
export async function writeOutboxEvents(tx: Prisma.TransactionClient, accountId: string, events: OutboxEventInput[]): Promise<string[]> {
  if (events.length === 0) return [];
  const rows = await tx.outboxEvent.createManyAndReturn({
    data: events.map((event) => ({ accountId, topic: event.topic, payload: event.payload as Prisma.InputJsonObject })),
    select: { id: true },
  });
  return rows.map((row) => row.id);
}
