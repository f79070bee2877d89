import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { KNOWLEDGE_ARTICLES } from "@/lib/seed/knowledge-articles";
import { setupTestDatabase } from "@/tests/helpers/db";
import { createAccountWithStaff } from "@/tests/helpers/factories";
import { createArticle } from "./documents";
import { listKnowledgeFiles, queryWords, retrieveKnowledge } from "./retrieve";

const testDb = setupTestDatabase();
let db: Database;
let acmeId: string;

// The demo workspace's knowledge base (the seed's articles, slugs and account slug), written
// through the product's own article path rather than the whole demo seed, which also
// builds a month of conversations these tests do not need.
beforeAll(async () => {
  db = testDb.db;
  acmeId = (await db.account.create({ data: { name: "Acme Outfitters", slug: "acme" } })).id;
  for (const article of KNOWLEDGE_ARTICLES) await createArticle(db, acmeId, { title: article.title, slug: article.slug, content: article.markdown });
});

const topSlug = async (accountId: string, question: string) => (await retrieveKnowledge(db, accountId, question))[0]?.slug;

describe("retrieveKnowledge on the demo knowledge base", () => {
  it.each([
    ["How long does standard shipping take?", "shipping-times-and-costs"],
    ["Is shipping free over a certain amount?", "shipping-times-and-costs"],
    ["I want to return my jacket, how do I start a return?", "returns-policy"],
    ["When will I get my refund?", "refunds"],
    ["I forgot my password", "account-and-password"],
    ["Do you ship to Canada? What about customs duties?", "international-shipping"],
    ["The zipper broke after three months, is that covered by the warranty?", "warranty"],
    ["How do I exchange an item for a different size?", "exchanges"],
    ["Which size should I pick, I'm between a medium and a large?", "sizing-guide"],
    ["Where is my package? The tracking has not moved", "order-tracking"],
    ["How do I check my gift card balance", "gift-cards"],
    ["I need an invoice for my company", "billing-and-invoices"],
    ["What are your support hours?", "contact-and-hours"],
  ])("answers %j from %s first", async (question, slug) => {
    expect(await topSlug(acmeId, question)).toBe(slug);
  });

  it("returns chunks with their article, heading, a 0..1 score, best first, and the public link", async () => {
    const hits = await retrieveKnowledge(db, acmeId, "how do I start a return", { limit: 3 });
    expect(hits).toHaveLength(3);
    const [best] = hits;
    expect(best).toMatchObject({ slug: "returns-policy", title: "Returns: the 30-day policy", heading: "How to start a return", url: "/help/acme/returns-policy" });
    expect(best!.content).toContain("returns portal");
    expect(hits.map((hit) => hit.score)).toEqual([...hits.map((hit) => hit.score)].sort((a, b) => b - a));
    for (const hit of hits) {
      expect(hit.score).toBeGreaterThan(0);
      expect(hit.score).toBeLessThanOrEqual(1);
    }
  });

  it("boosts title and heading matches over a word in passing", async () => {
    // "warranty" appears in passing in the returns article; the warranty article is about it.
    const hits = await retrieveKnowledge(db, acmeId, "warranty", { limit: 10 });
    expect(hits[0]!.slug).toBe("warranty");
    const passing = hits.find((hit) => hit.slug !== "warranty");
    if (passing) expect(passing.score).toBeLessThan(hits[0]!.score);
  });

  it("ranks partial matches: one matching word is enough to be found", async () => {
    expect(await topSlug(acmeId, "gift card xylophone quantum")).toBe("gift-cards");
    // A prefix of a long word finds it.
    expect(await topSlug(acmeId, "warran")).toBe("warranty");
  });

  it("finds nothing for nonsense, stop words or an empty question", async () => {
    expect(await retrieveKnowledge(db, acmeId, "asdkjh qwzxv blorf")).toEqual([]);
    expect(await retrieveKnowledge(db, acmeId, "the and of it is")).toEqual([]);
    expect(await retrieveKnowledge(db, acmeId, "   ?!  ")).toEqual([]);
  });

  it("scores questions the knowledge base does not answer low, below every answered one", async () => {
    const unanswered = ["What is the weather like on Mars?", "tell me a joke about penguins", "recipe for banana bread", "who won the football game yesterday"];
    for (const question of unanswered) {
      for (const hit of await retrieveKnowledge(db, acmeId, question)) expect(hit.score, `${question} → ${hit.slug}`).toBeLessThan(0.3);
    }
    for (const question of ["How long does standard shipping take?", "When will I get my refund?", "I forgot my password"]) {
      expect((await retrieveKnowledge(db, acmeId, question))[0]!.score).toBeGreaterThan(0.4);
    }
  });

  it("respects the limit", async () => {
    expect(await retrieveKnowledge(db, acmeId, "order")).toHaveLength(5);
    expect(await retrieveKnowledge(db, acmeId, "order", { limit: 2 })).toHaveLength(2);
    expect(await retrieveKnowledge(db, acmeId, "order", { limit: 0 })).toHaveLength(1);
  });

  it("never returns another account's documents, nor documents that are not ready", async () => {
    const other = await createAccountWithStaff(db, "Initech");
    await createArticle(db, other.account.id, { title: "Initech shipping", content: "We ship staplers by pigeon within 9 days." });
    const pending = await db.knowledgeDocument.create({ data: { accountId: acmeId, title: "Pigeon post", slug: "pigeon-post", sourceType: "markdown", status: "pending" } });
    await db.knowledgeChunk.create({ data: { accountId: acmeId, documentId: pending.id, position: 0, content: "Pigeons carry staplers." } });

    expect(await retrieveKnowledge(db, acmeId, "pigeon staplers")).toEqual([]);
    const theirs = await retrieveKnowledge(db, other.account.id, "how long does shipping take");
    expect(theirs.map((hit) => hit.title)).toEqual(["Initech shipping"]);
    expect(theirs[0]!.url).toBe(`/help/${other.account.slug}/initech-shipping`);
  });
});

describe("listKnowledgeFiles", () => {
  it("lists the account's ready documents by title with their public links", async () => {
    const files = await listKnowledgeFiles(db, acmeId, 50);
    expect(files).toHaveLength(KNOWLEDGE_ARTICLES.length);
    expect(files.map((file) => file.title)).toEqual([...files.map((file) => file.title)].sort((a, b) => a.localeCompare(b, "en")));
    expect(files.find((file) => file.title === "Gift cards")).toEqual({ title: "Gift cards", fileName: null, sourceType: "article", updatedAt: expect.any(Date), url: "/help/acme/gift-cards" });
  });
});

describe("queryWords", () => {
  it("keeps letters and digits of any language, each once", () => {
    expect(queryWords("Où est ma commande #A-1042? où!")).toEqual(["où", "est", "ma", "commande", "a", "1042"]);
  });
});
