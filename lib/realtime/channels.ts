import type Pusher from "pusher";
import type { Database } from "@/lib/db/client";
import type { WidgetTokenClaims } from "@/lib/widget/session-token";

/** Channel names the product publishes on (ARCHITECTURE.md, main flow step 5). */
export const realtimeChannels = {
  account: (accountId: string) => `private-account-${accountId}`,
  accountPresence: (accountId: string) => `presence-account-${accountId}`,
  user: (userId: string) => `private-user-${userId}`,
  conversation: (conversationId: string) => `private-conversation-${conversationId}`,
  /** A widget visitor's own session channel (proactive chat, session events); widget-token auth. */
  widgetSession: (sessionId: string) => `private-widget-${sessionId}`,
};

const CHANNEL_PATTERN = /^(private|presence)-(account|user|conversation)-([A-Za-z0-9_-]{1,64})$/;

export type ChannelAuthorization =
  | { allowed: true; presence?: { user_id: string; user_info: { name: string; role: string } } }
  | { allowed: false };

async function activeMembership(db: Database, userId: string, accountId: string) {
  return db.membership.findFirst({
    where: { userId, accountId, deactivatedAt: null },
    select: { role: true, user: { select: { name: true } } },
  });
}

/**
 * Whether a signed-in user may join a realtime channel: their own accounts' channels,
 * their own user channel, and conversations of accounts they belong to. Anything else,
 * including names that do not parse, is refused.
 */
export async function authorizeUserChannel(db: Database, userId: string, channelName: string): Promise<ChannelAuthorization> {
  const match = CHANNEL_PATTERN.exec(channelName);
  if (!match) return { allowed: false };
  const [, kind, scope, id] = match as unknown as [string, "private" | "presence", "account" | "user" | "conversation", string];

  if (scope === "account") {
    const membership = await activeMembership(db, userId, id);
    if (!membership) return { allowed: false };
    if (kind === "private") return { allowed: true };
    return { allowed: true, presence: { user_id: userId, user_info: { name: membership.user.name, role: membership.role } } };
  }
  if (kind !== "private") return { allowed: false };
  if (scope === "user") {
    if (id !== userId) return { allowed: false };
    const memberships = await db.membership.count({ where: { userId, deactivatedAt: null } });
    return memberships > 0 ? { allowed: true } : { allowed: false };
  }
  const conversation = await db.conversation.findUnique({ where: { id }, select: { accountId: true } });
  if (!conversation) return { allowed: false };
  return (await activeMembership(db, userId, conversation.accountId)) ? { allowed: true } : { allowed: false };
}

/** The signed subscription pusher-js expects, or null when the user may not join. */
export async function signUserChannel(
  db: Database,
  signer: Pick<Pusher, "authorizeChannel">,
  userId: string,
  socketId: string,
  channelName: string,
): Promise<Pusher.ChannelAuthResponse | null> {
  const decision = await authorizeUserChannel(db, userId, channelName);
  return decision.allowed ? signer.authorizeChannel(socketId, channelName, decision.presence) : null;
}

const WIDGET_CHANNEL_PATTERN = /^private-(widget|conversation)-([A-Za-z0-9_-]{1,64})$/;

/**
 * Whether a widget session (its verified token's claims) may join a realtime channel:
 * its own session channel, and the conversation that session is in. Nothing else,
 * whatever ids the browser names.
 */
export async function authorizeWidgetChannel(db: Database, claims: WidgetTokenClaims, channelName: string): Promise<boolean> {
  const match = WIDGET_CHANNEL_PATTERN.exec(channelName);
  if (!match) return false;
  const [, scope, id] = match as unknown as [string, "widget" | "conversation", string];
  const session = await db.widgetSession.findFirst({
    where: { id: claims.sessionId, channelId: claims.channelId, accountId: claims.accountId, endedAt: null },
    select: { conversationId: true, conversation: { select: { channelId: true, accountId: true } } },
  });
  if (!session) return false;
  if (scope === "widget") return id === claims.sessionId;
  return session.conversationId === id && session.conversation?.channelId === claims.channelId && session.conversation.accountId === claims.accountId;
}

/** The signed subscription pusher-js expects, or null when the widget session may not join. */
export async function signWidgetChannel(
  db: Database,
  signer: Pick<Pusher, "authorizeChannel">,
  claims: WidgetTokenClaims,
  socketId: string,
  channelName: string,
): Promise<Pusher.ChannelAuthResponse | null> {
  return (await authorizeWidgetChannel(db, claims, channelName)) ? signer.authorizeChannel(socketId, channelName) : null;
}
