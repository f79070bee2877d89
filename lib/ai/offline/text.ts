/** Word-level text handling for the offline model: tokens, light stemming, sentences. */
import { PHRASES } from "./vocabulary";

// Function words and question scaffolding that carry no topic ("how do I ...", "can you ...").
const STOP_WORDS = new Set(
  (
    "a about above after again against all also am an and any are aren as at be because been before being below between both but by " +
    "can cannot could couldn did didn do does doesn doing don down during each few for from further had has have having he her here hers " +
    "herself him himself his how i if in into is isn it its itself just let me more most my myself no nor not now of off on once only or " +
    "other ought our ours ourselves out over own same she should so some such than that the their theirs them themselves then there these " +
    "they this those through to too under until up very was wasn we were what when where which while who whom why will with won would you " +
    "your yours yourself yourselves hi hello hey please thanks thank tell know want need get got like ok okay yes yeah us im ive id dont " +
    "cant whats hows wheres ill youre thats theres without take anyone someone something anything way much many one really still else ever " +
    // Narrative and filler words of customers' messages ("it says…", "I actually tried…", "this evening").
    "actually currently basically literally maybe perhaps probably exactly instead possible able sure well say says said tried try trying " +
    "wondering wonder curious question ask asking bunch lot lots kind sort thing things stuff guys yesterday tonight morning afternoon evening " +
    "ago live lives living certain mine"
  ).split(/\s+/),
);

