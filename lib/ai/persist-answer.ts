/**
 * Stores what the assistant said, in one transaction on the locked conversation: the bot
 * message (queued for delivery through the outbox like an agent reply, so it appears live
 * in the inbox and reaches the customer's channel), the accuracy-log row, the
 * conversation's new state (`bot` when the assistant takes it, back to the queue with its
 * bot_context on a hand-off) and a system event in the thread for a hand-off.
 */
import { withConversation } from "@/lib/conversations/actions";
import { messageCreatedEvents } from "@/lib/conversations/events";
import { assertTransition, higherPriority } from "@/lib/conversations/status";
import type { Database } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import type { AiOutcome } from "@/lib/db/generated/enums";
import { newRowId } from "@/lib/outbox/outbox";
import { answerBlocker, assistantSince } from "./eligibility";
import { buildHandoffContext, type Escalation, escalationReasonLabels } from "./escalation";

export interface AnswerSourceRecord {
  documentId: string;
  title: string;
  slug: string;
  url: string;
}

export interface ToolCallRecord {
  name: string;
  input: unknown;
  output: unknown;
}

export interface AttemptRecord {
  provider: string;
  model: string;
  error: string;
  latencyMs: number;
}

/** Everything an answer produced, ready to be stored. */
export interface AnswerRecord {
  outcome: AiOutcome;
  /** Exactly what the customer was sent. */
  text: string;
  sources: AnswerSourceRecord[];
  suggestions: string[];
  confidence: number | null;
  escalation: Escalation | null;
  /** The model's own words when it called handoffToHuman. */
  handoffNote: string | null;
  provider: string;
  model: string;
  latencyMs: number;
  firstTokenMs: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  toolCalls: ToolCallRecord[];
  attempts: AttemptRecord[];
  /** Set for canned auto-replies. */
  autoReplyShortcut: string | null;
}

export interface AnswerTarget {
  accountId: string;
  conversationId: string;
  /** The customer message being answered. */
  customerMessage: { id: string; content: string };
  /** Chosen before answering, so a stream can announce it. */
  botMessageId: string;
}

/** The bot message that answered `customerMessageId`, if any: the idempotency key of answering. */
export function findAnswerTo(db: Prisma.TransactionClient | Database, conversationId: string, customerMessageId: string) {
  return db.message.findFirst({
    where: { conversationId, senderType: "bot", aiMetadata: { path: ["replyTo"], equals: customerMessageId } },
    select: { id: true },
  });
}

/** Whether an agent wrote to the customer after `since` (ever, when null). */
export async function agentWroteSince(db: Prisma.TransactionClient | Database, conversationId: string, since: Date | null): Promise<boolean> {
  const reply = await db.message.findFirst({
    where: { conversationId, senderType: "agent", isPrivate: false, ...(since ? { createdAt: { gt: since } } : {}) },
    select: { id: true },
  });
  return reply !== null;
}


/**
 * Stores the answer, or nothing when the conversation was answered meanwhile (a
 * redelivered event) or a person took it over while the model was writing. Returns the
 * accuracy-log row's id, or null when nothing was stored.
 */
export async function persistAnswer(db: Database, target: AnswerTarget, record: AnswerRecord): Promise<{ interactionId: string } | null> {
  const { accountId, conversationId, customerMessage, botMessageId } = target;
  return withConversation(db, accountId, conversationId, null, async ({ tx, conversation, channelType, note, events }) => {
    if (await findAnswerTo(tx, conversationId, customerMessage.id)) return null;
    if (answerBlocker(conversation, await agentWroteSince(tx, conversationId, assistantSince(conversation)))) return null;

    const now = new Date();
    const interactionId = newRowId();
    const { escalation } = record;
    const message = await tx.message.create({
      data: {
        id: botMessageId,
        accountId,
        conversationId,
        channelId: conversation.channelId,
        direction: "outbound",
        senderType: "bot",
        content: record.text,
        deliveryStatus: "pending",
        createdAt: now,
        aiMetadata: {
          replyTo: customerMessage.id,
          interactionId,
          provider: record.provider,
          model: record.model,
          confidence: record.confidence,
          sources: record.sources as unknown as Prisma.InputJsonArray,
          suggestions: record.suggestions,
          outcome: record.outcome,
          ...(escalation ? { handoff: true, escalationReason: escalation.reason } : {}),
          ...(record.autoReplyShortcut ? { autoReply: record.autoReplyShortcut } : {}),
        },
      },
    });
    await tx.aiInteraction.create({
      data: {
        id: interactionId,
        accountId,
        conversationId,
        messageId: message.id,
        provider: record.provider,
        model: record.model,
        latencyMs: record.latencyMs,
        firstTokenMs: record.firstTokenMs,
        inputTokens: record.inputTokens,
        outputTokens: record.outputTokens,
        confidence: record.confidence,
        sources: record.sources as unknown as Prisma.InputJsonArray,
        outcome: record.outcome,
        question: customerMessage.content,
        answer: record.text,
        escalationReason: escalation?.reason ?? null,
        toolCalls: record.toolCalls as unknown as Prisma.InputJsonArray,
        attempts: record.attempts as unknown as Prisma.InputJsonArray,
      },
    });

    // Answered, the bot keeps the conversation; handed off, it goes back to the team's queue.
    const next = escalation ? "open" : "bot";
    if (conversation.status !== next) assertTransition(conversation.status, next);
    let data: Prisma.ConversationUncheckedUpdateInput;
    if (escalation) {
      const sinceTurns = assistantSince(conversation);
      const [customerTexts, botTurns] = await Promise.all([
        tx.message.findMany({
          where: { conversationId, senderType: "contact", ...(sinceTurns ? { createdAt: { gt: sinceTurns } } : {}) },
          select: { content: true },
          orderBy: [{ createdAt: "asc" }, { id: "asc" }],
          take: 50,
        }),
        tx.message.count({ where: { conversationId, senderType: "bot", isPrivate: false, id: { not: message.id }, ...(sinceTurns ? { createdAt: { gt: sinceTurns } } : {}) } }),
      ]);
      const context = buildHandoffContext({ customerTexts: customerTexts.map((row) => row.content), reason: escalation.reason, botTurns, at: now });
      const raise = escalation.priority && higherPriority(conversation.priority, escalation.priority) !== conversation.priority ? escalation.priority : null;
      data = {
        status: "open",
        waitingSince: conversation.waitingSince ?? now,
        botContext: context as unknown as Prisma.InputJsonObject,
        ...(raise ? { priority: raise } : {}),
      };
      const why = record.handoffNote ? `${escalationReasonLabels[escalation.reason]}: ${record.handoffNote}` : escalationReasonLabels[escalation.reason];
      await note(`The assistant handed the conversation to the team (${why}).${raise ? ` Priority raised to ${raise}.` : ""}`);
    } else {
      data = { status: "bot", waitingSince: null };
    }
    const updated = await tx.conversation.update({ where: { id: conversationId }, data: { ...data, lastMessageAt: now } });

    events.push(...messageCreatedEvents(accountId, channelType, { ...message, senderName: null }, updated));
    events.push({ topic: "message.outbound", payload: { messageId: message.id, conversationId } });
    return { interactionId };
  });
}
