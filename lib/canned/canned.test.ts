import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { setupTestDatabase } from "@/tests/helpers/db";
import { createAccountWithStaff, createTwoTenants, type StaffedAccount } from "@/tests/helpers/factories";
import {
  createCannedResponse,
  deleteCannedResponse,
  importCannedResponses,
  listCannedResponses,
  renderCannedResponse,
  renderCannedResponseForConversation,
  updateCannedResponse,
} from "./canned";
import { buildXlsx } from "./xlsx-fixture";

const testDb = setupTestDatabase();
let db: Database;
let acme: StaffedAccount;
let globex: StaffedAccount;

beforeAll(async () => {
  db = testDb.db;
  ({ acme, globex } = await createTwoTenants(db));
});

const csv = (text: string) => ({ fileName: "responses.csv", bytes: Buffer.from(text, "utf8") });

describe("canned response CRUD", () => {
  it("creates, lists, searches, updates and deletes, with shortcuts normalised", async () => {
    const created = await createCannedResponse(db, acme.account.id, acme.admin.id, { shortcut: "/Refund-Policy", title: "Refunds", content: "Refunds take 5 days." });
    expect(created).toMatchObject({ shortcut: "refund-policy", keywords: [], autoReply: false });
    await createCannedResponse(db, acme.account.id, acme.admin.id, { shortcut: "hello", title: "Greeting", content: "Hi {{contact.name}}!" });

    expect((await listCannedResponses(db, acme.account.id)).map((c) => c.shortcut)).toEqual(["hello", "refund-policy"]);
    expect((await listCannedResponses(db, acme.account.id, { query: "/ref" })).map((c) => c.shortcut)).toEqual(["refund-policy"]);
    expect((await listCannedResponses(db, acme.account.id, { query: "5 DAYS" })).map((c) => c.shortcut)).toEqual(["refund-policy"]);
    expect(await listCannedResponses(db, globex.account.id)).toEqual([]);

    const updated = await updateCannedResponse(db, acme.account.id, created.id, { title: "Refund policy", keywords: ["Refund", "refund", "money back"] });
    expect(updated).toMatchObject({ shortcut: "refund-policy", title: "Refund policy", keywords: ["refund", "money back"], autoReply: false });

    await deleteCannedResponse(db, acme.account.id, created.id);
    await expect(deleteCannedResponse(db, acme.account.id, created.id)).rejects.toMatchObject({ kind: "not_found" });
  });

  it("refuses a shortcut taken in the account with a clear conflict, but not across accounts", async () => {
    await createCannedResponse(db, acme.account.id, null, { shortcut: "dup", title: "First", content: "one" });
    await expect(createCannedResponse(db, acme.account.id, null, { shortcut: "DUP", title: "Second", content: "two" })).rejects.toMatchObject({
      kind: "conflict",
      message: 'The shortcut /dup is already used by "First". Choose another shortcut.',
    });
    const other = await createCannedResponse(db, acme.account.id, null, { shortcut: "other", title: "Other", content: "x" });
    await expect(updateCannedResponse(db, acme.account.id, other.id, { shortcut: "dup" })).rejects.toMatchObject({ kind: "conflict" });
    await expect(createCannedResponse(db, globex.account.id, null, { shortcut: "dup", title: "Globex's own", content: "fine" })).resolves.toBeTruthy();
  });

  it("validates shortcuts and stores markup as text", async () => {
    await expect(createCannedResponse(db, acme.account.id, null, { shortcut: "two words", title: "t", content: "c" })).rejects.toThrow(/lowercase letters, digits, - and _/);
    const markup = "<script>alert(1)</script> <b>{{contact.name}}</b>";
    const stored = await createCannedResponse(db, acme.account.id, null, { shortcut: "markup", title: "<img src=x onerror=alert(1)>", content: markup });
    expect(stored.content).toBe(markup);
    expect(stored.title).toBe("<img src=x onerror=alert(1)>");
  });
});

describe("renderCannedResponse", () => {
  const variables = { contact: { name: "Dana" }, agent: { name: "Priya" }, conversation: { id: "conv_1" } };

  it("fills the known variables, keeps and reports unknown ones", () => {
    expect(renderCannedResponse("Hi {{contact.name}}, {{ agent.name }} here about #{{conversation.id}}. {{order.number}} {{contact.name}}", variables)).toEqual({
      text: "Hi Dana, Priya here about #conv_1. {{order.number}} Dana",
      unknownVariables: ["order.number"],
      missingValues: [],
    });
  });

  it("reports known variables without a value and inserts values literally", () => {
    expect(renderCannedResponse("Hi {{contact.name}}", { ...variables, contact: { name: null } })).toEqual({ text: "Hi ", unknownVariables: [], missingValues: ["contact.name"] });
    expect(renderCannedResponse("Hi {{contact.name}}", { ...variables, contact: { name: "$& {{agent.name}}" } }).text).toBe("Hi $& {{agent.name}}");
  });

  it("renders for a conversation of the account with its contact and the sending agent", async () => {
    const channel = await db.channel.create({ data: { accountId: acme.account.id, type: "web", name: "Site" } });
    const contact = await db.contact.create({ data: { accountId: acme.account.id, name: "Dana Scully" } });
    const conversation = await db.conversation.create({ data: { accountId: acme.account.id, channelId: channel.id, contactId: contact.id } });
    const canned = await createCannedResponse(db, acme.account.id, null, { shortcut: "greet", title: "Greet", content: "Hi {{contact.name}}, {{agent.name}} here ({{conversation.id}})." });
    const rendered = await renderCannedResponseForConversation(db, acme.account.id, { cannedResponseId: canned.id, conversationId: conversation.id, agentUserId: acme.agent.id });
    expect(rendered.text).toBe(`Hi Dana Scully, Acme agent here (${conversation.id}).`);
    await expect(
      renderCannedResponseForConversation(db, globex.account.id, { cannedResponseId: canned.id, conversationId: conversation.id, agentUserId: globex.agent.id }),
    ).rejects.toMatchObject({ kind: "not_found" });
  });
});

