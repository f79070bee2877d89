import { embedTexts, resolveEmbedder } from "@/lib/ai/embeddings";
import { sqlPool, type Database } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { queryRows } from "@/lib/db/sql";
import { helpArticlePath } from "./shared";

/**
 * Retrieval over one account's ready knowledge documents, run before every AI answer.
 *
 * PostgreSQL full text with the `english` configuration (stemming, stop words): the
 * question's words become an OR of their lexemes (a lexeme of 4 or more letters also
 * matches as a prefix, so "warran" finds "warranty"), so a chunk matching some of the
 * words still ranks. Each chunk is matched against its document's title (weight A), its
 * heading (B) and its text (D); `ts_rank_cd` weighs title and heading hits above body hits.
 *
 * The score (0..1) is half coverage (the share of the question's lexemes the chunk
 * contains, each weighted by its rarity in the account: inverse document frequency) and
 * half the cover-density rank squashed into 0..1 (rank / (rank + 1)). A chunk matching
 * none of the words is never returned, so nonsense returns nothing; a question the
 * knowledge base does not answer scores below 0.3 on the demo articles, answered ones
 * above 0.4. A lexeme of one or two letters (what contractions leave: "m", "ll") weighs
 * as little as a word every chunk holds.
 *
 * No tsvector is stored. Two expression GIN indexes (migration
 * 20261121100000_knowledge_search_index) find, lexeme by lexeme, the account's documents
 * whose title and chunks whose heading or text hold it (each lexeme is indexed with its
 * account), so nothing else of the account, nor of any other, is read; that also gives
 * each lexeme's rarity. Only the most promising chunks (32, or 4 per hit asked for) are
 * vectorized with their weights and ranked. The statement's text never changes, so each
 * connection prepares it once and PostgreSQL plans it once.
 *
 * When the account has an embedding model (`resolveEmbedder`), the question is embedded
 * too (one call, given up after 2 s) and the chunks embedded by that same model are
 * ranked by cosine similarity; a chunk scores the better of its full-text score and its
 * similarity, so a question worded unlike the article still finds it. Any failure of
 * the provider leaves full text alone.
 */

export interface KnowledgeHit {
  documentId: string;
  chunkId: string;
  title: string;
  slug: string;
  heading: string | null;
  content: string;
  /** 0..1, higher is better. */
  score: number;
  /** Public link to the document. */
  url: string;
}

export interface KnowledgeFileSummary {
  title: string;
  fileName: string | null;
  sourceType: string;
  updatedAt: Date;
  url: string;
}

const DEFAULT_LIMIT = 5;
const MAX_LIMIT = 50;
/** Longer questions add little beyond their first words and cost a tsquery term each. */
const MAX_QUERY_WORDS = 32;
const MAX_WORD_LENGTH = 40;
/** Lexemes at least this long also match as prefixes; shorter ones would match too much. */
const PREFIX_MIN_LENGTH = 4;
/** Chunks the cheap text pass hands to full-text ranking, at least (4 per hit asked for otherwise). */
const MIN_CANDIDATES = 32;

/** The question's words: runs of letters and digits, lower case, each once, in order. */
export function queryWords(query: string): string[] {
  const words = query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words.filter((word) => word.length <= MAX_WORD_LENGTH))].slice(0, MAX_QUERY_WORDS);
}

interface HitRow {
  documentId: string;
  chunkId: string;
  title: string;
  slug: string;
  heading: string | null;
  content: string;
  accountSlug: string;
  score: number;
}

/** How long a question's embedding may take before retrieval goes on with full text alone. */
const QUESTION_EMBEDDING_TIMEOUT_MS = 2_000;

