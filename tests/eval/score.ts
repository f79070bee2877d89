/**
 * Scoring of one assistant reply against its labelled case: the decision (answered or
 * handed to a person), the citation, and a strict grounding check that every sentence of
 * the reply is carried by one sentence of what the model was given (knowledge sources,
 * tool outputs). The check compares words, not meaning, so it flags paraphrase as
 * ungrounded: by design for the offline model, which only quotes; a real provider that
 * rewords the articles scores worse on it than it deserves.
 */
import type { EvalCase, EvalCategory } from "./dataset";

/** Share of a reply sentence's content words that one source sentence must contain. */
export const GROUNDING_THRESHOLD = 0.8;

export type Decision = "answer" | "escalate" | "failed" | "skipped";

// ───────────── text → sentences → content words ─────────────

const CITATION_MARKER = /\s*\[(?:\d+(?:\s*[,–-]\s*\d+)*)\](?:\([^)]*\))?/g;
const MARKDOWN_LINK = /\[([^\]]+)\]\([^)]*\)/g;

/** The reply without citation markers ([1], [2, 3]), markdown emphasis and link targets. */
export function stripCitations(text: string): string {
  return text.replace(CITATION_MARKER, "").replace(MARKDOWN_LINK, "$1").replace(/[*_`]+/g, "");
}

const TABLE_ROW = /^\s*\|.*\|\s*$/;
const TABLE_SEPARATOR = /^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$/;

function tableCells(line: string): string[] {
  return line
    .trim()
    .replace(/^\||\|$/g, "")
    .split("|")
    .map((cell) => cell.trim());
}

/**
 * Lines of a text, each markdown table row read with its column headers ("Price $5.95"),
 * since a row's cells mean nothing without them.
 */
function readableLines(text: string): string[] {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const result: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (TABLE_ROW.test(line) && TABLE_SEPARATOR.test(lines[i + 1] ?? "")) {
      const headers = tableCells(line);
      for (i += 2; i < lines.length && TABLE_ROW.test(lines[i]!); i++) {
        result.push(tableCells(lines[i]!).map((cell, column) => `${headers[column] ?? ""} ${cell}`.trim()).join(", "));
      }
      i -= 1;
      continue;
    }
    result.push(line);
  }
  return result;
}

/**
 * Sentences of a text: every line on its own (list items, table rows with their
 * headers), lines split after . ! ? when the next sentence starts with a capital, digit
 * or quote.
 */
export function splitSentences(text: string): string[] {
  return readableLines(text)
    .map((line) =>
      line
        .replace(/^\s*(?:#{1,6}\s+|[-*+•]\s+|\d+[.)]\s+|>\s*)/, "")
        .replace(/^\|\s*|\s*\|$/g, "")
        .replace(/\s*\|\s*/g, ", ")
        .trim(),
    )
    .filter((line) => line !== "" && !/^[-:,\s]+$/.test(line))
    .flatMap((line) => line.split(/(?<=[.!?])\s+(?=["'“(]?[A-Z0-9])/))
    .map((sentence) => sentence.trim())
    .filter(Boolean);
}

const STOPWORDS = new Set(
  (
    "a an the and or but if then than so as at by for from in into of on onto to with without within over under up down out off about " +
    "is are was were be been being am do does did done doing have has had having will would shall should can could may might must " +
    "i me my mine myself you your yours yourself we us our ours ourselves he him his she her it its they them their theirs " +
    "this that these those there here what which who whom whose when where why how all any both each few more most other some such " +
    "no nor not only own same too very just also again once further still yet ever even s t don't can't won't isn't aren't " +
    "hi hello hey dear thanks thank please sure glad happy help okay ok great let know"
  ).split(" "),
);

const NUMBER_WORDS: Record<string, string> = {
  one: "1",
  two: "2",
  three: "3",
  four: "4",
  five: "5",
  six: "6",
  seven: "7",
  eight: "8",
  nine: "9",
  ten: "10",
  eleven: "11",
  twelve: "12",
  fifteen: "15",
  thirty: "30",
  sixty: "60",
};

/** A light suffix stripper, applied alike to replies and sources so "returns"/"returned" meet "return". */
function stem(word: string): string {
  if (/^\d/.test(word)) return word;
  if (word.length > 4 && word.endsWith("ies")) return `${word.slice(0, -3)}y`;
  if (word.length > 5 && word.endsWith("ing")) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith("ed")) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith("s") && !word.endsWith("ss")) return word.slice(0, -1);
  return word;
}

/** Distinct content words of a sentence: lower case, numbers kept (5.95, 3, 5), stopwords dropped, stemmed. */
export function contentWords(sentence: string): Set<string> {
  const words = sentence
    .toLowerCase()
    .normalize("NFKC")
    .replace(/[’']s\b/g, "")
    .replace(/[’']/g, "")
    .match(/\d+(?:[.,]\d+)*|[\p{L}]+/gu);
  const result = new Set<string>();
  for (const raw of words ?? []) {
    const word = NUMBER_WORDS[raw] ?? raw.replace(/,/g, "");
    if (STOPWORDS.has(word)) continue;
    result.add(stem(word));
  }
  return result;
}

// ───────────── grounding ─────────────

export interface SentenceSupport {
  sentence: string;
  /** Share of the sentence's content words found in `bestSource`, 0..1. */
  support: number;
  bestSource: string | null;
  /** Content words of the sentence missing from the best source. */
  missing: string[];
}

export interface GroundingInput {
  reply: string;
  /** What the model was given: knowledge source texts, tool outputs as text, the contact's name. */
  sources: readonly string[];
  /** Fixed sentences the product adds to replies (the hand-off notice), exempt from the check. */
  exemptSentences?: readonly string[];
}

export interface GroundingResult {
  grounded: boolean;
  /** Sentences that were checked (exempt and word-less ones are left out). */
  checked: SentenceSupport[];
  ungrounded: SentenceSupport[];
}

function sameWords(a: Set<string>, b: Set<string>): boolean {
  return a.size === b.size && [...a].every((word) => b.has(word));
}

export function checkGrounding(input: GroundingInput): GroundingResult {
  const sourceSentences = input.sources.flatMap((source) => splitSentences(stripCitations(source))).map((text) => ({ text, words: contentWords(text) }));
  const exempt = (input.exemptSentences ?? []).flatMap((text) => splitSentences(text)).map(contentWords);

  const checked: SentenceSupport[] = [];
  for (const sentence of splitSentences(stripCitations(input.reply))) {
    const words = contentWords(sentence);
    if (words.size === 0 || exempt.some((fixed) => sameWords(fixed, words))) continue;
    let best: SentenceSupport = { sentence, support: 0, bestSource: null, missing: [...words] };
    for (const source of sourceSentences) {
      const missing = [...words].filter((word) => !source.words.has(word));
      const support = (words.size - missing.length) / words.size;
      if (support > best.support) best = { sentence, support, bestSource: source.text, missing };
      if (support === 1) break;
    }
    checked.push(best);
  }
  const ungrounded = checked.filter((entry) => entry.support < GROUNDING_THRESHOLD);
  return { grounded: ungrounded.length === 0, checked, ungrounded };
}

/** Tool outputs as source text: one line per object, its keys and values side by side. */
export function toolOutputText(output: unknown): string[] {
  const lines: string[] = [];
  const visit = (value: unknown): string => {
    if (value === null || value === undefined) return "";
    if (Array.isArray(value)) return value.map(visit).join(" ");
    if (typeof value === "object") {
      const line = Object.entries(value as Record<string, unknown>)
        .map(([key, inner]) => `${key.replace(/([a-z])([A-Z])/g, "$1 $2")} ${visit(inner)}`)
        .join(" ");
      lines.push(line);
      return line;
    }
    return String(value);
  };
  visit(output);
  return lines;
}

// ───────────── one case ─────────────

export interface ReplyObservation {
  decision: Decision;
  text: string;
  /** Slugs of the knowledge articles the reply cites. */
  citedSlugs: string[];
  grounding: GroundingResult;
}

export interface CaseScore {
  id: string;
  category: EvalCategory;
  expectedDecision: "answer" | "escalate";
  decision: Decision;
  decisionCorrect: boolean;
  /** Whether an expected article is cited; null when the case expects no answer or none was given. */
  citationCorrect: boolean | null;
  /** Whether the answer states the expected fact; null when the case expects no answer or none was given. */
  statesFact: boolean | null;
  grounded: boolean;
}

/**
 * `acceptMultilingualAnswers`: whether an answer citing the case's `multilingualArticles`
 * is as good as escalating (real providers; never the offline model).
 */
export function scoreCase(evalCase: EvalCase, reply: ReplyObservation, options: { acceptMultilingualAnswers: boolean }): CaseScore {
  const { expected } = evalCase;
  const cites = (articles: readonly string[]) => reply.citedSlugs.some((slug) => articles.includes(slug));
  let decisionCorrect: boolean;
  let citationCorrect: boolean | null = null;
  let statesFact: boolean | null = null;
  if (expected.decision === "answer") {
    decisionCorrect = reply.decision === "answer";
    if (decisionCorrect) {
      citationCorrect = cites(expected.articles);
      statesFact = expected.states.test(reply.text);
    }
  } else if (reply.decision === "answer" && options.acceptMultilingualAnswers && expected.multilingualArticles) {
    citationCorrect = cites(expected.multilingualArticles);
    decisionCorrect = true;
  } else {
    decisionCorrect = reply.decision === "escalate";
  }
  return {
    id: evalCase.id,
    category: evalCase.category,
    expectedDecision: expected.decision,
    decision: reply.decision,
    decisionCorrect,
    citationCorrect,
    statesFact,
    grounded: reply.grounding.grounded,
  };
}

// ───────────── totals ─────────────

export interface ScoreSummary {
  label: string;
  cases: number;
  decisionsCorrect: number;
  /** Answers that should cite an article and did / answers that should cite one. */
  citationsCorrect: number;
  citationsChecked: number;
  /** Answers stating the expected fact / answers that should. */
  factsStated: number;
  factsChecked: number;
  ungrounded: number;
}

export function summarize(label: string, scores: readonly CaseScore[]): ScoreSummary {
  const checked = scores.filter((score) => score.citationCorrect !== null);
  const factChecked = scores.filter((score) => score.statesFact !== null);
  return {
    label,
    cases: scores.length,
    decisionsCorrect: scores.filter((score) => score.decisionCorrect).length,
    citationsCorrect: checked.filter((score) => score.citationCorrect).length,
    citationsChecked: checked.length,
    factsStated: factChecked.filter((score) => score.statesFact).length,
    factsChecked: factChecked.length,
    ungrounded: scores.filter((score) => !score.grounded).length,
  };
}

export interface EvalTargets {
  /** Share of correct decisions, 0..1. */
  decisionAccuracy: number;
  maxUngrounded: number;
}

export const OFFLINE_TARGETS: EvalTargets = { decisionAccuracy: 0.9, maxUngrounded: 0 };

export function meetsTargets(overall: ScoreSummary, targets: EvalTargets): boolean {
  return overall.cases > 0 && overall.decisionsCorrect / overall.cases >= targets.decisionAccuracy && overall.ungrounded <= targets.maxUngrounded;
}