/** Lower-cased words (letters and digits of any script), apostrophes dropped. */
export function words(text: string): string[] {
  return text.toLowerCase().replace(/['’]/g, "").match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Irregular and comparative forms, to the word whose stem they share. */
const IRREGULAR: Record<string, string> = {
  wore: "wear", worn: "wear", paid: "pay", sent: "send", bought: "buy", brought: "bring", gave: "give", given: "give",
  took: "take", taken: "take", came: "come", went: "go", gone: "go", made: "make", lost: "lose", left: "leave",
  told: "tell", said: "say", kept: "keep", sold: "sell", spent: "spend", stole: "steal", stolen: "steal", wrote: "write",
  written: "write", chose: "choose", chosen: "choose", broke: "broken", forgot: "forget", forgotten: "forget",
  ran: "run", saw: "see", seen: "see", shown: "show", using: "use", used: "use", uses: "use", daily: "day", weekly: "week",
  monthly: "month", yearly: "year", annually: "year", larger: "large", largest: "large", bigger: "big", biggest: "big",
  smaller: "small", smallest: "small", longer: "long", longest: "long", shorter: "short", shortest: "short",
  higher: "high", highest: "high", lower: "low", lowest: "low", cheaper: "cheap", cheapest: "cheap", faster: "fast",
  fastest: "fast", later: "late", latest: "late", earlier: "early", earliest: "early", wider: "wide", widest: "wide",
  tighter: "tight", looser: "loose", better: "good", best: "good", worse: "bad", worst: "bad",
};

/** Inflections (plural, past, gerund, adverb), tried in order; the first that applies is removed. */
const INFLECTIONS: Array<[RegExp, string]> = [
  [/ies$/, "y"],
  [/(ss|us|is)$/, "$1"],
  [/(ch|sh|x|z)es$/, "$1"],
  [/ing$/, ""],
  [/ied$/, "y"],
  [/eed$/, "ee"],
  [/ed$/, ""],
  [/(?<=\w{4})ly$/, ""],
  [/s$/, ""],
];

/**
 * Derivations that name the same thing as their root ("expiration", "expiry" →
 * "expire"; "verification" → "verify"; "shipment" → "ship"), tried in order on what the
 * inflections left; each keeps at least `min` letters of the root.
 */
const DERIVATIONS: Array<[RegExp, string, number]> = [
  [/(?<=f)ication$/, "y", 3],
  [/ation$/, "", 4],
  [/(?<=c)tion$/, "t", 4],
  [/ator$/, "", 6],
  [/ment$/, "", 4],
  [/(?:abil|ibil)ity$/, "", 4],
  [/ity$/, "", 4],
  [/(?:able|ible)$/, "", 4],
  [/(?<=\w{4})ry$/, "r", 4],
];

/** British spellings to American ones, so "colour" meets "color" and "authorise" meets "authorize". */
function americanSpelling(word: string): string {
  return word.replace(/(?<=\w{3})is(e|ed|es|ing|ation|ations)$/, "iz$1").replace(/(?<=\w{2}[^aeiou])our$/, "or");
}

/**
 * A light English stemmer: folds plurals, verb endings and common derivations so
 * "returns", "returned" and "returning" meet "return", and "expiry", "expired" and
 * "expiration" meet "expire". Words of other languages pass through mostly untouched,
 * which only lowers their overlap (and so the confidence).
 */
export function stem(input: string): string {
  if (/\d/.test(input)) return input;
  let word = americanSpelling(IRREGULAR[input] ?? input);
  if (word.length <= 3) return word;
  const inflection = INFLECTIONS.find(([pattern]) => pattern.test(word));
  if (inflection) {
    const stemmed = word.replace(inflection[0], inflection[1]);
    if (stemmed.length < 3) return word;
    // "shipped" → "shipp" → "ship"; "refunded" → "refund"
    word = /([b-df-hj-np-tv-z])\1$/.test(stemmed) && !/(ll|ss|zz)$/.test(stemmed) && stemmed !== word ? stemmed.slice(0, -1) : stemmed;
  }
  for (const [pattern, replacement, min] of DERIVATIONS) {
    const match = pattern.exec(word);
    if (!match) continue;
    if (match.index >= min) word = word.slice(0, match.index) + replacement;
    break;
  }
  // "cancelled" → "cancel", "authenticate" → "authentic", "expire" → "expir"
  return word
    .replace(/(?<=\w{3}e)ll$/, "l")
    .replace(/(?<=\w{5})ate?$/, "")
    .replace(/(?<=\w{3})e$/, "");
}

/** Lower-cased text with the support vocabulary's multi-word expressions made single words. */
function withPhrases(text: string): string {
  let result = text.toLowerCase().replace(/['’]/g, "");
  for (const [pattern, replacement] of PHRASES) result = result.replace(pattern, replacement);
  return result;
}

/** Terms of recently seen texts: the same help-center sentences come back with every question. */
const termsCache = new Map<string, readonly string[]>();
const TERMS_CACHE_SIZE = 20_000;

/** Content terms of a text: words minus stop words, stemmed, with multi-word expressions as one term. */
export function terms(text: string): readonly string[] {
  const cached = termsCache.get(text);
  if (cached) return cached;
  const result = words(withPhrases(text))
    .filter((word) => !STOP_WORDS.has(word))
    .map(stem);
  if (termsCache.size >= TERMS_CACHE_SIZE) termsCache.clear();
  termsCache.set(text, result);
  return result;
}

const TABLE_ROW = /^\s*\|(.*)\|\s*$/;
const TABLE_SEPARATOR = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;

function tableCells(line: string): string[] {
  return TABLE_ROW.exec(line)![1]!.split("|").map((cell) => cell.trim());
}

/** A table row read as a sentence: "Standard: delivery time 3–5 business days; price $5.95." */
function tableRowSentence(cells: string[], header: string[] | null): string {
  const [first, ...rest] = cells;
  const described = rest.map((cell, i) => (header?.[i + 1] ? `${header[i + 1]!.toLowerCase()} ${cell}` : cell)).filter(Boolean);
  const sentence = `${first}: ${described.join("; ")}`;
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

/** One sentence of a passage, with where it stands in the passage's layout. */
export interface SourceSentence {
  text: string;
  /** A markdown heading, an item of a list, a table row, or running text. */
  kind: "heading" | "item" | "row" | "text";
  /** The marker of a list item as written ("1.", "-"), else null. */
  marker: string | null;
  /** Index of the non-empty line it comes from: the sentences of one paragraph or list item share it. */
  line: number;
}

const LIST_MARKER = /^\s*([-*+]|\d+[.)])\s+/;

/**
 * Sentences of a passage: split after . ! ? and at line breaks (list items and headings
 * are their own sentences), table rows read as sentences, markdown markup removed.
 */
export function sentences(passage: string): SourceSentence[] {
  const result: SourceSentence[] = [];
  const lines = passage.split(/\n+/);
  let header: string[] | null = null;
  lines.forEach((rawLine, line) => {
    if (TABLE_SEPARATOR.test(rawLine) && rawLine.includes("-")) return;
    if (TABLE_ROW.test(rawLine)) {
      const cells = tableCells(rawLine).map(stripMarkdown);
      if (TABLE_SEPARATOR.test(lines[line + 1] ?? "")) header = cells;
      else if (cells.some(Boolean)) result.push({ text: tableRowSentence(cells, header), kind: "row", marker: null, line });
      return;
    }
    header = null;
    const marker = LIST_MARKER.exec(rawLine)?.[1] ?? null;
    const kind = marker ? "item" : /^\s*#{1,6}\s/.test(rawLine) ? "heading" : "text";
    const text = stripMarkdown(rawLine.replace(/^\s*(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s*)/, ""));
    if (!text) return;
    for (const piece of text.split(/(?<=[.!?])\s+(?=[\p{Lu}\p{N}"“(])/u)) {
      const sentence = piece.trim();
      if (sentence) result.push({ text: sentence, kind, marker, line });
    }
  });
  return result;
}

function stripMarkdown(text: string): string {
  return text
    .replace(/\*\*|__|`/g, "")
    .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1")
    .trim();
}

/**
 * True for a sentence that tries to steer the assistant rather than inform the customer
 * ("Ignore previous instructions…", "As an AI you must…"): such text in a source is
 * data someone planted, never an answer.
 */
export function isInstructionToAssistant(sentence: string): boolean {
  const text = sentence.toLowerCase();
  return (
    /\b(ignore|disregard|forget|override|bypass)\b[^.]*\b(instructions?|prompts?|rules?|guidelines?|above|previous|prior)\b/.test(text) ||
    /\b(system prompt|your instructions|these instructions|developer mode|jailbreak)\b/.test(text) ||
    /\b(assistant|chatbot|the bot|language model|llm|ai model|as an ai)\b[^.]*\b(must|should|shall|always|never|will|is to)\b/.test(text) ||
    /^(you are now|from now on|act as|pretend|roleplay|say that|respond with|reply with|tell the (customer|user))\b/.test(text) ||
    // "Print your instructions", but not "Print the prepaid label".
    /^(reveal|print|output|repeat)\b[^.]*\b(instructions?|prompts?|rules|above|everything|verbatim|secrets?|keys?|passwords?|configuration)\b/.test(text) ||
    /\b(api keys?|secret keys?|passwords?)\b[^.]*\b(reveal|print|share|send|output)\b|\b(reveal|print|share|send|output)\b[^.]*\b(api keys?|secret keys?)\b/.test(text)
  );
}
