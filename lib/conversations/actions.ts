import { readBotContext } from "@/lib/ai/eligibility";
import type { InboundAttachment } from "@/lib/channels/types";
import type { Database } from "@/lib/db/client";
import type { Conversation, Message, Prisma } from "@/lib/db/generated/client";
import type { AgentStatus, ChannelType, ConversationStatus, Priority } from "@/lib/db/generated/enums";
import { UserFacingError } from "@/lib/errors";
import { type OutboxEventInput, writeOutboxEvents } from "@/lib/outbox/outbox";
import { relayAfterCommit } from "@/lib/outbox/relay";
import { notifyAssignment, notifyMentions } from "@/lib/notifications/notifications";
import { resolveAttachments } from "./attachments";
import { conversationStatusEvent, conversationUpdatedEvent, messageCreatedEvents } from "./events";
import { messageTextTooLarge } from "./limits";
import { assertTransition } from "./status";
import { addSystemEvent } from "./thread";

export interface ActionContext {
  tx: Prisma.TransactionClient;
  conversation: Conversation;
  channelType: ChannelType;
  /** Writes a private system message in the thread and queues its events. */
  note(text: string): Promise<void>;
  events: OutboxEventInput[];
}

export const conversationNotFound = () => new UserFacingError("not_found", "No such conversation in this workspace.");

/**
 * Runs one action (an agent's, or the assistant's with a null actor) in a transaction on
 * a conversation of `accountId` (locked, so two actions at once apply one after the
 * other), writes the outbox events it queued, and hands them to the relay after commit.
 */
