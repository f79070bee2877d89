import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { seedDemoWorkspace } from "@/lib/seed/demo-workspace";
import { setupTestDatabase } from "@/tests/helpers/db";
import { createAccountWithStaff, createTwoTenants, type StaffedAccount } from "@/tests/helpers/factories";
import { highlightTerms, searchConversations, type SnippetPart } from "./search";

const testDb = setupTestDatabase();
let db: Database;
let acme: StaffedAccount;
let globex: StaffedAccount;

beforeAll(async () => {
  db = testDb.db;
  ({ acme, globex } = await createTwoTenants(db));
});

async function conversationWith(accountId: string, contact: { name?: string; email?: string }, messages: string[]) {
  const channel = await db.channel.create({ data: { accountId, type: "web", name: "Site" } });
  const contactRow = await db.contact.create({ data: { accountId, ...contact } });
  const conversation = await db.conversation.create({ data: { accountId, channelId: channel.id, contactId: contactRow.id } });
  for (const content of messages) {
    await db.message.create({ data: { accountId, conversationId: conversation.id, channelId: channel.id, direction: "inbound", senderType: "contact", content } });
  }
  return conversation;
}

const highlighted = (snippet: SnippetPart[]) => snippet.filter((part) => part.highlight).map((part) => part.text.toLowerCase());
const ids = (hits: { conversationId: string }[]) => hits.map((hit) => hit.conversationId);

