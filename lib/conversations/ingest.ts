import type pg from "pg";
import type { ChannelRef, NormalizedInboundMessage } from "@/lib/channels/types";
import { sqlPool, type Database } from "@/lib/db/client";
import { type Contact, type Conversation, type Message, Prisma } from "@/lib/db/generated/client";
import { onConnection, queryBatch, violatedUniqueConstraint } from "@/lib/db/sql";
import { UserFacingError } from "@/lib/errors";
import { newRowId, outboxEventsInsert, type OutboxEventInput } from "@/lib/outbox/outbox";
import { relayAfterCommit } from "@/lib/outbox/relay";
import { contactColumns, conversationColumns, messageColumns, pickColumns, selectColumns } from "./columns";
import { messageCreatedEvents } from "./events";
import { messageTextTooLarge } from "./limits";
import { activeStatuses } from "./status";

export interface IngestResult {
  /** True when this provider message id was already stored: nothing was written. */
  duplicate: boolean;
  message: Message;
  conversation: Conversation;
  contact: Contact;
  outboxEventIds: string[];
}

export interface IngestOptions {
  /**
   * The channel's `updatedAt` as the caller saw it when it verified the message (a
   * cached channel row): the message is then stored only if the channel is still active
   * and unchanged, in the same statement that locks the contact, and ChannelChangedError
   * is thrown otherwise, so a deactivation or a new secret takes effect at once.
   */
  channelVersion?: Date;
}

/** The channel changed (or was deactivated) after the caller read it: nothing was stored; decide again on the current row. */
export class ChannelChangedError extends Error {
  constructor(channelId: string) {
    super(`Channel ${channelId} changed while a message for it was being stored; nothing was stored.`);
    this.name = "ChannelChangedError";
  }
}

/** Concurrent first messages from one new contact race on its identifier; the loser retries and finds the winner's rows. */
const MAX_ATTEMPTS = 3;

const REDELIVERY_INDEX = "messages_channel_id_external_id_key";

/** A contact field learned from a message fills an empty one; never overwrite what an agent may have corrected. */
function fillIfEmpty(column: string, incoming: string | null | undefined): Prisma.Sql {
  return Prisma.sql`COALESCE(NULLIF(contacts.${Prisma.raw(column)}, ''), NULLIF(${incoming ?? null}::text, ''), contacts.${Prisma.raw(column)})`;
}

/** True unless the caller passed the channel version it verified against and the channel has changed (or was deactivated) since. */
function channelUnchanged(channel: ChannelRef, channelVersion: Date | undefined): Prisma.Sql {
  return Prisma.sql`(${channelVersion ?? null}::timestamp IS NULL
    OR EXISTS (SELECT 1 FROM channels WHERE id = ${channel.id} AND active AND updated_at = ${channelVersion ?? null}::timestamp))`;
}

/** The contact the identifier names on this kind of channel. */
function identifiedContact(channel: ChannelRef, identifier: string): Prisma.Sql {
  return Prisma.sql`SELECT contact_id FROM contact_identifiers
     WHERE account_id = ${channel.accountId} AND channel_type = ${channel.type}::"ChannelType" AND identifier = ${identifier}`;
}

/**
 * The contact behind the identifier, created with it when unknown, holding its row lock:
 * one writer per contact at a time, so two messages arriving together land in one
 * conversation. A new contact is invisible (and thus locked) to every other writer until
 * commit; a concurrent creator of the same identifier fails on its unique key and retries.
 * No row, with nothing written, when the channel changed.
 */
