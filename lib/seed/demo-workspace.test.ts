import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "@/lib/auth/password";
import { createDatabaseClient } from "@/lib/db/client";
import { ChannelType, ConversationStatus, type PrismaClient } from "@/lib/db/generated/client";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";
import { buildHistory } from "./conversation-history";
import { DEMO_SEED, seedDemoWorkspace, type SeedDemoWorkspaceResult } from "./demo-workspace";
import { Random, mulberry32 } from "./random";
import { buildWorkspace } from "./workspace-data";

const NOW = new Date("2026-03-02T15:30:00Z");
const OPTIONS = { adminEmail: "Admin@Acme.test", adminPassword: "admin-password-1", agentPassword: "agent-password-1", now: NOW };

let database: TestDatabase;
let db: PrismaClient;
let first: SeedDemoWorkspaceResult;

async function tableCounts(accountId: string) {
  const where = { accountId };
  return {
    users: await db.user.count(),
    memberships: await db.membership.count({ where }),
    channels: await db.channel.count({ where }),
    knowledgeChunks: await db.knowledgeChunk.count({ where }),
    contacts: await db.contact.count({ where }),
    orders: await db.order.count({ where }),
    conversations: await db.conversation.count({ where }),
    messages: await db.message.count({ where }),
    tickets: await db.ticket.count({ where }),
    ticketEvents: await db.ticketEvent.count({ where }),
    csatRatings: await db.csatRating.count({ where }),
    aiInteractions: await db.aiInteraction.count({ where }),
    notifications: await db.notification.count({ where }),
  };
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDatabaseClient(database.url);
  first = await seedDemoWorkspace(db, OPTIONS);
});

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

