import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestInbound } from "@/lib/conversations/ingest";
import { createChannel, inbound, recordingRelay } from "@/lib/conversations/test-helpers";
import type { Database } from "@/lib/db/client";
import { setOutboxRelayDefaults, settleOutboxFastPath } from "@/lib/outbox/relay";
import { setupTestDatabase } from "@/tests/helpers/db";
import { createAccountWithStaff, createTwoTenants, type StaffedAccount } from "@/tests/helpers/factories";
import { contextForUser } from "../context";
import { createCallerFactory } from "../init";
import { conversationsRouter } from "./conversations";

const createCaller = createCallerFactory(conversationsRouter);

const testDb = setupTestDatabase();
let db: Database;
let acme: StaffedAccount;
let globex: StaffedAccount;
let acmeConversationId: string;
let acmeMessageId: string;

const callerFor = async (userId: string) => createCaller(await contextForUser(db, userId));

beforeAll(async () => {
  db = testDb.db;
  setOutboxRelayDefaults(recordingRelay().deps);
  ({ acme, globex } = await createTwoTenants(db));
  const channel = await createChannel(db, acme.account.id);
  const ingested = await ingestInbound(db, channel, inbound("acme-customer", "Secret order details"));
  acmeConversationId = ingested.conversation.id;
  acmeMessageId = ingested.message.id;
});
afterAll(async () => {
  await settleOutboxFastPath();
  setOutboxRelayDefaults(undefined);
});

