/**
 * Extractive answering: picks the source sentences that best cover the customer's
 * question and returns them verbatim with [n] markers, so nothing is invented.
 */
import type { GroundingSource } from "../grounding";
import { BACK_REFERENCE, FOLLOW_UP_START } from "../language";
import { isInstructionToAssistant, sentences, terms, words, type SourceSentence } from "./text";
import { SYNONYM_GROUPS } from "./vocabulary";

export interface Question {
  /** The customer's latest message. */
  latest: string;
  /** Earlier customer messages, newest first, used when the latest one leans on them ("and for Canada?"). */
  earlier: string[];
}

export interface ExtractiveAnswer {
  text: string;
  /** 0..1: how likely the answer is right (calibratedConfidence of the best candidate's coverage). */
  confidence: number;
  /** documentIds of the cited sources, in citation order. */
  citations: string[];
}

/** A possible answer: one sentence of a source, or a whole list (its lead-in line and items). */
export interface Candidate {
  source: number;
  /** Position of its first sentence in the source. */
  index: number;
  /** The source sentences it quotes, in order. */
  parts: SourceSentence[];
  /** The list it belongs to or is (numbered across sources), else null. */
  list: number | null;
  /** A whole list rather than one sentence. */
  whole: boolean;
  /** What a list's items are about: its lead-in line ("…send us a message with:") or the heading above it. */
  label: string | null;
  terms: Set<string>;
  sectionTerms: Set<string>;
  /** idf-weighted coverage of the question, 0..1 (see scoreCandidates). */
  score: number;
  density: number;
}

/** Below this coverage the best candidate is not an answer. */
export const MIN_ANSWER_COVERAGE = 0.35;
/** The confidence reported at MIN_ANSWER_COVERAGE: the default workspace threshold (0.55) lets such answers out. */
const CONFIDENCE_AT_FLOOR = 0.58;
/** An extract is never certain: the sentence may answer a neighbouring question. */
const MAX_CONFIDENCE = 0.97;
const MAX_SENTENCES = 3;
const MAX_ANSWER_CHARS = 480;
/** A whole list longer than this is not offered as one answer. */
const MAX_LIST_CHARS = 640;
/** A word in the title or section heading counts for this much of a word in the sentence. */
const SECTION_MATCH = 0.6;
/** Terms from earlier messages count for this much of the latest message's. */
const EARLIER_WEIGHT = 0.5;
/** Terms of what the customer tells before asking count for this much of the question's. */
const CONTEXT_WEIGHT = 0.6;
/** How much of a sentence's score is its own coverage of the question (the rest: its section's). */
const SENTENCE_SHARE = 0.8;
/** Each retrieval rank below the first costs a source's sentences this share of their score. */
const RANK_DECAY = 0.03;
/** A whole list must cover the question this much better than one of its items to be preferred. */
const LIST_SHARE = 0.9;

