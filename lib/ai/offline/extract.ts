/**
 * Extractive answering: picks the source sentences that best cover the customer's
 * question and returns them verbatim with [n] markers, so nothing is invented.
 */
import type { GroundingSource } from "../grounding";
import { isInstructionToAssistant, sentences, terms, words } from "./text";

export interface Question {
  /** The customer's latest message. */
  latest: string;
  /** Earlier customer messages, newest first, used when the latest one leans on them ("and for Canada?"). */
  earlier: string[];
}

export interface ExtractiveAnswer {
  text: string;
  /** 0..1: how much of the question the best sentence covers. */
  confidence: number;
  /** documentIds of the cited sources, in citation order. */
  citations: string[];
}

interface Candidate {
  source: number;
  index: number;
  text: string;
  terms: Set<string>;
  sectionTerms: Set<string>;
  score: number;
  density: number;
}

/** Below this the best sentence is not an answer. */
export const MIN_ANSWER_CONFIDENCE = 0.35;
const MAX_SENTENCES = 3;
const MAX_ANSWER_CHARS = 480;
/** A word in the title or section heading counts for this much of a word in the sentence. */
const SECTION_MATCH = 0.6;
/** Terms from earlier messages count for this much of the latest message's. */
const EARLIER_WEIGHT = 0.5;
/** How much of a sentence's score is its own coverage of the question (the rest: its section's). */
const SENTENCE_SHARE = 0.8;

