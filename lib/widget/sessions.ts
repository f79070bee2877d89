import { randomBytes } from "node:crypto";
import { activeStatuses } from "@/lib/conversations/status";
import type { Database } from "@/lib/db/client";
import type { Channel, WidgetSession } from "@/lib/db/generated/client";
import { newRowId } from "@/lib/outbox/outbox";
import type { VerifiedIdentity } from "./identity";
import { consumeRateLimit, NEW_SESSIONS_PER_IP } from "./rate-limit";

/** 30 minutes without a message either way ends a session; the next visit starts a new one. */
export const SESSION_IDLE_MS = 30 * 60_000;

/** Visitor ids are minted here (128 random bits) and kept in the visitor's browser: holding one is what resumes a session. */
const VISITOR_ID_PATTERN = /^v_[a-z0-9]{26}$/;

function newVisitorId(): string {
  return `v_${BigInt(`0x${randomBytes(16).toString("hex")}`).toString(36).padStart(26, "0")}`;
}

/** Where the visitor is, as the loader reports it. */
export interface VisitorPage {
  pageUrl?: string | null;
  pageTitle?: string | null;
}

export interface OpenSessionInput extends VisitorPage {
  /** The id the browser kept from an earlier session; a malformed one is replaced. */
  visitorId?: string | null;
  ip: string;
  userAgent: string | null;
}

/** How the customer is known on the web channel: the host site's user id once verified, else the visitor id. */
export function sessionContactIdentifier(session: Pick<WidgetSession, "externalUserId" | "visitorId">): string {
  return session.externalUserId ?? session.visitorId;
}

const pageFields = (page: VisitorPage) => ({
  ...(page.pageUrl !== undefined ? { pageUrl: page.pageUrl?.slice(0, 2_048) ?? null } : {}),
  ...(page.pageTitle !== undefined ? { pageTitle: page.pageTitle?.slice(0, 300) ?? null } : {}),
});

/**
 * Resumes the visitor's session when it saw a message in the last 30 minutes, otherwise
 * ends their earlier sessions and starts a new one, knowing the contact if this browser
 * chatted before (so past conversations stay visible) and still in their conversation
 * if it is in progress (an agent may be answering it).
 */
export async function openWidgetSession(
  db: Database,
  channel: Pick<Channel, "id" | "accountId">,
  input: OpenSessionInput,
  now = new Date(),
): Promise<{ session: WidgetSession; resumed: boolean }> {
  const visitorId = input.visitorId && VISITOR_ID_PATTERN.test(input.visitorId) ? input.visitorId : newVisitorId();
  const current = await db.widgetSession.findFirst({
    where: { channelId: channel.id, visitorId, endedAt: null, lastActivityAt: { gt: new Date(now.getTime() - SESSION_IDLE_MS) } },
    orderBy: { lastActivityAt: "desc" },
  });
  if (current) {
    const session = await db.widgetSession.update({ where: { id: current.id }, data: { lastSeenAt: now, ...pageFields(input) } });
    return { session, resumed: true };
  }

  await consumeRateLimit(
    db,
    `widget:sessions:${channel.id}:${input.ip}`,
    NEW_SESSIONS_PER_IP,
    "Too many chat sessions from your network. Try again in a few minutes.",
    now,
  );
  const known = await db.contactIdentifier.findUnique({
    where: { accountId_channelType_identifier: { accountId: channel.accountId, channelType: "web", identifier: visitorId } },
    select: { contactId: true },
  });
  // A conversation still in progress carries on in the new session; a settled one is left in the past.
  const ongoing = known
    ? await db.conversation.findFirst({
        where: { accountId: channel.accountId, channelId: channel.id, contactId: known.contactId, mergedIntoId: null, status: { in: [...activeStatuses] } },
        orderBy: { lastMessageAt: "desc" },
        select: { id: true },
      })
    : null;
  const [, session] = await db.$transaction([
    db.widgetSession.updateMany({ where: { channelId: channel.id, visitorId, endedAt: null }, data: { endedAt: now } }),
    db.widgetSession.create({
      data: {
        id: newRowId(),
        accountId: channel.accountId,
        channelId: channel.id,
        visitorId,
        contactId: known?.contactId ?? null,
        conversationId: ongoing?.id ?? null,
        ip: input.ip,
        userAgent: input.userAgent?.slice(0, 500) ?? null,
        startedAt: now,
        lastSeenAt: now,
        lastActivityAt: now,
        ...pageFields(input),
      },
    }),
  ]);
  return { session, resumed: false };
}

/** The widget's "still here" (every 30 s and on navigation): feeds the live-visitors list. */
export async function recordHeartbeat(db: Database, sessionId: string, page: VisitorPage, now = new Date()): Promise<void> {
  await db.widgetSession.update({ where: { id: sessionId }, data: { lastSeenAt: now, ...pageFields(page) } });
}

/**
 * Links the session to the verified customer: their contact (created with a verified web
 * identifier on first sight) becomes the session's. A conversation this anonymous
 * session started moves to them, so their history and the AI's lookups follow; a
 * different user signing in on the same browser starts with an empty thread.
 */
export async function identifySession(db: Database, session: WidgetSession, identity: VerifiedIdentity): Promise<WidgetSession> {
  const { accountId, channelId } = session;
  return db.$transaction(async (tx) => {
    const identifier = await tx.contactIdentifier.findUnique({
      where: { accountId_channelType_identifier: { accountId, channelType: "web", identifier: identity.externalUserId } },
      select: { id: true, contactId: true, verified: true },
    });
    let contactId: string;
    if (identifier) {
      contactId = identifier.contactId;
      if (!identifier.verified) await tx.contactIdentifier.update({ where: { id: identifier.id }, data: { verified: true } });
      // Fill what the contact lacks; never overwrite what an agent may have corrected.
      const contact = await tx.contact.findUniqueOrThrow({ where: { id: contactId }, select: { name: true, email: true } });
      const fill = { ...(!contact.name && identity.name ? { name: identity.name } : {}), ...(!contact.email && identity.email ? { email: identity.email } : {}) };
      if (Object.keys(fill).length) await tx.contact.update({ where: { id: contactId }, data: fill });
    } else {
      const contact = await tx.contact.create({
        data: {
          accountId,
          name: identity.name,
          email: identity.email,
          identifiers: { create: { accountId, channelType: "web", channelId, identifier: identity.externalUserId, verified: true } },
        },
      });
      contactId = contact.id;
    }

    if (session.identified && session.externalUserId === identity.externalUserId) return tx.widgetSession.findUniqueOrThrow({ where: { id: session.id } });
    const switchingUser = session.identified && session.externalUserId !== identity.externalUserId;
    if (!switchingUser && session.conversationId && session.contactId && session.contactId !== contactId) {
      await tx.conversation.updateMany({ where: { id: session.conversationId, accountId, contactId: session.contactId }, data: { contactId } });
    }
    return tx.widgetSession.update({
      where: { id: session.id },
      data: { contactId, externalUserId: identity.externalUserId, identified: true, ...(switchingUser ? { conversationId: null } : {}) },
    });
  });
}
