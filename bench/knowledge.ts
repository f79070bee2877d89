/**
 * Latency of knowledge retrieval (`retrieveKnowledge`, run before every AI answer) on
 * the demo knowledge base (12 articles, ~60 chunks) and on a generated one of 2,000
 * chunks, in a throwaway embedded PostgreSQL. Each question of a fixed list is asked
 * repeatedly through the product's own function (Prisma, adapter-pg), after a warm-up.
 * Run: `npm run bench -- knowledge`.
 */
import { performance } from "node:perf_hooks";
import { printRow, printVerdict, runWhenExecuted, summarizeLatencies } from "./lib/report";
import { withThrowawayPostgres } from "./lib/services";
import { createDatabaseClient, type Database } from "@/lib/db/client";
import { createArticle } from "@/lib/knowledge/documents";
import { retrieveKnowledge } from "@/lib/knowledge/retrieve";
import { KNOWLEDGE_ARTICLES } from "@/lib/seed/knowledge-articles";
import { mulberry32, Random } from "@/lib/seed/random";

const QUESTIONS = [
  "How long does standard shipping take?",
  "I want to return my jacket, how do I start a return?",
  "When will I get my refund?",
  "I forgot my password",
  "Do you ship to Canada? What about customs duties?",
  "The zipper broke after three months, is that covered by the warranty?",
  "Where is my package? The tracking has not moved",
  "What is the weather like on Mars?",
];
const ROUNDS = 25;
const WARMUP_ROUNDS = 3;
const GENERATED_DOCUMENTS = 200;
const CHUNKS_PER_DOCUMENT = 10;
/** Retrieval runs before every answer: it should stay well under the model's own latency. */
const TARGET_P95_MS = 50;

const TOPICS = ["shipping", "returns", "refund", "warranty", "password", "invoice", "exchange", "sizing", "gift card", "tracking", "delivery", "payment", "account", "order", "discount"];
const WORDS = (
  "customer order parcel label carrier warehouse business days policy item product jacket boots tent backpack size colour fabric " +
  "email address phone support team agent store online checkout cart price total tax fee cost free express standard overnight " +
  "damaged faulty replacement repair claim receipt card bank statement balance code voucher points member portal request form"
).split(" ");

/** A document of CHUNKS_PER_DOCUMENT sections of about 150 words each, on one topic. */
function generatedArticle(random: Random, index: number): { title: string; content: string } {
  const topic = random.pick(TOPICS);
  const sections = Array.from({ length: CHUNKS_PER_DOCUMENT }, (_, section) => {
    const sentences = Array.from({ length: 12 }, () => {
      const words = Array.from({ length: random.int(8, 16) }, () => (random.chance(0.15) ? topic : random.pick(WORDS)));
      return `${words.join(" ")}.`;
    });
    return `## ${topic} question ${section + 1}\n\n${sentences.join(" ")}`;
  });
  return { title: `${topic} guide ${index + 1}`, content: sections.join("\n\n") };
}

async function measure(db: Database, accountId: string): Promise<ReturnType<typeof summarizeLatencies>> {
  const samples: number[] = [];
  for (let round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
    for (const question of QUESTIONS) {
      const start = performance.now();
      await retrieveKnowledge(db, accountId, question);
      if (round >= WARMUP_ROUNDS) samples.push(performance.now() - start);
    }
  }
  return summarizeLatencies(samples);
}

async function main() {
  await withThrowawayPostgres(
    "knowledge",
    async (databaseUrl) => {
      const db = createDatabaseClient(databaseUrl);
      try {
        const demo = await db.account.create({ data: { name: "Acme Outfitters", slug: "acme" } });
        for (const article of KNOWLEDGE_ARTICLES) await createArticle(db, demo.id, { title: article.title, slug: article.slug, content: article.markdown });
        const generated = await db.account.create({ data: { name: "Generated", slug: "generated" } });
        const random = new Random(mulberry32(0x6b6e6f77));
        for (let i = 0; i < GENERATED_DOCUMENTS; i++) await createArticle(db, generated.id, generatedArticle(random, i));
        // Planner statistics, as autovacuum keeps them on a live database.
        await db.$executeRawUnsafe("ANALYZE knowledge_documents, knowledge_chunks");

        const widths = [34, 8, 10, 10, 10, 10];
        printRow(["knowledge base", "chunks", "p50 ms", "p95 ms", "p99 ms", "max ms"], widths);
        let worstP95 = 0;
        for (const account of [demo, generated]) {
          const chunks = await db.knowledgeChunk.count({ where: { accountId: account.id } });
          const summary = await measure(db, account.id);
          worstP95 = Math.max(worstP95, summary.p95Ms);
          printRow([account.slug === "acme" ? "demo (12 articles)" : `generated (${GENERATED_DOCUMENTS} documents)`, chunks, summary.p50Ms, summary.p95Ms, summary.p99Ms, summary.maxMs], widths);
        }
        console.log(`(${QUESTIONS.length} questions × ${ROUNDS} rounds per knowledge base, after ${WARMUP_ROUNDS} warm-up rounds)`);
        printVerdict("retrieval p95 on 2,000 chunks", `≤ ${TARGET_P95_MS} ms`, `${worstP95.toFixed(1)} ms`, worstP95 <= TARGET_P95_MS);
      } finally {
        await db.$disconnect();
      }
    },
    { migrate: true },
  );
}

runWhenExecuted(import.meta.url, main);