/** Sentences that continue the one before them and make little sense alone. */
const CONTINUATION_START = /^(it|this|that|they|these|those|then|after that|once|otherwise|however|if not|in that case|you('ll| will) then)\b/i;

/** Each term's synonyms (itself included), from the support vocabulary's groups. */
const SYNONYMS = new Map<string, Set<string>>();
for (const group of SYNONYM_GROUPS) {
  const members = group.split(" ").flatMap(terms);
  for (const member of members) SYNONYMS.set(member, new Set([...(SYNONYMS.get(member) ?? [member]), ...members]));
}

/** Stands for any number in a sentence, and "$" for any price: what "how many" and "how much" ask for. */
const NUMBER = "#";
const PRICE = "$";
/** A numbered list is a sequence of steps: it answers "what are the steps…". */
const STEP_TERMS = terms("step");
const NUMBER_WORDS = new Set("two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty sixty hundred".split(" "));

/** Question forms whose answer is a kind of fact rather than a word in the question. */
const QUESTION_FORMS: Array<{ pattern: RegExp; replaces: string[]; alternatives: string[] }> = [
  { pattern: /\bhow long\b/i, replaces: ["long"], alternatives: ["long", "day", "week", "hour", "minute", "month", "time", "business"] },
  {
    pattern: /\bhow much\b|\bwhat (?:does|do|will) (?:it|that|this|you) (?:cost|charge)\b|\bcost (?:anything|extra)\b|\b(?:is|are) (?:it|that|this|they|shipping|delivery|returns?|exchanges?)(?: \w+)? free\b/i,
    replaces: ["cost", "charge", "free"],
    alternatives: ["cost", "price", "fee", "charge", "free", PRICE],
  },
  { pattern: /\bhow (?:soon|fast|quickly)\b/i, replaces: ["soon", "fast", "quick"], alternatives: ["day", "week", "hour", "minute", "time", "fast", "quick"] },
  {
    pattern: /(?:^|[.?!]\s*)when\b|\bwhen (?:will|does|do|can|is|are|should|would)\b|\bwhat time\b|\bwhat days?\b/i,
    replaces: ["time"],
    alternatives: ["day", "week", "hour", "minute", "month", "time", "date", "pm", "am", NUMBER],
  },
  { pattern: /\bhow many\b/i, replaces: [], alternatives: [NUMBER] },
  {
    pattern: /\b(?:largest|biggest|highest|maximum|max|smallest|lowest|minimum|min|most|least) (?:amount|value|price|number|quantity|order)\b|\bmaximum\b|\bminimum\b|\blimit\b/i,
    replaces: ["large", "big", "high", "maximum", "max", "small", "low", "minimum", "min", "limit"],
    alternatives: ["maximum", "minimum", "limit", PRICE, NUMBER],
  },
];

/** One thing the question asks about: any of its alternatives in a sentence covers it, a partial one half. */
export interface QuerySlot {
  alternatives: Set<string>;
  partial: Set<string>;
  weight: number;
}
/** What a partial alternative (any number for "40 inches") is worth against the exact one. */
const PARTIAL_MATCH = 0.5;

function slotsOf(text: string, weight: number): QuerySlot[] {
  const slots: QuerySlot[] = [];
  const replaced = new Set<string>();
  for (const form of QUESTION_FORMS) {
    if (!form.pattern.test(text)) continue;
    form.replaces.flatMap(terms).forEach((term) => replaced.add(term));
    slots.push({ alternatives: new Set(form.alternatives.flatMap((word) => (word === PRICE || word === NUMBER ? [word] : terms(word)))), partial: new Set(), weight });
  }
  for (const term of new Set(terms(text))) {
    // "discount or promo code": two words for one thing ask for it once.
    if (replaced.has(term) || slots.some((slot) => slot.alternatives.has(term))) continue;
    // "two weeks ago", "44 inches": another number in a sentence may still be the one that matters.
    const partial = new Set(/^\d+$/.test(term) || NUMBER_WORDS.has(term) ? [NUMBER] : []);
    slots.push({ alternatives: SYNONYMS.get(term) ?? new Set([term]), partial, weight });
  }
  return slots;
}

/** Adds the slots that ask for something new. */
function mergeSlots(slots: QuerySlot[], more: QuerySlot[]): QuerySlot[] {
  for (const slot of more) {
    if (!slots.some((known) => [...slot.alternatives].some((term) => known.alternatives.has(term)))) slots.push(slot);
  }
  return slots;
}

/**
 * The slots of the latest message. When it tells something and then asks a question of
 * its own ("I'm in the UK. Will I have to pay import duties?"), the telling is context:
 * its words count for less than the question's.
 */
function latestSlots(latest: string): QuerySlot[] {
  const parts = latest.split(/(?<=[.!?])\s+/);
  const asks = parts.filter((part) => /\?\s*$/.test(part));
  const tells = parts.filter((part) => !/\?\s*$/.test(part));
  const asked = slotsOf(asks.join(" "), 1);
  // "Can I still return them?" asks about what it was told.
  if (tells.length === 0 || asked.length < 2) return slotsOf(latest, 1);
  return mergeSlots(asked, slotsOf(tells.join(" "), CONTEXT_WEIGHT));
}

/** What to look for: the latest message, plus earlier ones at half weight when it is short or anaphoric. */
export function querySlots(question: Question): QuerySlot[] {
  const slots = latestSlots(question.latest);
  const leansOnEarlier = slots.length < 3 || FOLLOW_UP_START.test(question.latest.trim()) || (BACK_REFERENCE.test(question.latest) && slots.length < 5);
  if (leansOnEarlier) for (const earlier of question.earlier.slice(0, 2)) mergeSlots(slots, slotsOf(earlier, EARLIER_WEIGHT));
  return slots;
}

function termsOf(parts: SourceSentence[]): Set<string> {
  const result = new Set(parts.flatMap((part) => terms(part.text)));
  if (parts.some((part) => part.text.includes(PRICE))) result.add(PRICE);
  if (parts.some((part) => /\d/.test(part.text))) result.add(NUMBER);
  return result;
}

/** The sentences of every source that could answer on their own, and every short list as a whole. */
function candidatesOf(sources: GroundingSource[]): { sentences: Candidate[]; lists: Candidate[] } {
  const sentenceCandidates: Candidate[] = [];
  const lists: Candidate[] = [];
  let listCount = 0;
  // A list answers as a whole when it has several items and stays short.
  const keepList = (list: Candidate) => {
    const items = list.parts.filter((part) => part.kind === "item");
    if (new Set(items.map((item) => item.line)).size > 1 && list.parts.reduce((sum, part) => sum + part.text.length, 0) <= MAX_LIST_CHARS) lists.push(list);
  };
  sources.forEach((source, sourceIndex) => {
    const titleTerms = [...terms(source.title), ...terms(source.heading ?? "")];
    let heading: { text: string; terms: readonly string[] } | null = source.heading ? { text: source.heading, terms: [] } : null;
    let lastPart: SourceSentence | null = null;
    let list: Candidate | null = null;
    sentences(source.content).forEach((part, index) => {
      const sentenceWords = words(part.text);
      const continuesList = list && part.kind === "item" && lastPart?.kind === "item" && part.line - lastPart.line <= 1;
      if (!continuesList && list) {
        keepList(list);
        list = null;
      }
      // A short line without final punctuation (or a markdown heading) labels what follows.
      if (part.kind === "heading" || (part.kind === "text" && sentenceWords.length < 6 && !/[.!?:]$/.test(part.text))) {
        heading = { text: part.text, terms: terms(part.text) };
        lastPart = part;
        return;
      }
      if (isInstructionToAssistant(part.text)) return;
      const sectionTerms = new Set([...titleTerms, ...(heading?.terms ?? [])]);
      if (part.kind === "item" && !list) {
        const intro = lastPart && lastPart.text.endsWith(":") && lastPart.kind !== "item" ? lastPart : null;
        list = {
          source: sourceIndex,
          index: intro ? index - 1 : index,
          parts: intro ? [intro] : [],
          list: listCount++,
          whole: true,
          label: intro?.text ?? (heading ? `${heading.text.replace(/[.:]$/, "")}:` : null),
          terms: new Set(),
          sectionTerms,
          score: 0,
          density: 0,
        };
      }
      const inList = part.kind === "item" ? list : null;
      inList?.parts.push(part);
      lastPart = part;
      // A line ending in ":" introduces a list; alone it answers nothing.
      if (sentenceWords.length < 3 || part.text.endsWith(":")) return;
      sentenceCandidates.push({
        source: sourceIndex,
        index,
        parts: [part],
        list: inList?.list ?? null,
        whole: false,
        label: inList?.label ?? null,
        terms: termsOf([part]),
        sectionTerms,
        score: 0,
        density: 0,
      });
    });
    if (list) keepList(list);
  });
  for (const list of lists) list.terms = new Set([...termsOf(list.parts), ...(list.parts.some((part) => /^\d/.test(part.marker ?? "")) ? STEP_TERMS : [])]);
  return { sentences: sentenceCandidates, lists };
}

function intersects(set: ReadonlySet<string>, wanted: ReadonlySet<string>): boolean {
  for (const term of wanted) if (set.has(term)) return true;
  return false;
}

/**
 * Coverage of the question, idf-weighted: by the sentence itself (a title or heading
 * word counts for less), blended with how well the sentence's section is about it, less
 * a little for each retrieval rank of its source below the first.
 */
function scoreCandidates(candidates: Candidate[], sentenceCount: number, query: QuerySlot[]): void {
  const documentFrequency = new Map<string, number>();
  for (const candidate of candidates.slice(0, sentenceCount)) for (const term of candidate.terms) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  const idfOf = (slot: QuerySlot) => Math.min(...[...slot.alternatives].map((term) => Math.log(1 + (sentenceCount + 1) / (1 + (documentFrequency.get(term) ?? 0)))));
  const weights = query.map((slot) => slot.weight * idfOf(slot));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  if (total === 0) return;
  const match = (set: Set<string>, slot: QuerySlot) => (intersects(set, slot.alternatives) ? 1 : intersects(set, slot.partial) ? PARTIAL_MATCH : 0);
  for (const candidate of candidates) {
    let inSentence = 0;
    let inSection = 0;
    query.forEach((slot, i) => {
      const section = match(candidate.sectionTerms, slot);
      inSentence += weights[i]! * Math.max(match(candidate.terms, slot), SECTION_MATCH * section);
      inSection += weights[i]! * section;
    });
    const coverage = SENTENCE_SHARE * (inSentence / total) + (1 - SENTENCE_SHARE) * (inSection / total);
    candidate.score = coverage * (1 - RANK_DECAY * candidate.source) * (candidate.whole ? LIST_SHARE : 1);
    candidate.density = inSentence / Math.sqrt(candidate.terms.size + 1);
  }
}

/**
 * The reported confidence for a coverage: a monotone calibration onto "how likely is this
 * answer right", so that a workspace threshold means the same for every model.
 * - Below the answer floor (MIN_ANSWER_COVERAGE) the model hands off; the coverage maps
 *   linearly onto 0..0.5, under any sensible threshold.
 * - From the floor up it rises from CONFIDENCE_AT_FLOOR (0.58, just above the default
 *   threshold 0.55) towards MAX_CONFIDENCE along a square-root curve: coverage 0.5 reports
 *   0.77, 0.8 reports 0.90, a full match 0.97.
 * On the labelled evaluation (`npm run eval`) about nine answers in ten reported at 0.7 or
 * more state the expected fact; answers between 0.58 and 0.7 are where questions the help
 * center does not cover are occasionally answered anyway.
 */
export function calibratedConfidence(coverage: number): number {
  const value = Math.max(0, Math.min(1, coverage));
  if (value < MIN_ANSWER_COVERAGE) return Math.round((0.5 * value * 100) / MIN_ANSWER_COVERAGE) / 100;
  const above = (value - MIN_ANSWER_COVERAGE) / (1 - MIN_ANSWER_COVERAGE);
  return Math.round((CONFIDENCE_AT_FLOOR + (MAX_CONFIDENCE - CONFIDENCE_AT_FLOOR) * Math.sqrt(above)) * 100) / 100;
}

/** "Returns are free." + 2 → "Returns are free [2]."; a line ending in "?" or ":" keeps it and takes the marker after. */
function withCitation(sentence: string, n: number): string {
  const match = /^(.*?)([.!]+["”')]*)?$/s.exec(sentence.trim())!;
  return match[2] || !/[?:]$/.test(match[1]!) ? `${match[1]} [${n}]${match[2] ?? "."}` : `${match[1]} [${n}]`;
}

function overlapRatio(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const term of a) if (b.has(term)) shared++;
  return shared / Math.min(a.size, b.size);
}

/** The sources' sentences and lists, best answer to the question first (near-equal scores: the better-ranked source, the earlier sentence). */
export function rankCandidates(question: Question, sources: GroundingSource[]): Candidate[] {
  const query = querySlots(question);
  const { sentences: sentenceCandidates, lists } = candidatesOf(sources);
  if (query.length === 0 || sentenceCandidates.length === 0) return [];
  const all = [...sentenceCandidates, ...lists];
  scoreCandidates(all, sentenceCandidates.length, query);
  const rounded = (score: number) => Math.round(score * 100);
  return all.sort((a, b) => rounded(b.score) - rounded(a.score) || a.source - b.source || Number(a.whole) - Number(b.whole) || a.index - b.index || b.density - a.density);
}

/**
 * The chosen candidates as text, in source order: running sentences side by side, list
 * items on their own lines under their list's lead-in or heading, each cited.
 */
function render(chosen: Candidate[]): string {
  const sourceOrder = [...new Set(chosen.map((c) => c.source))];
  const ordered = [...chosen].sort((a, b) => sourceOrder.indexOf(a.source) - sourceOrder.indexOf(b.source) || a.index - b.index);
  const blocks: string[] = [];
  let paragraph: string[] = [];
  let openList: number | null = null;
  const flush = () => {
    if (paragraph.length) blocks.push(paragraph.join(" "));
    paragraph = [];
  };
  for (const candidate of ordered) {
    const n = candidate.source + 1;
    if (candidate.list === null) {
      openList = null;
      paragraph.push(withCitation(candidate.parts[0]!.text, n));
      continue;
    }
    flush();
    const lines: string[] = [];
    if (openList !== candidate.list && candidate.label) lines.push(candidate.label);
    let itemLine = -1;
    for (const part of candidate.parts) {
      if (part.kind !== "item") continue;
      // The sentences of one item stay on its line.
      if (part.line === itemLine) lines[lines.length - 1] += ` ${part.text}`;
      else lines.push(`${/^\d/.test(part.marker!) ? part.marker : "-"} ${part.text}`);
      itemLine = part.line;
    }
    lines[lines.length - 1] = withCitation(lines[lines.length - 1]!, n);
    blocks.push(lines.join("\n"));
    openList = candidate.list;
  }
  flush();
  return blocks.join("\n");
}

export function answerFromSources(question: Question, sources: GroundingSource[]): ExtractiveAnswer {
  const ranked = rankCandidates(question, sources);
  if (ranked.length === 0) return { text: "", confidence: 0, citations: [] };
  const best = ranked[0]!;
  const confidence = calibratedConfidence(best.score);
  if (best.score < MIN_ANSWER_COVERAGE) return { text: "", confidence, citations: [] };

  const lengthOf = (candidate: Candidate) => candidate.parts.reduce((sum, part) => sum + part.text.length + 1, 0);
  const chosen: Candidate[] = [best];
  let length = lengthOf(best);
  const tryAdd = (candidate: Candidate | undefined) => {
    if (!candidate || chosen.length >= MAX_SENTENCES || chosen.includes(candidate)) return;
    if (length + lengthOf(candidate) > Math.max(MAX_ANSWER_CHARS, lengthOf(best))) return;
    if (chosen.some((picked) => overlapRatio(picked.terms, candidate.terms) > 0.8)) return;
    chosen.push(candidate);
    length += lengthOf(candidate);
  };
  const next = ranked.find((c) => c.source === best.source && !c.whole && c.index === best.index + best.parts.length);
  if (next && CONTINUATION_START.test(next.parts[0]!.text)) tryAdd(next);
  const isRow = (candidate: Candidate) => candidate.parts[0]!.kind === "row";
  for (const candidate of ranked.slice(1)) {
    if (candidate.score < Math.max(MIN_ANSWER_COVERAGE, best.score * 0.75)) break;
    // Other rows of the best row's table answer for other cases ("S: chest 34–36" when 42 was asked), unless they match as well.
    if (isRow(best) && isRow(candidate) && candidate.source === best.source && candidate.score < best.score) continue;
    tryAdd(candidate);
  }
  const citations = [...new Set(chosen.map((c) => sources[c.source]!.documentId))];
  return { text: render(chosen), confidence, citations };
}