function resolveContactStatement(channel: ChannelRef, from: NormalizedInboundMessage["contact"], channelVersion: Date | undefined): Prisma.Sql {
  const fields = { name: fillIfEmpty("name", from.name), email: fillIfEmpty("email", from.email), phone: fillIfEmpty("phone", from.phone) };
  return Prisma.sql`
    WITH channel_unchanged AS (
      SELECT ${channelUnchanged(channel, channelVersion)} AS ok
    ), known AS (
      ${identifiedContact(channel, from.identifier)} AND (SELECT ok FROM channel_unchanged)
    ), created AS (
      INSERT INTO contacts (id, account_id, name, email, phone, updated_at)
      SELECT ${newRowId()}, ${channel.accountId}, ${from.name ?? null}::text, ${from.email ?? null}::text, ${from.phone ?? null}::text, now()
       WHERE NOT EXISTS (SELECT 1 FROM known) AND (SELECT ok FROM channel_unchanged)
      RETURNING *
    ), identified AS (
      INSERT INTO contact_identifiers (id, account_id, contact_id, channel_type, channel_id, identifier)
      SELECT ${newRowId()}, ${channel.accountId}, created.id, ${channel.type}::"ChannelType", ${channel.id}, ${from.identifier} FROM created
    ), updated AS (
      -- Always an update, so the row lock is taken whether or not anything is filled in.
      UPDATE contacts SET name = ${fields.name}, email = ${fields.email}, phone = ${fields.phone},
             updated_at = CASE WHEN (${fields.name}, ${fields.email}, ${fields.phone}) IS DISTINCT FROM (contacts.name, contacts.email, contacts.phone)
                               THEN now() ELSE contacts.updated_at END
        FROM known WHERE contacts.id = known.contact_id
      RETURNING contacts.*
    )
    SELECT ${selectColumns("created", "", contactColumns)} FROM created
    UNION ALL
    SELECT ${selectColumns("updated", "", contactColumns)} FROM updated`;
}

/**
 * In one statement, run after resolveContactStatement in the same round trip: the
 * contact's conversation on this channel that the message belongs to, by the reopen
 * rules (the latest active one, else the latest resolved one, which the customer
 * reopens; after `closed` a new one starts), the message, the counters, and the system
 * event when the status changes. It finds the contact by its identifier again, with a
 * snapshot taken after the contact's row lock was granted, so it sees the conversation a
 * writer that held the lock before it created and committed. A redelivered provider id fails on the
 * messages' unique key, which rolls the whole transaction back. No row when the channel
 * changed.
 */
function storeMessageStatement(channel: ChannelRef, inbound: NormalizedInboundMessage, sentAt: Date, channelVersion: Date | undefined): Prisma.Sql {
  return Prisma.sql`
    WITH contact AS (
      ${identifiedContact(channel, inbound.contact.identifier)} AND ${channelUnchanged(channel, channelVersion)}
    ), found AS (
      SELECT id, status::text AS status, assignee_id FROM conversations
       WHERE account_id = ${channel.accountId} AND channel_id = ${channel.id} AND contact_id = (SELECT contact_id FROM contact) AND merged_into_id IS NULL
         AND status = ANY(${[...activeStatuses, "resolved"]}::"ConversationStatus"[])
       ORDER BY status = 'resolved', last_message_at DESC
       LIMIT 1
    ), created AS (
      -- A new conversation starts with its counters already set.
      INSERT INTO conversations (id, account_id, channel_id, contact_id, status, last_message_at, unread_count, waiting_since, updated_at)
      SELECT ${newRowId()}, ${channel.accountId}, ${channel.id}, contact.contact_id, 'open', ${sentAt}, 1, ${sentAt}, now()
        FROM contact WHERE NOT EXISTS (SELECT 1 FROM found)
      RETURNING *, NULL::text AS previous_status
    ), bumped AS (
      -- The customer spoke: a resolved conversation reopens, one waiting on the customer goes back to whoever handles it.
      UPDATE conversations SET
             status = (CASE found.status WHEN 'resolved' THEN 'open'
                                         WHEN 'pending' THEN CASE WHEN found.assignee_id IS NULL THEN 'open' ELSE 'assigned' END
                                         ELSE found.status END)::"ConversationStatus",
             last_message_at = GREATEST(conversations.last_message_at, ${sentAt}),
             unread_count = conversations.unread_count + 1,
             waiting_since = COALESCE(conversations.waiting_since, ${sentAt}),
             updated_at = now()
        FROM found WHERE conversations.id = found.id
      RETURNING conversations.*, found.status AS previous_status
    ), conversation AS (
      SELECT * FROM created UNION ALL SELECT * FROM bumped
    ), message AS (
      INSERT INTO messages (id, account_id, conversation_id, channel_id, direction, sender_type, content, attachments, external_id, created_at)
      SELECT ${newRowId()}, ${channel.accountId}, conversation.id, ${channel.id}, 'inbound', 'contact', ${inbound.text},
             ${JSON.stringify(inbound.attachments)}::jsonb, ${inbound.externalId}, ${sentAt}
        FROM conversation
      RETURNING *
    ), system_event AS (
      INSERT INTO messages (id, account_id, conversation_id, channel_id, direction, sender_type, is_private, content)
      SELECT ${newRowId()}, ${channel.accountId}, bumped.id, ${channel.id}, 'outbound', 'system', true,
             CASE WHEN bumped.previous_status = 'resolved' THEN 'Reopened: the customer wrote again.'
                  ELSE 'Back to ' || bumped.status::text || ': the customer replied.' END
        FROM bumped WHERE bumped.status::text <> bumped.previous_status
      RETURNING *
    )
    SELECT ${selectColumns("conversation", "conversation.", conversationColumns)},
           ${selectColumns("message", "message.", messageColumns)}, ${selectColumns("system_event", "system.", messageColumns)}
      FROM conversation CROSS JOIN message LEFT JOIN system_event ON true`;
}

