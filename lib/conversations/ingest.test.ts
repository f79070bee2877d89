import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { setOutboxRelayDefaults, settleOutboxFastPath } from "@/lib/outbox/relay";
import { realtimeChannels } from "@/lib/realtime/channels";
import { setupTestDatabase } from "@/tests/helpers/db";
import { createAccountWithStaff } from "@/tests/helpers/factories";
import { ingestInbound } from "./ingest";
import { createChannel, inbound, recordingRelay } from "./test-helpers";

const testDb = setupTestDatabase();
let db: Database;
let accountId: string;
let relay: ReturnType<typeof recordingRelay>;

beforeAll(async () => {
  db = testDb.db;
  accountId = (await createAccountWithStaff(db, "Acme")).account.id;
});
beforeEach(() => {
  relay = recordingRelay();
  setOutboxRelayDefaults(relay.deps);
});
afterAll(async () => {
  await settleOutboxFastPath();
  setOutboxRelayDefaults(undefined);
});

describe("ingestInbound", () => {
  it("stores a redelivered provider message once and reports the duplicate", async () => {
    const channel = await createChannel(db, accountId);
    const message = inbound("cust-1", "Where is my order?", { contact: { identifier: "cust-1", name: "Dana" } });
    const first = await ingestInbound(db, channel, message);
    const second = await ingestInbound(db, channel, message);

    expect(first.duplicate).toBe(false);
    expect(first.conversation.labels).toEqual([]);
    expect(first.outboxEventIds.length).toBeGreaterThan(0);
    expect(second).toMatchObject({ duplicate: true, outboxEventIds: [] });
    expect(second.message.id).toBe(first.message.id);
    expect(second.conversation.id).toBe(first.conversation.id);
    expect(second.contact.id).toBe(first.contact.id);
    expect(await db.message.count({ where: { channelId: channel.id } })).toBe(1);
    expect(await db.outboxEvent.count({ where: { id: { notIn: first.outboxEventIds }, accountId } })).toBe(0);
    expect((await db.conversation.findUniqueOrThrow({ where: { id: first.conversation.id } })).unreadCount).toBe(1);
  });

  it("stores one message when the same delivery arrives concurrently", async () => {
    const channel = await createChannel(db, accountId);
    const message = inbound("cust-race", "hello twice");
    const results = await Promise.all([ingestInbound(db, channel, message), ingestInbound(db, channel, message)]);
    expect(results.map((result) => result.duplicate).sort()).toEqual([false, true]);
    expect(await db.message.count({ where: { channelId: channel.id } })).toBe(1);
    expect(await db.contact.count({ where: { accountId, identifiers: { some: { identifier: "cust-race" } } } })).toBe(1);
  });

  it("recognises the contact across messages and fills in what it learns", async () => {
    const channel = await createChannel(db, accountId);
    const first = await ingestInbound(db, channel, inbound("cust-2", "hi"));
    const second = await ingestInbound(db, channel, inbound("cust-2", "it's me again", { contact: { identifier: "cust-2", name: "Eli", email: "eli@example.test" } }));
    const other = await ingestInbound(db, channel, inbound("cust-3", "someone else"));

    expect(second.contact.id).toBe(first.contact.id);
    expect(second.conversation.id).toBe(first.conversation.id);
    expect(second.contact).toMatchObject({ name: "Eli", email: "eli@example.test" });
    expect(other.contact.id).not.toBe(first.contact.id);
    const conversation = await db.conversation.findUniqueOrThrow({ where: { id: first.conversation.id } });
    expect(conversation).toMatchObject({ unreadCount: 2, status: "open" });
    expect(conversation.waitingSince).toEqual(first.message.createdAt);
    // A name an agent corrected is kept.
    await db.contact.update({ where: { id: first.contact.id }, data: { name: "Eli Corrected" } });
    const third = await ingestInbound(db, channel, inbound("cust-2", "again", { contact: { identifier: "cust-2", name: "eli" } }));
    expect(third.contact.name).toBe("Eli Corrected");
  });

  it("reopens a resolved conversation as open, with a system event in the thread", async () => {
    const channel = await createChannel(db, accountId);
    const first = await ingestInbound(db, channel, inbound("cust-4", "help"));
    await db.conversation.update({ where: { id: first.conversation.id }, data: { status: "resolved", resolvedAt: new Date(), waitingSince: null } });
    const again = await ingestInbound(db, channel, inbound("cust-4", "still broken"));

    expect(again.conversation.id).toBe(first.conversation.id);
    expect(again.conversation.status).toBe("open");
    const system = await db.message.findFirstOrThrow({ where: { conversationId: first.conversation.id, senderType: "system" } });
    expect(system).toMatchObject({ isPrivate: true, content: expect.stringContaining("Reopened") });
  });

  it("starts a new conversation after the previous one was closed", async () => {
    const channel = await createChannel(db, accountId);
    const first = await ingestInbound(db, channel, inbound("cust-5", "hello"));
    await db.conversation.update({ where: { id: first.conversation.id }, data: { status: "closed" } });
    const next = await ingestInbound(db, channel, inbound("cust-5", "new question"));

    expect(next.conversation.id).not.toBe(first.conversation.id);
    expect(next.conversation.status).toBe("open");
    expect(next.contact.id).toBe(first.contact.id);
    expect((await db.conversation.findUniqueOrThrow({ where: { id: first.conversation.id } })).status).toBe("closed");
  });

  it("sends a customer waiting on a pending conversation back to its assignee", async () => {
    const { agent } = await createAccountWithStaff(db, "Pending Co");
    const membershipAccount = (await db.membership.findFirstOrThrow({ where: { userId: agent.id } })).accountId;
    const channel = await createChannel(db, membershipAccount);
    const first = await ingestInbound(db, channel, inbound("cust-6", "hello"));
    await db.conversation.update({ where: { id: first.conversation.id }, data: { status: "pending", assigneeId: agent.id, waitingSince: null } });
    const answer = await ingestInbound(db, channel, inbound("cust-6", "here is the photo"));
    expect(answer.conversation).toMatchObject({ id: first.conversation.id, status: "assigned", assigneeId: agent.id });
  });

  it("publishes the message with its new conversation in one agent event, and the bot-flow event, after commit", async () => {
    const channel = await createChannel(db, accountId);
    const result = await ingestInbound(db, channel, inbound("cust-7", "Is the tent waterproof?", { contact: { identifier: "cust-7", name: "Fay" } }));
    await settleOutboxFastPath();

    expect(relay.triggered.map((push) => [push.event, push.channels])).toEqual([
      ["message.created", [realtimeChannels.account(accountId)]],
      ["message.created", [realtimeChannels.conversation(result.conversation.id)]],
    ]);
    expect(relay.triggered[0]!.data).toMatchObject({
      id: result.message.id,
      senderName: "Fay",
      preview: "Is the tent waterproof?",
      conversation: { id: result.conversation.id, status: "open", unreadCount: 1, waitingSince: result.message.createdAt.toISOString() },
    });
    expect(relay.triggered[1]!.data).toMatchObject({ id: result.message.id, content: "Is the tent waterproof?" });
    expect(relay.triggered[1]!.data).not.toHaveProperty("conversation");
    expect(relay.sent).toEqual([
      {
        name: "message.received",
        data: { accountId, conversationId: result.conversation.id, messageId: result.message.id, contactId: result.contact.id, channelId: channel.id },
      },
    ]);
    expect(await db.outboxEvent.count({ where: { id: { in: result.outboxEventIds }, publishedAt: null } })).toBe(0);
  });

  it("refuses text over 64 KB naming the limit, storing nothing", async () => {
    const channel = await createChannel(db, accountId);
    await expect(ingestInbound(db, channel, inbound("cust-8", "x".repeat(64 * 1024 + 1)))).rejects.toMatchObject({
      kind: "invalid",
      message: expect.stringContaining("65536 bytes (64 KB)"),
    });
    expect(await db.message.count({ where: { channelId: channel.id } })).toBe(0);
  });
});
