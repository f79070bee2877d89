import type { ChannelAdapter } from "@/lib/channels/types";
import type { Channel, Prisma } from "@/lib/db/generated/client";
import { storedAttachments } from "@/lib/conversations/attachments";
import { threadMessageData } from "@/lib/conversations/events";
import type { ChannelType } from "@/lib/db/generated/enums";
import { realtimeChannels } from "@/lib/realtime/channels";

interface DeliveryDeps {
  trigger(channels: string[], event: string, data: Record<string, unknown>): Promise<void>;
  getChannelAdapter(type: ChannelType): ChannelAdapter<Channel> | undefined;
}

/** A reply that could not be delivered; the relay stores the reason on the message and retries. */
export class DeliveryFailure extends Error {
  constructor(
    readonly messageId: string,
    reason: string,
  ) {
    super(reason);
    this.name = "DeliveryFailure";
  }
}

/** Shows the agent why a reply is still pending (written after the failed attempt is rolled back). */
export async function recordDeliveryFailure(tx: Prisma.TransactionClient, failure: DeliveryFailure): Promise<void> {
  await tx.message.update({ where: { id: failure.messageId }, data: { deliveryError: failure.message.slice(0, 1_000) } });
}

/**
 * Delivers one stored agent/bot reply to the customer (outbox topic `message.outbound`).
 * Web: the push on the conversation's realtime channel is the delivery. Other types go
 * through their channel adapter; a type without an adapter keeps the message `pending`
 * with a delivery_error saying so, and the event is retried (it goes out once an adapter
 * exists). Throws on failure so the relay retries; already-delivered messages and
 * private ones are never sent.
 */
export async function deliverOutboundMessage(tx: Prisma.TransactionClient, messageId: string, deps: DeliveryDeps): Promise<void> {
  const message = await tx.message.findUnique({
    where: { id: messageId },
    include: {
      channel: true,
      senderUser: { select: { name: true } },
      conversation: { select: { contactId: true } },
    },
  });
  if (!message) throw new Error(`Message ${messageId} no longer exists; nothing to deliver.`);
  const { senderType } = message;
  if (message.isPrivate || message.direction !== "outbound" || message.deliveryStatus !== "pending" || senderType === "contact") return;

  const { channel } = message;
  if (channel.type === "web") {
    const pushed = { ...message, deliveryStatus: "sent" as const, senderName: message.senderUser?.name ?? null };
    await deps.trigger([realtimeChannels.conversation(message.conversationId)], "message.created", threadMessageData(pushed));
    await tx.message.update({ where: { id: message.id }, data: { deliveryStatus: "sent", deliveryError: null } });
    return;
  }

  const adapter = deps.getChannelAdapter(channel.type);
  if (!adapter) throw new DeliveryFailure(message.id, `No adapter for ${channel.type} yet`);

  const identifiers = await tx.contactIdentifier.findMany({
    where: { accountId: message.accountId, contactId: message.conversation.contactId, channelType: channel.type },
    select: { identifier: true, channelId: true },
  });
  const recipient = identifiers.find((row) => row.channelId === channel.id) ?? identifiers[0];
  if (!recipient) throw new DeliveryFailure(message.id, `The contact has no ${channel.type} identifier to send to.`);

  let externalId: string | undefined;
  try {
    ({ externalId } = await adapter.send(channel, {
      messageId: message.id,
      conversationId: message.conversationId,
      contactIdentifier: recipient.identifier,
      text: message.content,
      attachments: storedAttachments(message.attachments),
      senderType,
      senderName: message.senderUser?.name,
    }));
  } catch (error) {
    throw new DeliveryFailure(message.id, error instanceof Error ? error.message : String(error));
  }
  await tx.message.update({
    where: { id: message.id },
    data: { deliveryStatus: "sent", deliveryError: null, ...(externalId ? { externalId } : {}) },
  });
}
