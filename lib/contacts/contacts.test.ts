import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import type { ChannelType } from "@/lib/db/generated/enums";
import { setOutboxRelayDefaults, settleOutboxFastPath } from "@/lib/outbox/relay";
import { setupTestDatabase } from "@/tests/helpers/db";
import { createAccountWithStaff, createTwoTenants, type StaffedAccount } from "@/tests/helpers/factories";
import { getContact, listContacts, mergeContacts, mergeConversations, updateContact } from "./contacts";

const testDb = setupTestDatabase();
let db: Database;
let acme: StaffedAccount;
let globex: StaffedAccount;
const pushed: { channels: string[]; event: string; data: Record<string, unknown> }[] = [];

beforeAll(async () => {
  setOutboxRelayDefaults({
    trigger: async (channels, event, data) => void pushed.push({ channels, event, data }),
    sendEvent: async () => undefined,
    getChannelAdapter: () => undefined,
  });
  db = testDb.db;
  ({ acme, globex } = await createTwoTenants(db));
});
afterAll(async () => {
  await settleOutboxFastPath();
  setOutboxRelayDefaults(undefined);
});

let sequence = 0;
async function channel(accountId: string, type: ChannelType) {
  return db.channel.create({ data: { accountId, type, name: `${type} channel` } });
}

/** A contact with one identifier, a conversation of `messages` messages, a ticket, a rating and an order. */
async function contactWithHistory(accountId: string, fields: { name?: string; email?: string; phone?: string; attributes?: object }, channelRow: { id: string; type: ChannelType }, messages = 2) {
  sequence += 1;
  const contact = await db.contact.create({ data: { accountId, ...fields } });
  await db.contactIdentifier.create({ data: { accountId, contactId: contact.id, channelType: channelRow.type, channelId: channelRow.id, identifier: `id-${sequence}` } });
  const conversation = await db.conversation.create({ data: { accountId, channelId: channelRow.id, contactId: contact.id, labels: [`label-${sequence}`] } });
  for (let index = 0; index < messages; index += 1) {
    await db.message.create({ data: { accountId, conversationId: conversation.id, channelId: channelRow.id, direction: "inbound", senderType: "contact", content: `message ${index}` } });
  }
  await db.ticket.create({ data: { accountId, contactId: contact.id, conversationId: conversation.id, subject: `ticket ${sequence}` } });
  await db.csatRating.create({ data: { accountId, conversationId: conversation.id, contactId: contact.id, rating: 4 } });
  await db.order.create({ data: { accountId, contactId: contact.id, number: `ORD-${sequence}`, status: "shipped", totalCents: 1000, placedAt: new Date() } });
  return { contact, conversation };
}

async function countsFor(contactId: string) {
  const where = { contactId };
  return {
    identifiers: await db.contactIdentifier.count({ where }),
    conversations: await db.conversation.count({ where }),
    tickets: await db.ticket.count({ where }),
    csatRatings: await db.csatRating.count({ where }),
    orders: await db.order.count({ where }),
    messages: await db.message.count({ where: { conversation: { contactId } } }),
  };
}

describe("listContacts", () => {
  it("searches name, email, phone and identifiers case-insensitively and pages with a cursor", async () => {
    const account = (await createAccountWithStaff(db, "Directory")).account;
    const web = await channel(account.id, "web");
    const created = [];
    for (let index = 0; index < 5; index += 1) {
      created.push(await db.contact.create({ data: { accountId: account.id, name: `Person ${index}`, email: `person${index}@example.test`, createdAt: new Date(Date.UTC(2026, 0, 1)) } }));
    }
    const dana = await db.contact.create({ data: { accountId: account.id, name: "Dana <b>Scully</b>", phone: "+1 202 555 0147" } });
    await db.contactIdentifier.create({ data: { accountId: account.id, contactId: created[0]!.id, channelType: "web", channelId: web.id, identifier: "Visitor-ABC" } });

    const search = async (query: string) => (await listContacts(db, account.id, { query })).items.map((c) => c.id);
    expect(await search("scully")).toEqual([dana.id]);
    expect(await search("PERSON3@")).toEqual([created[3]!.id]);
    expect(await search("555 0147")).toEqual([dana.id]);
    expect(await search("visitor-abc")).toEqual([created[0]!.id]);
    expect(await search("nobody")).toEqual([]);
    expect((await listContacts(db, account.id, { query: "Dana" })).items[0]!.name).toBe("Dana <b>Scully</b>");

    // Five contacts share one created_at: the id breaks the tie, so pages neither skip nor repeat.
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listContacts(db, account.id, { limit: 2, cursor });
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(6);
    expect(new Set(seen).size).toBe(6);
    expect(seen[0]).toBe(dana.id);

    expect((await listContacts(db, acme.account.id, { query: "scully" })).items).toEqual([]);
    await expect(listContacts(db, account.id, { cursor: "not-a-cursor" })).rejects.toMatchObject({ kind: "invalid" });
  });
});

