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

/** A redelivered provider message: the transaction is rolled back and the stored one returned. */
class DuplicateDelivery extends Error {}

/**
 * The contact behind the identifier, holding its row lock: one writer per contact at a
 * time, so two messages arriving together land in one conversation. `isNew` contacts
 * have no conversations yet.
 */
async function resolveContact(tx: Prisma.TransactionClient, channel: ChannelRef, from: NormalizedInboundMessage["contact"]): Promise<{ contact: Contact; isNew: boolean }> {
  const known = await tx.contactIdentifier.findUnique({
    where: { accountId_channelType_identifier: { accountId: channel.accountId, channelType: channel.type, identifier: from.identifier } },
    include: { contact: true },
  });
  if (!known) {
    // Created in this transaction, so invisible (and thus locked) to every other writer until commit.
    const contact = await tx.contact.create({
      data: {
        accountId: channel.accountId,
        name: from.name ?? null,
        email: from.email ?? null,
        phone: from.phone ?? null,
        identifiers: { create: { accountId: channel.accountId, channelType: channel.type, channelId: channel.id, identifier: from.identifier } },
      },
    });
    return { contact, isNew: true };
  }
  // Fill in what we did not know; never overwrite what an agent may have corrected.
  const missing = {
    ...(!known.contact.name && from.name ? { name: from.name } : {}),
    ...(!known.contact.email && from.email ? { email: from.email } : {}),
    ...(!known.contact.phone && from.phone ? { phone: from.phone } : {}),
  };
  // The update takes the row lock itself; without one, lock explicitly.
  if (Object.keys(missing).length) return { contact: await tx.contact.update({ where: { id: known.contact.id }, data: missing }), isNew: false };
  await tx.$executeRaw`SELECT 1 FROM contacts WHERE id = ${known.contact.id} FOR UPDATE`;
  return { contact: known.contact, isNew: false };
}

type ConversationState = Pick<Conversation, "id" | "status" | "assigneeId" | "lastMessageAt" | "waitingSince">;

/**
 * The contact's conversation on this channel that the message belongs to, by the reopen
 * rules: the latest active one, else the latest resolved one (the customer reopens it);
 * after `closed` (archived) a new one starts.
 */
async function findConversation(tx: Prisma.TransactionClient, channel: ChannelRef, contactId: string): Promise<ConversationState | undefined> {
  const [row] = await tx.$queryRaw<ConversationState[]>`
    SELECT id, status::text AS status, assignee_id AS "assigneeId", last_message_at AS "lastMessageAt", waiting_since AS "waitingSince"
      FROM conversations
     WHERE account_id = ${channel.accountId} AND channel_id = ${channel.id} AND contact_id = ${contactId} AND merged_into_id IS NULL
       AND status::text = ANY(${[...activeStatuses, "resolved"]}::text[])
     ORDER BY status = 'resolved', last_message_at DESC
     LIMIT 1`;
  return row;
}

async function ingestInTransaction(tx: Prisma.TransactionClient, channel: ChannelRef, inbound: NormalizedInboundMessage): Promise<IngestResult> {
  const { contact, isNew } = await resolveContact(tx, channel, inbound.contact);

  const now = new Date();
  const sentAt = inbound.sentAt && inbound.sentAt < now ? inbound.sentAt : now;
  const existing = isNew ? undefined : await findConversation(tx, channel, contact.id);
  // A new conversation starts with its counters already set; an existing one is bumped below.
  const created = existing
    ? undefined
    : await tx.conversation.create({
        data: { accountId: channel.accountId, channelId: channel.id, contactId: contact.id, status: "open", lastMessageAt: sentAt, unreadCount: 1, waitingSince: sentAt },
      });
  const conversationId = existing?.id ?? created!.id;

  // ON CONFLICT DO NOTHING: a redelivery (even one committed concurrently) inserts nothing.
  const [message] = await tx.message.createManyAndReturn({
    data: [
      {
        accountId: channel.accountId,
        conversationId,
        channelId: channel.id,
        direction: "inbound",
        senderType: "contact",
        content: inbound.text,
        attachments: inbound.attachments as unknown as Prisma.InputJsonArray,
        externalId: inbound.externalId,
        createdAt: sentAt,
      },
    ],
    skipDuplicates: true,
  });
  if (!message) throw new DuplicateDelivery();

  const events: OutboxEventInput[] = [];
  let conversation = created;
  if (existing) {
    // The customer spoke: a resolved conversation reopens, one waiting on the customer goes back to whoever handles it.
    const nextStatus = existing.status === "resolved" ? "open" : existing.status === "pending" ? (existing.assigneeId ? "assigned" : "open") : existing.status;
    if (nextStatus !== existing.status) {
      const text = existing.status === "resolved" ? "Reopened: the customer wrote again." : `Back to ${nextStatus}: the customer replied.`;
      events.push(...(await addSystemEvent(tx, { id: existing.id, accountId: channel.accountId, channelId: channel.id }, channel.type, text, null)).events);
    }
    conversation = await tx.conversation.update({
      where: { id: existing.id },
      data: {
        status: nextStatus,
        lastMessageAt: sentAt > existing.lastMessageAt ? sentAt : existing.lastMessageAt,
        unreadCount: { increment: 1 },
        waitingSince: existing.waitingSince ?? sentAt,
      },
    });
  }
  const updated = conversation!;

  const preview = messagePreview(message.content);
  events.unshift(
    existing ? conversationUpdatedEvent(updated, preview) : conversationCreatedEvent(updated, { channelType: channel.type, contactName: contact.name, preview }),
  );
  events.push(...messageCreatedEvents(channel.accountId, channel.type, { ...message, senderName: contact.name }));
  events.push({
    topic: "message.received",
    payload: { accountId: channel.accountId, conversationId, messageId: message.id, contactId: contact.id, channelId: channel.id },
  });
  const outboxEventIds = await writeOutboxEvents(tx, channel.accountId, events);
  return { duplicate: false, message, conversation: updated, contact, outboxEventIds };
}

/** The stored message of a redelivery, with what it belongs to; nothing is written. */
async function storedDelivery(db: Database, channel: ChannelRef, externalId: string): Promise<IngestResult> {
  const stored = await db.message.findUniqueOrThrow({
    where: { channelId_externalId: { channelId: channel.id, externalId } },
    include: { conversation: { include: { contact: true } } },
  });
  const { conversation, ...message } = stored;
  const { contact, ...conversationRow } = conversation;
  return { duplicate: true, message, conversation: conversationRow, contact, outboxEventIds: [] };
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
      if (error instanceof DuplicateDelivery) return storedDelivery(db, channel, message.externalId);
      if (!isUniqueViolation(error) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}