describe("searchConversations", () => {
  it("finds a conversation by a word of a message, with that word highlighted, never another account's", async () => {
    const mine = await conversationWith(acme.account.id, { name: "Dana" }, ["Hello there", "My parcel with the blue backpack never arrived, can I get a refund?"]);
    const theirs = await conversationWith(globex.account.id, { name: "Other" }, ["Another backpack question and a refund"]);
    const hits = await searchConversations(db, acme.account.id, "backpack");
    expect(ids(hits)).toEqual([mine.id]);
    expect(hits[0]).toMatchObject({ matchedIn: "message", contact: { name: "Dana" }, channelType: "web", status: "open" });
    expect(highlighted(hits[0]!.snippet)).toEqual(["backpack"]);
    expect(hits[0]!.snippet.map((part) => part.text).join("")).toContain("blue backpack never arrived");
    expect(ids(await searchConversations(db, globex.account.id, "backpack"))).toEqual([theirs.id]);
  });

  it("matches partial words and contact names and emails, case-insensitively", async () => {
    const account = (await createAccountWithStaff(db, "Partial")).account;
    const byMessage = await conversationWith(account.id, { name: "Zed" }, ["Where is order ACM-10442?"]);
    const byContact = await conversationWith(account.id, { name: "Marguerite Okafor", email: "m.okafor@example.test" }, ["hi"]);

    const partial = await searchConversations(db, account.id, "acm-104");
    expect(ids(partial)).toEqual([byMessage.id]);
    expect(highlighted(partial[0]!.snippet)).toEqual(["acm-104"]);

    const byName = await searchConversations(db, account.id, "OKAFOR");
    expect(ids(byName)).toEqual([byContact.id]);
    expect(byName[0]).toMatchObject({ matchedIn: "contact", messageId: null });
    expect(highlighted(byName[0]!.snippet)).toEqual(["okafor", "okafor"]);
    expect(ids(await searchConversations(db, account.id, "margue"))).toEqual([byContact.id]);
    expect(ids(await searchConversations(db, account.id, "m.okafor@example"))).toEqual([byContact.id]);
  });

  it("ranks whole-word matches first and supports phrases and exclusions", async () => {
    const account = (await createAccountWithStaff(db, "Ranking")).account;
    const partialOnly = await conversationWith(account.id, { name: "A" }, ["The refunded amount looks wrong"]);
    const wholeWord = await conversationWith(account.id, { name: "B" }, ["I want a refund for my boots"]);
    expect(ids(await searchConversations(db, account.id, "refund"))).toEqual([wholeWord.id, partialOnly.id]);
    expect(ids(await searchConversations(db, account.id, '"refund for my"'))).toEqual([wholeWord.id]);
    expect(ids(await searchConversations(db, account.id, "refund -boots"))).toEqual([partialOnly.id]);
    expect(ids(await searchConversations(db, account.id, "boots or amount")).sort()).toEqual([partialOnly.id, wholeWord.id].sort());
  });

  it("reads 'or' as binding looser than the words around it", async () => {
    const account = (await createAccountWithStaff(db, "Alternatives")).account;
    const boots = await conversationWith(account.id, { name: "A" }, ["My boots arrived torn"]);
    const amount = await conversationWith(account.id, { name: "B" }, ["The amount charged is wrong"]);
    await conversationWith(account.id, { name: "C" }, ["Torn paper, wrong address"]);
    expect(ids(await searchConversations(db, account.id, "torn boots or wrong amount")).sort()).toEqual([boots.id, amount.id].sort());
    expect(ids(await searchConversations(db, account.id, "BOOTS or charged")).sort()).toEqual([boots.id, amount.id].sort());
    expect(await searchConversations(db, account.id, "torn amount or wrong boots")).toEqual([]);
  });

  it("treats the query as data: wildcards, quotes and SQL are literal text", async () => {
    const account = (await createAccountWithStaff(db, "Literal")).account;
    const percent = await conversationWith(account.id, { name: "P" }, ["I got 100% of it back"]);
    await conversationWith(account.id, { name: "Q" }, ["nothing to see"]);
    expect(ids(await searchConversations(db, account.id, "100%"))).toEqual([percent.id]);
    expect(await searchConversations(db, account.id, "%%")).toEqual([]);
    expect(await searchConversations(db, account.id, "__")).toEqual([]);
    expect(await searchConversations(db, account.id, "'; DROP TABLE messages; --")).toEqual([]);
    expect(await db.message.count({ where: { accountId: account.id } })).toBe(2);
    expect(await searchConversations(db, account.id, "x")).toEqual([]);
  });

  it("returns markup as plain snippet text and leaves merged conversations out", async () => {
    const account = (await createAccountWithStaff(db, "Markup")).account;
    const markup = await conversationWith(account.id, { name: "<img src=x onerror=alert(1)>" }, ["<script>alert('payload')</script> payload"]);
    const hits = await searchConversations(db, account.id, "payload");
    expect(ids(hits)).toEqual([markup.id]);
    expect(hits[0]!.snippet.map((part) => part.text).join("")).toBe("<script>alert('payload')</script> payload");
    expect(hits[0]!.contact.name).toBe("<img src=x onerror=alert(1)>");

    await db.conversation.update({ where: { id: markup.id }, data: { mergedIntoId: markup.id } });
    expect(await searchConversations(db, account.id, "payload")).toEqual([]);
  });

  it("works on the demo workspace", async () => {
    const seeded = await seedDemoWorkspace(db, { adminEmail: "admin@acme.test", adminPassword: "admin-password-1", agentPassword: "agent-password-1", now: new Date("2026-03-02T15:30:00Z") });
    const started = performance.now();
    const hits = await searchConversations(db, seeded.accountId, "refund", { limit: 10 });
    const elapsed = performance.now() - started;
    expect(hits).toHaveLength(10);
    for (const hit of hits) expect(highlighted(hit.snippet).some((text) => text.startsWith("refund"))).toBe(true);
    const conversations = await db.conversation.findMany({ where: { id: { in: ids(hits) } }, select: { accountId: true } });
    expect(conversations.every((row) => row.accountId === seeded.accountId)).toBe(true);
    expect(elapsed).toBeLessThan(2_000);
  });
});

describe("highlightTerms", () => {
  it("marks every occurrence in a window around the first", () => {
    expect(highlightTerms("Refund please, the REFUND is late", ["refund"])).toEqual([
      { text: "Refund", highlight: true },
      { text: " please, the ", highlight: false },
      { text: "REFUND", highlight: true },
      { text: " is late", highlight: false },
    ]);
    const long = `${"a ".repeat(100)}needle${" b".repeat(100)}`;
    const parts = highlightTerms(long, ["needle"]);
    expect(parts[0]).toEqual({ text: "…", highlight: false });
    expect(parts.at(-1)).toEqual({ text: "…", highlight: false });
    expect(parts.find((part) => part.highlight)).toEqual({ text: "needle", highlight: true });
  });
});
