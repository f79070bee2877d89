import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { UserFacingError } from "@/lib/errors";
import { setOutboxRelayDefaults, settleOutboxFastPath } from "@/lib/outbox/relay";
import { realtimeChannels } from "@/lib/realtime/channels";
import { setupTestDatabase } from "@/tests/helpers/db";
import { createAccountWithStaff } from "@/tests/helpers/factories";
import {
  addInternalNote,
  assignConversation,
  changeStatus,
  markRead,
  replyToConversation,
  setLabels,
  setPriority,
  transferConversation,
  unassignConversation,
} from "./actions";
import { ingestInbound } from "./ingest";
import { allowedTransitions, assertTransition, conversationStatuses } from "./status";
import { createChannel, inbound, recordingRelay } from "./test-helpers";

const testDb = setupTestDatabase();
let db: Database;
let acme: Awaited<ReturnType<typeof createAccountWithStaff>>;
let accountId: string;
let relay: ReturnType<typeof recordingRelay>;

async function newConversation(type: "api" | "web" = "api") {
  const channel = await createChannel(db, accountId, type);
  const result = await ingestInbound(db, channel, inbound(`cust-${Math.random()}`, "I need help"));
  await settleOutboxFastPath();
  relay.triggered.length = 0;
  relay.sent.length = 0;
  return result.conversation;
}

