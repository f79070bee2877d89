import { z } from "zod";
import { sqlPool, type Database } from "@/lib/db/client";
import { type Message, Prisma, type User } from "@/lib/db/generated/client";
import { queryRows } from "@/lib/db/sql";
import type { ChannelType, ConversationStatus, Priority, SenderType } from "@/lib/db/generated/enums";
import { UserFacingError } from "@/lib/errors";
import { conversationNotFound } from "./actions";
import { messageColumns, pickColumns, selectColumns } from "./columns";
import { messagePreview } from "./events";
import { activeStatuses } from "./status";

export const conversationTabs = ["mine", "unassigned", "all", "resolved"] as const;
export type ConversationTab = (typeof conversationTabs)[number];
export const conversationSorts = ["latest", "oldest_waiting", "priority"] as const;
export type ConversationSort = (typeof conversationSorts)[number];

export interface ListConversationsOptions {
  tab: ConversationTab;
  /** Replaces the tab's own statuses: open, bot, assigned, pending (Unassigned: all but assigned); Resolved: resolved and closed. */
  status?: ConversationStatus;
  channelId?: string;
  teamId?: string;
  label?: string;
  priority?: Priority;
  assigneeId?: string;
  /** latest: last activity first. oldest_waiting: longest-waiting customer first, then nobody waiting. priority: urgent first, and within a priority the longest-quiet first. */
  sort: ConversationSort;
  /** `nextCursor` of the previous page. */
  cursor?: string;
  limit: number;
}

export interface ConversationListRow {
  id: string;
  status: ConversationStatus;
  priority: Priority;
  labels: string[];
  subject: string | null;
  assigneeId: string | null;
  assigneeName: string | null;
  teamId: string | null;
  channelId: string;
  channelType: ChannelType;
  contactId: string;
  contactName: string | null;
  /** The latest non-system message, flattened and cut to a line. */
  preview: string | null;
  previewSenderType: SenderType | null;
  previewIsPrivate: boolean;
  unreadCount: number;
  /** Since when the customer waits for an agent; null when nobody waits. */
  waitingSince: Date | null;
  lastMessageAt: Date;
  createdAt: Date;
}

export interface ConversationPage {
  rows: ConversationListRow[];
  nextCursor: string | null;
}

// ───────────── keyset cursors: the sort key of the last row of a page ─────────────

const cursorSchema = z.discriminatedUnion("sort", [
  z.object({ sort: z.literal("latest"), lastMessageAt: z.iso.datetime(), id: z.string() }),
  z.object({ sort: z.literal("oldest_waiting"), waitingSince: z.iso.datetime().nullable(), id: z.string() }),
  z.object({ sort: z.literal("priority"), priority: z.enum(["low", "medium", "high", "urgent"]), lastMessageAt: z.iso.datetime(), id: z.string() }),
]);
type Cursor = z.infer<typeof cursorSchema>;

function encodeCursor(sort: ConversationSort, row: ConversationListRow): string {
  const cursor: Cursor =
    sort === "latest"
      ? { sort, lastMessageAt: row.lastMessageAt.toISOString(), id: row.id }
      : sort === "oldest_waiting"
        ? { sort, waitingSince: row.waitingSince?.toISOString() ?? null, id: row.id }
        : { sort, priority: row.priority, lastMessageAt: row.lastMessageAt.toISOString(), id: row.id };
  return Buffer.from(JSON.stringify(cursor)).toString("base64url");
}

function decodeCursor(sort: ConversationSort, encoded: string): Cursor {
  let parsed: ReturnType<typeof cursorSchema.safeParse> | undefined;
  try {
    parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(encoded, "base64url").toString("utf8")));
  } catch {
    parsed = undefined;
  }
  if (!parsed?.success || parsed.data.sort !== sort) {
    throw new UserFacingError("invalid", "cursor is not a page cursor for this sort order: load the list again from the first page.");
  }
  return parsed.data;
}

