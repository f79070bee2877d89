import type { Database } from "@/lib/db/client";
import type { ConversationStatus } from "@/lib/db/generated/enums";
import { activeStatuses } from "@/lib/conversations/status";

/** A visitor counts as on the site while the widget's heartbeat (every 30 s) is this recent. */
export const LIVE_VISITOR_WINDOW_MS = 90_000;

/** Upper bound on the rows one list returns; the busiest sites show their most recent visitors. */
const MAX_LIVE_VISITORS = 500;

export interface LiveVisitor {
  sessionId: string;
  channel: { id: string; name: string };
  pageUrl: string | null;
  pageTitle: string | null;
  startedAt: Date;
  lastSeenAt: Date;
  /** True when the host site proved who the visitor is (identity hash or token). */
  identified: boolean;
  contact: { id: string; name: string | null; email: string | null } | null;
  /** The visitor's conversation on this channel that someone still has to act on, if any. */
  openConversation: { id: string; status: ConversationStatus; assigneeName: string | null } | null;
}

export interface LiveVisitorList {
  visitors: LiveVisitor[];
  /** The server's clock, so "time on site" does not depend on the browser's. */
  now: Date;
}

export function isLive(lastSeenAt: Date, now: Date): boolean {
  return now.getTime() - lastSeenAt.getTime() <= LIVE_VISITOR_WINDOW_MS;
}

const active = activeStatuses as readonly ConversationStatus[];

/**
 * Who is on the account's sites right now: widget sessions whose heartbeat arrived in
 * the last 90 s, most recently seen first (an ended session was replaced by a newer one
 * of the same browser, which is listed instead). A visitor's open conversation is the one
 * their session is linked to or, for a known contact, their latest active one on the
 * same channel.
 */
export async function listLiveVisitors(db: Database, accountId: string, now = new Date()): Promise<LiveVisitorList> {
  const sessions = await db.widgetSession.findMany({
    where: { accountId, endedAt: null, lastSeenAt: { gte: new Date(now.getTime() - LIVE_VISITOR_WINDOW_MS) } },
    orderBy: { lastSeenAt: "desc" },
    take: MAX_LIVE_VISITORS,
    select: {
      id: true,
      pageUrl: true,
      pageTitle: true,
      startedAt: true,
      lastSeenAt: true,
      identified: true,
      channel: { select: { id: true, name: true } },
      contact: { select: { id: true, name: true, email: true } },
      conversation: { select: { id: true, status: true, assignee: { select: { name: true } } } },
    },
  });

  const needingLookup = sessions.filter((session) => session.contact && !(session.conversation && active.includes(session.conversation.status)));
  const contactConversations = needingLookup.length
    ? await db.conversation.findMany({
        where: {
          accountId,
          mergedIntoId: null,
          status: { in: [...active] },
          OR: needingLookup.map((session) => ({ contactId: session.contact!.id, channelId: session.channel.id })),
        },
        orderBy: { lastMessageAt: "desc" },
        select: { id: true, status: true, contactId: true, channelId: true, assignee: { select: { name: true } } },
      })
    : [];

  const visitors = sessions.map((session): LiveVisitor => {
    const linked = session.conversation && active.includes(session.conversation.status) ? session.conversation : null;
    const open =
      linked ?? contactConversations.find((conversation) => conversation.contactId === session.contact?.id && conversation.channelId === session.channel.id) ?? null;
    return {
      sessionId: session.id,
      channel: session.channel,
      pageUrl: session.pageUrl,
      pageTitle: session.pageTitle,
      startedAt: session.startedAt,
      lastSeenAt: session.lastSeenAt,
      identified: session.identified,
      contact: session.contact,
      openConversation: open ? { id: open.id, status: open.status, assigneeName: open.assignee?.name ?? null } : null,
    };
  });
  return { visitors, now };
}