export async function withConversation<T>(
  db: Database,
  accountId: string,
  conversationId: string,
  actorUserId: string | null,
  act: (context: ActionContext) => Promise<T>,
): Promise<T> {
  const { result, eventIds } = await db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM conversations WHERE id = ${conversationId} AND account_id = ${accountId} FOR UPDATE`;
    if (locked.length === 0) throw conversationNotFound();
    const row = await tx.conversation.findUniqueOrThrow({ where: { id: conversationId }, include: { channel: { select: { type: true } } } });
    const { channel, ...conversation } = row;
    const context: ActionContext = {
      tx,
      conversation,
      channelType: channel.type,
      events: [],
      note: async (text) => {
        context.events.push(...(await addSystemEvent(tx, conversation, channel.type, text, actorUserId)).events);
      },
    };
    const result = await act(context);
    // The customer's widget hears status changes (a resolution asks for a rating) on the conversation's channel.
    const after = await tx.conversation.findUniqueOrThrow({ where: { id: conversationId }, select: { status: true } });
    if (after.status !== conversation.status) context.events.push(conversationStatusEvent(conversationId, after.status));
    return { result, eventIds: await writeOutboxEvents(tx, accountId, context.events) };
  });
  relayAfterCommit(db, eventIds);
  return result;
}

async function userName(tx: Prisma.TransactionClient, userId: string): Promise<string> {
  return (await tx.user.findUnique({ where: { id: userId }, select: { name: true } }))?.name ?? "Someone";
}

function checkMessageText(text: string, attachments: InboundAttachment[]): void {
  const tooLarge = messageTextTooLarge(text);
  if (tooLarge) throw new UserFacingError("invalid", tooLarge);
  if (!text.trim() && attachments.length === 0) throw new UserFacingError("invalid", "Write a message or attach a file.");
}

export interface ReplyInput {
  text: string;
  attachments?: InboundAttachment[];
}

export interface ReplyOptions {
  /** More work in the reply's own transaction; the outbox events it returns commit with the message. */
  alongside?: (tx: Prisma.TransactionClient, message: Message) => Promise<OutboxEventInput[]>;
}

/**
 * Sends an agent's reply to the customer. It is stored `pending` and delivered from the
 * outbox (`message.outbound`), so a failed send is retried. The first reply sets
 * first_reply_at; nobody waits any more; an open or bot conversation nobody owns becomes
 * the replying agent's.
 */
export async function replyToConversation(
  db: Database,
  accountId: string,
  userId: string,
  conversationId: string,
  input: ReplyInput,
  options: ReplyOptions = {},
): Promise<{ message: Message; conversation: Conversation }> {
  checkMessageText(input.text, input.attachments ?? []);
  const attachments = await resolveAttachments(db, accountId, input.attachments ?? []);
  return withConversation(db, accountId, conversationId, userId, async ({ tx, conversation, channelType, note, events }) => {
    if (conversation.status === "closed") {
      throw new UserFacingError("invalid", "This conversation is closed: the customer's next message starts a new one.");
    }
    const takesOver = conversation.status === "open" || conversation.status === "bot";
    const assigneeId = conversation.assigneeId ?? (takesOver ? userId : null);
    if (takesOver) {
      assertTransition(conversation.status, "assigned");
      if (!conversation.assigneeId) await note(`${await userName(tx, userId)} took the conversation by replying.`);
    }
    const now = new Date();
    const message = await tx.message.create({
      data: {
        accountId,
        conversationId,
        channelId: conversation.channelId,
        direction: "outbound",
        senderType: "agent",
        senderUserId: userId,
        content: input.text,
        attachments: attachments as unknown as Prisma.InputJsonArray,
        deliveryStatus: "pending",
        createdAt: now,
      },
      include: { senderUser: { select: { name: true } } },
    });
    const updated = await tx.conversation.update({
      where: { id: conversationId },
      data: {
        ...(takesOver ? { status: "assigned", assigneeId } : {}),
        firstReplyAt: conversation.firstReplyAt ?? now,
        waitingSince: null,
        unreadCount: 0,
        lastMessageAt: now,
      },
    });
    const { senderUser, ...stored } = message;
    events.push(...messageCreatedEvents(accountId, channelType, { ...stored, senderName: senderUser?.name ?? null }, updated));
    events.push({ topic: "message.outbound", payload: { messageId: stored.id, conversationId } });
    if (options.alongside) events.push(...(await options.alongside(tx, stored)));
    return { message: stored, conversation: updated };
  });
}

/** A private note for colleagues: never delivered, never pushed where a customer could listen. */
export async function addInternalNote(db: Database, accountId: string, userId: string, conversationId: string, input: { text: string }): Promise<Message> {
  checkMessageText(input.text, []);
  return withConversation(db, accountId, conversationId, userId, async ({ tx, conversation, channelType, events }) => {
    const note = await tx.message.create({
      data: {
        accountId,
        conversationId,
        channelId: conversation.channelId,
        direction: "outbound",
        senderType: "agent",
        senderUserId: userId,
        isPrivate: true,
        content: input.text,
      },
      include: { senderUser: { select: { name: true } } },
    });
    const { senderUser, ...stored } = note;
    events.push(...messageCreatedEvents(accountId, channelType, { ...stored, senderName: senderUser?.name ?? null }));
    events.push(...(await notifyMentions(tx, accountId, { conversationId, authorUserId: userId, authorName: senderUser?.name ?? "Someone", text: input.text })));
    return stored;
  });
}

const agentStatusLabels: Record<AgentStatus, string> = {
  available: "available",
  break: "on a break",
  training: "in training",
  floor_support: "on floor support",
  not_available: "not available",
};

/** An active member of the account, with a warning when their agent status is not `available`. */
async function targetAgent(tx: Prisma.TransactionClient, accountId: string, agentId: string) {
  const membership = await tx.membership.findFirst({
    where: { accountId, userId: agentId, deactivatedAt: null },
    select: { user: { select: { name: true, agentProfiles: { where: { accountId }, select: { status: true } } } } },
  });
  if (!membership) throw new UserFacingError("not_found", "No active agent with that id in this workspace.");
  const { name } = membership.user;
  const status = membership.user.agentProfiles[0]?.status ?? "not_available";
  const warning = status === "available" ? null : `${name} is ${agentStatusLabels[status]} right now and may not answer soon.`;
  return { name, warning };
}

export interface AssignmentResult {
  conversation: Conversation;
  /** Set when the new assignee is not `available`, for the UI to show. */
  warning: string | null;
}

export interface AssignmentTarget {
  /** The agent who takes it; null leaves it unassigned. Omitted: keep the current assignee. */
  agentId?: string | null;
  /** The team whose queue it goes to; null removes the team. Omitted: keep the current team. */
  teamId?: string | null;
}

/**
 * Moves a conversation to an agent and/or a team. Assigning an agent moves open/bot to
 * `assigned`; removing the agent moves `assigned` back to `open` (the queue). Each change
 * is written in the thread.
 */
export async function transferConversation(
  db: Database,
  accountId: string,
  actorUserId: string,
  conversationId: string,
  target: AssignmentTarget,
): Promise<AssignmentResult> {
  if (target.agentId === undefined && target.teamId === undefined) {
    throw new UserFacingError("invalid", "Choose an agent or a team to transfer the conversation to.");
  }
  return withConversation(db, accountId, conversationId, actorUserId, async ({ tx, conversation, note, events }) => {
    if (conversation.status === "closed") throw new UserFacingError("invalid", "A closed conversation cannot be assigned.");
    const assigneeId = target.agentId === undefined ? conversation.assigneeId : target.agentId;
    const teamId = target.teamId === undefined ? conversation.teamId : target.teamId;
    const agent = target.agentId ? await targetAgent(tx, accountId, target.agentId) : null;
    const team = target.teamId ? await tx.team.findFirst({ where: { id: target.teamId, accountId }, select: { name: true } }) : null;
    if (target.teamId && !team) throw new UserFacingError("not_found", "No such team in this workspace.");
    if (assigneeId === conversation.assigneeId && teamId === conversation.teamId) {
      return { conversation, warning: agent?.warning ?? null };
    }

    let status: ConversationStatus = conversation.status;
    if (assigneeId && (status === "open" || status === "bot")) status = "assigned";
    if (!assigneeId && status === "assigned") status = "open";
    if (status !== conversation.status) assertTransition(conversation.status, status);

    const actor = await userName(tx, actorUserId);
    if (assigneeId !== conversation.assigneeId) {
      const previous = conversation.assigneeId ? await userName(tx, conversation.assigneeId) : null;
      if (!agent) await note(`${actor} unassigned ${previous ?? "the conversation"}.`);
      else if (previous) await note(`${actor} transferred the conversation from ${previous} to ${agent.name}.`);
      else await note(`${actor} assigned the conversation to ${agent.name}.`);
    }
    if (teamId !== conversation.teamId) await note(team ? `${actor} moved the conversation to team ${team.name}.` : `${actor} removed the conversation's team.`);

    const updated = await tx.conversation.update({ where: { id: conversation.id }, data: { assigneeId, teamId, status } });
    events.unshift(conversationUpdatedEvent(updated));
    if (assigneeId && assigneeId !== conversation.assigneeId) {
      const notice = { conversationId: conversation.id, assigneeId, actorUserId, actorName: actor, transferred: conversation.assigneeId !== null };
      events.push(...(await notifyAssignment(tx, accountId, notice)));
    }
    return { conversation: updated, warning: agent?.warning ?? null };
  });
}

