import { z } from "zod";
import { conversationUpdatedEvent } from "@/lib/conversations/events";
import { addSystemEvent } from "@/lib/conversations/thread";
import { higherPriority } from "@/lib/conversations/status";
import type { Database } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { UserFacingError } from "@/lib/errors";
import { type OutboxEventInput, writeOutboxEvents } from "@/lib/outbox/outbox";
import { relayAfterCommit } from "@/lib/outbox/relay";

const contactNotFound = () => new UserFacingError("not_found", "No such contact in this workspace.");
const conversationNotFound = () => new UserFacingError("not_found", "No such conversation in this workspace.");

// ───────────────────────────── List and search ─────────────────────────────

export const listContactsInput = z.object({
  /** Matches name, email, phone or any channel identifier, case-insensitively, anywhere in the text. */
  query: z.string().trim().max(200, "Search for at most 200 characters.").optional(),
  cursor: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(100).default(25),
});

const contactSummarySelect = {
  id: true,
  name: true,
  email: true,
  phone: true,
  avatarUrl: true,
  blocked: true,
  createdAt: true,
  identifiers: { select: { channelType: true, identifier: true }, orderBy: { createdAt: "asc" } },
  _count: { select: { conversations: true } },
} as const;

export type ContactSummary = Prisma.ContactGetPayload<{ select: typeof contactSummarySelect }>;

export interface ContactPage {
  items: ContactSummary[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** The keyset position after a row, opaque to clients. */
function encodeCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(JSON.stringify([row.createdAt.toISOString(), row.id])).toString("base64url");
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  try {
    const [createdAt, id] = z.tuple([z.iso.datetime(), z.string().min(1)]).parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    return { createdAt: new Date(createdAt), id };
  } catch {
    throw new UserFacingError("invalid", "The cursor is not valid: pass the nextCursor of the previous page, or none for the first page.");
  }
}

/** Contacts of the account, newest first, without those merged into another. */
export async function listContacts(db: Database, accountId: string, options: z.input<typeof listContactsInput> = {}): Promise<ContactPage> {
  const { query, cursor, limit } = listContactsInput.parse(options);
  const and: Prisma.ContactWhereInput[] = [{ accountId, mergedIntoId: null }];
  if (query) {
    const contains = { contains: query, mode: "insensitive" } as const;
    and.push({ OR: [{ name: contains }, { email: contains }, { phone: contains }, { identifiers: { some: { identifier: contains } } }] });
  }
  if (cursor) {
    const after = decodeCursor(cursor);
    and.push({ OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] });
  }
  const rows = await db.contact.findMany({
    where: { AND: and },
    select: contactSummarySelect,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
  });
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? encodeCursor(items.at(-1)!) : null };
}

// ───────────────────────────── Detail ─────────────────────────────

/** How many past conversations the detail view carries; the inbox filters reach the rest. */
const HISTORY_LIMIT = 100;

/** The contact with every identifier across channels, its conversations (newest first) and orders. */
export async function getContact(db: Database, accountId: string, contactId: string) {
  const contact = await db.contact.findFirst({
    where: { id: contactId, accountId },
    select: {
      id: true,
      name: true,
      email: true,
      phone: true,
      avatarUrl: true,
      attributes: true,
      blocked: true,
      mergedIntoId: true,
      createdAt: true,
      updatedAt: true,
      identifiers: {
        select: { id: true, channelType: true, identifier: true, verified: true, createdAt: true, channel: { select: { id: true, name: true } } },
        orderBy: { createdAt: "asc" },
      },
      conversations: {
        select: {
          id: true,
          status: true,
          priority: true,
          labels: true,
          subject: true,
          createdAt: true,
          lastMessageAt: true,
          resolvedAt: true,
          mergedIntoId: true,
          channel: { select: { id: true, type: true, name: true } },
          assignee: { select: { id: true, name: true } },
          _count: { select: { messages: true } },
        },
        orderBy: [{ lastMessageAt: "desc" }, { id: "desc" }],
        take: HISTORY_LIMIT,
      },
      orders: {
        select: { id: true, number: true, status: true, totalCents: true, currency: true, items: true, placedAt: true },
        orderBy: { placedAt: "desc" },
      },
      _count: { select: { conversations: true } },
    },
  });
  if (!contact) throw contactNotFound();
  const { _count, ...rest } = contact;
  return { ...rest, conversationCount: _count.conversations };
}

export type ContactDetail = Awaited<ReturnType<typeof getContact>>;

// ───────────────────────────── Edit ─────────────────────────────

const attributeValue = z.union([z.string().max(1000, "An attribute value is at most 1,000 characters."), z.number(), z.boolean(), z.null()]);

