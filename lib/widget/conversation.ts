import { randomBytes } from "node:crypto";
import { z } from "zod";
import { startAnswerReads, streamAnswerResponse } from "@/lib/ai/answer";
import { timedStage } from "@/lib/ai/answer-timing";
import type { ChannelRef, InboundAttachment, NormalizedInboundMessage } from "@/lib/channels/types";
import { constantTimeEqual } from "@/lib/crypto/hmac";
import { threadMessageData } from "@/lib/conversations/events";
import { ingestInbound, type IngestResult } from "@/lib/conversations/ingest";
import { MAX_MESSAGE_TEXT_BYTES, messageTextTooLarge } from "@/lib/conversations/limits";
import { MAX_ATTACHMENTS_PER_MESSAGE } from "@/lib/conversations/attachments";
import { sqlPool, type Database } from "@/lib/db/client";
import { type Channel, type Conversation, Prisma, type WidgetSession } from "@/lib/db/generated/client";
import { queryRows } from "@/lib/db/sql";
import type { ConversationStatus } from "@/lib/db/generated/enums";
import { UserFacingError } from "@/lib/errors";
import { describeFiles } from "@/lib/files/files";
import { isFileId } from "@/lib/files/shared";
import { PayloadTooLargeError } from "./errors";
import { consumeRateLimits, MESSAGES_PER_SESSION, NEW_CONVERSATIONS_PER_IP, type RateLimitCheck } from "./rate-limit";
import { uploadProof } from "./session-token";
import { sessionContactIdentifier } from "./sessions";
import type { WebChannelSettings } from "./settings";

/** The widget session making a request, resolved from its token. */
export interface WidgetActor {
  channel: Pick<Channel, "id" | "accountId" | "name">;
  settings: WebChannelSettings;
  session: WidgetSession;
  ip: string;
}

/** A message as the customer sees it in the widget: public messages only, never notes or system events. */
export type WidgetMessage = ReturnType<typeof threadMessageData> & { sources?: { title: string; url: string }[]; suggestions?: string[] };

export const widgetAttachmentInput = z.object({
  id: z.string().refine(isFileId, "id must be the id the upload returned"),
  proof: z.string().min(1).max(100),
});

export const sendMessageInput = z.object({
  /** Chosen by the widget per message, so a retried send is stored once. */
  clientMessageId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "clientMessageId must be 8-64 letters, digits, - or _"),
  text: z.string().max(MAX_MESSAGE_TEXT_BYTES * 2).default(""),
  attachments: z.array(widgetAttachmentInput).max(MAX_ATTACHMENTS_PER_MESSAGE, `A message carries at most ${MAX_ATTACHMENTS_PER_MESSAGE} attachments.`).default([]),
});
export type SendMessageInput = z.input<typeof sendMessageInput>;

const channelRef = (channel: WidgetActor["channel"]): ChannelRef => ({ id: channel.id, accountId: channel.accountId, type: "web" });

/** Refuses anonymous visitors when the channel requires a verified identity. */
export function assertMayChat(actor: Pick<WidgetActor, "settings" | "session">): void {
  if (actor.settings.enforceIdentity && !actor.session.identified) {
    throw new UserFacingError("forbidden", "This chat is for signed-in customers: sign in on the site first, then write to us.");
  }
}

/**
 * Counts the message against the session's limit and, for a session's first message, a
 * new conversation against the IP's: both decided at once, and neither counted when one refuses.
 */
async function consumeMessageLimits(db: Database, actor: WidgetActor, now: Date): Promise<void> {
  const checks: RateLimitCheck[] = [
    {
      key: `widget:messages:${actor.session.id}`,
      rate: MESSAGES_PER_SESSION,
      message: `You are sending messages too quickly: at most ${MESSAGES_PER_SESSION.limit} a minute. Wait a moment and try again.`,
    },
  ];
  if (!actor.session.conversationId) {
    checks.push({
      key: `widget:conversations:${actor.channel.id}:${actor.ip}`,
      rate: NEW_CONVERSATIONS_PER_IP,
      message: `Too many new conversations from your network: at most ${NEW_CONVERSATIONS_PER_IP.limit} every ${NEW_CONVERSATIONS_PER_IP.windowMs / 60_000} minutes. Try again later.`,
    });
  }
  await consumeRateLimits(db, checks, now);
}

/** The widget's uploads as stored attachments; each must carry the proof its upload returned to this session. */
async function uploadedAttachments(db: Database, actor: WidgetActor, attachments: z.infer<typeof widgetAttachmentInput>[]): Promise<InboundAttachment[]> {
  for (const attachment of attachments) {
    if (!constantTimeEqual(uploadProof(actor.session.id, attachment.id), attachment.proof)) {
      throw new UserFacingError("forbidden", "An attachment was not uploaded in this chat: upload the file again.");
    }
  }
  const files = await describeFiles(db, actor.channel.accountId, attachments.map((attachment) => attachment.id));
  return attachments.map((attachment) => {
    const file = files.get(attachment.id)!;
    return { url: file.url, name: file.name, contentType: file.contentType, size: file.size };
  });
}

