import type { ChannelRef, NormalizedInboundMessage } from "@/lib/channels/types";
import type { Database } from "@/lib/db/client";
import type { Contact, Conversation, Message, Prisma } from "@/lib/db/generated/client";
import { UserFacingError } from "@/lib/errors";
import { type OutboxEventInput, writeOutboxEvents } from "@/lib/outbox/outbox";
import { relayAfterCommit } from "@/lib/outbox/relay";
import { conversationCreatedEvent, conversationUpdatedEvent, messageCreatedEvents, messagePreview } from "./events";
import { messageTextTooLarge } from "./limits";
import { activeStatuses } from "./status";
import { addSystemEvent } from "./thread";

export interface IngestResult {
  /** True when this provider message id was already stored: nothing was written. */
  duplicate: boolean;
  message: Message;
  conversation: Conversation;
  contact: Contact;
  outboxEventIds: string[];
}

/** Concurrent first messages can race on a unique key; the loser retries and finds the winner's rows. */
const MAX_ATTEMPTS = 3;

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

async function resolveContact(tx: Prisma.TransactionClient, channel: ChannelRef, from: NormalizedInboundMessage["contact"]): Promise<Contact> {
  const known = await tx.contactIdentifier.findUnique({
    where: { accountId_channelType_identifier: { accountId: channel.accountId, channelType: channel.type, identifier: from.identifier } },
    include: { contact: true },
  });
  if (!known) {
    return tx.contact.create({
      data: {
        accountId: channel.accountId,
        name: from.name ?? null,
        email: from.email ?? null,
        phone: from.phone ?? null,
        identifiers: { create: { accountId: channel.accountId, channelType: channel.type, channelId: channel.id, identifier: from.identifier } },
      },
    });
  }
  // Fill in what we did not know; never overwrite what an agent may have corrected.
  const missing = {
    ...(!known.contact.name && from.name ? { name: from.name } : {}),
    ...(!known.contact.email && from.email ? { email: from.email } : {}),
    ...(!known.contact.phone && from.phone ? { phone: from.phone } : {}),
  };
  return Object.keys(missing).length ? tx.contact.update({ where: { id: known.contact.id }, data: missing }) : known.contact;
}

/** The contact's conversation on this channel that the message belongs to, by the reopen rules. */
async function findConversation(tx: Prisma.TransactionClient, channel: ChannelRef, contactId: string) {
  const scope = { accountId: channel.accountId, channelId: channel.id, contactId, mergedIntoId: null };
  const active = await tx.conversation.findFirst({ where: { ...scope, status: { in: [...activeStatuses] } }, orderBy: { lastMessageAt: "desc" } });
  if (active) return active;
  // After `resolved` the customer reopens it; after `closed` (archived) a new one starts.
  return tx.conversation.findFirst({ where: { ...scope, status: "resolved" }, orderBy: { lastMessageAt: "desc" } });
}

async function ingestInTransaction(tx: Prisma.TransactionClient, channel: ChannelRef, inbound: NormalizedInboundMessage): Promise<IngestResult> {
  const stored = await tx.message.findUnique({
    where: { channelId_externalId: { channelId: channel.id, externalId: inbound.externalId } },
    include: { conversation: { include: { contact: true } } },
  });
  if (stored) {
    const { conversation, ...message } = stored;
    const { contact, ...conversationRow } = conversation;
    return { duplicate: true, message, conversation: conversationRow, contact, outboxEventIds: [] };
  }

  const contact = await resolveContact(tx, channel, inbound.contact);
  // One writer per contact at a time, so two messages arriving together land in one conversation.
  await tx.$executeRaw`SELECT 1 FROM contacts WHERE id = ${contact.id} FOR UPDATE`;

  const now = new Date();
  const sentAt = inbound.sentAt && inbound.sentAt < now ? inbound.sentAt : now;
  const existing = await findConversation(tx, channel, contact.id);
  const conversation =
    existing ??
    (await tx.conversation.create({ data: { accountId: channel.accountId, channelId: channel.id, contactId: contact.id, status: "open", lastMessageAt: sentAt } }));

  const message = await tx.message.create({
    data: {
      accountId: channel.accountId,
      conversationId: conversation.id,
      channelId: channel.id,
      direction: "inbound",
      senderType: "contact",
      content: inbound.text,
      attachments: inbound.attachments as unknown as Prisma.InputJsonArray,
      externalId: inbound.externalId,
      createdAt: sentAt,
    },
  });

  const events: OutboxEventInput[] = [];
  // The customer spoke: a resolved conversation reopens, one waiting on the customer goes back to whoever handles it.
  const nextStatus = conversation.status === "resolved" ? "open" : conversation.status === "pending" ? (conversation.assigneeId ? "assigned" : "open") : conversation.status;
  if (existing && nextStatus !== conversation.status) {
    const text = conversation.status === "resolved" ? "Reopened: the customer wrote again." : `Back to ${nextStatus}: the customer replied.`;
    events.push(...(await addSystemEvent(tx, conversation, channel.type, text, null)).events);
  }
  const updated = await tx.conversation.update({
    where: { id: conversation.id },
    data: {
      status: nextStatus,
      lastMessageAt: sentAt > conversation.lastMessageAt ? sentAt : conversation.lastMessageAt,
      unreadCount: { increment: 1 },
      waitingSince: conversation.waitingSince ?? sentAt,
    },
  });

  const preview = messagePreview(message.content);
  events.unshift(
    existing ? conversationUpdatedEvent(updated, preview) : conversationCreatedEvent(updated, { channelType: channel.type, contactName: contact.name, preview }),
  );
  events.push(...messageCreatedEvents(channel.accountId, channel.type, { ...message, senderName: contact.name }));
  events.push({
    topic: "message.received",
    payload: { accountId: channel.accountId, conversationId: conversation.id, messageId: message.id, contactId: contact.id, channelId: channel.id },
  });
  const outboxEventIds = await writeOutboxEvents(tx, channel.accountId, events);
  return { duplicate: false, message, conversation: updated, contact, outboxEventIds };
}

/**
 * Stores one customer message (ARCHITECTURE.md main flow, step 1), in one transaction:
 * contact by identifier, conversation (reopening a resolved one), the message (a
 * provider id already stored is a no-op that returns the stored message), the
 * conversation's counters and the outbox events. After commit the events are handed to
 * the relay; callers do nothing more.
 */
export async function ingestInbound(db: Database, channel: ChannelRef, message: NormalizedInboundMessage): Promise<IngestResult> {
  const tooLarge = messageTextTooLarge(message.text, "message.text");
  if (tooLarge) throw new UserFacingError("invalid", tooLarge);
  if (!message.externalId) throw new UserFacingError("invalid", "message.externalId is required: it makes redelivered webhooks a no-op.");
  if (!message.contact.identifier) throw new UserFacingError("invalid", "contact.identifier is required.");

  for (let attempt = 1; ; attempt += 1) {
    try {
      const result = await db.$transaction((tx) => ingestInTransaction(tx, channel, message));
      relayAfterCommit(db, result.outboxEventIds);
      return result;
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}