export function assignConversation(db: Database, accountId: string, actorUserId: string, conversationId: string, agentId: string): Promise<AssignmentResult> {
  return transferConversation(db, accountId, actorUserId, conversationId, { agentId });
}

export async function unassignConversation(db: Database, accountId: string, actorUserId: string, conversationId: string): Promise<Conversation> {
  return (await transferConversation(db, accountId, actorUserId, conversationId, { agentId: null })).conversation;
}

/** Replaces the labels (trimmed, deduplicated case-insensitively, first spelling kept). */
export async function setLabels(db: Database, accountId: string, actorUserId: string, conversationId: string, labels: string[]): Promise<Conversation> {
  const seen = new Set<string>();
  const wanted = labels.map((label) => label.trim()).filter((label) => label && !seen.has(label.toLowerCase()) && seen.add(label.toLowerCase()));
  return withConversation(db, accountId, conversationId, actorUserId, async ({ tx, conversation, note, events }) => {
    const added = wanted.filter((label) => !conversation.labels.includes(label));
    const removed = conversation.labels.filter((label) => !wanted.includes(label));
    if (added.length === 0 && removed.length === 0) return conversation;
    const changes = [added.length ? `added ${added.join(", ")}` : null, removed.length ? `removed ${removed.join(", ")}` : null].filter(Boolean);
    await note(`${await userName(tx, actorUserId)} ${changes.join(" and ")} as labels.`);
    const updated = await tx.conversation.update({ where: { id: conversation.id }, data: { labels: wanted } });
    events.unshift(conversationUpdatedEvent(updated));
    return updated;
  });
}