describe("getContact and updateContact", () => {
  it("shows identifiers, conversations and orders, and edits with validation", async () => {
    const web = await channel(acme.account.id, "web");
    const { contact, conversation } = await contactWithHistory(acme.account.id, { name: "Fox" }, web);
    const detail = await getContact(db, acme.account.id, contact.id);
    expect(detail.identifiers).toHaveLength(1);
    expect(detail.conversations.map((c) => c.id)).toEqual([conversation.id]);
    expect(detail.conversations[0]!._count.messages).toBe(2);
    expect(detail.orders).toHaveLength(1);

    const updated = await updateContact(db, acme.account.id, contact.id, { email: "FOX@Example.test", phone: "+1 (202) 555-0100", attributes: { plan: "pro", seats: 3 } });
    expect(updated).toMatchObject({ name: "Fox", email: "fox@example.test", phone: "+1 (202) 555-0100", attributes: { plan: "pro", seats: 3 } });
    expect((await updateContact(db, acme.account.id, contact.id, { email: "" })).email).toBeNull();
    await expect(updateContact(db, acme.account.id, contact.id, { email: "not an email" })).rejects.toThrow(/valid email/);
    await expect(updateContact(db, acme.account.id, contact.id, { phone: "call me" })).rejects.toThrow(/phone number/);
    await expect(getContact(db, globex.account.id, contact.id)).rejects.toMatchObject({ kind: "not_found" });
    await expect(updateContact(db, globex.account.id, contact.id, { name: "Hijacked" })).rejects.toMatchObject({ kind: "not_found" });
  });
});

describe("mergeContacts", () => {
  it("moves everything to the kept contact in one go and loses nothing", async () => {
    const web = await channel(acme.account.id, "web");
    const telegram = await channel(acme.account.id, "telegram");
    const keep = await contactWithHistory(acme.account.id, { name: "Dana", attributes: { plan: "pro" } }, web, 3);
    const merge = await contactWithHistory(acme.account.id, { name: "D. Scully", email: "dana@example.test", phone: "+12025550147", attributes: { plan: "free", city: "DC" } }, telegram, 2);
    const earlier = await db.contact.create({ data: { accountId: acme.account.id, name: "Older duplicate", mergedIntoId: merge.contact.id } });

    const before = [await countsFor(keep.contact.id), await countsFor(merge.contact.id)];
    const result = await mergeContacts(db, acme.account.id, { keepId: keep.contact.id, mergeId: merge.contact.id, actorUserId: acme.agent.id });
    const after = await countsFor(keep.contact.id);

    for (const key of Object.keys(after) as (keyof typeof after)[]) expect(after[key], key).toBe(before[0]![key] + before[1]![key]);
    expect(await countsFor(merge.contact.id)).toEqual({ identifiers: 0, conversations: 0, tickets: 0, csatRatings: 0, orders: 0, messages: 0 });
    expect(result.moved).toEqual({ identifiers: 1, conversations: 1, tickets: 1, csatRatings: 1, orders: 1 });
    expect(result.contact).toMatchObject({ name: "Dana", email: "dana@example.test", phone: "+12025550147", attributes: { plan: "pro", city: "DC" } });
    expect(result.contact.identifiers.map((i) => i.channelType).sort()).toEqual(["telegram", "web"]);

    expect(await db.contact.findUniqueOrThrow({ where: { id: merge.contact.id } })).toMatchObject({ mergedIntoId: keep.contact.id, name: "D. Scully" });
    expect((await db.contact.findUniqueOrThrow({ where: { id: earlier.id } })).mergedIntoId).toBe(keep.contact.id);
    expect((await listContacts(db, acme.account.id, { query: "dana@example" })).items.map((c) => c.id)).toEqual([keep.contact.id]);
    expect(await db.auditLogEntry.count({ where: { accountId: acme.account.id, action: "contact.merged", targetId: keep.contact.id } })).toBe(1);

    await expect(mergeContacts(db, acme.account.id, { keepId: keep.contact.id, mergeId: merge.contact.id })).rejects.toMatchObject({ kind: "conflict" });
    await expect(updateContact(db, acme.account.id, merge.contact.id, { name: "x" })).rejects.toMatchObject({ kind: "conflict" });
  });

  it("refuses the same contact twice and contacts of another account", async () => {
    const web = await channel(acme.account.id, "web");
    const mine = await contactWithHistory(acme.account.id, { name: "Mine" }, web);
    const theirs = await contactWithHistory(globex.account.id, { name: "Theirs" }, await channel(globex.account.id, "web"));
    await expect(mergeContacts(db, acme.account.id, { keepId: mine.contact.id, mergeId: mine.contact.id })).rejects.toThrow(/two different/);
    await expect(mergeContacts(db, acme.account.id, { keepId: mine.contact.id, mergeId: theirs.contact.id })).rejects.toMatchObject({ kind: "not_found" });
    expect(await countsFor(theirs.contact.id)).toMatchObject({ identifiers: 1, conversations: 1, orders: 1 });
  });
});