// Timestamps are `timestamp(3)` holding UTC; the cast drops the ISO string's "Z" as intended.
const ts = (iso: string) => Prisma.sql`${iso}::timestamp`;

function orderBy(sort: ConversationSort, alias: string): Prisma.Sql {
  const c = Prisma.raw(alias);
  if (sort === "latest") return Prisma.sql`${c}.last_message_at DESC, ${c}.id DESC`;
  if (sort === "oldest_waiting") return Prisma.sql`${c}.waiting_since ASC NULLS LAST, ${c}.id ASC`;
  return Prisma.sql`${c}.priority DESC, ${c}.last_message_at ASC, ${c}.id ASC`;
}

/** Rows strictly after the cursor in the sort order; the redundant bound lets the index range scan start there. */
function afterCursor(cursor: Cursor): Prisma.Sql {
  if (cursor.sort === "latest") {
    const at = ts(cursor.lastMessageAt);
    return Prisma.sql`c.last_message_at <= ${at} AND (c.last_message_at < ${at} OR c.id < ${cursor.id})`;
  }
  if (cursor.sort === "oldest_waiting") {
    if (cursor.waitingSince === null) return Prisma.sql`c.waiting_since IS NULL AND c.id > ${cursor.id}`;
    const since = ts(cursor.waitingSince);
    return Prisma.sql`(c.waiting_since > ${since} OR (c.waiting_since = ${since} AND c.id > ${cursor.id}) OR c.waiting_since IS NULL)`;
  }
  const priority = Prisma.sql`${cursor.priority}::"Priority"`;
  const at = ts(cursor.lastMessageAt);
  return Prisma.sql`c.priority <= ${priority} AND (c.priority < ${priority} OR c.last_message_at > ${at} OR (c.last_message_at = ${at} AND c.id > ${cursor.id}))`;
}

function tabStatuses(options: ListConversationsOptions): readonly ConversationStatus[] {
  if (options.status) return [options.status];
  if (options.tab === "resolved") return ["resolved", "closed"];
  // `assigned` means someone owns it, so the Unassigned tab need not scan those.
  if (options.tab === "unassigned") return activeStatuses.filter((status) => status !== "assigned");
  return activeStatuses;
}

interface RawListRow {
  id: string;
  status: ConversationStatus;
  priority: Priority;
  labels: string[];
  subject: string | null;
  assignee_id: string | null;
  assignee_name: string | null;
  team_id: string | null;
  channel_id: string;
  channel_type: ChannelType;
  contact_id: string;
  contact_name: string | null;
  preview: string | null;
  preview_sender_type: SenderType | null;
  preview_is_private: boolean | null;
  unread_count: number;
  waiting_since: Date | null;
  last_message_at: Date;
  created_at: Date;
}

const pageSize = (limit: number) => Math.min(Math.max(Math.trunc(limit), 1), 100);

