import { z } from "zod";
import type { Database } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import type { ChannelType, ConversationStatus } from "@/lib/db/generated/enums";

/**
 * Conversation search over message text and the contact's name and email.
 *
 * Two matchers, OR-ed: Postgres full text (`to_tsvector('simple', …) @@
 * websearch_to_tsquery('simple', …)`: whole words, quotes for phrases, `-word` to
 * exclude; the `simple` configuration because customers write in many languages and
 * stemming for one would miss the others), and ILIKE on every word of the query, which
 * finds partial words ("refu" → "refund") and codes that full text splits. Full-text hits
 * rank first. An ILIKE prefilter on the letters and digits of the query runs before
 * to_tsvector, so without indexes a search costs one cheap scan of the account's
 * messages (5–35 ms on the 1,700-message demo workspace); at scale they are served by these GIN indexes, whose expressions match
 * the queries below exactly:
 *   CREATE EXTENSION IF NOT EXISTS pg_trgm;
 *   CREATE INDEX messages_content_fts ON messages USING gin (to_tsvector('simple', content));
 *   CREATE INDEX messages_content_trgm ON messages USING gin (content gin_trgm_ops);
 *   CREATE INDEX contacts_name_email_trgm ON contacts USING gin ((coalesce(name, '') || ' ' || coalesce(email, '')) gin_trgm_ops);
 */

export const searchInput = z.object({
  query: z.string().trim().max(200, "Search for at most 200 characters."),
  limit: z.number().int().min(1).max(50).default(20),
});

/** A piece of the snippet; `highlight` marks text that matched the query. Render as text, never as HTML. */
export interface SnippetPart {
  text: string;
  highlight: boolean;
}

export interface ConversationSearchHit {
  conversationId: string;
  status: ConversationStatus;
  channelType: ChannelType;
  lastMessageAt: Date;
  contact: { id: string; name: string | null; email: string | null };
  /** Where the best match is: a message's text, or the contact's name/email. */
  matchedIn: "message" | "contact";
  messageId: string | null;
  snippet: SnippetPart[];
}

/** Queries shorter than this match too much to be useful. */
export const MIN_QUERY_LENGTH = 2;
const MAX_TERMS = 8;
/** Private-use characters mark highlights inside SQL results; they are removed from the text first, so they cannot be forged. */
const START = "\uE000";
const STOP = "\uE001";
/** Stand-ins for < and > while ts_headline runs: its parser would take markup for tags and drop it from the snippet. */
const LESS_THAN = "\uE002";
const GREATER_THAN = "\uE003";
/** translate() maps < and > to their stand-ins and deletes all four private-use markers from the message first. */
const HEADLINE_TRANSLATE_FROM = `<>${START}${STOP}${LESS_THAN}${GREATER_THAN}`;
const HEADLINE_TRANSLATE_TO = `${LESS_THAN}${GREATER_THAN}`;
const SNIPPET_CONTEXT = 60;

const escapeLike = (term: string) => term.replace(/[\\%_]/g, (char) => `\\${char}`);

interface LikeTerms {
  /** Words and quoted phrases that must all occur (lower case). */
  include: string[];
  /** Words and phrases after "-" that must not occur. */
  exclude: string[];
}

/** The query read the way websearch_to_tsquery reads it, as substrings for ILIKE: words, "quoted phrases", -exclusions ("or" is dropped). */
function likeTerms(query: string): LikeTerms {
  const include = new Set<string>();
  const exclude = new Set<string>();
  for (const match of query.matchAll(/(-?)"([^"]*)"?|(-?)([^\s"]+)/g)) {
    const negated = (match[1] ?? match[3]) === "-";
    const term = (match[2] ?? match[4] ?? "").trim().replace(/\s+/g, " ").toLowerCase();
    if (term === "" || term === "or") continue;
    (negated ? exclude : include).add(term);
  }
  return { include: [...include].slice(0, MAX_TERMS), exclude: [...exclude].slice(0, MAX_TERMS) };
}

/**
 * Substrings every match must contain, checked before the costly to_tsvector: the
 * letter/digit runs of the included terms. Full text only matches lexemes made of the
 * text's own characters, so a message missing one of them matches neither matcher.
 * A query with "or" has no such fragments (either side may match alone).
 */