const FOLLOW_UP_START = /^(and|or|but|also|what about|how about|same|then|so|ok(ay)?|in that case)\b/i;
const PRONOUN = /\b(it|its|that|this|they|them|those|these|there|one)\b/i;
/** Sentences that continue the one before them and make little sense alone. */
const CONTINUATION_START = /^(it|this|that|they|these|those|then|after that|once|otherwise|however|if not|in that case|you('ll| will) then)\b/i;

/** Words customers and help articles use for the same thing (support vocabulary). */
const SYNONYMS = [
  "ship shipping shipment deliver delivery dispatch",
  "cost price fee charge",
  "refund reimburse",
  "cancel cancellation",
  "shoe footwear boot sneaker",
  "size sizing fit",
  "track tracking",
  "package parcel",
  "international abroad overseas worldwide",
  "exchange swap",
  "warranty guarantee",
  "discount coupon promo",
  "broken damaged defective faulty",
  "order purchase buy",
  "email e-mail",
].map((group) => new Set(group.split(" ").flatMap(terms)));

/** Question forms whose answer is a kind of fact rather than a word in the question. */
const QUESTION_FORMS: Array<{ pattern: RegExp; replaces: string[]; alternatives: string[] }> = [
  { pattern: /\bhow long\b/i, replaces: ["long"], alternatives: ["long", "day", "week", "hour", "minute", "month", "time", "business"] },
  { pattern: /\bhow much\b|\bwhat does it cost\b/i, replaces: [], alternatives: ["cost", "price", "fee", "charge", "free", "$"] },
  { pattern: /\bhow (?:soon|fast|quickly)\b/i, replaces: ["soon", "fast", "quick"], alternatives: ["day", "week", "hour", "time", "fast", "quick"] },
];

/** One thing the question asks about: any of its alternatives in a sentence covers it. */
export interface QuerySlot {
  alternatives: Set<string>;
  weight: number;
}

function slotsOf(text: string, weight: number): QuerySlot[] {
  const slots: QuerySlot[] = [];
  const replaced = new Set<string>();
  for (const form of QUESTION_FORMS) {
    if (!form.pattern.test(text)) continue;
    form.replaces.flatMap(terms).forEach((term) => replaced.add(term));
    slots.push({ alternatives: new Set(form.alternatives.flatMap((word) => (word === "$" ? ["$"] : terms(word)))), weight });
  }
  for (const term of new Set(terms(text))) {
    if (replaced.has(term)) continue;
    const group = SYNONYMS.find((synonyms) => synonyms.has(term));
    slots.push({ alternatives: group ?? new Set([term]), weight });
  }
  return slots;
}

/** What to look for: the latest message, plus earlier ones at half weight when it is short or anaphoric. */
export function querySlots(question: Question): QuerySlot[] {
  const slots = slotsOf(question.latest, 1);
  const leansOnEarlier = slots.length < 3 || FOLLOW_UP_START.test(question.latest.trim()) || (PRONOUN.test(question.latest) && slots.length < 5);
  if (leansOnEarlier) {
    for (const earlier of question.earlier.slice(0, 2)) {
      for (const slot of slotsOf(earlier, EARLIER_WEIGHT)) {
        if (!slots.some((known) => [...slot.alternatives].some((term) => known.alternatives.has(term)))) slots.push(slot);
      }
    }
  }
  return slots;
}

function candidatesOf(sources: GroundingSource[]): Candidate[] {
  const candidates: Candidate[] = [];
  sources.forEach((source, sourceIndex) => {
    const titleTerms = [...terms(source.title), ...terms(source.heading ?? "")];
    let heading: string[] = [];
    sentences(source.content).forEach((text, index) => {
      const sentenceWords = words(text);
      // A short line without final punctuation is a heading: it labels what follows.
      if (sentenceWords.length < 6 && !/[.!?:]$/.test(text)) {
        heading = terms(text);
        return;
      }
      // A line ending in ":" introduces a list; alone it answers nothing.
      if (sentenceWords.length < 3 || text.endsWith(":") || isInstructionToAssistant(text)) return;
      const sentenceTerms = new Set(terms(text));
      if (text.includes("$")) sentenceTerms.add("$");
      candidates.push({ source: sourceIndex, index, text, terms: sentenceTerms, sectionTerms: new Set([...titleTerms, ...heading]), score: 0, density: 0 });
    });
  });
  return candidates;
}

/**
 * Coverage of the question, idf-weighted: by the sentence itself (a title or heading
 * word counts for less), blended with how well the sentence's section is about it.
 */
function scoreCandidates(candidates: Candidate[], query: QuerySlot[]): void {
  const documentFrequency = new Map<string, number>();
  for (const candidate of candidates) for (const term of candidate.terms) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  const idfOf = (slot: QuerySlot) =>
    Math.min(...[...slot.alternatives].map((term) => Math.log(1 + (candidates.length + 1) / (1 + (documentFrequency.get(term) ?? 0)))));
  const idf = query.map(idfOf);
  const total = query.reduce((sum, slot, i) => sum + slot.weight * idf[i]!, 0);
  if (total === 0) return;
  const has = (set: Set<string>, slot: QuerySlot) => [...slot.alternatives].some((term) => set.has(term));
  for (const candidate of candidates) {
    let inSentence = 0;
    let inSection = 0;
    query.forEach((slot, i) => {
      const weight = slot.weight * idf[i]!;
      const sectionHit = has(candidate.sectionTerms, slot);
      if (has(candidate.terms, slot)) inSentence += weight;
      else if (sectionHit) inSentence += SECTION_MATCH * weight;
      if (sectionHit) inSection += weight;
    });
    candidate.score = SENTENCE_SHARE * (inSentence / total) + (1 - SENTENCE_SHARE) * (inSection / total);
    candidate.density = inSentence / Math.sqrt(candidate.terms.size + 1);
  }
}

/** "Returns are free." + 2 → "Returns are free [2]." */
function withCitation(sentence: string, n: number): string {
  const match = /^(.*?)([.!?]+["”')]*)?$/s.exec(sentence.trim())!;
  return `${match[1]} [${n}]${match[2] ?? "."}`;
}

function overlapRatio(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const term of a) if (b.has(term)) shared++;
  return shared / Math.min(a.size, b.size);
}

export function answerFromSources(question: Question, sources: GroundingSource[]): ExtractiveAnswer {
  const query = querySlots(question);
  const candidates = candidatesOf(sources);
  if (query.length === 0 || candidates.length === 0) return { text: "", confidence: 0, citations: [] };
  scoreCandidates(candidates, query);

  // Near-equal scores go to the better-ranked source and the earlier, more general sentence.
  const rounded = (score: number) => Math.round(score * 100);
  const ranked = [...candidates].sort((a, b) => rounded(b.score) - rounded(a.score) || a.source - b.source || a.index - b.index || b.density - a.density);
  const best = ranked[0]!;
  const confidence = Math.round(Math.min(1, best.score) * 100) / 100;
  if (best.score < MIN_ANSWER_CONFIDENCE) return { text: "", confidence, citations: [] };

  const chosen: Candidate[] = [best];
  let length = best.text.length;
  const tryAdd = (candidate: Candidate | undefined) => {
    if (!candidate || chosen.length >= MAX_SENTENCES || chosen.includes(candidate)) return;
    if (length + candidate.text.length > MAX_ANSWER_CHARS) return;
    if (chosen.some((picked) => overlapRatio(picked.terms, candidate.terms) > 0.8)) return;
    chosen.push(candidate);
    length += candidate.text.length;
  };
  const nextInSource = (candidate: Candidate) => candidates.find((c) => c.source === candidate.source && c.index === candidate.index + 1);
  const next = nextInSource(best);
  if (next && CONTINUATION_START.test(next.text)) tryAdd(next);
  for (const candidate of ranked.slice(1)) {
    if (candidate.score < Math.max(MIN_ANSWER_CONFIDENCE, best.score * 0.75)) break;
    tryAdd(candidate);
  }

  // Read in source order: the best sentence's source first, sentences in their original order.
  const sourceOrder = [...new Set(chosen.map((c) => c.source))];
  chosen.sort((a, b) => sourceOrder.indexOf(a.source) - sourceOrder.indexOf(b.source) || a.index - b.index);
  const text = chosen.map((c) => withCitation(c.text, c.source + 1)).join(" ");
  const citations = [...new Set(chosen.map((c) => sources[c.source]!.documentId))];
  return { text, confidence, citations };
}