async function topicsOf(conversationId: string) {
  const events = await db.outboxEvent.findMany({ where: { accountId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return events.filter((event) => JSON.stringify(event.payload).includes(conversationId)).map((event) => event.topic);
}

beforeAll(async () => {
  db = testDb.db;
  acme = await createAccountWithStaff(db, "Acme");
  accountId = acme.account.id;
});
beforeEach(() => {
  relay = recordingRelay();
  setOutboxRelayDefaults(relay.deps);
});
afterAll(async () => {
  await settleOutboxFastPath();
  setOutboxRelayDefaults(undefined);
});

describe("status machine", () => {
  it("allows exactly the table's transitions and names the allowed ones otherwise", () => {
    for (const from of conversationStatuses) {
      for (const to of conversationStatuses) {
        if (allowedTransitions[from].includes(to)) {
          expect(() => assertTransition(from, to)).not.toThrow();
        } else {
          expect(() => assertTransition(from, to)).toThrow(UserFacingError);
          expect(() => assertTransition(from, to)).toThrow(`Cannot move a conversation from ${from} to ${to}`);
          expect(() => assertTransition(from, to)).toThrow("allowed:");
        }
      }
    }
    expect(allowedTransitions.closed).toEqual([]);
  });

  it("refuses every invalid transition through changeStatus and leaves the conversation as it was", async () => {
    const conversation = await newConversation();
    await db.conversation.update({ where: { id: conversation.id }, data: { assigneeId: acme.agent.id } });
    let refused = 0;
    for (const from of conversationStatuses) {
      for (const to of conversationStatuses) {
        await db.conversation.update({ where: { id: conversation.id }, data: { status: from } });
        const attempt = changeStatus(db, accountId, acme.admin.id, conversation.id, to);
        if (allowedTransitions[from].includes(to)) {
          await expect(attempt).resolves.toMatchObject({ status: to });
        } else {
          await expect(attempt).rejects.toMatchObject({ kind: "invalid", message: expect.stringContaining(`from ${from} to ${to}`) });
          expect((await db.conversation.findUniqueOrThrow({ where: { id: conversation.id } })).status).toBe(from);
          refused += 1;
        }
      }
    }
    const allowedCount = Object.values(allowedTransitions).reduce((sum, targets) => sum + targets.length, 0);
    expect(refused).toBe(conversationStatuses.length ** 2 - allowedCount);
  });

  it("stamps resolved_at on resolve, writes the change in the thread, and needs an assignee for assigned", async () => {
    const conversation = await newConversation();
    await expect(changeStatus(db, accountId, acme.admin.id, conversation.id, "assigned")).rejects.toMatchObject({
      message: expect.stringContaining("nobody is assigned"),
    });
    const resolved = await changeStatus(db, accountId, acme.admin.id, conversation.id, "resolved");
    expect(resolved.resolvedAt).toBeInstanceOf(Date);
    expect(resolved.waitingSince).toBeNull();
    const system = await db.message.findFirstOrThrow({ where: { conversationId: conversation.id, senderType: "system" } });
    expect(system).toMatchObject({ isPrivate: true, content: `${acme.admin.name} changed the status from open to resolved.` });
    const reopened = await changeStatus(db, accountId, acme.admin.id, conversation.id, "open");
    expect(reopened.status).toBe("open");
  });
});

describe("replies and notes", () => {
  it("replies: first_reply_at once, nobody waiting, taken by the replying agent, queued for delivery", async () => {
    const conversation = await newConversation();
    const { message, conversation: after } = await replyToConversation(db, accountId, acme.agent.id, conversation.id, { text: "On it!" });
    expect(message).toMatchObject({ direction: "outbound", senderType: "agent", isPrivate: false, deliveryStatus: "pending", senderUserId: acme.agent.id });
    expect(after).toMatchObject({ status: "assigned", assigneeId: acme.agent.id, unreadCount: 0, waitingSince: null });
    expect(after.firstReplyAt).toBeInstanceOf(Date);

    const second = await replyToConversation(db, accountId, acme.admin.id, conversation.id, { text: "Adding to that" });
    expect(second.conversation.firstReplyAt).toEqual(after.firstReplyAt);
    expect(second.conversation.assigneeId).toBe(acme.agent.id);
    expect((await topicsOf(conversation.id)).filter((topic) => topic === "message.outbound")).toHaveLength(2);
    expect(await db.message.count({ where: { conversationId: conversation.id, senderType: "system", content: { contains: "took the conversation" } } })).toBe(1);

    // Agents hear the reply and what it did to the conversation in one event.
    await settleOutboxFastPath();
    const agentEvents = relay.triggered.filter((push) => push.channels.includes(realtimeChannels.account(accountId)) && push.data.id === message.id);
    expect(agentEvents).toEqual([
      expect.objectContaining({ event: "message.created", data: expect.objectContaining({ preview: "On it!", conversation: expect.objectContaining({ id: conversation.id, status: "assigned", unreadCount: 0 }) }) }),
    ]);
  });

  it("refuses a reply to a closed conversation", async () => {
    const conversation = await newConversation();
    await changeStatus(db, accountId, acme.admin.id, conversation.id, "closed");
    await expect(replyToConversation(db, accountId, acme.agent.id, conversation.id, { text: "hello?" })).rejects.toMatchObject({ kind: "invalid" });
  });

  it("keeps internal notes private: no delivery queued and no push on the conversation channel", async () => {
    for (const type of ["api", "web"] as const) {
      const conversation = await newConversation(type);
      const note = await addInternalNote(db, accountId, acme.agent.id, conversation.id, { text: "Customer is a VIP, be nice" });
      await settleOutboxFastPath();
      expect(note).toMatchObject({ isPrivate: true, senderType: "agent" });
      expect(await topicsOf(conversation.id)).not.toContain("message.outbound");
      const pushes = relay.triggered.filter((push) => push.data.id === note.id);
      expect(pushes.map((push) => push.channels)).toEqual([[realtimeChannels.account(accountId)]]);
      expect(relay.triggered.some((push) => push.channels.includes(realtimeChannels.conversation(conversation.id)))).toBe(false);
      expect(relay.sent).toEqual([]);
    }
  });
});

describe("assignment, labels, priority, read state", () => {
  it("assigns, warns about an agent who is not available, transfers and unassigns with thread events", async () => {
    const conversation = await newConversation();
    await db.agentProfile.updateMany({ where: { userId: acme.agent.id, accountId }, data: { status: "break" } });
    const assigned = await assignConversation(db, accountId, acme.admin.id, conversation.id, acme.agent.id);
    expect(assigned.conversation).toMatchObject({ status: "assigned", assigneeId: acme.agent.id });
    expect(assigned.warning).toBe(`${acme.agent.name} is on a break right now and may not answer soon.`);

    await db.agentProfile.updateMany({ where: { userId: acme.admin.id, accountId }, data: { status: "available" } });
    const transferred = await transferConversation(db, accountId, acme.agent.id, conversation.id, { agentId: acme.admin.id });
    expect(transferred).toMatchObject({ conversation: { assigneeId: acme.admin.id, status: "assigned" }, warning: null });

    const team = await db.team.create({ data: { accountId, name: "Billing" } });
    const toTeam = await transferConversation(db, accountId, acme.admin.id, conversation.id, { teamId: team.id, agentId: null });
    expect(toTeam.conversation).toMatchObject({ teamId: team.id, assigneeId: null, status: "open" });

    await assignConversation(db, accountId, acme.admin.id, conversation.id, acme.agent.id);
    const unassigned = await unassignConversation(db, accountId, acme.admin.id, conversation.id);
    expect(unassigned).toMatchObject({ assigneeId: null, status: "open" });

    const thread = await db.message.findMany({ where: { conversationId: conversation.id, senderType: "system" }, orderBy: { createdAt: "asc" } });
    expect(thread.map((message) => message.content)).toEqual([
      `${acme.admin.name} assigned the conversation to ${acme.agent.name}.`,
      `${acme.agent.name} transferred the conversation from ${acme.agent.name} to ${acme.admin.name}.`,
      `${acme.admin.name} unassigned ${acme.admin.name}.`,
      `${acme.admin.name} moved the conversation to team Billing.`,
      `${acme.admin.name} assigned the conversation to ${acme.agent.name}.`,
      `${acme.admin.name} unassigned ${acme.agent.name}.`,
    ]);
    expect(thread.every((message) => message.isPrivate)).toBe(true);
  });

  it("refuses agents and teams of another account, and deactivated members", async () => {
    const conversation = await newConversation();
    const globex = await createAccountWithStaff(db, "Globex");
    const globexTeam = await db.team.create({ data: { accountId: globex.account.id, name: "Globex team" } });
    await expect(assignConversation(db, accountId, acme.admin.id, conversation.id, globex.agent.id)).rejects.toMatchObject({ kind: "not_found" });
    await expect(transferConversation(db, accountId, acme.admin.id, conversation.id, { teamId: globexTeam.id })).rejects.toMatchObject({ kind: "not_found" });
    const leaver = await createAccountWithStaff(db, "Leaver");
    await db.membership.create({ data: { accountId, userId: leaver.agent.id, deactivatedAt: new Date() } });
    await expect(assignConversation(db, accountId, acme.admin.id, conversation.id, leaver.agent.id)).rejects.toMatchObject({ kind: "not_found" });
    expect((await db.conversation.findUniqueOrThrow({ where: { id: conversation.id } })).assigneeId).toBeNull();
  });

  it("sets labels and priority with thread events, and clears unread on read", async () => {
    const conversation = await newConversation();
    const labelled = await setLabels(db, accountId, acme.agent.id, conversation.id, [" refund ", "Refund", "vip"]);
    expect(labelled.labels).toEqual(["refund", "vip"]);
    const relabelled = await setLabels(db, accountId, acme.agent.id, conversation.id, ["vip", "shipping"]);
    expect(relabelled.labels).toEqual(["vip", "shipping"]);
    const urgent = await setPriority(db, accountId, acme.agent.id, conversation.id, "urgent");
    expect(urgent.priority).toBe("urgent");
    const read = await markRead(db, accountId, acme.agent.id, conversation.id);
    expect(read.unreadCount).toBe(0);

    const thread = await db.message.findMany({ where: { conversationId: conversation.id, senderType: "system" }, orderBy: { createdAt: "asc" } });
    expect(thread.map((message) => message.content)).toEqual([
      `${acme.agent.name} added refund, vip as labels.`,
      `${acme.agent.name} added shipping and removed refund as labels.`,
      `${acme.agent.name} changed the priority from medium to urgent.`,
    ]);
    await settleOutboxFastPath();
    const updates = relay.triggered.filter((push) => push.event === "conversation.updated");
    expect(updates.at(-1)!.data).toMatchObject({ id: conversation.id, unreadCount: 0, priority: "urgent", labels: ["vip", "shipping"] });
  });
});
