/** Word-level text handling for the offline model: tokens, light stemming, sentences. */

// Function words and question scaffolding that carry no topic ("how do I ...", "can you ...").
const STOP_WORDS = new Set(
  (
    "a about above after again against all also am an and any are aren as at be because been before being below between both but by " +
    "can cannot could couldn did didn do does doesn doing don down during each few for from further had has have having he her here hers " +
    "herself him himself his how i if in into is isn it its itself just let me more most my myself no nor not now of off on once only or " +
    "other ought our ours ourselves out over own same she should so some such than that the their theirs them themselves then there these " +
    "they this those through to too under until up very was wasn we were what when where which while who whom why will with won would you " +
    "your yours yourself yourselves hi hello hey please thanks thank tell know want need get got like ok okay yes yeah us im ive id dont " +
    "cant whats hows wheres ill youre thats theres without take anyone someone something anything way much many one really still else ever"
  ).split(/\s+/),
);

/** Lower-cased words (letters and digits of any script), apostrophes dropped. */
export function words(text: string): string[] {
  return text.toLowerCase().replace(/['’]/g, "").match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * A light English stemmer: folds plurals and common verb/adverb endings so "returns",
 * "returned" and "returning" meet "return". Words of other languages pass through
 * mostly untouched, which only lowers their overlap (and so the confidence).
 */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  const rules: Array<[RegExp, string]> = [
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
  for (const [pattern, replacement] of rules) {
    if (!pattern.test(word)) continue;
    const stemmed = word.replace(pattern, replacement);
    if (stemmed.length < 3) return word;
    // "shipped" → "shipp" → "ship"; "refunded" → "refund"
    return /([b-df-hj-np-tv-z])\1$/.test(stemmed) && !/(ll|ss|zz)$/.test(stemmed) ? stemmed.slice(0, -1) : stemmed.replace(/e$/, "");
  }
  return word.replace(/e$/, "");
}

/** Content terms of a text: words minus stop words, stemmed. */
export function terms(text: string): string[] {
  return words(text)
    .filter((word) => !STOP_WORDS.has(word))
    .map(stem);
}

/** How many of a text's words are English function words, 0..1 (a rough "is this English?"). */
export function englishShare(text: string): number {
  const all = words(text);
  if (all.length === 0) return 0;
  return all.filter((word) => STOP_WORDS.has(word)).length / all.length;
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
  return `${first}: ${described.join("; ")}.`;
}

/**
 * Sentences of a passage: split after . ! ? and at line breaks (list items and headings
 * are their own sentences), table rows read as sentences, markdown markup removed.
 */
export function sentences(passage: string): string[] {
  const result: string[] = [];
  const lines = passage.split(/\n+/);
  let header: string[] | null = null;
  lines.forEach((rawLine, i) => {
    if (TABLE_SEPARATOR.test(rawLine) && rawLine.includes("-")) return;
    if (TABLE_ROW.test(rawLine)) {
      const cells = tableCells(rawLine).map(stripMarkdown);
      if (TABLE_SEPARATOR.test(lines[i + 1] ?? "")) header = cells;
      else if (cells.some(Boolean)) result.push(tableRowSentence(cells, header));
      return;
    }
    header = null;
    const line = stripMarkdown(rawLine.replace(/^\s*(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s*)/, ""));
    if (!line) return;
    for (const piece of line.split(/(?<=[.!?])\s+(?=[\p{Lu}\p{N}"“(])/u)) {
      const sentence = piece.trim();
      if (sentence) result.push(sentence);
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
    /^(you are now|from now on|act as|pretend|roleplay|reveal|print|output|repeat|say that|respond with|reply with|tell the (customer|user))\b/.test(text) ||
    /\b(api keys?|secret keys?|passwords?)\b[^.]*\b(reveal|print|share|send|output)\b|\b(reveal|print|share|send|output)\b[^.]*\b(api keys?|secret keys?)\b/.test(text)
  );
}
