import { z } from "zod";
import { replyToConversation } from "@/lib/conversations/actions";
import { conversationCreatedEvent, messagePreview } from "@/lib/conversations/events";
import { messageTextTooLarge } from "@/lib/conversations/limits";
import { activeStatuses } from "@/lib/conversations/status";
import { addSystemEvent } from "@/lib/conversations/thread";
import type { Database } from "@/lib/db/client";
import type { Message, Prisma, WidgetSession } from "@/lib/db/generated/client";
import type { ConversationStatus } from "@/lib/db/generated/enums";
import { UserFacingError } from "@/lib/errors";
import { type OutboxEventInput, writeOutboxEvents } from "@/lib/outbox/outbox";
import { relayAfterCommit } from "@/lib/outbox/relay";
import { realtimeChannels } from "@/lib/realtime/channels";
import { sessionContactIdentifier } from "./sessions";
import { readWebChannelSettings } from "./settings";
import { isLive } from "./visitors";

export const proactiveChatInput = z.object({
  sessionId: z.string().min(1, "sessionId is required."),
  text: z.string().trim().min(1, "Write the message the visitor will see.").max(2_000, "Keep a first message to 2,000 characters."),
});
export type ProactiveChatInput = z.infer<typeof proactiveChatInput>;

export interface ProactiveChatResult {
  conversationId: string;
  messageId: string;
  /** False when the visitor already had an open conversation and the message went there. */
  newConversation: boolean;
}

const active = activeStatuses as readonly ConversationStatus[];
const PAGE_LABEL_LENGTH = 120;

/** The realtime event the widget opens itself on (`proactive.message`, on the visitor's session channel). */
function proactiveMessageEvent(sessionId: string, message: Pick<Message, "id" | "conversationId" | "content" | "createdAt">, senderName: string): OutboxEventInput {
  return {
    topic: "proactive.message",
    payload: {
      channels: [realtimeChannels.widgetSession(sessionId)],
      data: {
        conversationId: message.conversationId,
        message: { id: message.id, content: message.content, senderName, createdAt: message.createdAt.toISOString() },
      },
    },
  };
}

/**
 * The visitor's contact: the session's, else the one already known by the identifier the
 * widget sends messages with (a returning visitor), else a new anonymous contact with
 * that identifier, so the visitor's answer from the widget lands on the same contact.
 */
async function visitorContact(tx: Prisma.TransactionClient, accountId: string, session: WidgetSession) {
  if (session.contactId) return tx.contact.findUniqueOrThrow({ where: { id: session.contactId }, select: { id: true, name: true } });
  const identifier = sessionContactIdentifier(session);
  const known = await tx.contactIdentifier.findUnique({
    where: { accountId_channelType_identifier: { accountId, channelType: "web", identifier } },
    select: { contact: { select: { id: true, name: true } } },
  });
  if (known) return known.contact;
  return tx.contact.create({
    data: { accountId, identifiers: { create: { accountId, channelType: "web", channelId: session.channelId, identifier } } },
    select: { id: true, name: true },
  });
}

function pageLabel(session: { pageTitle: string | null; pageUrl: string | null }): string {
  const label = session.pageTitle?.trim() || session.pageUrl?.trim();
  if (!label) return "the website";
  return `"${label.length > PAGE_LABEL_LENGTH ? `${label.slice(0, PAGE_LABEL_LENGTH - 1)}…` : label}"`;
}

/**
 * Links a live visitor's session to a conversation the agent starts (or to the one the
 * visitor already has open), holding the session's row lock so two agents reaching out
 * at once end up in one conversation.
 */
async function openVisitorConversation(db: Database, accountId: string, agentUserId: string, input: ProactiveChatInput) {
  const { result, eventIds } = await db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM widget_sessions WHERE id = ${input.sessionId} AND account_id = ${accountId} FOR UPDATE`;
    if (locked.length === 0) throw new UserFacingError("not_found", "No such visitor in this workspace.");
    const session = await tx.widgetSession.findUniqueOrThrow({
      where: { id: input.sessionId },
      include: { channel: { select: { name: true, active: true, settings: true } }, conversation: { select: { id: true, status: true, mergedIntoId: true } } },
    });
    const now = new Date();
    if (session.endedAt || !isLive(session.lastSeenAt, now)) {
      throw new UserFacingError("conflict", "This visitor has left the site: a proactive message reaches only visitors who are on it now.");
    }
    if (!session.channel.active) {
      throw new UserFacingError("invalid", `The website chat channel "${session.channel.name}" is turned off: reactivate it under Settings → Channels first.`);
    }
    if (!session.identified && readWebChannelSettings(session.channel.settings).enforceIdentity) {
      throw new UserFacingError("invalid", `"${session.channel.name}" lets only identified visitors chat, and this visitor is anonymous: they could not answer.`);
    }

    const contact = await visitorContact(tx, accountId, session);
    const linked = session.conversation && !session.conversation.mergedIntoId && active.includes(session.conversation.status) ? session.conversation : null;
    const existing =
      linked ??
      (await tx.conversation.findFirst({
        where: { accountId, channelId: session.channelId, contactId: contact.id, mergedIntoId: null, status: { in: [...active] } },
        orderBy: { lastMessageAt: "desc" },
        select: { id: true },
      }));
    const created = existing
      ? null
      : await tx.conversation.create({
          data: { accountId, channelId: session.channelId, contactId: contact.id, status: "assigned", assigneeId: agentUserId, lastMessageAt: now },
        });
    const conversationId = existing?.id ?? created!.id;

    await tx.widgetSession.update({ where: { id: session.id }, data: { contactId: contact.id, conversationId, lastActivityAt: now } });

    const agent = await tx.user.findUniqueOrThrow({ where: { id: agentUserId }, select: { name: true } });
    const events: OutboxEventInput[] = created
      ? [conversationCreatedEvent(created, { channelType: "web", contactName: contact.name, preview: messagePreview(input.text) })]
      : [];
    const started = await addSystemEvent(tx, { id: conversationId, accountId, channelId: session.channelId }, "web", `${agent.name} reached out to the visitor on ${pageLabel(session)}.`, agentUserId);
    events.push(...started.events);
    return {
      result: { conversationId, newConversation: created !== null, agentName: agent.name },
      eventIds: await writeOutboxEvents(tx, accountId, events),
    };
  });
  relayAfterCommit(db, eventIds);
  return result;
}

/**
 * Proactive chat: an agent writes first to a visitor who is on the site now. The visitor
 * gets a contact and a conversation on that web channel (or keeps the open one they
 * have), assigned to the agent; the message is stored and delivered as an ordinary
 * agent reply, so it shows in the inbox; and the visitor's widget is told to open with
 * it (`proactive.message` on the session channel, published from the outbox after
 * commit).
 */
export async function startProactiveChat(db: Database, accountId: string, agentUserId: string, input: ProactiveChatInput): Promise<ProactiveChatResult> {
  const tooLarge = messageTextTooLarge(input.text);
  if (tooLarge) throw new UserFacingError("invalid", tooLarge);
  const opened = await openVisitorConversation(db, accountId, agentUserId, input);
  // The widget's nudge commits with the message: either both happen or neither does.
  const { message } = await replyToConversation(db, accountId, agentUserId, opened.conversationId, { text: input.text }, {
    alongside: async (tx, stored) => {
      await tx.widgetSession.update({ where: { id: input.sessionId }, data: { lastActivityAt: stored.createdAt } });
      return [proactiveMessageEvent(input.sessionId, stored, opened.agentName)];
    },
  });
  return { conversationId: opened.conversationId, messageId: message.id, newConversation: opened.newConversation };
}
