import type { Database } from "@/lib/db/client";
import type { Notification, Prisma } from "@/lib/db/generated/client";
import { messagePreview } from "@/lib/conversations/events";
import { UserFacingError } from "@/lib/errors";
import type { OutboxEventInput } from "@/lib/outbox/outbox";
import { realtimeChannels } from "@/lib/realtime/channels";
import { findMentionedMembers } from "./mentions";
import {
  type NotificationEvent,
  type NotificationPreferences,
  type NotificationType,
  notificationPreferencesSchema,
  readStoredPreferences,
} from "./schema";

export interface NotificationDraft {
  userId: string;
  type: NotificationType;
  title: string;
  body: string;
  conversationId: string | null;
}

/**
 * Stores notifications inside the caller's transaction and returns one outbox event per
 * notification (`notification.created` on the recipient's private channel). The caller
 * writes those events in the same transaction, so a notification is pushed exactly when
 * the change it announces commits.
 */
export async function createNotifications(tx: Prisma.TransactionClient, accountId: string, drafts: NotificationDraft[]): Promise<OutboxEventInput[]> {
  if (drafts.length === 0) return [];
  const rows = await tx.notification.createManyAndReturn({
    data: drafts.map((draft) => ({ accountId, ...draft, body: messagePreview(draft.body) })),
  });
  return rows.map((row) => ({
    topic: "notification.created",
    payload: { channels: [realtimeChannels.user(row.userId)], data: toEvent(row) },
  }));
}

function toEvent(row: Notification): NotificationEvent {
  return {
    id: row.id,
    type: row.type as NotificationType,
    title: row.title,
    body: row.body,
    conversationId: row.conversationId,
    createdAt: row.createdAt.toISOString(),
  };
}

export interface AssignmentNotice {
  conversationId: string;
  assigneeId: string;
  actorUserId: string;
  actorName: string;
  /** The conversation had another assignee before. */
  transferred: boolean;
}

/** Tells the new assignee; assigning yourself needs no notice. */
export async function notifyAssignment(tx: Prisma.TransactionClient, accountId: string, notice: AssignmentNotice): Promise<OutboxEventInput[]> {
  if (notice.assigneeId === notice.actorUserId) return [];
  const conversation = await tx.conversation.findUniqueOrThrow({
    where: { id: notice.conversationId },
    select: { contact: { select: { name: true } } },
  });
  const contactName = conversation.contact.name?.trim() || "a customer";
  return createNotifications(tx, accountId, [
    {
      userId: notice.assigneeId,
      type: "assignment",
      title: notice.transferred ? `${notice.actorName} transferred a conversation to you` : `${notice.actorName} assigned you a conversation`,
      body: `Conversation with ${contactName}`,
      conversationId: notice.conversationId,
    },
  ]);
}

export interface MentionNotice {
  conversationId: string;
  authorUserId: string;
  authorName: string;
  text: string;
}

/** Tells every active member of the account the note mentions, except its author. */
export async function notifyMentions(tx: Prisma.TransactionClient, accountId: string, notice: MentionNotice): Promise<OutboxEventInput[]> {
  if (!notice.text.includes("@")) return [];
  const memberships = await tx.membership.findMany({
    where: { accountId, deactivatedAt: null },
    select: { user: { select: { id: true, name: true, email: true } } },
  });
  // The author counts when deciding whether a first name is ambiguous, then is left out.
  const mentioned = findMentionedMembers(
    notice.text,
    memberships.map((membership) => membership.user),
  ).filter((member) => member.id !== notice.authorUserId);
  return createNotifications(
    tx,
    accountId,
    mentioned.map((member) => ({
      userId: member.id,
      type: "mention",
      title: `${notice.authorName} mentioned you in a note`,
      body: notice.text,
      conversationId: notice.conversationId,
    })),
  );
}

/** Whose notifications: always the caller's own, in the account they have open. */
export interface NotificationOwner {
  accountId: string;
  userId: string;
}

export const NOTIFICATION_PAGE_MAX = 50;

export interface NotificationPage {
  items: Notification[];
  /** Pass back as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

/** Newest first; `cursor` is the id of the last notification of the previous page. */
export async function listNotifications(db: Database, owner: NotificationOwner, options: { cursor?: string; limit?: number } = {}): Promise<NotificationPage> {
  const limit = Math.min(Math.max(options.limit ?? 20, 1), NOTIFICATION_PAGE_MAX);
  let after: Prisma.NotificationWhereInput = {};
  if (options.cursor) {
    const last = await db.notification.findFirst({ where: { id: options.cursor, ...owner }, select: { id: true, createdAt: true } });
    if (!last) throw new UserFacingError("invalid", "cursor does not name one of your notifications: load the list again from the first page.");
    after = { OR: [{ createdAt: { lt: last.createdAt } }, { createdAt: last.createdAt, id: { lt: last.id } }] };
  }
  const rows = await db.notification.findMany({
    where: { ...owner, ...after },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
  });
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? items[items.length - 1]!.id : null };
}

export function countUnreadNotifications(db: Database, owner: NotificationOwner): Promise<number> {
  return db.notification.count({ where: { ...owner, readAt: null } });
}

/** Marks one of the owner's notifications read; anyone else's is not found. */
export async function markNotificationRead(db: Database, owner: NotificationOwner, notificationId: string): Promise<Notification> {
  const notification = await db.notification.findFirst({ where: { id: notificationId, ...owner } });
  if (!notification) throw new UserFacingError("not_found", "No such notification.");
  if (notification.readAt) return notification;
  return db.notification.update({ where: { id: notification.id }, data: { readAt: new Date() } });
}

export async function markAllNotificationsRead(db: Database, owner: NotificationOwner): Promise<{ updated: number }> {
  const { count } = await db.notification.updateMany({ where: { ...owner, readAt: null }, data: { readAt: new Date() } });
  return { updated: count };
}

export async function getNotificationPreferences(db: Database, owner: NotificationOwner): Promise<NotificationPreferences> {
  const profile = await db.agentProfile.findUnique({
    where: { accountId_userId: owner },
    select: { notificationPrefs: true },
  });
  return readStoredPreferences(profile?.notificationPrefs);
}

/** Replaces the owner's preferences (validated whole); creates their agent profile if they have none yet. */
export async function setNotificationPreferences(db: Database, owner: NotificationOwner, preferences: unknown): Promise<NotificationPreferences> {
  const parsed = notificationPreferencesSchema.safeParse(preferences);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserFacingError("invalid", `Notification preferences: ${issue?.path.join(".") || "value"}: ${issue?.message ?? "invalid"}.`);
  }
  const notificationPrefs = parsed.data as Prisma.InputJsonObject;
  await db.agentProfile.upsert({
    where: { accountId_userId: owner },
    create: { ...owner, notificationPrefs },
    update: { notificationPrefs },
  });
  return parsed.data;
}
