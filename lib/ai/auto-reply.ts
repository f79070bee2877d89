/**
 * The auto-reply engine: canned responses marked `autoReply` answer matching customer
 * messages at once, with no model call.
 *
 * A message matches a response when it is one of its keywords or its title (exact),
 * contains a keyword as a phrase (partial), or contains every content word of a
 * multi-word keyword in any order (keyword). Partial and keyword matches must also make
 * up a fair share of the message, so a long message that mentions "tracking number" in
 * passing is left to the AI. The best match wins; ties go to the longer keyword.
 *
 * Matchers are compiled once per account and kept in memory. Before each use a cheap
 * query reads the account's auto-reply fingerprint (how many, last change); any create,
 * edit, delete or import of canned responses changes it, on whichever instance, so the
 * cache is invalidated everywhere without a message bus.
 */
import type { Database } from "@/lib/db/client";
import { foldedWords } from "./language";

export type AutoReplyMatchKind = "exact" | "partial" | "keyword";

export interface AutoReplyCandidate {
  id: string;
  shortcut: string;
  title: string;
  content: string;
  keywords: string[];
}

export interface AutoReplyMatch {
  reply: AutoReplyCandidate;
  kind: AutoReplyMatchKind;
  /** The keyword (or title) that matched. */
  matched: string;
  score: number;
}

// Words that carry no topic; a scattered keyword match needs the others.
const STOP_WORDS = new Set(
  "a an the my your our is are am do does did i me you we it to of for in on at with and or can could how what where when why please there this that be have has".split(" "),
);

/** Share of the message a partial match must cover (keyword words / message words). */
const MIN_PARTIAL_COVERAGE = 0.3;
/** Share of the message's content words a scattered keyword match must cover. */
const MIN_KEYWORD_COVERAGE = 0.5;

interface CompiledPhrase {
  text: string;
  words: string[];
  contentWords: string[];
  source: string;
  exactOnly: boolean;
}

interface CompiledReply {
  reply: AutoReplyCandidate;
  phrases: CompiledPhrase[];
}

function containsPhrase(words: string[], phrase: string[]): boolean {
  if (phrase.length === 0 || phrase.length > words.length) return false;
  for (let start = 0; start + phrase.length <= words.length; start += 1) {
    if (phrase.every((word, offset) => words[start + offset] === word)) return true;
  }
  return false;
}

export interface AutoReplyMatcher {
  match(text: string): AutoReplyMatch | null;
}

/** Compiles the auto-reply responses into a matcher (pure: no database, no cache). */
export function compileAutoReplies(replies: AutoReplyCandidate[]): AutoReplyMatcher {
  const compiled: CompiledReply[] = replies.map((reply) => ({
    reply,
    phrases: [
      ...reply.keywords.map((keyword) => ({ source: keyword, exactOnly: false })),
      // A title ("Where is my order") answers a message that is exactly it.
      { source: reply.title, exactOnly: true },
    ]
      .map(({ source, exactOnly }) => {
        const words = foldedWords(source);
        return { text: words.join(" "), words, contentWords: words.filter((word) => !STOP_WORDS.has(word)), source, exactOnly };
      })
      .filter((phrase) => phrase.words.length > 0),
  }));

  return {
    match(text) {
      const words = foldedWords(text);
      if (words.length === 0) return null;
      const joined = words.join(" ");
      const contentWords = new Set(words.filter((word) => !STOP_WORDS.has(word)));
      let best: AutoReplyMatch | null = null;
      const consider = (candidate: AutoReplyMatch) => {
        if (!best || candidate.score > best.score || (candidate.score === best.score && candidate.matched.length > best.matched.length)) best = candidate;
      };
      for (const { reply, phrases } of compiled) {
        for (const phrase of phrases) {
          if (phrase.text === joined) {
            consider({ reply, kind: "exact", matched: phrase.source, score: 1 });
            continue;
          }
          if (phrase.exactOnly) continue;
          const coverage = phrase.words.length / words.length;
          if (coverage >= MIN_PARTIAL_COVERAGE && containsPhrase(words, phrase.words)) {
            consider({ reply, kind: "partial", matched: phrase.source, score: 0.6 + 0.3 * coverage });
            continue;
          }
          const contentCoverage = contentWords.size === 0 ? 0 : phrase.contentWords.length / contentWords.size;
          if (phrase.contentWords.length >= 2 && contentCoverage >= MIN_KEYWORD_COVERAGE && phrase.contentWords.every((word) => contentWords.has(word))) {
            consider({ reply, kind: "keyword", matched: phrase.source, score: 0.3 + 0.3 * Math.min(1, contentCoverage) });
          }
        }
      }
      return best;
    },
  };
}

interface CachedMatcher {
  fingerprint: string;
  matcher: AutoReplyMatcher;
}

/** Accounts whose matchers stay in memory; the least recently compiled go first. */
const MAX_CACHED_ACCOUNTS = 500;
const matchers = new Map<string, CachedMatcher>();

async function matcherFor(db: Database, accountId: string): Promise<AutoReplyMatcher> {
  const [state] = await db.$queryRaw<{ count: number; latest: Date | null }[]>`
    SELECT count(*)::int AS count, max(updated_at) AS latest FROM canned_responses WHERE account_id = ${accountId} AND auto_reply`;
  const fingerprint = `${state?.count ?? 0}:${state?.latest?.getTime() ?? 0}`;
  const cached = matchers.get(accountId);
  if (cached?.fingerprint === fingerprint) return cached.matcher;

  const replies = await db.cannedResponse.findMany({
    where: { accountId, autoReply: true },
    select: { id: true, shortcut: true, title: true, content: true, keywords: true },
    orderBy: { shortcut: "asc" },
  });
  const matcher = compileAutoReplies(replies);
  matchers.delete(accountId);
  matchers.set(accountId, { fingerprint, matcher });
  if (matchers.size > MAX_CACHED_ACCOUNTS) matchers.delete(matchers.keys().next().value!);
  return matcher;
}

/** The account's auto-reply that answers `text`, if any. */
export async function findAutoReply(db: Database, accountId: string, text: string): Promise<AutoReplyMatch | null> {
  if (!text.trim()) return null;
  return (await matcherFor(db, accountId)).match(text);
}
