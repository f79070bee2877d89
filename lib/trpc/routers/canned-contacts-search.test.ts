import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildXlsx } from "@/lib/canned/xlsx-fixture";
import type { Database } from "@/lib/db/client";
import { setOutboxRelayDefaults, settleOutboxFastPath } from "@/lib/outbox/relay";
import { setupTestDatabase } from "@/tests/helpers/db";
import { createTwoTenants, type StaffedAccount } from "@/tests/helpers/factories";
import { contextForUser } from "../context";
import { createCaller } from "../root";

const testDb = setupTestDatabase();
let db: Database;
let acme: StaffedAccount;
let globex: StaffedAccount;
/** Acme's records that Globex users try to reach. */
let target: { cannedId: string; contactId: string; otherContactId: string; conversationId: string; secondConversationId: string };

const callerFor = async (userId: string) => createCaller(await contextForUser(db, userId));
const csvBase64 = (text: string) => Buffer.from(text).toString("base64");

beforeAll(async () => {
  setOutboxRelayDefaults({ trigger: async () => undefined, sendEvent: async () => undefined, getChannelAdapter: () => undefined });
  db = testDb.db;
  ({ acme, globex } = await createTwoTenants(db));

  const accountId = acme.account.id;
  const channel = await db.channel.create({ data: { accountId, type: "web", name: "Site" } });
  const contact = await db.contact.create({ data: { accountId, name: "Dana Secret", email: "dana@acme.example" } });
  const otherContact = await db.contact.create({ data: { accountId, name: "Duplicate Dana" } });
  const conversation = await db.conversation.create({ data: { accountId, channelId: channel.id, contactId: contact.id } });
  const secondConversation = await db.conversation.create({ data: { accountId, channelId: channel.id, contactId: contact.id } });
  await db.message.create({ data: { accountId, conversationId: conversation.id, channelId: channel.id, direction: "inbound", senderType: "contact", content: "confidential shipment question" } });
  const canned = await db.cannedResponse.create({ data: { accountId, shortcut: "secret", title: "Secret", content: "Hi {{contact.name}}" } });
  target = { cannedId: canned.id, contactId: contact.id, otherContactId: otherContact.id, conversationId: conversation.id, secondConversationId: secondConversation.id };
});
afterAll(async () => {
  await settleOutboxFastPath();
  setOutboxRelayDefaults(undefined);
});

async function acmeSnapshot() {
  return {
    canned: await db.cannedResponse.findMany({ where: { accountId: acme.account.id }, select: { id: true, shortcut: true, title: true, content: true, updatedAt: true } }),
    contacts: await db.contact.findMany({ where: { accountId: acme.account.id }, orderBy: { id: "asc" } }),
    conversations: await db.conversation.findMany({ where: { accountId: acme.account.id }, orderBy: { id: "asc" } }),
    messages: await db.message.count({ where: { accountId: acme.account.id } }),
  };
}

describe("tenant isolation of the canned, contacts and search routers", () => {
  it("gives another account's users NOT_FOUND or nothing for every procedure, and changes nothing", async () => {
    const before = await acmeSnapshot();
    const notFound = { code: "NOT_FOUND" };
    for (const userId of [globex.admin.id, globex.agent.id]) {
      const other = await callerFor(userId);
      // canned
      expect(await other.canned.list()).toEqual([]);
      expect(await other.canned.list({ query: "secret" })).toEqual([]);
      await expect(other.canned.render({ id: target.cannedId, conversationId: target.conversationId })).rejects.toMatchObject(notFound);
      // contacts
      expect((await other.contacts.list()).items).toEqual([]);
      expect((await other.contacts.list({ query: "dana" })).items).toEqual([]);
      await expect(other.contacts.get({ contactId: target.contactId })).rejects.toMatchObject(notFound);
      await expect(other.contacts.update({ contactId: target.contactId, patch: { name: "Hijacked" } })).rejects.toMatchObject(notFound);
      await expect(other.contacts.merge({ keepId: target.contactId, mergeId: target.otherContactId })).rejects.toMatchObject(notFound);
      await expect(
        other.contacts.mergeConversations({ keepId: target.conversationId, mergeId: target.secondConversationId }),
      ).rejects.toMatchObject(notFound);
      // search
      expect(await other.search.conversations({ query: "confidential" })).toEqual([]);
      expect(await other.search.conversations({ query: "Dana" })).toEqual([]);
    }

    const globexAdmin = await callerFor(globex.admin.id);
    await expect(globexAdmin.canned.update({ id: target.cannedId, patch: { title: "Hijacked" } })).rejects.toMatchObject(notFound);
    await expect(globexAdmin.canned.delete({ id: target.cannedId })).rejects.toMatchObject(notFound);
    // The same shortcut in another account is that account's own: created there, Acme's untouched, no conflict leaks.
    expect(await globexAdmin.canned.create({ shortcut: "secret", title: "Globex's", content: "ours" })).toMatchObject({ shortcut: "secret" });
    expect(await globexAdmin.canned.import({ fileName: "x.csv", contentBase64: csvBase64("shortcut,title,content\nsecret,Imported,over\n") })).toEqual({
      created: 0,
      updated: 1,
      errors: [],
    });

    // A Globex record with an Acme record: still not found, and the Globex one is untouched too.
    const globexContact = await db.contact.create({ data: { accountId: globex.account.id, name: "Globex person" } });
    await expect(globexAdmin.contacts.merge({ keepId: globexContact.id, mergeId: target.contactId })).rejects.toMatchObject(notFound);
    await expect(globexAdmin.contacts.merge({ keepId: target.contactId, mergeId: globexContact.id })).rejects.toMatchObject(notFound);
    expect((await db.contact.findUniqueOrThrow({ where: { id: globexContact.id } })).mergedIntoId).toBeNull();

    expect(await acmeSnapshot()).toEqual(before);
  });
});

describe("canned response permissions", () => {
  it("lets agents list and render, and keeps writing to admins", async () => {
    const agent = await callerFor(acme.agent.id);
    expect((await agent.canned.list()).map((c) => c.shortcut)).toContain("secret");
    expect(await agent.canned.render({ id: target.cannedId, conversationId: target.conversationId })).toEqual({
      text: "Hi Dana Secret",
      unknownVariables: [],
      missingValues: [],
    });
    const forbidden = { code: "FORBIDDEN" };
    await expect(agent.canned.create({ shortcut: "mine", title: "t", content: "c" })).rejects.toMatchObject(forbidden);
    await expect(agent.canned.update({ id: target.cannedId, patch: { title: "x" } })).rejects.toMatchObject(forbidden);
    await expect(agent.canned.delete({ id: target.cannedId })).rejects.toMatchObject(forbidden);
    await expect(agent.canned.import({ fileName: "x.csv", contentBase64: csvBase64("shortcut,title,content\na,b,c\n") })).rejects.toMatchObject(forbidden);
  });

  it("lets an admin import an XLSX upload and answers a conflict with CONFLICT", async () => {
    const admin = await callerFor(acme.admin.id);
    const workbook = buildXlsx([["shortcut", "title", "content"], ["from-xlsx", "From a workbook", "Hello {{agent.name}}"]]);
    expect(await admin.canned.import({ fileName: "canned.xlsx", contentBase64: workbook.toString("base64") })).toEqual({ created: 1, updated: 0, errors: [] });
    await expect(admin.canned.create({ shortcut: "/From-XLSX", title: "again", content: "c" })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("/from-xlsx") });
    await expect(admin.canned.import({ fileName: "x.csv", contentBase64: "not base64!" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