/** The SQL behind listConversations (exported for EXPLAIN in benchmarks and index checks). */
export function listConversationsQuery(accountId: string, userId: string, options: ListConversationsOptions): Prisma.Sql {
  const limit = pageSize(options.limit);
  const cursor = options.cursor ? decodeCursor(options.sort, options.cursor) : null;
  const filters: Prisma.Sql[] = [Prisma.sql`c.account_id = ${accountId}`, Prisma.sql`c.merged_into_id IS NULL`];
  if (options.tab === "mine") filters.push(Prisma.sql`c.assignee_id = ${userId}`);
  if (options.tab === "unassigned") filters.push(Prisma.sql`c.assignee_id IS NULL`);
  if (options.assigneeId) filters.push(Prisma.sql`c.assignee_id = ${options.assigneeId}`);
  if (options.channelId) filters.push(Prisma.sql`c.channel_id = ${options.channelId}`);
  if (options.teamId) filters.push(Prisma.sql`c.team_id = ${options.teamId}`);
  if (options.priority) filters.push(Prisma.sql`c.priority = ${options.priority}::"Priority"`);
  if (options.label) filters.push(Prisma.sql`c.labels @> ARRAY[${options.label}]::text[]`);
  if (cursor) filters.push(afterCursor(cursor));

  const branches = tabStatuses(options).map(
    (status) => Prisma.sql`(SELECT c.id, c.priority, c.last_message_at, c.waiting_since FROM conversations c
      WHERE ${Prisma.join(filters, " AND ")} AND c.status = ${status}::"ConversationStatus"
      ORDER BY ${orderBy(options.sort, "c")} LIMIT ${limit + 1})`,
  );
  return Prisma.sql`
    WITH page AS (
      SELECT * FROM (${Prisma.join(branches, " UNION ALL ")}) AS c
      ORDER BY ${orderBy(options.sort, "c")} LIMIT ${limit + 1}
    )
    SELECT c.id, c.status, c.priority, c.labels, c.subject, c.assignee_id, u.name AS assignee_name, c.team_id,
           c.channel_id, ch.type AS channel_type, c.contact_id, ct.name AS contact_name,
           lm.content AS preview, lm.sender_type AS preview_sender_type, lm.is_private AS preview_is_private,
           c.unread_count, c.waiting_since, c.last_message_at, c.created_at
      FROM page p
      JOIN conversations c ON c.id = p.id
      JOIN contacts ct ON ct.id = c.contact_id
      JOIN channels ch ON ch.id = c.channel_id
      LEFT JOIN users u ON u.id = c.assignee_id
      LEFT JOIN LATERAL (
        SELECT left(m.content, 400) AS content, m.sender_type, m.is_private FROM messages m
         WHERE m.conversation_id = c.id AND m.sender_type <> 'system'
         ORDER BY m.created_at DESC LIMIT 1
      ) lm ON true
     ORDER BY ${orderBy(options.sort, "c")}`;
}

/**
 * One page of the inbox list, newest-first or as sorted, with keyset pagination.
 * Each status is read by its own ordered, limited index scan (every inbox index starts
 * with account and an equality column, then status, then the sort column), and the
 * few rows are merged; so a page costs about `limit` index entries per status however
 * large the account is.
 */
export async function listConversations(db: Database, accountId: string, userId: string, options: ListConversationsOptions): Promise<ConversationPage> {
  const limit = pageSize(options.limit);
  // Straight on the pool: Prisma's handling of a raw query cost more than PostgreSQL's work for it.
  const rows = await queryRows<RawListRow>(sqlPool(db), listConversationsQuery(accountId, userId, options));
  const mapped = rows.slice(0, limit).map(
    (row): ConversationListRow => ({
      id: row.id,
      status: row.status,
      priority: row.priority,
      labels: row.labels,
      subject: row.subject,
      assigneeId: row.assignee_id,
      assigneeName: row.assignee_name,
      teamId: row.team_id,
      channelId: row.channel_id,
      channelType: row.channel_type,
      contactId: row.contact_id,
      contactName: row.contact_name,
      preview: row.preview === null ? null : messagePreview(row.preview),
      previewSenderType: row.preview_sender_type,
      previewIsPrivate: row.preview_is_private ?? false,
      unreadCount: row.unread_count,
      waitingSince: row.waiting_since,
      lastMessageAt: row.last_message_at,
      createdAt: row.created_at,
    }),
  );
  const last = mapped.at(-1);
  return { rows: mapped, nextCursor: rows.length > limit && last ? encodeCursor(options.sort, last) : null };
}