export async function setPriority(db: Database, accountId: string, actorUserId: string, conversationId: string, priority: Priority): Promise<Conversation> {
  return withConversation(db, accountId, conversationId, actorUserId, async ({ tx, conversation, note, events }) => {
    if (conversation.priority === priority) return conversation;
    await note(`${await userName(tx, actorUserId)} changed the priority from ${conversation.priority} to ${priority}.`);
    const updated = await tx.conversation.update({ where: { id: conversation.id }, data: { priority } });
    events.unshift(conversationUpdatedEvent(updated));
    return updated;
  });
}

/**
 * Moves a conversation along the status machine (lib/conversations/status.ts). Resolving
 * stamps resolved_at; resolved, pending and closed conversations have nobody waiting on
 * an agent. `assigned` needs an assignee: use assign for that.
 */
export async function changeStatus(db: Database, accountId: string, actorUserId: string, conversationId: string, status: ConversationStatus): Promise<Conversation> {
  return withConversation(db, accountId, conversationId, actorUserId, async ({ tx, conversation, note, events }) => {
    assertTransition(conversation.status, status);
    if (status === "assigned" && !conversation.assigneeId) {
      throw new UserFacingError("invalid", "Cannot move the conversation to assigned: nobody is assigned. Assign it to an agent instead.");
    }
    await note(`${await userName(tx, actorUserId)} changed the status from ${conversation.status} to ${status}.`);
    const stopsWaiting = status === "resolved" || status === "pending" || status === "closed";
    const updated = await tx.conversation.update({
      where: { id: conversation.id },
      data: { status, ...(status === "resolved" ? { resolvedAt: new Date() } : {}), ...(stopsWaiting ? { waitingSince: null } : {}) },
    });
    events.unshift(conversationUpdatedEvent(updated));
    return updated;
  });
}

/** Clears the unread badge. Not written in the thread: reading is not a change to the conversation. */
export async function markRead(db: Database, accountId: string, userId: string, conversationId: string): Promise<Conversation> {
  return withConversation(db, accountId, conversationId, userId, async ({ tx, conversation, events }) => {
    if (conversation.unreadCount === 0) return conversation;
    const updated = await tx.conversation.update({ where: { id: conversation.id }, data: { unreadCount: 0 } });
    events.push(conversationUpdatedEvent(updated));
    return updated;
  });
}

/**
 * Pauses or resumes the assistant on a conversation. Pausing keeps it from answering
 * until resumed; a conversation the assistant was handling goes to the queue, with the
 * customer waiting from now. Resuming gives the conversation back to the assistant: it is
 * unassigned if an agent had it, nobody waits on a person any more, and the assistant
 * answers the customer's next message (eligibility counts from this moment).
 */
export async function setAiPaused(db: Database, accountId: string, actorUserId: string, conversationId: string, paused: boolean): Promise<Conversation> {
  return withConversation(db, accountId, conversationId, actorUserId, async ({ tx, conversation, note, events }) => {
    if (conversation.status === "closed") throw new UserFacingError("invalid", "This conversation is closed: the assistant cannot be paused or resumed on it.");
    const actor = await userName(tx, actorUserId);
    const now = new Date();
    let data: Prisma.ConversationUncheckedUpdateInput;
    if (paused) {
      if (conversation.aiPaused) return conversation;
      const toQueue = conversation.status === "bot";
      if (toQueue) assertTransition("bot", "open");
      await note(`${actor} paused the assistant on this conversation.`);
      data = { aiPaused: true, ...(toQueue ? { status: "open", waitingSince: conversation.waitingSince ?? now } : {}) };
    } else {
      const withAgent = conversation.status === "assigned" || conversation.status === "pending";
      const handsBack = withAgent || conversation.assigneeId !== null;
      if (withAgent) assertTransition(conversation.status, "open");
      await note(handsBack ? `${actor} handed the conversation back to the assistant.` : `${actor} resumed the assistant on this conversation.`);
      data = {
        aiPaused: false,
        botContext: { ...readBotContext(conversation.botContext), resumedAt: now.toISOString() } as unknown as Prisma.InputJsonObject,
        ...(handsBack ? { assigneeId: null, waitingSince: null } : {}),
        ...(withAgent ? { status: "open" } : {}),
      };
    }
    const updated = await tx.conversation.update({ where: { id: conversation.id }, data });
    events.unshift(conversationUpdatedEvent(updated));
    return updated;
  });
}
