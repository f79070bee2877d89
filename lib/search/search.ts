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
 * rank first.
 *
 * Both matchers need the letters and digits of the query's words, so every search first
 * narrows to texts containing them: `lower(text) LIKE lower('%fragment%')`, one set of
 * fragments per "or" alternative. Those conditions are what the trigram GIN indexes of
 * migration 20261121083000_search_and_label_indexes serve (`lower(messages.content)` and
 * `lower(coalesce(contacts.name, '') || ' ' || coalesce(contacts.email, ''))`), so a rare
 * word or code costs a few index pages however large the account. A common word is
 * found faster by reading the account's newest messages (RECENT_MESSAGES) until enough
 * match; the index is consulted only when those hold too few conversations. Each side
 * keeps the newest MAX_CANDIDATES matches, so a search ranks at most that many messages
 * and contacts: with a very common word, the best matches among recent conversations.
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
/** Newest matching messages, and contacts, that one search ranks at most. */
export const MAX_CANDIDATES = 200;
/**
 * Newest messages of the account read in order first: a common word fills the
 * candidates from them at once. Only when they hold fewer conversations than asked for
 * is the word rare enough for the trigram index to find the older ones cheaply.
 */
const RECENT_MESSAGES = 5_000;

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
 * Substrings a match must contain, as alternatives: one group per side of each "or"
 * (websearch_to_tsquery binds "and" tighter than "or"), holding the letter/digit runs of
 * that side's words and phrases, in the query's own case. Full text only matches lexemes
 * made of the text's own characters, and ILIKE needs every word, so a text missing a
 * fragment of every group matches neither matcher. No groups means no narrowing: a side
 * with nothing but exclusions or punctuation can match without any fragment.
 */
function requiredFragmentGroups(query: string): string[][] {
  const sides: string[][] = [[]];
  const tokens = [...query.matchAll(/(-?)"([^"]*)"?|(-?)([^\s"]+)/g)];
  tokens.forEach((match, index) => {
    const negated = (match[1] ?? match[3]) === "-";
    const text = (match[2] ?? match[4] ?? "").trim();
    if (negated) return;
    if (text.toLowerCase() === "or") {
      // Between words it is the operator; leading or trailing (or quoted) it is a word to full text that ILIKE drops: no fragment either way.
      if (match[4] !== undefined && index > 0 && index < tokens.length - 1) sides.push([]);
      return;
    }
    sides.at(-1)!.push(...text.split(/[^\p{L}\p{N}]+/u).filter((fragment) => fragment !== ""));
  });
  if (sides.some((side) => side.length === 0)) return [];
  return sides.map((side) => [...new Set(side)].slice(0, MAX_TERMS));
}

/** `lower(column)` contains every fragment of at least one group (TRUE without groups); the form the trigram indexes serve. */
function containsFragments(column: Prisma.Sql, groups: string[][]): Prisma.Sql {
  if (groups.length === 0) return Prisma.sql`TRUE`;
  const alternatives = groups.map(
    (group) => Prisma.sql`(${Prisma.join(group.map((fragment) => Prisma.sql`lower(${column}) LIKE lower(${`%${escapeLike(fragment)}%`})`), " AND ")})`,
  );
  return Prisma.sql`(${Prisma.join(alternatives, " OR ")})`;
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

  const fragments = requiredFragmentGroups(input.query);
  const messageText = Prisma.sql`m.content`;
  const messageMatches = Prisma.sql`${containsFragments(messageText, fragments)}
        AND (to_tsvector('simple', m.content) @@ q.tsq OR (${likeCondition(messageText, terms)}))`;
  const contactText = Prisma.sql`(coalesce(ct.name, '') || ' ' || coalesce(ct.email, ''))`;
  const headlineOptions = `StartSel=${START}, StopSel=${STOP}, MaxWords=30, MinWords=12, ShortWord=1`;

  const rows = await db.$queryRaw<SearchRow[]>`
    WITH q AS (SELECT websearch_to_tsquery('simple', ${input.query}) AS tsq),
    recent_matches AS MATERIALIZED (
      SELECT m.conversation_id, m.id, m.created_at
      FROM (SELECT id, conversation_id, created_at, content FROM messages WHERE account_id = ${accountId} ORDER BY created_at DESC LIMIT ${RECENT_MESSAGES}) m
      CROSS JOIN q
      WHERE ${messageMatches}
      ORDER BY m.created_at DESC
      LIMIT ${MAX_CANDIDATES}
    ),
    older_matches AS MATERIALIZED (
      -- Only when the newest messages hold too few conversations, i.e. for a rare word: found through the trigram index.
      SELECT m.conversation_id, m.id, m.created_at
      FROM messages m
      CROSS JOIN q
      WHERE (SELECT count(DISTINCT conversation_id) FROM recent_matches) < ${input.limit}
        AND m.account_id = ${accountId} AND ${messageMatches}
        AND m.id NOT IN (SELECT id FROM recent_matches)
      ORDER BY m.created_at DESC
      LIMIT ${MAX_CANDIDATES}
    ),
    message_hits AS (
      SELECT DISTINCT ON (matched.conversation_id) matched.conversation_id, matched.id AS message_id, ranked.full_text_match, ranked.score
      FROM (SELECT * FROM recent_matches UNION ALL SELECT * FROM older_matches) matched
      JOIN messages m ON m.id = matched.id
      CROSS JOIN q
      CROSS JOIN LATERAL (SELECT to_tsvector('simple', m.content) AS document) parsed
      CROSS JOIN LATERAL (
        SELECT parsed.document @@ q.tsq AS full_text_match,
               CASE WHEN parsed.document @@ q.tsq THEN 1 + ts_rank(parsed.document, q.tsq) ELSE 0.5 END AS score
      ) ranked
      ORDER BY matched.conversation_id, ranked.score DESC, matched.created_at DESC
    ),
    contact_hits AS MATERIALIZED (
      SELECT ct.id AS contact_id,
        CASE WHEN to_tsvector('simple', coalesce(ct.name, '') || ' ' || coalesce(ct.email, '')) @@ q.tsq THEN 1.5 ELSE 0.75 END AS score
      FROM contacts ct
      CROSS JOIN q
      WHERE ct.account_id = ${accountId}
        AND ${containsFragments(contactText, fragments)}
        AND (to_tsvector('simple', coalesce(ct.name, '') || ' ' || coalesce(ct.email, '')) @@ q.tsq OR (${likeCondition(contactText, terms)}))
      ORDER BY ct.created_at DESC
      LIMIT ${MAX_CANDIDATES}
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
