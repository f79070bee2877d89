/**
 * Quick-reply suggestions shown under an answer: two or three short follow-up questions
 * the customer can tap. They come from the retrieved knowledge the answer did not use
 * (section headings first, then article titles), rephrased as a customer would ask, so
 * they are the same whichever provider wrote the answer, and cost nothing.
 */
import { foldedWords } from "./language";

export interface SuggestionSource {
  documentId: string;
  title: string;
  heading: string | null;
}

const MAX_SUGGESTIONS = 3;
const MIN_SUGGESTIONS = 2;
/** Always a sensible next step, and it reads as a request for a person (lib/ai/escalation.ts). */
export const TALK_TO_PERSON = "Talk to a person";
const MAX_LENGTH = 60;
const WH_START = /^(?:how|what|when|where|why|which|who)\s/i;
const YES_NO_START = /^(?:can|do|does|is|are|should|will|may)\s/i;

/** "UPS" stays as it is; "Free shipping" becomes "free shipping". */
function lowerFirst(text: string): string {
  return /^\p{Lu}\p{Ll}/u.test(text) ? `${text.charAt(0).toLowerCase()}${text.slice(1)}` : text;
}

/**
 * A heading or title as a question a customer would tap: "How to start a return" → "How
 * do I start a return?", "What the warranty covers" → "Can you tell me what the warranty
 * covers?", "Duplicate charges" → "What about duplicate charges?". Null when it does not
 * make a short, whole question.
 */
export function asCustomerQuestion(label: string): string | null {
  // "Returns: the 30-day policy" is about returns.
  const text = (label.split(":")[0] ?? "").replace(/^#+\s*/, "").replace(/["“”]/g, "").replace(/\s+/g, " ").replace(/[.;!]+$/, "").trim();
  if (text.length < 3) return null;
  let question: string;
  if (text.endsWith("?")) question = text.split(" ").length >= 3 ? text : "";
  else if (/^how to\s/i.test(text)) question = `How do I ${text.replace(/^how to\s+/i, "")}?`;
  else if (WH_START.test(text)) question = `Can you tell me ${lowerFirst(text)}?`;
  else if (YES_NO_START.test(text)) question = `${text}?`;
  else question = `What about ${lowerFirst(text)}?`;
  question = question.replace(/\byour\b/g, "my");
  return question && question.length <= MAX_LENGTH ? question : null;
}

function overlap(a: string, b: string): number {
  const left = new Set(foldedWords(a).filter((word) => word.length > 3));
  const right = new Set(foldedWords(b).filter((word) => word.length > 3));
  if (left.size === 0 || right.size === 0) return 0;
  return [...left].filter((word) => right.has(word)).length / Math.min(left.size, right.size);
}

/**
 * Up to three follow-ups from `related` (retrieved passages, best first), skipping the
 * documents the answer cited and anything close to what the customer just asked.
 */
export function buildSuggestions(input: { question: string; related: SuggestionSource[]; citedDocumentIds: string[] }): string[] {
  const cited = new Set(input.citedDocumentIds);
  const labels = [
    ...input.related.filter((source) => !cited.has(source.documentId)).flatMap((source) => (source.heading ? [source.heading] : [])),
    ...input.related.filter((source) => !cited.has(source.documentId)).map((source) => source.title),
    // Other sections of the cited articles are the natural next questions too.
    ...input.related.filter((source) => cited.has(source.documentId)).flatMap((source) => (source.heading ? [source.heading] : [])),
  ];
  const suggestions: string[] = [];
  const seen = new Set<string>();
  for (const label of labels) {
    const question = asCustomerQuestion(label);
    if (!question) continue;
    const key = foldedWords(question).join(" ");
    if (seen.has(key) || overlap(question, input.question) >= 0.6) continue;
    seen.add(key);
    suggestions.push(question);
    if (suggestions.length === MAX_SUGGESTIONS) break;
  }
  if (suggestions.length < MIN_SUGGESTIONS) suggestions.push(TALK_TO_PERSON);
  return suggestions;
}