describe("seedDemoWorkspace", () => {
  it("creates the Acme workspace and returns the demo logins", async () => {
    expect(first.created).toBe(true);
    const account = await db.account.findUniqueOrThrow({ where: { slug: "acme" } });
    expect(account).toMatchObject({ id: first.accountId, name: "Acme Outfitters", timezone: "America/New_York" });
    expect(first.logins.map((l) => [l.email, l.role])).toEqual([
      ["admin@acme.test", "admin"],
      ["priya@acme.test", "agent"],
      ["marco@acme.test", "agent"],
      ["sam@acme.test", "agent"],
    ]);
  });

  it("stores password hashes that verify against the given passwords", async () => {
    const users = await db.user.findMany({ include: { memberships: true } });
    expect(users).toHaveLength(4);
    for (const login of first.logins) {
      const user = users.find((u) => u.email === login.email)!;
      expect(user.memberships[0]).toMatchObject({ accountId: first.accountId, role: login.role });
      expect(await verifyPassword(user.passwordHash, login.password)).toBe(true);
    }
    const admin = users.find((u) => u.email === "admin@acme.test")!;
    expect(await verifyPassword(admin.passwordHash, OPTIONS.agentPassword)).toBe(false);
  });

  it("gives the agents different statuses and puts them in teams", async () => {
    const profiles = await db.agentProfile.findMany({ where: { accountId: first.accountId } });
    expect(new Set(profiles.map((p) => p.status)).size).toBe(profiles.length);
    const teams = await db.team.findMany({ where: { accountId: first.accountId }, include: { members: true } });
    expect(teams.map((t) => t.name).sort()).toEqual(["Billing", "Support"]);
    expect(teams.every((t) => t.members.length > 0)).toBe(true);
  });

  it("has one channel of every type, the web one with a widget key and local origins", async () => {
    const channels = await db.channel.findMany({ where: { accountId: first.accountId } });
    expect(channels.map((c) => c.type).sort()).toEqual(Object.values(ChannelType).sort());
    const web = channels.find((c) => c.type === "web")!;
    expect(web.publicKey).toBeTruthy();
    expect(web.settings).toMatchObject({ allowedOrigins: ["http://127.0.0.1:3000", "http://localhost:3000"] });
    expect(channels.find((c) => c.type === "api")!.webhookSecret).toMatch(/^[0-9a-f]{64}$/);
    expect(channels.every((c) => c.credentials === null)).toBe(true);
  });

  it("answers with the keyless offline model and sensible AI settings", async () => {
    const providers = await db.aiProvider.findMany({ where: { accountId: first.accountId } });
    expect(providers).toMatchObject([{ kind: "offline", active: true, encryptedApiKey: null }]);
    const settings = await db.aiSettings.findUniqueOrThrow({ where: { accountId: first.accountId } });
    for (const text of [settings.systemPrompt, settings.welcomeMessage, settings.imagePrompt, settings.fallbackMessage]) expect(text.length).toBeGreaterThan(20);
  });

  it("has a ready, chunked knowledge base", async () => {
    const docs = await db.knowledgeDocument.findMany({ where: { accountId: first.accountId }, include: { chunks: true } });
    expect(docs.length).toBeGreaterThanOrEqual(10);
    for (const doc of docs) {
      expect(doc.status).toBe("ready");
      expect(doc.chunks.length).toBeGreaterThan(1);
      expect(doc.chunks.every((chunk) => chunk.tokenCount > 0 && chunk.content.length > 0)).toBe(true);
    }
  });

  it("lays out a consistent month of conversations", async () => {
    const conversations = await db.conversation.findMany({
      where: { accountId: first.accountId },
      include: { messages: { orderBy: { createdAt: "asc" } }, channel: true },
    });
    expect(conversations.length).toBeGreaterThanOrEqual(200);
    expect(new Set(conversations.map((c) => c.status))).toEqual(new Set(Object.values(ConversationStatus)));
    expect(new Set(conversations.map((c) => c.channel.type))).toEqual(new Set(Object.values(ChannelType)));
    const monthAgo = NOW.getTime() - 30 * 86_400_000;

    for (const conversation of conversations) {
      const { messages } = conversation;
      expect(messages.length).toBeGreaterThanOrEqual(2);
      expect(messages.length).toBeLessThanOrEqual(12);
      expect(messages[0]!.createdAt.getTime()).toBeGreaterThanOrEqual(monthAgo);
      expect(conversation.lastMessageAt).toEqual(messages.at(-1)!.createdAt);
      expect(conversation.lastMessageAt.getTime()).toBeLessThanOrEqual(NOW.getTime());
      const firstAgentReply = messages.find((m) => m.senderType === "agent" && !m.isPrivate);
      expect(conversation.firstReplyAt).toEqual(firstAgentReply?.createdAt ?? null);
      const finished = conversation.status === "resolved" || conversation.status === "closed";
      expect(conversation.resolvedAt !== null).toBe(finished);
      const waitsForPerson = conversation.status === "open" || conversation.status === "assigned";
      expect(conversation.waitingSince !== null).toBe(waitsForPerson);
      if (!waitsForPerson) expect(conversation.unreadCount).toBe(0);
      if (conversation.status === "open") expect(conversation.assigneeId).toBeNull();
      if (["assigned", "pending"].includes(conversation.status)) expect(conversation.assigneeId).not.toBeNull();
      for (const message of messages) {
        expect(message.channelId).toBe(conversation.channelId);
        if (message.senderType === "contact") expect(message.externalId).toBeTruthy();
        if (message.senderType === "bot") expect(message.aiMetadata).toMatchObject({ sources: [expect.objectContaining({ slug: expect.any(String) })] });
      }
    }
  });

  it("keeps at most one unfinished conversation per contact and channel, and it is the latest there", async () => {
    const conversations = await db.conversation.findMany({ where: { accountId: first.accountId }, orderBy: { createdAt: "asc" } });
    const latestByPair = new Map<string, (typeof conversations)[number]>();
    for (const conversation of conversations) latestByPair.set(`${conversation.contactId}:${conversation.channelId}`, conversation);
    for (const conversation of conversations) {
      const unfinished = !["resolved", "closed"].includes(conversation.status);
      if (unfinished) expect(latestByPair.get(`${conversation.contactId}:${conversation.channelId}`)!.id).toBe(conversation.id);
    }
    // Every conversation's contact is known on that conversation's channel type.
    const identifiers = await db.contactIdentifier.findMany({ where: { accountId: first.accountId } });
    const channels = new Map((await db.channel.findMany({ where: { accountId: first.accountId } })).map((c) => [c.id, c.type]));
    const known = new Set(identifiers.map((i) => `${i.contactId}:${i.channelType}`));
    expect(conversations.every((c) => known.has(`${c.contactId}:${channels.get(c.channelId)}`))).toBe(true);
  });

  it("adds tickets, ratings, AI interactions, notifications and orders in the asked-for amounts", async () => {
    const counts = await tableCounts(first.accountId);
    expect(counts.contacts).toBeGreaterThanOrEqual(55);
    expect(counts.orders).toBeGreaterThanOrEqual(75);
    expect(counts.tickets).toBeGreaterThanOrEqual(36);
    expect(counts.ticketEvents).toBeGreaterThan(counts.tickets);
    expect(counts.csatRatings).toBeGreaterThanOrEqual(65);
    expect(counts.aiInteractions).toBeGreaterThanOrEqual(55);
    const ratings = await db.csatRating.findMany({ where: { accountId: first.accountId }, include: { conversation: true } });
    expect(ratings.every((r) => ["resolved", "closed"].includes(r.conversation.status))).toBe(true);
    expect(ratings.filter((r) => r.rating >= 4).length / ratings.length).toBeGreaterThan(0.6);
    const notified = await db.notification.groupBy({ by: ["userId"], where: { accountId: first.accountId } });
    expect(notified).toHaveLength(4);
  });

  it("changes nothing when run again", async () => {
    const before = await tableCounts(first.accountId);
    const again = await seedDemoWorkspace(db, { ...OPTIONS, now: new Date() });
    expect(again).toEqual({ ...first, created: false });
    expect(await tableCounts(first.accountId)).toEqual(before);
  });

  it("lets exactly one of two simultaneous seeds create the workspace", async () => {
    const other = await createTestDatabase();
    const otherDb = createDatabaseClient(other.url);
    try {
      const results = await Promise.all([seedDemoWorkspace(otherDb, OPTIONS), seedDemoWorkspace(otherDb, OPTIONS)]);
      expect(results.map((r) => r.created).sort()).toEqual([false, true]);
      expect(results[0]!.accountId).toBe(results[1]!.accountId);
      expect(await otherDb.conversation.count()).toBe(await db.conversation.count());
    } finally {
      await otherDb.$disconnect();
      await other.drop();
    }
  });

  it("rejects a short admin password, naming the option", async () => {
    await expect(seedDemoWorkspace(db, { ...OPTIONS, adminPassword: "short" })).rejects.toThrow(/adminPassword.*at least 10/);
  });
});

describe("demo data", () => {
  it("comes out the same on every run", () => {
    const build = () => {
      const random = new Random(mulberry32(DEMO_SEED));
      const options = { adminEmail: "admin@acme.test", adminPasswordHash: "a", agentPasswordHash: "b", apiWebhookSecret: "c", now: NOW, random };
      const { data, index } = buildWorkspace(options);
      return { data, history: buildHistory(data, index, { now: NOW, random }) };
    };
    expect(build()).toEqual(build());
  });
});
