import type { Conversation, Message } from "@/lib/db/generated/client";
import type { ChannelType, ConversationStatus } from "@/lib/db/generated/enums";
import type { OutboxEventInput } from "@/lib/outbox/outbox";
import { realtimeChannels } from "@/lib/realtime/channels";

/** Characters of a message shown in list rows and account-wide events. */
export const PREVIEW_LENGTH = 200;
/** Pusher (and the embedded server) refuse event data over 10 KB; stay clear of it. */
const MAX_PUSH_BYTES = 9_000;

export function messagePreview(content: string): string {
  const flat = content.replace(/\s+/g, " ").trim();
  return flat.length > PREVIEW_LENGTH ? `${flat.slice(0, PREVIEW_LENGTH - 1)}…` : flat;
}

type MessageForPush = Pick<Message, "id" | "conversationId" | "direction" | "senderType" | "isPrivate" | "content" | "attachments" | "deliveryStatus" | "createdAt"> & {
  senderName: string | null;
};

function messageHeader(message: MessageForPush) {
  return {
    id: message.id,
    conversationId: message.conversationId,
    direction: message.direction,
    senderType: message.senderType,
    senderName: message.senderName,
    isPrivate: message.isPrivate,
    deliveryStatus: message.deliveryStatus,
    createdAt: message.createdAt.toISOString(),
  };
}

/**
 * A message as a thread (agent's or widget's) shows it. A text too large for one
 * realtime event is left out and flagged; the client then fetches the message by id.
 */
export function threadMessageData(message: MessageForPush): Record<string, unknown> {
  const base = { ...messageHeader(message), attachments: message.attachments };
  const full = { ...base, content: message.content, contentTruncated: false };
  return Buffer.byteLength(JSON.stringify(full)) <= MAX_PUSH_BYTES ? full : { ...base, contentTruncated: true };
}

/**
 * Realtime events for a new message. Every message goes to the account's agents with a
 * preview and, when storing it changed its conversation, that conversation's list fields
 * (`conversation`): one event per agent per message, from which the list row is patched
 * (or, for a row the list has not seen, the list refetched), rather than a message event
 * and a conversation event that every agent's browser would handle in turn. Public
 * messages also go, whole, on the conversation's channel, the one a customer-facing
 * client may listen to; private notes and system events never do. An outbound public
 * message on a web channel is pushed there by its delivery instead (lib/outbox/deliver.ts),
 * so it is not pushed twice.
 */
export function messageCreatedEvents(accountId: string, channelType: ChannelType, message: MessageForPush, conversation?: Conversation): OutboxEventInput[] {
  const accountData = { ...messageHeader(message), preview: messagePreview(message.content), ...(conversation ? { conversation: conversationChanges(conversation) } : {}) };
  const events: OutboxEventInput[] = [{ topic: "message.created", payload: { channels: [realtimeChannels.account(accountId)], data: accountData } }];
  const deliveredByPush = message.direction === "outbound" && channelType === "web";
  if (!message.isPrivate && !deliveredByPush) {
    events.push({ topic: "message.created", payload: { channels: [realtimeChannels.conversation(message.conversationId)], data: threadMessageData(message) } });
  }
  return events;
}

/** The fields of an inbox list row that change over a conversation's life. */
export function conversationChanges(conversation: Conversation) {
  return {
    id: conversation.id,
    status: conversation.status,
    priority: conversation.priority,
    labels: conversation.labels,
    assigneeId: conversation.assigneeId,
    teamId: conversation.teamId,
    unreadCount: conversation.unreadCount,
    lastMessageAt: conversation.lastMessageAt.toISOString(),
    waitingSince: conversation.waitingSince?.toISOString() ?? null,
    firstReplyAt: conversation.firstReplyAt?.toISOString() ?? null,
    resolvedAt: conversation.resolvedAt?.toISOString() ?? null,
  };
}

export function conversationUpdatedEvent(conversation: Conversation): OutboxEventInput {
  return { topic: "conversation.updated", payload: { channels: [realtimeChannels.account(conversation.accountId)], data: conversationChanges(conversation) } };
}

/**
 * A status change as the customer may see it: only the status, on the conversation's
 * channel (where the widget listens), never the agent-facing fields.
 */
export function conversationStatusEvent(conversationId: string, status: ConversationStatus): OutboxEventInput {
  return { topic: "conversation.status", payload: { channels: [realtimeChannels.conversation(conversationId)], data: { conversationId, status } } };
}

/** Everything a list needs to show a row it has never seen. */
export function conversationCreatedEvent(
  conversation: Conversation,
  row: { channelType: ChannelType; contactName: string | null; preview: string },
): OutboxEventInput {
  return {
    topic: "conversation.created",
    payload: {
      channels: [realtimeChannels.account(conversation.accountId)],
      data: { ...conversationChanges(conversation), channelId: conversation.channelId, contactId: conversation.contactId, ...row },
    },
  };
}