/**
 * Links the session to the conversation its message went to; a message is activity, so the
 * 30-minute clock restarts. One statement on the pool under Prisma: it runs with every message.
 */
async function recordActivity(db: Database, session: WidgetSession, result: IngestResult, now: Date): Promise<WidgetSession> {
  const activity = { conversationId: result.conversation.id, contactId: result.contact.id, lastActivityAt: now, lastSeenAt: now };
  await queryRows(
    sqlPool(db),
    Prisma.sql`UPDATE widget_sessions SET conversation_id = ${activity.conversationId}, contact_id = ${activity.contactId},
                      last_activity_at = ${now}::timestamp, last_seen_at = ${now}::timestamp
                WHERE id = ${session.id}`,
    { prepareAs: "widget_session_activity" },
  );
  return { ...session, ...activity };
}

type ContactDetails = { name?: string; email?: string; phone?: string };

/** The message as `ingestInbound` takes it, once it passed the identity requirement, the size limit (413 naming it) and the rate limits. */
async function acceptMessage(db: Database, actor: WidgetActor, input: SendMessageInput, now: Date, contact: ContactDetails = {}): Promise<NormalizedInboundMessage> {
  const { clientMessageId, text, attachments } = sendMessageInput.parse(input);
  assertMayChat(actor);
  const tooLarge = messageTextTooLarge(text, "The message");
  if (tooLarge) throw new PayloadTooLargeError(tooLarge);
  if (!text.trim() && attachments.length === 0) throw new UserFacingError("invalid", "Write a message or attach a file.");
  await timedStage("limits", () => consumeMessageLimits(db, actor, now));
  return {
    externalId: `widget_${actor.session.id}_${clientMessageId}`,
    contact: { ...contact, identifier: sessionContactIdentifier(actor.session) },
    text,
    attachments: await uploadedAttachments(db, actor, attachments),
    sentAt: now,
  };
}

const storeMessage = (db: Database, actor: WidgetActor, message: NormalizedInboundMessage) => timedStage("ingest", () => ingestInbound(db, channelRef(actor.channel), message));

const linkSession = async (db: Database, actor: WidgetActor, result: IngestResult, now: Date) => {
  actor.session = await timedStage("session", () => recordActivity(db, actor.session, result, now));
};

/**
 * Stores a customer message from the widget through `ingestInbound` (the web channel's
 * one way in), after the identity requirement, the size limit (413 naming it) and the
 * rate limits. A retried send with the same clientMessageId returns the stored message.
 * Contact details given (the offline form's) fill the contact's empty fields.
 */
export async function sendWidgetMessage(
  db: Database,
  actor: WidgetActor,
  input: SendMessageInput,
  options: { now?: Date; contact?: ContactDetails } = {},
): Promise<IngestResult> {
  const now = options.now ?? new Date();
  const result = await storeMessage(db, actor, await acceptMessage(db, actor, input, now, options.contact));
  await linkSession(db, actor, result, now);
  return result;
}

/**
 * The widget's message route: stores the message as sendWidgetMessage does and, unless it
 * is a retried send or has no text, starts the assistant's streamed answer (null when the
 * assistant does not answer). The first token waits only for what it needs: the answer's
 * reads from the account (settings, providers, knowledge) run while the message is being
 * stored, and its checks on the conversation while the session is linked to it. Either
 * failing fails the request, the message staying stored (a retried send finds it).
 */
export async function sendWidgetMessageAndAnswer(db: Database, actor: WidgetActor, input: SendMessageInput, now = new Date()): Promise<{ result: IngestResult; answer: Response | null }> {
  const message = await acceptMessage(db, actor, input, now);
  const { accountId } = actor.channel;
  const reads = message.text.trim() ? startAnswerReads(db, accountId, { text: message.text }) : null;
  const result = await storeMessage(db, actor, message);
  const answering =
    reads && !result.duplicate
      ? streamAnswerResponse(db, { accountId, conversationId: result.conversation.id, messageId: result.message.id }, { stored: result, reads })
      : Promise.resolve(null);
  const [linked, answered] = await Promise.allSettled([linkSession(db, actor, result, now), answering]);
  if (linked.status === "rejected") {
    if (answered.status === "fulfilled") await answered.value?.body?.cancel();
    throw linked.reason;
  }
  if (answered.status === "rejected") throw answered.reason;
  return { result, answer: answered.value };
}

