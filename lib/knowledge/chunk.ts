/**
 * Splits a markdown document into retrieval chunks: one per heading section, with
 * sections longer than `maxTokens` divided at paragraph, then line, sentence and word
 * boundaries. Fenced code blocks and tables stay whole unless they alone exceed the limit.
 */

export interface MarkdownChunk {
  /** Text of the nearest heading above the chunk; null before the first heading. */
  heading: string | null;
  /** The section's text without its heading line. */
  content: string;
  tokenCount: number;
}

/** Rough token estimate used for chunk budgets: about 1.3 tokens per word of English. */
export function estimateTokens(text: string): number {
  return Math.ceil(countWords(text) * 1.3);
}

function countWords(text: string): number {
  const words = text.trim().split(/\s+/);
  return words[0] === "" ? 0 : words.length;
}

const HEADING = /^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$/;
const FENCE = /^ {0,3}(```|~~~)/;

interface Section {
  heading: string | null;
  lines: string[];
}

function splitSections(markdown: string): Section[] {
  const sections: Section[] = [{ heading: null, lines: [] }];
  let openFence: string | null = null;
  for (const line of markdown.replace(/\r\n?/g, "\n").split("\n")) {
    const fence = FENCE.exec(line)?.[1];
    if (fence && (openFence === null || openFence === fence)) {
      openFence = openFence === null ? fence : null;
    }
    const heading = openFence === null ? HEADING.exec(line) : null;
    if (heading) sections.push({ heading: heading[2]?.trim() || null, lines: [] });
    else sections.at(-1)!.lines.push(line);
  }
  return sections;
}

/** Paragraphs separated by blank lines; a fenced code block is one paragraph even with blank lines inside. */
function splitParagraphs(lines: string[]): string[] {
  const paragraphs: string[] = [];
  let current: string[] = [];
  let openFence: string | null = null;
  const flush = () => {
    const text = current.join("\n").trim();
    if (text) paragraphs.push(text);
    current = [];
  };
  for (const line of lines) {
    const fence = FENCE.exec(line)?.[1];
    if (fence && (openFence === null || openFence === fence)) {
      openFence = openFence === null ? fence : null;
    }
    if (openFence === null && line.trim() === "") flush();
    else current.push(line);
  }
  flush();
  return paragraphs;
}

/** Pieces of one oversized block, each within the budget, cut at the coarsest boundary that works. */
function splitOversized(block: string, maxTokens: number): string[] {
  if (estimateTokens(block) <= maxTokens) return [block];
  const lines = block.split("\n").filter((line) => line.trim() !== "");
  if (lines.length > 1) return packPieces(lines, "\n", maxTokens);
  const sentences = block.split(/(?<=[.!?])\s+/);
  if (sentences.length > 1) return packPieces(sentences, " ", maxTokens);
  const words = block.split(/\s+/);
  const wordsPerPiece = Math.max(1, Math.floor(maxTokens / 1.3));
  const pieces: string[] = [];
  for (let start = 0; start < words.length; start += wordsPerPiece) {
    pieces.push(words.slice(start, start + wordsPerPiece).join(" "));
  }
  return pieces;
}

/** Greedily joins consecutive parts while the result stays within the budget. */
function packPieces(parts: string[], separator: string, maxTokens: number): string[] {
  const pieces: string[] = [];
  let current = "";
  for (const part of parts.flatMap((p) => splitOversized(p, maxTokens))) {
    const joined = current ? current + separator + part : part;
    if (current && estimateTokens(joined) > maxTokens) {
      pieces.push(current);
      current = part;
    } else {
      current = joined;
    }
  }
  if (current) pieces.push(current);
  return pieces;
}

export function chunkMarkdown(markdown: string, maxTokens = 300): MarkdownChunk[] {
  if (!Number.isFinite(maxTokens) || maxTokens < 1) {
    throw new RangeError(`chunkMarkdown: maxTokens must be a positive number, got ${maxTokens}.`);
  }
  return splitSections(markdown).flatMap(({ heading, lines }) =>
    packPieces(splitParagraphs(lines), "\n\n", maxTokens).map((content) => ({
      heading,
      content,
      tokenCount: estimateTokens(content),
    })),
  );
}
