import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { addInternalNote, assignConversation, transferConversation } from "@/lib/conversations/actions";
import { ingestInbound } from "@/lib/conversations/ingest";
import { createChannel, inbound, recordingRelay } from "@/lib/conversations/test-helpers";
import type { Database } from "@/lib/db/client";
import { setOutboxRelayDefaults, settleOutboxFastPath } from "@/lib/outbox/relay";
import { realtimeChannels } from "@/lib/realtime/channels";
import { contextForUser } from "@/lib/trpc/context";
import { createCaller } from "@/lib/trpc/root";
import { setupTestDatabase } from "@/tests/helpers/db";
import { createTwoTenants, type StaffedAccount } from "@/tests/helpers/factories";
import { findMentionedMembers } from "./mentions";
import { defaultNotificationPreferences, readStoredPreferences } from "./schema";

const testDb = setupTestDatabase();
let db: Database;
let acme: StaffedAccount;
let globex: StaffedAccount;
let priya: { id: string; name: string; email: string };
let relay: ReturnType<typeof recordingRelay>;

const callerFor = async (userId: string) => createCaller(await contextForUser(db, userId));

async function newConversation() {
  const channel = await createChannel(db, acme.account.id);
  const { conversation } = await ingestInbound(db, channel, inbound(`cust-${Math.random()}`, "Hello", { contact: { identifier: `c-${Math.random()}`, name: "Dana Customer" } }));
  return conversation;
}

const notificationsOf = (userId: string) => db.notification.findMany({ where: { userId }, orderBy: { createdAt: "asc" } });

beforeAll(async () => {
  db = testDb.db;
  ({ acme, globex } = await createTwoTenants(db));
  priya = await db.user.create({
    data: { email: "priya@acme.test", name: "Priya Raman", passwordHash: acme.admin.passwordHash, memberships: { create: { accountId: acme.account.id, role: "agent" } } },
  });
});
beforeEach(async () => {
  await settleOutboxFastPath();
  relay = recordingRelay();
  setOutboxRelayDefaults(relay.deps);
  await db.notification.deleteMany({});
  await db.outboxEvent.deleteMany({ where: { topic: "notification.created" } });
});
afterAll(async () => {
  await settleOutboxFastPath();
  setOutboxRelayDefaults(undefined);
});

describe("assignment notifications", () => {
  it("notifies the assignee once, with an outbox event on their private channel", async () => {
    const conversation = await newConversation();
    await assignConversation(db, acme.account.id, acme.admin.id, conversation.id, acme.agent.id);
    await settleOutboxFastPath();

    const stored = await notificationsOf(acme.agent.id);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ accountId: acme.account.id, type: "assignment", conversationId: conversation.id, readAt: null });
    expect(stored[0]!.title).toBe("Acme admin assigned you a conversation");
    expect(stored[0]!.body).toBe("Conversation with Dana Customer");
    expect(await db.notification.count({ where: { userId: { not: acme.agent.id } } })).toBe(0);

    const outbox = await db.outboxEvent.findMany({ where: { topic: "notification.created" } });
    expect(outbox).toHaveLength(1);
    expect(outbox[0]!.payload).toMatchObject({ channels: [realtimeChannels.user(acme.agent.id)], data: { id: stored[0]!.id } });
    expect(outbox[0]!.publishedAt).not.toBeNull();
    const pushed = relay.triggered.filter((event) => event.event === "notification.created");
    expect(pushed).toEqual([{ channels: [`private-user-${acme.agent.id}`], event: "notification.created", data: expect.objectContaining({ type: "assignment" }) }]);
  });

  it("says transferred when the conversation had another assignee", async () => {
    const conversation = await newConversation();
    await assignConversation(db, acme.account.id, acme.admin.id, conversation.id, acme.admin.id);
    await transferConversation(db, acme.account.id, acme.admin.id, conversation.id, { agentId: priya.id });
    const [notification] = await notificationsOf(priya.id);
    expect(notification?.title).toBe("Acme admin transferred a conversation to you");
  });

  it("creates nothing when agents assign themselves", async () => {
    const conversation = await newConversation();
    await assignConversation(db, acme.account.id, acme.agent.id, conversation.id, acme.agent.id);
    expect(await db.notification.count()).toBe(0);
    expect(await db.outboxEvent.count({ where: { topic: "notification.created" } })).toBe(0);
  });
});