describe("mergeConversations", () => {
  it("moves the messages, unites labels and times, closes the merged one and notes it in both threads", async () => {
    const web = await channel(acme.account.id, "web");
    const email = await channel(acme.account.id, "email");
    const { contact, conversation: keep } = await contactWithHistory(acme.account.id, { name: "Walter" }, web, 3);
    const merge = await db.conversation.create({
      data: {
        accountId: acme.account.id,
        channelId: email.id,
        contactId: contact.id,
        labels: ["billing", `label-${sequence}`],
        priority: "urgent",
        createdAt: new Date("2020-01-01T00:00:00Z"),
        lastMessageAt: new Date("2999-01-01T00:00:00Z"),
        unreadCount: 2,
      },
    });
    for (const content of ["first email", "second email"]) {
      await db.message.create({ data: { accountId: acme.account.id, conversationId: merge.id, channelId: email.id, direction: "inbound", senderType: "contact", content } });
    }
    pushed.length = 0;

    const result = await mergeConversations(db, acme.account.id, { keepId: keep.id, mergeId: merge.id, actorUserId: acme.agent.id });
    expect(result).toEqual({ conversationId: keep.id, movedMessages: 2 });

    const kept = await db.conversation.findUniqueOrThrow({ where: { id: keep.id }, include: { messages: { orderBy: { createdAt: "asc" } } } });
    expect(kept.labels.sort()).toEqual(["billing", `label-${sequence}`]);
    expect(kept).toMatchObject({ priority: "urgent", createdAt: merge.createdAt, lastMessageAt: merge.lastMessageAt, unreadCount: 2 });
    expect(kept.messages.map((m) => m.content)).toEqual(expect.arrayContaining(["message 0", "message 1", "message 2", "first email", "second email"]));
    expect(kept.messages.at(-1)).toMatchObject({ senderType: "system", isPrivate: true, content: `Conversation ${merge.id} was merged into this one by Acme agent.` });

    const closed = await db.conversation.findUniqueOrThrow({ where: { id: merge.id }, include: { messages: true } });
    expect(closed).toMatchObject({ status: "closed", mergedIntoId: keep.id, unreadCount: 0 });
    expect(closed.messages.map((m) => [m.senderType, m.content])).toEqual([["system", `Merged into conversation ${keep.id} by Acme agent; it continues there.`]]);

    await settleOutboxFastPath();
    const updates = pushed.filter((event) => event.event === "conversation.updated").map((event) => event.data.id);
    expect(updates.sort()).toEqual([keep.id, merge.id].sort());

    await expect(mergeConversations(db, acme.account.id, { keepId: keep.id, mergeId: merge.id, actorUserId: acme.agent.id })).rejects.toMatchObject({ kind: "conflict" });
    const another = await db.conversation.create({ data: { accountId: acme.account.id, channelId: web.id, contactId: contact.id } });
    await expect(mergeConversations(db, acme.account.id, { keepId: merge.id, mergeId: another.id, actorUserId: acme.agent.id })).rejects.toMatchObject({ kind: "conflict" });
    await db.conversation.update({ where: { id: keep.id }, data: { status: "closed" } });
    await expect(mergeConversations(db, acme.account.id, { keepId: keep.id, mergeId: another.id, actorUserId: acme.agent.id })).rejects.toThrow(/is closed and cannot take messages/);
  });

  it("refuses conversations of different contacts and of another account", async () => {
    const web = await channel(acme.account.id, "web");
    const a = await contactWithHistory(acme.account.id, { name: "A" }, web);
    const b = await contactWithHistory(acme.account.id, { name: "B" }, web);
    await expect(mergeConversations(db, acme.account.id, { keepId: a.conversation.id, mergeId: b.conversation.id, actorUserId: acme.agent.id })).rejects.toThrow(
      "These conversations belong to different contacts: merge the contacts first, then the conversations.",
    );
    await expect(mergeConversations(db, globex.account.id, { keepId: a.conversation.id, mergeId: b.conversation.id, actorUserId: globex.agent.id })).rejects.toMatchObject({
      kind: "not_found",
    });
    expect(await db.message.count({ where: { conversationId: b.conversation.id } })).toBe(2);
  });
});
