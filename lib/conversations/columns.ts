import type { Contact, Conversation, Message } from "@/lib/db/generated/client";
import { Prisma } from "@/lib/db/generated/client";

/**
 * Column lists for the raw SQL of hot paths (ingest, thread pages): each maps a Prisma
 * field to its column, so a row read with `selectColumns` comes back, through
 * `pickColumns`, as the record Prisma would have returned.
 */

/** `table.column AS "<prefix>field"` for each column, so one result row can carry several records. */
export function selectColumns(table: string, prefix: string, columns: Record<string, string>): Prisma.Sql {
  return Prisma.raw(
    Object.entries(columns)
      .map(([field, column]) => `${table}.${column} AS "${prefix}${field}"`)
      .join(", "),
  );
}

/** The record under `prefix` in a row selected with `selectColumns`. */
export function pickColumns<T>(row: Record<string, unknown>, prefix: string, columns: Record<string, string>): T {
  return Object.fromEntries(Object.keys(columns).map((field) => [field, row[`${prefix}${field}`]])) as T;
}

export const contactColumns = {
  id: "id",
  accountId: "account_id",
  name: "name",
  email: "email",
  phone: "phone",
  avatarUrl: "avatar_url",
  attributes: "attributes",
  blocked: "blocked",
  mergedIntoId: "merged_into_id",
  createdAt: "created_at",
  updatedAt: "updated_at",
} satisfies Record<keyof Contact, string>;

export const conversationColumns = {
  id: "id",
  accountId: "account_id",
  channelId: "channel_id",
  contactId: "contact_id",
  status: "status",
  priority: "priority",
  labels: "labels",
  subject: "subject",
  assigneeId: "assignee_id",
  teamId: "team_id",
  botContext: "bot_context",
  aiPaused: "ai_paused",
  unreadCount: "unread_count",
  waitingSince: "waiting_since",
  firstReplyAt: "first_reply_at",
  resolvedAt: "resolved_at",
  lastMessageAt: "last_message_at",
  firstResponseDueAt: "first_response_due_at",
  resolutionDueAt: "resolution_due_at",
  mergedIntoId: "merged_into_id",
  createdAt: "created_at",
  updatedAt: "updated_at",
} satisfies Record<keyof Conversation, string>;

export const messageColumns = {
  id: "id",
  accountId: "account_id",
  conversationId: "conversation_id",
  channelId: "channel_id",
  direction: "direction",
  senderType: "sender_type",
  senderUserId: "sender_user_id",
  isPrivate: "is_private",
  content: "content",
  attachments: "attachments",
  externalId: "external_id",
  deliveryStatus: "delivery_status",
  deliveryError: "delivery_error",
  aiMetadata: "ai_metadata",
  createdAt: "created_at",
} satisfies Record<keyof Message, string>;
