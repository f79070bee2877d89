import type { Conversation, Message, Prisma } from "@/lib/db/generated/client";
import type { ChannelType } from "@/lib/db/generated/enums";
import type { OutboxEventInput } from "@/lib/outbox/outbox";
import { messageCreatedEvents } from "./events";

/**
 * Records a change (assignment, status, labels...) as a `system` message in the thread.
 * It is private, so no customer-facing client or channel ever sees it; agents get it on
 * the account channel. Returns the outbox events announcing it.
 */
export async function addSystemEvent(
  tx: Prisma.TransactionClient,
  conversation: Pick<Conversation, "id" | "accountId" | "channelId">,
  channelType: ChannelType,
  text: string,
  actorUserId: string | null,
): Promise<{ message: Message; events: OutboxEventInput[] }> {
  const message = await tx.message.create({
    data: {
      accountId: conversation.accountId,
      conversationId: conversation.id,
      channelId: conversation.channelId,
      direction: "outbound",
      senderType: "system",
      senderUserId: actorUserId,
      isPrivate: true,
      content: text,
    },
  });
  return { message, events: messageCreatedEvents(conversation.accountId, channelType, { ...message, senderName: null }) };
}
