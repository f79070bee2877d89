import type { Database } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
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
 * above 0.4.
 *
 * No tsvector is stored: a first pass looks for each lexeme's stem in the lower-cased
 * plain text (strpos, over ten times cheaper than to_tsvector) and keeps the most promising
 * chunks (32, or 4 per hit asked for); only those are vectorized and ranked. The first pass
 * still reads every chunk of the account, so cost grows with the knowledge base (see
 * `npm run bench -- knowledge`). At scale, a stored weighted tsvector column on
 * knowledge_chunks (title copied in) with a GIN index makes the match an index scan.
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

/** The chunks of `accountId`'s ready documents that best answer `query`, best first. */
export async function retrieveKnowledge(db: Database, accountId: string, query: string, options: { limit?: number } = {}): Promise<KnowledgeHit[]> {
  const limit = Math.min(MAX_LIMIT, Math.max(1, Math.floor(options.limit ?? DEFAULT_LIMIT)));
  const words = queryWords(query);
  if (words.length === 0) return [];
  // Words are letters and digits only, so quote_literal yields valid tsquery operands.
  const rows = await db.$queryRaw<HitRow[]>(retrievalSql(accountId, words, limit));
  return rows.map(({ accountSlug, score, ...row }) => ({
    ...row,
    score: Math.round(score * 1000) / 1000,
    url: helpArticlePath(accountSlug, row.slug),
  }));
}

export function retrievalSql(accountId: string, words: string[], limit: number): Prisma.Sql {
  return Prisma.sql`
    WITH terms AS (
      SELECT lexeme,
             (quote_literal(lexeme) || CASE WHEN length(lexeme) >= ${PREFIX_MIN_LENGTH} THEN ':*' ELSE '' END)::tsquery AS query,
             -- A stem may change its last letter ("happy" → "happi"); the rest occurs in any word it matches.
             left(lexeme, greatest(3, length(lexeme) - 1)) AS fragment
        FROM (SELECT DISTINCT lexeme FROM unnest(tsvector_to_array(to_tsvector('english', ${words.join(" ")}))) AS lexeme) AS lexemes
    ),
    question AS (SELECT string_agg(query::text, ' | ')::tsquery AS whole FROM terms),
    -- Cheap first pass over the plain text: which lexemes' stems each chunk contains, and
    -- which of them in its title or heading. Only the winners get tsvectors below.
    scan AS MATERIALIZED (
      SELECT c.id, found.present, found.in_label
        FROM knowledge_chunks c
        JOIN knowledge_documents d ON d.id = c.document_id AND d.account_id = ${accountId} AND d.status = 'ready'
        -- OFFSET 0 keeps the lower-cased text computed once per chunk, not once per lexeme.
        CROSS JOIN LATERAL (SELECT lower(d.title || ' ' || coalesce(c.heading, '')) AS label, lower(c.content) AS body OFFSET 0) AS text
        CROSS JOIN LATERAL (
          SELECT coalesce(array_agg(t.lexeme) FILTER (WHERE strpos(text.label, t.fragment) > 0 OR strpos(text.body, t.fragment) > 0), '{}') AS present,
                 coalesce(array_agg(t.lexeme) FILTER (WHERE strpos(text.label, t.fragment) > 0), '{}') AS in_label
            FROM terms t
        ) AS found
       WHERE c.account_id = ${accountId}
    ),
    -- Rare words say more about what is asked than common ones: inverse document frequency.
    weights AS MATERIALIZED (
      SELECT t.lexeme, ln(1 + (SELECT count(*) FROM scan) / (1.0 + count(s.id))) AS weight
        FROM terms t LEFT JOIN scan s ON t.lexeme = ANY (s.present)
       GROUP BY t.lexeme
    ),
    candidates AS MATERIALIZED (
      SELECT s.id
        FROM scan s
       WHERE cardinality(s.present) > 0
       ORDER BY (SELECT sum(w.weight * CASE WHEN w.lexeme = ANY (s.in_label) THEN 2 ELSE 1 END) FROM weights w WHERE w.lexeme = ANY (s.present)) DESC, s.id
       LIMIT ${Math.max(MIN_CANDIDATES, limit * 4)}
    ),
    matches AS MATERIALIZED (
      SELECT c.id, c.document_id, d.title, d.slug, c.heading, c.content, v.vector
        FROM candidates
        JOIN knowledge_chunks c ON c.id = candidates.id
        JOIN knowledge_documents d ON d.id = c.document_id
        CROSS JOIN LATERAL (
          SELECT setweight(to_tsvector('english', d.title), 'A')
              || setweight(to_tsvector('english', coalesce(c.heading, '')), 'B')
              || to_tsvector('english', c.content) AS vector
        ) v
    ),
    scored AS (
      SELECT m.*, ts_rank_cd(m.vector, q.whole) AS rank,
             (SELECT sum(w.weight) FROM terms t JOIN weights w USING (lexeme) WHERE m.vector @@ t.query) / (SELECT sum(weight) FROM weights) AS coverage
        FROM matches m CROSS JOIN question q
       WHERE m.vector @@ q.whole
    )
    SELECT s.document_id AS "documentId", s.id AS "chunkId", s.title, s.slug, s.heading, s.content, a.slug AS "accountSlug",
           (0.5 * s.coverage + 0.5 * s.rank / (s.rank + 1))::float8 AS score
      FROM scored s JOIN accounts a ON a.id = ${accountId}
     ORDER BY score DESC, s.rank DESC, s.id
     LIMIT ${limit}`;
}

/** Every ready document of `accountId`, by title: what the assistant may point customers to. */
export async function listKnowledgeFiles(db: Database, accountId: string): Promise<KnowledgeFileSummary[]> {
  const documents = await db.knowledgeDocument.findMany({
    where: { accountId, status: "ready" },
    orderBy: [{ title: "asc" }, { id: "asc" }],
    select: { title: true, slug: true, fileName: true, sourceType: true, updatedAt: true, account: { select: { slug: true } } },
  });
  return documents.map(({ account, slug, ...document }) => ({ ...document, url: helpArticlePath(account.slug, slug) }));
}
