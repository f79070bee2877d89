import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { addKnowledgeFile, createArticle } from "@/lib/knowledge/documents";
import { processKnowledgeDocument } from "@/lib/knowledge/process";
import { setKnowledgeEventSender } from "@/lib/knowledge/queue";
import { setupTestDatabase } from "@/tests/helpers/db";
import { createTwoTenants, type StaffedAccount } from "@/tests/helpers/factories";
import { contextForUser } from "../context";
import { createCaller } from "../root";

const testDb = setupTestDatabase();
let db: Database;
let acme: StaffedAccount;
let globex: StaffedAccount;
/** Acme's documents that Globex users try to reach. */
let target: { articleId: string; lockedPdfId: string };

const callerFor = async (userId: string) => createCaller(await contextForUser(db, userId));

beforeAll(async () => {
  db = testDb.db;
  ({ acme, globex } = await createTwoTenants(db));
  setKnowledgeEventSender(async () => undefined);
  const article = await createArticle(db, acme.account.id, { title: "Secret returns playbook", content: "# Playbook\n\nConfidential steps." });
  const locked = await addKnowledgeFile(db, acme.account.id, acme.admin.id, {
    fileName: "locked.pdf",
    bytes: readFileSync(path.join(import.meta.dirname, "../../../tests/fixtures/knowledge/password-protected.pdf")),
  });
  await processKnowledgeDocument(db, acme.account.id, locked.id);
  target = { articleId: article.id, lockedPdfId: locked.id };
});
afterAll(() => setKnowledgeEventSender(undefined));

async function acmeSnapshot() {
  return {
    documents: await db.knowledgeDocument.findMany({ where: { accountId: acme.account.id }, orderBy: { id: "asc" } }),
    chunks: await db.knowledgeChunk.findMany({ where: { accountId: acme.account.id }, orderBy: { id: "asc" } }),
  };
}

describe("knowledge router", () => {
  it("gives another account's users NOT_FOUND or nothing for every procedure, and changes nothing", async () => {
    const before = await acmeSnapshot();
    const notFound = { code: "NOT_FOUND" };
    for (const userId of [globex.admin.id, globex.agent.id]) {
      const other = await callerFor(userId);
      expect(await other.knowledge.list()).toEqual([]);
      expect(await other.knowledge.list({ query: "playbook" })).toEqual([]);
      for (const id of [target.articleId, target.lockedPdfId]) {
        await expect(other.knowledge.get({ id })).rejects.toMatchObject(notFound);
        await expect(other.knowledge.update({ id, patch: { title: "Hijacked" } })).rejects.toMatchObject(notFound);
        await expect(other.knowledge.update({ id, patch: { content: "Hijacked" } })).rejects.toMatchObject(notFound);
        await expect(other.knowledge.delete({ id })).rejects.toMatchObject(notFound);
        await expect(other.knowledge.reprocess({ id })).rejects.toMatchObject(notFound);
      }
      // The same slug in another account is that account's own.
      expect(await other.knowledge.createArticle({ title: "Secret returns playbook", content: "Theirs" })).toMatchObject({ slug: "secret-returns-playbook" });
      await other.knowledge.delete({ id: (await other.knowledge.list())[0]!.id });
    }
    expect(await acmeSnapshot()).toEqual(before);
  });

  it("lets agents curate the knowledge base like admins", async () => {
    const agent = await callerFor(acme.agent.id);
    const created = await agent.knowledge.createArticle({ title: "Agent tips", content: "Greet the customer by name." });
    expect(created).toMatchObject({ status: "ready", slug: "agent-tips", chunkCount: 1 });
    expect(await agent.knowledge.update({ id: created.id, patch: { content: "Greet the customer by name, then answer." } })).toMatchObject({ chunkCount: 1 });
    expect((await agent.knowledge.list({ query: "agent tips" })).map((d) => d.id)).toEqual([created.id]);
    expect(await agent.knowledge.reprocess({ id: target.lockedPdfId })).toMatchObject({ status: "pending", error: null });
    await agent.knowledge.delete({ id: created.id });
    await expect(agent.knowledge.get({ id: created.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("reports invalid input by field", async () => {
    const admin = await callerFor(acme.admin.id);
    const invalid = admin.knowledge.createArticle({ title: "", content: "" });
    await expect(invalid).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(invalid).rejects.toThrow(/Enter a title\.[\s\S]*Write the article's text\./);
    await expect(admin.knowledge.createArticle({ title: "Playbook copy", slug: "secret-returns-playbook", content: "x" })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("refuses signed-out callers and removed members", async () => {
    const anonymous = createCaller(await contextForUser(db, null));
    await expect(anonymous.knowledge.list()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await db.membership.updateMany({ where: { userId: acme.agent.id }, data: { deactivatedAt: new Date() } });
    try {
      await expect((await callerFor(acme.agent.id)).knowledge.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
    } finally {
      await db.membership.updateMany({ where: { userId: acme.agent.id }, data: { deactivatedAt: null } });
    }
  });
});