/** The records in the row storeMessageStatement returns. */
function storedRecords(row: Record<string, unknown>) {
  return {
    conversation: pickColumns<Conversation>(row, "conversation.", conversationColumns),
    message: pickColumns<Message>(row, "message.", messageColumns),
    systemEvent: row["system.id"] ? pickColumns<Message>(row, "system.", messageColumns) : undefined,
  };
}

/**
 * The whole transaction in two round trips: BEGIN with the contact and the message, then
 * the outbox events (made from what was stored) with COMMIT.
 */
async function ingestOnConnection(client: pg.PoolClient, channel: ChannelRef, inbound: NormalizedInboundMessage, options: IngestOptions): Promise<IngestResult> {
  const now = new Date();
  const sentAt = inbound.sentAt && inbound.sentAt < now ? inbound.sentAt : now;
  const [contactRows, storedRows] = await queryBatch(
    client,
    [
      { statement: resolveContactStatement(channel, inbound.contact, options.channelVersion), prepareAs: "ingest_resolve_contact" },
      { statement: storeMessageStatement(channel, inbound, sentAt, options.channelVersion), prepareAs: "ingest_store_message" },
    ],
    { begin: true },
  );
  const [contactRow, storedRow] = [contactRows?.[0], storedRows?.[0]];
  // The channel changed before the first statement or between the two.
  if (!contactRow || !storedRow) throw new ChannelChangedError(channel.id);
  const contact = pickColumns<Contact>(contactRow, "", contactColumns);
  const { conversation, message, systemEvent } = storedRecords(storedRow);

  const events: OutboxEventInput[] = [
    ...(systemEvent ? messageCreatedEvents(channel.accountId, channel.type, { ...systemEvent, senderName: null }) : []),
    ...messageCreatedEvents(channel.accountId, channel.type, { ...message, senderName: contact.name }, conversation),
    {
      topic: "message.received",
      payload: { accountId: channel.accountId, conversationId: conversation.id, messageId: message.id, contactId: contact.id, channelId: channel.id },
    },
  ];
  const { ids: outboxEventIds, statement } = outboxEventsInsert(channel.accountId, events);
  await queryBatch(client, [{ statement, prepareAs: "ingest_outbox_events" }], { commit: true });
  return { duplicate: false, message, conversation, contact, outboxEventIds };
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
export async function ingestInbound(db: Database, channel: ChannelRef, message: NormalizedInboundMessage, options: IngestOptions = {}): Promise<IngestResult> {
  const tooLarge = messageTextTooLarge(message.text, "message.text");
  if (tooLarge) throw new UserFacingError("invalid", tooLarge);
  if (!message.externalId) throw new UserFacingError("invalid", "message.externalId is required: it makes redelivered webhooks a no-op.");
  if (!message.contact.identifier) throw new UserFacingError("invalid", "contact.identifier is required.");

  for (let attempt = 1; ; attempt += 1) {
    try {
      // On the pool under Prisma, without an interactive transaction: two round trips of prepared statements.
      const result = await onConnection(sqlPool(db), (client) => ingestOnConnection(client, channel, message, options));
      relayAfterCommit(db, result.outboxEventIds);
      return result;
    } catch (error) {
      const index = violatedUniqueConstraint(error);
      if (index === REDELIVERY_INDEX) return storedDelivery(db, channel, message.externalId);
      if (index === undefined || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}