describe("mention notifications", () => {
  it("notifies only the mentioned member, never the author", async () => {
    const conversation = await newConversation();
    await addInternalNote(db, acme.account.id, acme.agent.id, conversation.id, { text: "@Priya can you look? cc @Acme agent (me)" });
    await addInternalNote(db, acme.account.id, acme.agent.id, conversation.id, { text: `Reminder for ${priya.email}, without a mention.` });

    const stored = await db.notification.findMany();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ userId: priya.id, type: "mention", title: "Acme agent mentioned you in a note", conversationId: conversation.id });
    expect(stored[0]!.body).toContain("@Priya can you look?");
  });

  it("matches by email and full name, and ignores other accounts' people", async () => {
    const conversation = await newConversation();
    await addInternalNote(db, acme.account.id, acme.agent.id, conversation.id, {
      text: `@priya@acme.test and @Acme Admin, also @${globex.agent.email}`,
    });
    const recipients = (await db.notification.findMany()).map((row) => row.userId).sort();
    expect(recipients).toEqual([acme.admin.id, priya.id].sort());
  });

  it("parses mentions as whole handles only", () => {
    const members = [
      { id: "1", name: "Priya Raman", email: "priya@acme.test" },
      { id: "2", name: "Sam Lee", email: "sam@acme.test" },
      { id: "3", name: "Sam Ortiz", email: "ortiz@acme.test" },
    ];
    const ids = (text: string) => findMentionedMembers(text, members).map((member) => member.id);
    expect(ids("Thanks @priya.")).toEqual(["1"]);
    expect(ids("@Priyanka and bob@priya.example")).toEqual([]);
    expect(ids("@Sam please")).toEqual([]); // two members named Sam: ambiguous
    expect(ids("@sam lee and @ortiz@acme.test")).toEqual(["2", "3"]);
  });
});

describe("notifications router", () => {
  it("lists newest first with a cursor, counts and marks read", async () => {
    const conversation = await newConversation();
    for (let index = 0; index < 3; index += 1) {
      await addInternalNote(db, acme.account.id, acme.admin.id, conversation.id, { text: `@Priya note ${index}` });
    }
    const caller = await callerFor(priya.id);
    expect(await caller.notifications.unreadCount()).toBe(3);
    const first = await caller.notifications.list({ limit: 2 });
    expect(first.items.map((item) => item.body)).toEqual(["@Priya note 2", "@Priya note 1"]);
    const second = await caller.notifications.list({ limit: 2, cursor: first.nextCursor });
    expect(second.items.map((item) => item.body)).toEqual(["@Priya note 0"]);
    expect(second.nextCursor).toBeNull();

    await caller.notifications.markRead({ notificationId: first.items[0]!.id });
    expect(await caller.notifications.unreadCount()).toBe(2);
    expect(await caller.notifications.markAllRead()).toEqual({ updated: 2 });
    expect(await caller.notifications.unreadCount()).toBe(0);
  });

  it("never shows or marks another user's notifications", async () => {
    const conversation = await newConversation();
    await addInternalNote(db, acme.account.id, acme.admin.id, conversation.id, { text: "@Priya over to you" });
    const [notification] = await notificationsOf(priya.id);
    const cursor = notification!.id;

    for (const outsider of [globex.admin.id, acme.agent.id]) {
      const caller = await callerFor(outsider);
      expect((await caller.notifications.list({})).items).toEqual([]);
      expect(await caller.notifications.unreadCount()).toBe(0);
      await expect(caller.notifications.markRead({ notificationId: notification!.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(caller.notifications.list({ cursor })).rejects.toMatchObject({ code: "BAD_REQUEST" });
      expect(await caller.notifications.markAllRead()).toEqual({ updated: 0 });
    }
    expect((await db.notification.findUniqueOrThrow({ where: { id: notification!.id } })).readAt).toBeNull();
  });

  it("round-trips preferences, with defaults and validation", async () => {
    const caller = await callerFor(acme.agent.id);
    expect(await caller.notifications.getPreferences()).toEqual(defaultNotificationPreferences);
    expect(defaultNotificationPreferences.assignment).toEqual({ inApp: true, sound: true, desktop: false });

    const chosen = { assignment: { inApp: true, sound: false, desktop: true }, mention: { inApp: false, sound: false, desktop: false } };
    expect(await caller.notifications.setPreferences(chosen)).toEqual(chosen);
    expect(await caller.notifications.getPreferences()).toEqual(chosen);
    // Another user's preferences are their own.
    expect(await (await callerFor(acme.admin.id)).notifications.getPreferences()).toEqual(defaultNotificationPreferences);

    await expect(caller.notifications.setPreferences({ ...chosen, mention: { inApp: "yes", sound: false, desktop: false } } as never)).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(caller.notifications.setPreferences({ assignment: chosen.assignment } as never)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await caller.notifications.getPreferences()).toEqual(chosen);

    // A member without an agent profile gets one on first save.
    const priyaCaller = await callerFor(priya.id);
    expect(await priyaCaller.notifications.setPreferences(chosen)).toEqual(chosen);
    expect(await priyaCaller.notifications.getPreferences()).toEqual(chosen);
  });

  it("reads partial or malformed stored preferences field by field", () => {
    expect(readStoredPreferences({ mention: { sound: false, desktop: "x" } })).toEqual({
      assignment: { inApp: true, sound: true, desktop: false },
      mention: { inApp: true, sound: false, desktop: false },
    });
    expect(readStoredPreferences(null)).toEqual(defaultNotificationPreferences);
  });
});