export const updateContactInput = z.object({
  name: z.string().trim().max(200, "A name is at most 200 characters.").nullable().optional(),
  email: z
    .union([z.literal(""), z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address."))])
    .nullable()
    .optional(),
  phone: z
    .string()
    .trim()
    .max(32, "A phone number is at most 32 characters.")
    .regex(/^$|^\+?[0-9][0-9 ().-]{2,30}$/, "Enter a phone number with digits, spaces, ( ) . - and an optional leading +.")
    .nullable()
    .optional(),
  /** Replaces all attributes: the editor sends the full set. */
  attributes: z
    .record(
      z.string().trim().min(1, "Attribute names cannot be empty.").max(64, "An attribute name is at most 64 characters."),
      attributeValue,
    )
    .refine((attributes) => Object.keys(attributes).length <= 50, "At most 50 attributes.")
    .optional(),
});
export type UpdateContactInput = z.input<typeof updateContactInput>;

/** Changes the given fields; an empty string clears a field. */
export async function updateContact(db: Database, accountId: string, contactId: string, input: UpdateContactInput): Promise<ContactDetail> {
  const data = updateContactInput.parse(input);
  const contact = await db.contact.findFirst({ where: { id: contactId, accountId }, select: { mergedIntoId: true } });
  if (!contact) throw contactNotFound();
  if (contact.mergedIntoId) throw new UserFacingError("conflict", `This contact was merged into contact ${contact.mergedIntoId}; edit that one.`);
  const blankToNull = (value: string | null | undefined) => (value === undefined ? undefined : value || null);
  await db.contact.update({
    where: { id: contactId, accountId },
    data: { name: blankToNull(data.name), email: blankToNull(data.email), phone: blankToNull(data.phone), attributes: data.attributes },
  });
  return getContact(db, accountId, contactId);
}

// ───────────────────────────── Merge contacts ─────────────────────────────

export const mergeInput = z
  .object({ keepId: z.string().min(1, "keepId is required."), mergeId: z.string().min(1, "mergeId is required.") })
  .refine((input) => input.keepId !== input.mergeId, { message: "Choose two different records to merge.", path: ["mergeId"] });

export interface MergeContactsResult {
  contact: ContactDetail;
  moved: { identifiers: number; conversations: number; tickets: number; csatRatings: number; orders: number };
}

/** Locks the rows of the account with these ids in a stable order, so two merges of the same pair queue up instead of deadlocking. */
async function lockRows(tx: Prisma.TransactionClient, table: "contacts" | "conversations", accountId: string, ids: string[]) {
  const sorted = [...ids].sort();
  const rows =
    table === "contacts"
      ? await tx.$queryRaw<{ id: string }[]>`SELECT id FROM contacts WHERE account_id = ${accountId} AND id = ANY(${sorted}) ORDER BY id FOR UPDATE`
      : await tx.$queryRaw<{ id: string }[]>`SELECT id FROM conversations WHERE account_id = ${accountId} AND id = ANY(${sorted}) ORDER BY id FOR UPDATE`;
  return new Set(rows.map((row) => row.id));
}

/**
 * Merges contact `mergeId` into `keepId`, in one transaction: its identifiers,
 * conversations, tickets, CSAT ratings and orders move to the kept contact; the kept
 * contact's empty fields (name, email, phone, avatar, missing attributes) are filled
 * from the merged one; the merged contact stays as a record pointing at the kept one
 * (`mergedIntoId`), as do contacts merged into it before.
 */
export async function mergeContacts(
  db: Database,
  accountId: string,
  input: { keepId: string; mergeId: string; actorUserId?: string | null },
): Promise<MergeContactsResult> {
  const { keepId, mergeId } = mergeInput.parse(input);
  const moved = await db.$transaction(async (tx) => {
    const locked = await lockRows(tx, "contacts", accountId, [keepId, mergeId]);
    if (!locked.has(keepId) || !locked.has(mergeId)) throw contactNotFound();
    const [keep, merge] = await Promise.all([
      tx.contact.findUniqueOrThrow({ where: { id: keepId } }),
      tx.contact.findUniqueOrThrow({ where: { id: mergeId } }),
    ]);
    for (const contact of [keep, merge]) {
      if (contact.mergedIntoId) throw new UserFacingError("conflict", `Contact ${contact.id} was already merged into ${contact.mergedIntoId}; merge that contact instead.`);
    }

    const fromMerged = { where: { accountId, contactId: mergeId }, data: { contactId: keepId } };
    const counts = {
      identifiers: (await tx.contactIdentifier.updateMany(fromMerged)).count,
      conversations: (await tx.conversation.updateMany(fromMerged)).count,
      tickets: (await tx.ticket.updateMany(fromMerged)).count,
      csatRatings: (await tx.csatRating.updateMany(fromMerged)).count,
      orders: (await tx.order.updateMany(fromMerged)).count,
    };
    const attributes = (value: Prisma.JsonValue) => (value && typeof value === "object" && !Array.isArray(value) ? value : {});
    await tx.contact.update({
      where: { id: keepId },
      data: {
        name: keep.name || merge.name,
        email: keep.email || merge.email,
        phone: keep.phone || merge.phone,
        avatarUrl: keep.avatarUrl || merge.avatarUrl,
        attributes: { ...attributes(merge.attributes), ...attributes(keep.attributes) },
      },
    });
    await tx.contact.update({ where: { id: mergeId }, data: { mergedIntoId: keepId } });
    await tx.contact.updateMany({ where: { accountId, mergedIntoId: mergeId }, data: { mergedIntoId: keepId } });
    await tx.auditLogEntry.create({
      data: { accountId, actorUserId: input.actorUserId ?? null, action: "contact.merged", targetType: "contact", targetId: keepId, data: { mergedId: mergeId, moved: counts } },
    });
    return counts;
  });
  return { contact: await getContact(db, accountId, keepId), moved };
}

// ───────────────────────────── Merge conversations ─────────────────────────────

const earliest = (a: Date | null, b: Date | null) => (a && b ? (a < b ? a : b) : (a ?? b));

export interface MergeConversationsResult {
  conversationId: string;
  movedMessages: number;
}

/**
 * Merges conversation `mergeId` into `keepId`; both must belong to the same contact.
 * Messages (and the tickets, AI interactions, emails and notifications hanging off the
 * merged conversation) move to the kept one, which keeps the union of labels, the
 * earlier start, the latest activity and the higher priority. The merged one is closed
 * with `mergedIntoId`, and both threads get a system message saying what happened.
 */
export async function mergeConversations(
  db: Database,
  accountId: string,
  input: { keepId: string; mergeId: string; actorUserId: string },
): Promise<MergeConversationsResult> {
  const { keepId, mergeId } = mergeInput.parse(input);
  const { result, eventIds } = await db.$transaction(async (tx) => {
    const locked = await lockRows(tx, "conversations", accountId, [keepId, mergeId]);
    if (!locked.has(keepId) || !locked.has(mergeId)) throw conversationNotFound();
    const include = { channel: { select: { type: true } } } as const;
    const [keep, merge] = await Promise.all([
      tx.conversation.findUniqueOrThrow({ where: { id: keepId }, include }),
      tx.conversation.findUniqueOrThrow({ where: { id: mergeId }, include }),
    ]);
    if (keep.contactId !== merge.contactId) {
      throw new UserFacingError("invalid", "These conversations belong to different contacts: merge the contacts first, then the conversations.");
    }
    for (const conversation of [keep, merge]) {
      if (conversation.mergedIntoId) throw new UserFacingError("conflict", `Conversation ${conversation.id} was already merged into ${conversation.mergedIntoId}.`);
    }
    if (keep.status === "closed") {
      throw new UserFacingError("invalid", `Conversation ${keepId} is closed and cannot take messages: keep the other conversation and merge this one into it.`);
    }

    const fromMerged = { where: { accountId, conversationId: mergeId }, data: { conversationId: keepId } };
    const movedMessages = (await tx.message.updateMany(fromMerged)).count;
    await tx.ticket.updateMany(fromMerged);
    await tx.aiInteraction.updateMany(fromMerged);
    await tx.emailMessage.updateMany(fromMerged);
    await tx.notification.updateMany(fromMerged);
    // A conversation has at most one rating: the merged one's moves only when the kept one has none.
    if (!(await tx.csatRating.findUnique({ where: { conversationId: keepId }, select: { id: true } }))) await tx.csatRating.updateMany(fromMerged);
    await tx.assignmentOffer.updateMany({ where: { accountId, conversationId: mergeId, outcome: "offered" }, data: { outcome: "cancelled" } });

    const kept = await tx.conversation.update({
      where: { id: keepId },
      data: {
        labels: [...new Set([...keep.labels, ...merge.labels])],
        priority: higherPriority(keep.priority, merge.priority),
        subject: keep.subject ?? merge.subject,
        createdAt: merge.createdAt < keep.createdAt ? merge.createdAt : keep.createdAt,
        lastMessageAt: merge.lastMessageAt > keep.lastMessageAt ? merge.lastMessageAt : keep.lastMessageAt,
        unreadCount: keep.unreadCount + merge.unreadCount,
        waitingSince: earliest(keep.waitingSince, merge.waitingSince),
        firstReplyAt: earliest(keep.firstReplyAt, merge.firstReplyAt),
      },
    });
    const closed = await tx.conversation.update({
      where: { id: mergeId },
      data: { status: "closed", mergedIntoId: keepId, unreadCount: 0, waitingSince: null },
    });

    const actor = await tx.user.findUnique({ where: { id: input.actorUserId }, select: { name: true } });
    const by = actor ? ` by ${actor.name}` : "";
    const events: OutboxEventInput[] = [];
    events.push(...(await addSystemEvent(tx, keep, keep.channel.type, `Conversation ${mergeId} was merged into this one${by}.`, input.actorUserId)).events);
    events.push(...(await addSystemEvent(tx, merge, merge.channel.type, `Merged into conversation ${keepId}${by}; it continues there.`, input.actorUserId)).events);
    events.push(conversationUpdatedEvent(kept), conversationUpdatedEvent(closed));
    await tx.auditLogEntry.create({
      data: { accountId, actorUserId: input.actorUserId, action: "conversation.merged", targetType: "conversation", targetId: keepId, data: { mergedId: mergeId, movedMessages } },
    });
    return { result: { conversationId: keepId, movedMessages }, eventIds: await writeOutboxEvents(tx, accountId, events) };
  });
  relayAfterCommit(db, eventIds);
  return result;
}