/** The question's unit vector from the account's embedding model, or null (none configured, or it failed). */
async function questionVector(db: Database, accountId: string, query: string): Promise<{ modelId: string; vector: number[] } | null> {
  const embedder = await resolveEmbedder(db, accountId);
  if (!embedder) return null;
  try {
    const [vector] = await embedTexts(embedder, [query], { abortSignal: AbortSignal.timeout(QUESTION_EMBEDDING_TIMEOUT_MS), maxRetries: 0 });
    return vector ? { modelId: embedder.modelId, vector } : null;
  } catch (error) {
    console.warn(`Embedding a question failed; searching the knowledge base by full text only: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}

/** The chunks of `accountId`'s ready documents that best answer `query`, best first. */
export async function retrieveKnowledge(db: Database, accountId: string, query: string, options: { limit?: number } = {}): Promise<KnowledgeHit[]> {
  const limit = Math.min(MAX_LIMIT, Math.max(1, Math.floor(options.limit ?? DEFAULT_LIMIT)));
  const words = queryWords(query);
  if (words.length === 0) return [];
  const [textRows, question] = await Promise.all([
    queryRows<HitRow>(sqlPool(db), retrievalSql(accountId, words, limit), { prepareAs: "knowledge_retrieve" }),
    questionVector(db, accountId, query),
  ]);
  const rows = question
    ? blend(textRows, await queryRows<HitRow>(sqlPool(db), similaritySql(accountId, question.modelId, question.vector, limit), { prepareAs: "knowledge_retrieve_similar" }), limit)
    : textRows;
  return rows.map(({ accountSlug, score, ...row }) => ({
    ...row,
    score: Math.round(score * 1000) / 1000,
    url: helpArticlePath(accountSlug, row.slug),
  }));
}

/**
 * The indexed vector of migration 20261121100000_knowledge_search_index (the query must
 * repeat its expression exactly for the index to serve it): the text's `english` lexemes,
 * each as "<account id>:<lexeme>". The tsvector's text form, its quotes dropped (lexemes
 * hold neither quotes nor spaces), is split at the spaces with the account put in front.
 */
const accountVector = (accountColumn: string, text: string) =>
  Prisma.raw(
    `array_to_tsvector(string_to_array(${accountColumn} || ':' || replace(translate(strip(to_tsvector('english', ${text}))::text, '''', ''), ' ', ' ' || ${accountColumn} || ':'), ' '))`,
  );

function retrievalSql(accountId: string, words: string[], limit: number): Prisma.Sql {
  // Words are letters and digits only, so quote_literal yields valid tsquery operands.
  return Prisma.sql`
    WITH terms AS (
      SELECT lexeme, (quote_literal(lexeme) || prefix)::tsquery AS query, (quote_literal(${accountId}::text || ':' || lexeme) || prefix)::tsquery AS in_account
        FROM (SELECT DISTINCT lexeme FROM unnest(tsvector_to_array(to_tsvector('english', ${words.join(" ")}::text))) AS lexeme) AS lexemes
       CROSS JOIN LATERAL (SELECT CASE WHEN length(lexeme) >= ${PREFIX_MIN_LENGTH}::int THEN ':*' ELSE '' END AS prefix) AS matching
    ),
    question AS (SELECT string_agg(query::text, ' | ')::tsquery AS whole FROM terms),
    documents AS MATERIALIZED (
      SELECT id, title, slug FROM knowledge_documents WHERE account_id = ${accountId} AND status = 'ready'
    ),
    -- Each lexeme's documents (by title) and chunks (by heading and text) in the account,
    -- through the search indexes alone. Their expressions (the migration's, repeated here
    -- exactly) hold each lexeme as "<account id>:<lexeme>", so even a prefix lookup reads
    -- this account's entries only, and no other condition offers the planner a
    -- cheaper-looking way in that would vectorize the account's chunks one by one (as an
    -- account_id filter does before the tables' first ANALYZE).
    titled AS MATERIALIZED (
      SELECT d.id AS document_id, t.lexeme
        FROM terms t JOIN knowledge_documents d ON ${accountVector("d.account_id", "d.title")} @@ t.in_account
    ),
    matched AS MATERIALIZED (
      SELECT c.id, c.document_id, c.heading, t.lexeme, t.query
        FROM terms t JOIN knowledge_chunks c ON ${accountVector("c.account_id", "coalesce(c.heading, '') || ' ' || c.content")} @@ t.in_account
    ),
    -- Which lexemes each of the account's chunks holds: its document's title counts for every
    -- chunk, and with the heading it is the chunk's label.
    found AS (
      SELECT c.id, titled.lexeme, true AS in_label
        FROM titled JOIN documents d ON d.id = titled.document_id JOIN knowledge_chunks c ON c.document_id = d.id
      UNION ALL
      SELECT matched.id, matched.lexeme, to_tsvector('english', coalesce(matched.heading, '')) @@ matched.query
        FROM matched JOIN documents d ON d.id = matched.document_id
    ),
    presence AS MATERIALIZED (
      SELECT id, array_agg(DISTINCT lexeme) AS present, coalesce(array_agg(DISTINCT lexeme) FILTER (WHERE in_label), '{}') AS in_label
        FROM found GROUP BY id
    ),
    -- Rare words say more about what is asked than common ones: inverse document frequency.
    weights AS MATERIALIZED (
      SELECT t.lexeme, ln(1 + n.chunks / (1.0 + CASE WHEN length(t.lexeme) < 3 THEN n.chunks ELSE count(p.id) END)) AS weight
        FROM terms t
        LEFT JOIN presence p ON t.lexeme = ANY (p.present)
        CROSS JOIN (SELECT count(*) AS chunks FROM knowledge_chunks WHERE document_id IN (SELECT id FROM documents)) AS n
       GROUP BY t.lexeme, n.chunks
    ),
    candidates AS MATERIALIZED (
      SELECT p.id, p.present
        FROM presence p
       ORDER BY (SELECT sum(w.weight * CASE WHEN w.lexeme = ANY (p.in_label) THEN 2 ELSE 1 END) FROM weights w WHERE w.lexeme = ANY (p.present)) DESC, p.id
       LIMIT ${Math.max(MIN_CANDIDATES, limit * 4)}::int
    ),
    scored AS MATERIALIZED (
      SELECT c.id, c.document_id, d.title, d.slug, c.heading, c.content,
             ts_rank_cd(setweight(to_tsvector('english', d.title), 'A')
                        || setweight(to_tsvector('english', coalesce(c.heading, '')), 'B')
                        || to_tsvector('english', c.content), q.whole) AS rank,
             (SELECT sum(w.weight) FROM weights w WHERE w.lexeme = ANY (k.present)) / (SELECT sum(weight) FROM weights) AS coverage
        FROM candidates k
        JOIN knowledge_chunks c ON c.id = k.id
        JOIN documents d ON d.id = c.document_id
        CROSS JOIN question q
    )
    SELECT s.document_id AS "documentId", s.id AS "chunkId", s.title, s.slug, s.heading, s.content, a.slug AS "accountSlug",
           (0.5 * s.coverage + 0.5 * s.rank / (s.rank + 1))::float8 AS score
      FROM scored s JOIN accounts a ON a.id = ${accountId}
     ORDER BY score DESC, s.rank DESC, s.id
     LIMIT ${limit}::int`;
}

/** Each chunk once, with the better of its full-text and similarity scores, best first. */
function blend(textRows: HitRow[], similarRows: HitRow[], limit: number): HitRow[] {
  const best = new Map<string, HitRow>();
  for (const row of [...textRows, ...similarRows]) {
    const seen = best.get(row.chunkId);
    if (!seen || row.score > seen.score) best.set(row.chunkId, row);
  }
  return [...best.values()].sort((a, b) => b.score - a.score || a.chunkId.localeCompare(b.chunkId)).slice(0, limit);
}

/**
 * The account's ready chunks embedded by `modelId`, by cosine similarity to `vector`
 * (all vectors are stored at unit length, so it is their dot product). Every such chunk
 * of the account is read: see the scale note in lib/knowledge/README.md.
 */
function similaritySql(accountId: string, modelId: string, vector: number[], limit: number): Prisma.Sql {
  return Prisma.sql`
    WITH nearest AS (
      SELECT c.id, c.document_id, c.heading, c.content,
             (SELECT sum(a * b) FROM unnest(c.embedding, ${vector}::float8[]) AS pair(a, b)) AS similarity
        FROM knowledge_chunks c
       WHERE c.account_id = ${accountId} AND c.embedding_model = ${modelId}::text
    )
    SELECT s.document_id AS "documentId", s.id AS "chunkId", d.title, d.slug, s.heading, s.content, a.slug AS "accountSlug",
           greatest(s.similarity, 0)::float8 AS score
      FROM nearest s
      JOIN knowledge_documents d ON d.id = s.document_id AND d.account_id = ${accountId} AND d.status = 'ready'
      JOIN accounts a ON a.id = ${accountId}
     WHERE s.similarity IS NOT NULL
     ORDER BY score DESC, s.id
     LIMIT ${limit}::int`;
}

/** The first `limit` ready documents of `accountId`, by title: what the assistant may point customers to. */
export async function listKnowledgeFiles(db: Database, accountId: string, limit: number): Promise<KnowledgeFileSummary[]> {
  const documents = await db.knowledgeDocument.findMany({
    where: { accountId, status: "ready" },
    orderBy: [{ title: "asc" }, { id: "asc" }],
    take: limit,
    select: { title: true, slug: true, fileName: true, sourceType: true, updatedAt: true, account: { select: { slug: true } } },
  });
  return documents.map(({ account, slug, ...document }) => ({ ...document, url: helpArticlePath(account.slug, slug) }));
}