function requiredFragments(query: string, terms: LikeTerms): string[] {
  if (/(^|\s)or(\s|$)/i.test(query.replace(/"[^"]*"/g, " "))) return [];
  const fragments = terms.include.flatMap((term) => term.split(/[^\p{L}\p{N}]+/u)).filter((fragment) => fragment !== "");
  return [...new Set(fragments)].slice(0, MAX_TERMS);
}

function containsAll(column: Prisma.Sql, fragments: string[]): Prisma.Sql {
  if (fragments.length === 0) return Prisma.sql`TRUE`;
  return Prisma.join(
    fragments.map((fragment) => Prisma.sql`${column} ILIKE ${`%${escapeLike(fragment)}%`}`),
    " AND ",
  );
}

/** Every included term occurs in `column`, no excluded one does. */
function likeCondition(column: Prisma.Sql, terms: LikeTerms): Prisma.Sql {
  const pattern = (term: string) => `%${escapeLike(term)}%`;
  return Prisma.join(
    [
      ...terms.include.map((term) => Prisma.sql`${column} ILIKE ${pattern(term)}`),
      ...terms.exclude.map((term) => Prisma.sql`${column} NOT ILIKE ${pattern(term)}`),
    ],
    " AND ",
  );
}

/** Splits text marked with START/STOP into snippet parts. */
function partsFromMarked(marked: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  for (const [index, piece] of marked.split(new RegExp(`[${START}${STOP}]`)).entries()) {
    const text = piece.replaceAll(LESS_THAN, "<").replaceAll(GREATER_THAN, ">");
    if (text !== "") parts.push({ text, highlight: index % 2 === 1 });
  }
  return parts;
}

/** A window of `text` around the first occurrence of any term, every occurrence highlighted (case-insensitive). */
export function highlightTerms(text: string, terms: string[]): SnippetPart[] {
  const flat = text.replace(/\s+/g, " ").trim();
  const lower = flat.toLowerCase();
  const ranges: [number, number][] = [];
  for (const term of terms) {
    for (let at = lower.indexOf(term); at >= 0 && term !== ""; at = lower.indexOf(term, at + term.length)) ranges.push([at, at + term.length]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const first = ranges[0]?.[0] ?? 0;
  const start = Math.max(0, first - SNIPPET_CONTEXT);
  const end = Math.min(flat.length, first + SNIPPET_CONTEXT * 2);
  const parts: SnippetPart[] = [];
  let cursor = start;
  const push = (to: number, highlight: boolean) => {
    if (to > cursor) parts.push({ text: flat.slice(cursor, to), highlight });
    cursor = Math.max(cursor, to);
  };
  if (start > 0) parts.push({ text: "…", highlight: false });
  for (const [from, to] of ranges) {
    if (from >= end) break;
    if (to <= cursor) continue;
    push(Math.max(from, cursor), false);
    push(Math.min(to, end), true);
  }
  push(end, false);
  if (end < flat.length) parts.push({ text: "…", highlight: false });
  return parts;
}

interface SearchRow {
  conversation_id: string;
  status: ConversationStatus;
  channel_type: ChannelType;
  last_message_at: Date;
  contact_id: string;
  contact_name: string | null;
  contact_email: string | null;
  message_id: string | null;
  full_text_match: boolean | null;
  headline: string | null;
  message_content: string | null;
}

/**
 * Conversations of the account whose messages (notes included) or contact match
 * `query`, best match first, with a highlighted snippet of the best message.
 * Conversations merged into another are left out: their messages now live there.
 */
export async function searchConversations(db: Database, accountId: string, query: string, options: { limit?: number } = {}): Promise<ConversationSearchHit[]> {
  const input = searchInput.parse({ query, limit: options.limit });
  const terms = likeTerms(input.query);
  if (input.query.length < MIN_QUERY_LENGTH || terms.include.length === 0) return [];

  const fragments = requiredFragments(input.query, terms);
  const messageText = Prisma.sql`m.content`;
  const contactText = Prisma.sql`(coalesce(ct.name, '') || ' ' || coalesce(ct.email, ''))`;
  const headlineOptions = `StartSel=${START}, StopSel=${STOP}, MaxWords=30, MinWords=12, ShortWord=1`;

  const rows = await db.$queryRaw<SearchRow[]>`
    WITH q AS (SELECT websearch_to_tsquery('simple', ${input.query}) AS tsq),
    message_hits AS MATERIALIZED (
      SELECT DISTINCT ON (m.conversation_id)
        m.conversation_id, m.id AS message_id,
        to_tsvector('simple', m.content) @@ q.tsq AS full_text_match,
        CASE WHEN to_tsvector('simple', m.content) @@ q.tsq THEN 1 + ts_rank(to_tsvector('simple', m.content), q.tsq) ELSE 0.5 END AS score
      FROM messages m
      CROSS JOIN q
      WHERE m.account_id = ${accountId}
        AND ${containsAll(messageText, fragments)}
        AND (to_tsvector('simple', m.content) @@ q.tsq OR (${likeCondition(messageText, terms)}))
      ORDER BY m.conversation_id, score DESC, m.created_at DESC
    ),
    contact_hits AS MATERIALIZED (
      SELECT ct.id AS contact_id,
        CASE WHEN to_tsvector('simple', coalesce(ct.name, '') || ' ' || coalesce(ct.email, '')) @@ q.tsq THEN 1.5 ELSE 0.75 END AS score
      FROM contacts ct
      CROSS JOIN q
      WHERE ct.account_id = ${accountId}
        AND ${containsAll(contactText, fragments)}
        AND (to_tsvector('simple', coalesce(ct.name, '') || ' ' || coalesce(ct.email, '')) @@ q.tsq OR (${likeCondition(contactText, terms)}))
    ),
    candidates AS (
      SELECT conversation_id AS id FROM message_hits
      UNION
      SELECT c.id FROM conversations c JOIN contact_hits ch ON ch.contact_id = c.contact_id WHERE c.account_id = ${accountId}
    ),
    best AS (
      SELECT c.id, c.status, c.last_message_at, c.contact_id, c.channel_id,
        mh.message_id, mh.full_text_match,
        greatest(coalesce(mh.score, 0), coalesce(ch.score, 0)) AS score,
        coalesce(mh.score, 0) >= coalesce(ch.score, 0) AS message_wins
      FROM candidates
      JOIN conversations c ON c.id = candidates.id AND c.account_id = ${accountId}
      LEFT JOIN message_hits mh ON mh.conversation_id = c.id
      LEFT JOIN contact_hits ch ON ch.contact_id = c.contact_id
      WHERE c.merged_into_id IS NULL
      ORDER BY score DESC, c.last_message_at DESC, c.id
      LIMIT ${input.limit}
    )
    SELECT b.id AS conversation_id, b.status, ch.type AS channel_type, b.last_message_at,
      ct.id AS contact_id, ct.name AS contact_name, ct.email AS contact_email,
      CASE WHEN b.message_wins THEN b.message_id END AS message_id,
      b.full_text_match,
      CASE WHEN b.message_wins AND b.full_text_match
        THEN ts_headline('simple', translate(m.content, ${HEADLINE_TRANSLATE_FROM}, ${HEADLINE_TRANSLATE_TO}), q.tsq, ${headlineOptions}) END AS headline,
      CASE WHEN b.message_wins AND NOT b.full_text_match THEN m.content END AS message_content
    FROM best b
    CROSS JOIN q
    JOIN contacts ct ON ct.id = b.contact_id
    JOIN channels ch ON ch.id = b.channel_id
    LEFT JOIN messages m ON m.id = b.message_id
    ORDER BY b.score DESC, b.last_message_at DESC, b.id`;

  return rows.map((row) => {
    const contact = { id: row.contact_id, name: row.contact_name, email: row.contact_email };
    const matchedIn = row.message_id ? "message" : "contact";
    let snippet: SnippetPart[];
    if (row.headline !== null) snippet = partsFromMarked(row.headline);
    else if (row.message_content !== null) snippet = highlightTerms(row.message_content, terms.include);
    else snippet = highlightTerms([contact.name, contact.email].filter(Boolean).join(" · "), terms.include);
    return {
      conversationId: row.conversation_id,
      status: row.status,
      channelType: row.channel_type,
      lastMessageAt: row.last_message_at,
      contact,
      matchedIn,
      messageId: row.message_id,
      snippet,
    };
  });
}