describe("conversations router: tenant isolation", () => {
  it("answers NOT_FOUND to another account's user for every procedure and changes nothing", async () => {
    const outsider = await callerFor(globex.admin.id);
    const conversationId = acmeConversationId;
    const attempts: Record<string, () => Promise<unknown>> = {
      get: () => outsider.get({ conversationId }),
      messages: () => outsider.messages({ conversationId }),
      reply: () => outsider.reply({ conversationId, text: "hijack" }),
      note: () => outsider.note({ conversationId, text: "hijack" }),
      assign: () => outsider.assign({ conversationId, agentId: globex.agent.id }),
      unassign: () => outsider.unassign({ conversationId }),
      transfer: () => outsider.transfer({ conversationId, agentId: globex.agent.id }),
      setLabels: () => outsider.setLabels({ conversationId, labels: ["pwned"] }),
      setPriority: () => outsider.setPriority({ conversationId, priority: "urgent" }),
      changeStatus: () => outsider.changeStatus({ conversationId, status: "resolved" }),
      markRead: () => outsider.markRead({ conversationId }),
    };
    // Every procedure but `list` takes a conversation id; `list` is checked below.
    expect(Object.keys(attempts).sort()).toEqual(Object.keys(conversationsRouter._def.procedures).filter((name) => name !== "list").sort());
    for (const [name, attempt] of Object.entries(attempts)) {
      await expect(attempt(), name).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    const listed = await outsider.list({ tab: "all" });
    expect(listed.rows).toEqual([]);
    const filtered = await outsider.list({ tab: "all", channelId: (await db.conversation.findUniqueOrThrow({ where: { id: conversationId } })).channelId });
    expect(filtered.rows).toEqual([]);

    const untouched = await db.conversation.findUniqueOrThrow({ where: { id: conversationId } });
    expect(untouched).toMatchObject({ status: "open", priority: "medium", labels: [], assigneeId: null, unreadCount: 1 });
    expect(await db.message.count({ where: { conversationId } })).toBe(1);
  });

  it("refuses an agent of another account as assignee (NOT_FOUND) and a message id of another conversation as cursor", async () => {
    const insider = await callerFor(acme.agent.id);
    await expect(insider.assign({ conversationId: acmeConversationId, agentId: globex.agent.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const globexChannel = await createChannel(db, globex.account.id);
    const globexMessage = (await ingestInbound(db, globexChannel, inbound("g-customer", "hi"))).message;
    await expect(insider.messages({ conversationId: acmeConversationId, before: globexMessage.id })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("conversations router", () => {
  it("lists with tabs, filters and cursor pagination, newest first", async () => {
    const owner = await createAccountWithStaff(db, "Lister");
    const accountId = owner.account.id;
    const channel = await createChannel(db, accountId);
    const ids: string[] = [];
    for (let index = 0; index < 7; index += 1) {
      ids.push((await ingestInbound(db, channel, inbound(`lister-${index}`, `question ${index}`, { contact: { identifier: `lister-${index}`, name: `Customer ${index}` } }))).conversation.id);
    }
    const caller = await callerFor(owner.agent.id);
    await caller.assign({ conversationId: ids[0]!, agentId: owner.agent.id });
    await caller.setLabels({ conversationId: ids[1]!, labels: ["refund"] });
    await caller.setPriority({ conversationId: ids[2]!, priority: "urgent" });
    await caller.changeStatus({ conversationId: ids[3]!, status: "resolved" });

    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await caller.list({ tab: "all", limit: 2, cursor });
      pages.push(page.rows.map((row) => row.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const active = pages.flat();
    expect(active).toHaveLength(6);
    expect(new Set(active).size).toBe(6);
    expect(active).not.toContain(ids[3]);

    const firstPage = await caller.list({ tab: "all", limit: 50 });
    const lastActivity = firstPage.rows.map((row) => row.lastMessageAt.getTime());
    expect(lastActivity).toEqual([...lastActivity].sort((a, b) => b - a));
    expect(firstPage.rows.find((row) => row.id === ids[1])).toMatchObject({ contactName: "Customer 1", channelType: "api", preview: "question 1", unreadCount: 1, labels: ["refund"] });

    expect((await caller.list({ tab: "mine" })).rows.map((row) => row.id)).toEqual([ids[0]]);
    expect((await caller.list({ tab: "unassigned" })).rows.map((row) => row.id)).not.toContain(ids[0]);
    expect((await caller.list({ tab: "resolved" })).rows.map((row) => row.id)).toEqual([ids[3]]);
    expect((await caller.list({ tab: "all", label: "refund" })).rows.map((row) => row.id)).toEqual([ids[1]]);
    expect((await caller.list({ tab: "all", priority: "urgent" })).rows.map((row) => row.id)).toEqual([ids[2]]);
    expect((await caller.list({ tab: "all", sort: "priority", limit: 1 })).rows.map((row) => row.id)).toEqual([ids[2]]);
    expect((await caller.list({ tab: "all", status: "assigned" })).rows.map((row) => row.id)).toEqual([ids[0]]);
    expect((await caller.list({ tab: "all", assigneeId: owner.agent.id })).rows.map((row) => row.id)).toEqual([ids[0]]);

    const waiting: string[] = [];
    cursor = undefined;
    do {
      const page = await caller.list({ tab: "all", sort: "oldest_waiting", limit: 4, cursor });
      waiting.push(...page.rows.map((row) => row.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(waiting).toEqual([ids[0], ids[1], ids[2], ids[4], ids[5], ids[6]]);

    const latestCursor = (await caller.list({ tab: "all", limit: 1 })).nextCursor!;
    await expect(caller.list({ tab: "all", sort: "priority", cursor: latestCursor })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(caller.list({ tab: "all", cursor: "not-a-cursor" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("first page") });
  });

  it("gets a conversation with its contact, identifiers and previous conversations, and pages messages newest first", async () => {
    const caller = await callerFor(acme.agent.id);
    const detail = await caller.get({ conversationId: acmeConversationId });
    expect(detail.contact.identifiers).toEqual([expect.objectContaining({ identifier: "acme-customer", channelType: "api" })]);
    expect(detail.previousConversations).toEqual([]);

    for (let index = 0; index < 5; index += 1) await caller.note({ conversationId: acmeConversationId, text: `note ${index}` });
    const newest = await caller.messages({ conversationId: acmeConversationId, limit: 4 });
    expect(newest.messages.map((message) => message.content)).toEqual(["note 1", "note 2", "note 3", "note 4"]);
    const older = await caller.messages({ conversationId: acmeConversationId, limit: 4, before: newest.olderCursor! });
    expect(older.messages.map((message) => message.id)).toEqual([acmeMessageId, expect.any(String)]);
    expect(older.olderCursor).toBeNull();
  });

  it("refuses message text over 64 KB naming the limit", async () => {
    const caller = await callerFor(acme.agent.id);
    const text = "a".repeat(64 * 1024 + 1);
    for (const send of [() => caller.reply({ conversationId: acmeConversationId, text }), () => caller.note({ conversationId: acmeConversationId, text })]) {
      await expect(send()).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("65536 bytes (64 KB)") });
    }
    await expect(caller.reply({ conversationId: acmeConversationId, text: "  " })).rejects.toMatchObject({ code: "BAD_REQUEST", message: "Write a message or attach a file." });
  });
});