/** A random clientMessageId for messages the widget sends on the customer's behalf (handoff, offline form). */
export const serverMessageId = () => `srv_${randomBytes(12).toString("hex")}`;

/** The conversation, if it is one of this session's customer's on this channel; not_found otherwise. */
export async function ownedConversation(db: Database, actor: Pick<WidgetActor, "channel" | "session">, conversationId: string): Promise<Conversation> {
  const { session, channel } = actor;
  const conversation =
    session.contactId || session.conversationId
      ? await db.conversation.findFirst({
          where: {
            id: conversationId,
            accountId: channel.accountId,
            channelId: channel.id,
            OR: [...(session.contactId ? [{ contactId: session.contactId }] : []), ...(session.conversationId ? [{ id: session.conversationId }] : [])],
          },
        })
      : null;
  if (!conversation) throw new UserFacingError("not_found", "No such conversation in this chat.");
  return conversation;
}

const aiMetadataSchema = z
  .object({
    sources: z.array(z.object({ title: z.string(), url: z.string() })).optional(),
    suggestions: z.array(z.string()).optional(),
  })
  .loose();

/** The customer-visible messages of a conversation of theirs, oldest first (at most the latest 200). */
export async function widgetThread(db: Database, actor: Pick<WidgetActor, "channel" | "session">, conversationId: string) {
  const conversation = await ownedConversation(db, actor, conversationId);
  const rows = await db.message.findMany({
    where: { conversationId: conversation.id, isPrivate: false, senderType: { in: ["contact", "agent", "bot"] } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 200,
    include: { senderUser: { select: { name: true } } },
  });
  const rating = await db.csatRating.findUnique({ where: { conversationId: conversation.id }, select: { rating: true } });
  const messages = rows.reverse().map(({ senderUser, aiMetadata, ...message }): WidgetMessage => {
    const ai = aiMetadataSchema.safeParse(aiMetadata ?? {});
    return {
      ...threadMessageData({ ...message, senderName: senderUser?.name ?? null }),
      ...(ai.success && ai.data.sources?.length ? { sources: ai.data.sources.map(({ title, url }) => ({ title, url })) } : {}),
      ...(ai.success && ai.data.suggestions?.length ? { suggestions: ai.data.suggestions } : {}),
    };
  });
  return { conversation: { id: conversation.id, status: conversation.status, rated: rating !== null }, messages };
}

export interface WidgetConversationSummary {
  id: string;
  status: ConversationStatus;
  lastMessageAt: string;
  preview: string | null;
}

/** The customer's conversations on this channel, newest first: a returning or signed-in customer sees their past chats. */
export async function listWidgetConversations(db: Database, actor: Pick<WidgetActor, "channel" | "session">): Promise<WidgetConversationSummary[]> {
  const { session, channel } = actor;
  if (!session.contactId) return [];
  const conversations = await db.conversation.findMany({
    where: { accountId: channel.accountId, channelId: channel.id, contactId: session.contactId, mergedIntoId: null },
    orderBy: { lastMessageAt: "desc" },
    take: 20,
    select: {
      id: true,
      status: true,
      lastMessageAt: true,
      messages: { where: { isPrivate: false, senderType: { in: ["contact", "agent", "bot"] } }, orderBy: { createdAt: "desc" }, take: 1, select: { content: true } },
    },
  });
  return conversations.map((conversation) => ({
    id: conversation.id,
    status: conversation.status,
    lastMessageAt: conversation.lastMessageAt.toISOString(),
    preview: conversation.messages[0]?.content.replace(/\s+/g, " ").trim().slice(0, 120) || null,
  }));
}

export const csatInput = z.object({
  conversationId: z.string().min(1),
  rating: z.number().int().min(1, "rating must be 1 to 5 stars").max(5, "rating must be 1 to 5 stars"),
  comment: z.string().trim().max(2_000, "Keep the comment to 2,000 characters.").optional(),
});

/** The customer's 1–5 star rating of a resolved conversation of theirs; once per conversation. */
export async function rateConversation(db: Database, actor: Pick<WidgetActor, "channel" | "session">, input: z.infer<typeof csatInput>): Promise<void> {
  const conversation = await ownedConversation(db, actor, input.conversationId);
  if (conversation.status !== "resolved" && conversation.status !== "closed") {
    throw new UserFacingError("invalid", "You can rate the conversation once it is resolved.");
  }
  const created = await db.csatRating.createMany({
    data: [
      {
        accountId: conversation.accountId,
        conversationId: conversation.id,
        contactId: conversation.contactId,
        agentId: conversation.assigneeId,
        rating: input.rating,
        comment: input.comment || null,
      },
    ],
    skipDuplicates: true,
  });
  if (created.count === 0) throw new UserFacingError("conflict", "This conversation has already been rated. Thank you!");
}