/** Everything the thread's side panel shows about one conversation. */
export async function getConversation(db: Database, accountId: string, conversationId: string) {
  const conversation = await db.conversation.findFirst({
    where: { id: conversationId, accountId },
    include: {
      channel: { select: { id: true, type: true, name: true } },
      contact: {
        select: {
          id: true,
          name: true,
          email: true,
          phone: true,
          avatarUrl: true,
          attributes: true,
          blocked: true,
          createdAt: true,
          identifiers: { select: { id: true, channelType: true, channelId: true, identifier: true, verified: true }, orderBy: { createdAt: "asc" } },
        },
      },
      assignee: { select: { id: true, name: true, email: true, avatarUrl: true } },
      team: { select: { id: true, name: true } },
    },
  });
  if (!conversation) throw conversationNotFound();
  const previousConversations = await db.conversation.findMany({
    where: { accountId, contactId: conversation.contactId, id: { not: conversation.id } },
    orderBy: { lastMessageAt: "desc" },
    take: 20,
    select: { id: true, status: true, subject: true, lastMessageAt: true, createdAt: true, channel: { select: { type: true, name: true } } },
  });
  return { ...conversation, previousConversations };
}

export type ConversationDetail = Awaited<ReturnType<typeof getConversation>>;

const senderColumns = { id: "id", name: "name", avatarUrl: "avatar_url" } satisfies Partial<Record<keyof User, string>>;
type MessageWithSender = Message & { senderUser: Pick<User, keyof typeof senderColumns> | null };

/**
 * One page of a thread, newest first, with each sender's name: one prepared statement
 * (opening a thread is the inbox's most frequent read, and Prisma's own work cost more
 * than PostgreSQL's). An older page starts below the message `before`.
 */
export function listMessagesQuery(accountId: string, conversationId: string, before: string | undefined, take: number): Prisma.Sql {
  const olderThan = before
    ? Prisma.sql`AND (m.created_at, m.id) < (SELECT a.created_at, a.id FROM messages a WHERE a.id = ${before} AND a.conversation_id = ${conversationId} AND a.account_id = ${accountId})`
    : Prisma.empty;
  return Prisma.sql`
    SELECT ${selectColumns("m", "", messageColumns)}, ${selectColumns("u", "sender.", senderColumns)}
      FROM messages m LEFT JOIN users u ON u.id = m.sender_user_id
     WHERE m.account_id = ${accountId} AND m.conversation_id = ${conversationId} ${olderThan}
     ORDER BY m.created_at DESC, m.id DESC
     LIMIT ${take}`;
}

/** Why a page came back empty: no such conversation in the account, or an anchor not in it (an empty thread is neither). */
async function explainEmptyPage(db: Database, accountId: string, conversationId: string, before: string | undefined): Promise<void> {
  const conversation = await db.conversation.findFirst({ where: { id: conversationId, accountId }, select: { id: true } });
  if (!conversation) throw conversationNotFound();
  if (before && !(await db.message.findFirst({ where: { id: before, conversationId, accountId }, select: { id: true } }))) {
    throw new UserFacingError("invalid", "before is not a message of this conversation: load the thread again from the newest page.");
  }
}

/**
 * One page of a thread, newest page first; messages within the page are in reading
 * order (oldest to newest). `olderCursor` (a message id) loads the page before it.
 */
export async function listMessages(db: Database, accountId: string, conversationId: string, options: { before?: string; limit: number }) {
  const limit = Math.min(Math.max(Math.trunc(options.limit), 1), 200);
  const rows = await queryRows<Record<string, unknown>>(sqlPool(db), listMessagesQuery(accountId, conversationId, options.before, limit + 1), {
    prepareAs: options.before ? "thread_older_page" : "thread_newest_page",
  });
  if (rows.length === 0) await explainEmptyPage(db, accountId, conversationId, options.before);
  const newestFirst = rows.map(
    (row): MessageWithSender => ({
      ...pickColumns<Message>(row, "", messageColumns),
      senderUser: row["sender.id"] ? pickColumns<MessageWithSender["senderUser"]>(row, "sender.", senderColumns) : null,
    }),
  );
  const messages = newestFirst.slice(0, limit).reverse();
  return { messages, olderCursor: newestFirst.length > limit ? messages[0]!.id : null };
}

export type MessagePage = Awaited<ReturnType<typeof listMessages>>;