describe("importCannedResponses", () => {
  it("imports CSV with quoted fields, updates by shortcut and reports bad rows by number", async () => {
    const account = (await createAccountWithStaff(db, "Importer")).account;
    await createCannedResponse(db, account.id, null, { shortcut: "existing", title: "Old", content: "Old text", keywords: ["keep"] });
    const file = [
      "Shortcut,Title,Content,Keywords,Colour",
      'hours,"Hours, and days","We are open ""9 to 5"".\nWeekends closed.",opening hours;are you open,red',
      "existing,New title,New text,,",
      "Bad Shortcut!,Title,Text,,",
      "no-title,,Text,,",
      ",,,,",
      "hours,Again,Duplicate,,",
      'script,"<script>alert(1)</script>","<b>bold</b>",,',
    ].join("\r\n");
    const result = await importCannedResponses(db, account.id, csv(file));
    expect(result).toEqual({
      created: 2,
      updated: 1,
      errors: [
        { row: 1, field: "Colour", message: expect.stringContaining('Unknown column "Colour" was ignored') },
        { row: 4, field: "shortcut", message: expect.stringContaining("lowercase letters, digits") },
        { row: 5, field: "title", message: "Enter a title." },
        { row: 7, field: "shortcut", message: "The shortcut /hours is already on row 2; each shortcut may appear once." },
      ],
    });
    const rows = await db.cannedResponse.findMany({ where: { accountId: account.id }, orderBy: { shortcut: "asc" } });
    expect(rows.map((r) => [r.shortcut, r.title, r.content, r.keywords])).toEqual([
      ["existing", "New title", "New text", []],
      ["hours", "Hours, and days", 'We are open "9 to 5".\nWeekends closed.', ["opening hours", "are you open"]],
      ["script", "<script>alert(1)</script>", "<b>bold</b>", []],
    ]);
  });

  it("leaves keywords alone when the file has no keywords column", async () => {
    const account = (await createAccountWithStaff(db, "Keywords")).account;
    await createCannedResponse(db, account.id, null, { shortcut: "kept", title: "T", content: "C", keywords: ["stay"] });
    expect(await importCannedResponses(db, account.id, csv("shortcut;title;content\nkept;T2;C2\n"))).toEqual({ created: 0, updated: 1, errors: [] });
    expect((await db.cannedResponse.findFirstOrThrow({ where: { accountId: account.id } })).keywords).toEqual(["stay"]);
  });

  it("imports the first sheet of an XLSX file, detected by content whatever its name", async () => {
    const account = (await createAccountWithStaff(db, "Workbook")).account;
    const workbook = buildXlsx(
      [
        ["shortcut", "title", "content", "keywords"],
        ["greet", { inline: "Greeting" }, "Hi {{contact.name}} & welcome", "hello, hi"],
        [null, null, null, null],
        ["price", "Price", 42, null],
        ["", "No shortcut", "x", null],
      ],
      [[["shortcut", "title", "content"], ["from-second-sheet", "Never", "imported"]]],
    );
    const result = await importCannedResponses(db, account.id, { fileName: "export.csv", bytes: workbook });
    expect(result).toEqual({ created: 2, updated: 0, errors: [{ row: 5, field: "shortcut", message: "Enter a shortcut." }] });
    const rows = await db.cannedResponse.findMany({ where: { accountId: account.id }, orderBy: { shortcut: "asc" } });
    expect(rows.map((r) => [r.shortcut, r.content, r.keywords])).toEqual([
      ["greet", "Hi {{contact.name}} & welcome", ["hello", "hi"]],
      ["price", "42", []],
    ]);
  });

  it("refuses files it cannot read with the reason, and writes nothing", async () => {
    const account = (await createAccountWithStaff(db, "Refused")).account;
    await expect(importCannedResponses(db, account.id, csv("name,text\nx,y\n"))).rejects.toMatchObject({
      kind: "invalid",
      message: "The first row must be the header shortcut,title,content[,keywords]; missing columns: shortcut, title, content.",
    });
    await expect(importCannedResponses(db, account.id, csv('shortcut,title,content\n"open,x,y\n'))).rejects.toThrow(/CSV file cannot be read: Line 2/);
    await expect(importCannedResponses(db, account.id, { fileName: "old.xls", bytes: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1]) })).rejects.toThrow(/\.xls/);
    await expect(importCannedResponses(db, account.id, { fileName: "bin.csv", bytes: Buffer.from([0xff, 0xfe, 0x00, 0x41]) })).rejects.toThrow(/UTF-8/);
    await expect(importCannedResponses(db, account.id, { fileName: "broken.xlsx", bytes: Buffer.from("PK\x03\x04garbage") })).rejects.toMatchObject({ kind: "invalid" });
    expect(await db.cannedResponse.count({ where: { accountId: account.id } })).toBe(0);
  });
});
