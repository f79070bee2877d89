import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { setupTestDatabase } from "@/tests/helpers/db";
import { FAKE_EMBEDDING_DIMENSIONS, startFakeOpenAI, type FakeOpenAI } from "@/tests/helpers/fake-openai";
import { createArticle, updateKnowledgeDocument } from "./documents";
import { retrieveKnowledge } from "./retrieve";

const testDb = setupTestDatabase();
let db: Database;
// "reimbursement" and "credited" mean what the article says as "refunds" and "paid".
let fake: FakeOpenAI;

const REFUNDS = { title: "Money back", slug: "money-back", content: "Refunds are paid within five days to the original card." };
/** Shares no word with the article, yet its vector is close to the article's. */
const REWORDED = "When is my reimbursement credited?";

async function accountWith(slug: string, embeddingModel: string | null) {
  const account = await db.account.create({ data: { name: slug, slug } });
  await db.aiProvider.create({ data: { accountId: account.id, name: "Local server", kind: "openai_compatible", model: "chat", baseUrl: fake.baseUrl, embeddingModel } });
  return account.id;
}

const embeddingRequests = () => fake.requests.filter((request) => request.path.endsWith("/embeddings")).length;

beforeAll(async () => {
  db = testDb.db;
  fake = await startFakeOpenAI({ synonyms: { reimbursement: "refunds", credited: "paid" } });
});
afterAll(() => fake.close());

describe("knowledge vectors with an embedding provider", () => {
  it("embeds a document's chunks when the account's provider names an embedding model, and again when it is rewritten", async () => {
    const accountId = await accountWith("vectors", "fake-embed");
    const article = await createArticle(db, accountId, REFUNDS);
    const chunks = await db.knowledgeChunk.findMany({ where: { documentId: article.id } });
    expect(chunks.length).toBeGreaterThan(0);
    for (const chunk of chunks) {
      expect(chunk.embeddingModel).toBe("fake-embed");
      expect(chunk.embedding).toHaveLength(FAKE_EMBEDDING_DIMENSIONS);
      expect(Math.hypot(...chunk.embedding)).toBeCloseTo(1, 6);
    }
    await updateKnowledgeDocument(db, accountId, article.id, { content: "Refunds reach your card in a week." });
    const [rewritten] = await db.knowledgeChunk.findMany({ where: { documentId: article.id } });
    expect(rewritten).toMatchObject({ embeddingModel: "fake-embed", content: "Refunds reach your card in a week." });
  });

  it("finds a document by meaning when the question shares none of its words", async () => {
    const withVectors = await accountWith("meaning", "fake-embed");
    const withoutVectors = await accountWith("words-only", null);
    for (const accountId of [withVectors, withoutVectors]) await createArticle(db, accountId, REFUNDS);

    const before = embeddingRequests();
    expect(await retrieveKnowledge(db, withoutVectors, REWORDED)).toEqual([]);
    expect(embeddingRequests()).toBe(before);

    const [hit] = await retrieveKnowledge(db, withVectors, REWORDED);
    expect(hit).toMatchObject({ slug: "money-back", url: "/help/meaning/money-back" });
    expect(hit!.score).toBeGreaterThan(0);
  });

  it("keeps full-text retrieval working when the embeddings endpoint fails", async () => {
    const accountId = await accountWith("failing", "status-500");
    const article = await createArticle(db, accountId, REFUNDS);
    expect(article.status).toBe("ready");
    const [chunk] = await db.knowledgeChunk.findMany({ where: { documentId: article.id } });
    expect(chunk).toMatchObject({ embedding: [], embeddingModel: null });

    expect((await retrieveKnowledge(db, accountId, "When are refunds paid?"))[0]?.slug).toBe("money-back");
    expect(await retrieveKnowledge(db, accountId, REWORDED)).toEqual([]);
  });

  it("gives up on a question's embedding after two seconds and answers from full text", async () => {
    const accountId = await accountWith("slow", "fake-embed");
    await createArticle(db, accountId, REFUNDS);
    fake.enqueue({ kind: "hang" });
    const started = Date.now();
    const hits = await retrieveKnowledge(db, accountId, "When are refunds paid?");
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(hits[0]?.slug).toBe("money-back");
  });

  it("never returns another account's chunks", async () => {
    const owner = await accountWith("owner", "fake-embed");
    const other = await accountWith("other", "fake-embed");
    await createArticle(db, owner, REFUNDS);
    await createArticle(db, other, { title: "Opening hours", slug: "hours", content: "Our team answers from nine to five on weekdays." });

    const hits = await retrieveKnowledge(db, other, `${REWORDED} Refunds paid card`, { limit: 50 });
    expect(hits.map((hit) => hit.slug)).not.toContain("money-back");
    expect(hits.every((hit) => hit.url.startsWith("/help/other/"))).toBe(true);
  });
});
