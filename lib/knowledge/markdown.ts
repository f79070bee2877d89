/**
 * A small markdown reader for knowledge articles: it turns text into a tree of blocks
 * and inline pieces that the UI renders as React elements, so nothing written in an
 * article (or extracted from a file) is ever inserted as HTML. Supported: headings,
 * paragraphs, nested lists, tables, fenced code, quotes, rules; bold, italic, code and
 * links (http, https, mailto and same-site paths only; others stay plain text).
 */

export type Inline =
  | { type: "text"; text: string }
  | { type: "strong" | "em"; children: Inline[] }
  | { type: "code"; text: string }
  | { type: "link"; href: string; children: Inline[] };

export interface ListItem {
  content: Inline[];
  children: MarkdownList[];
}

export interface MarkdownList {
  type: "list";
  ordered: boolean;
  start: number;
  items: ListItem[];
}

export type Block =
  | { type: "heading"; level: 1 | 2 | 3 | 4 | 5 | 6; content: Inline[] }
  | { type: "paragraph"; content: Inline[] }
  | MarkdownList
  | { type: "code"; text: string }
  | { type: "quote"; blocks: Block[] }
  | { type: "table"; header: Inline[][]; rows: Inline[][][] }
  | { type: "rule" };

const HEADING = /^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$/;
const FENCE = /^ {0,3}(```+|~~~+)/;
const LIST_ITEM = /^( *)([-*+]|\d{1,9}[.)])\s+(.*)$/;
const RULE = /^ {0,3}([-*_])(?: *\1){2,} *$/;
const QUOTE = /^ {0,3}> ?(.*)$/;
const TABLE_SEPARATOR = /^ *\|? *:?-+:? *(?:\| *:?-+:? *)*\|? *$/;

const isBlank = (line: string) => line.trim() === "";

function tableCells(line: string): string[] {
  const trimmed = line.trim().replace(/^\|/, "").replace(/(?<!\\)\|$/, "");
  return trimmed.split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\\|/g, "|"));
}

/** Where a paragraph stops: a blank line or the start of another block. */
function startsBlock(lines: string[], index: number): boolean {
  const line = lines[index]!;
  return (
    isBlank(line) ||
    HEADING.test(line) ||
    FENCE.test(line) ||
    RULE.test(line) ||
    QUOTE.test(line) ||
    LIST_ITEM.test(line) ||
    (line.includes("|") && TABLE_SEPARATOR.test(lines[index + 1] ?? "") && (lines[index + 1] ?? "").includes("-"))
  );
}

function parseList(lines: string[], start: number): { list: MarkdownList; next: number } {
  const first = LIST_ITEM.exec(lines[start]!)!;
  const indent = first[1]!.length;
  const ordered = /\d/.test(first[2]!);
  const list: MarkdownList = { type: "list", ordered, start: ordered ? Number.parseInt(first[2]!, 10) : 1, items: [] };
  let index = start;
  while (index < lines.length) {
    const match = LIST_ITEM.exec(lines[index]!);
    if (!match || match[1]!.length < indent) break;
    if (match[1]!.length > indent) {
      // A deeper item belongs to a list inside the previous item.
      const nested = parseList(lines, index);
      list.items.at(-1)?.children.push(nested.list);
      index = nested.next;
      continue;
    }
    if (/\d/.test(match[2]!) !== ordered) break;
    let text = match[3]!;
    index++;
    // Lazy continuation lines belong to the item's text.
    while (index < lines.length && !isBlank(lines[index]!) && !LIST_ITEM.test(lines[index]!) && !startsBlock(lines, index)) {
      text += ` ${lines[index]!.trim()}`;
      index++;
    }
    list.items.push({ content: parseInline(text), children: [] });
  }
  return { list, next: index };
}

function parseLines(lines: string[]): Block[] {
  const blocks: Block[] = [];
  let index = 0;
  while (index < lines.length) {
    const line = lines[index]!;
    if (isBlank(line)) {
      index++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const code: string[] = [];
      index++;
      while (index < lines.length && !lines[index]!.trimStart().startsWith(fence[1]!)) code.push(lines[index++]!);
      index++;
      blocks.push({ type: "code", text: code.join("\n") });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      blocks.push({ type: "heading", level: heading[1]!.length as 1 | 2 | 3 | 4 | 5 | 6, content: parseInline(heading[2]!) });
      index++;
      continue;
    }
    if (RULE.test(line)) {
      blocks.push({ type: "rule" });
      index++;
      continue;
    }
    if (QUOTE.test(line)) {
      const quoted: string[] = [];
      while (index < lines.length && QUOTE.test(lines[index]!)) quoted.push(QUOTE.exec(lines[index++]!)![1]!);
      blocks.push({ type: "quote", blocks: parseLines(quoted) });
      continue;
    }
    if (LIST_ITEM.test(line)) {
      const { list, next } = parseList(lines, index);
      blocks.push(list);
      index = next;
      continue;
    }
    if (line.includes("|") && TABLE_SEPARATOR.test(lines[index + 1] ?? "") && (lines[index + 1] ?? "").includes("-")) {
      const header = tableCells(line);
      const rows: Inline[][][] = [];
      index += 2;
      while (index < lines.length && lines[index]!.includes("|") && !isBlank(lines[index]!)) {
        const cells = tableCells(lines[index++]!);
        rows.push(header.map((_, column) => parseInline(cells[column] ?? "")));
      }
      blocks.push({ type: "table", header: header.map(parseInline), rows });
      continue;
    }
    const paragraph = [line.trim()];
    index++;
    while (index < lines.length && !startsBlock(lines, index)) paragraph.push(lines[index++]!.trim());
    blocks.push({ type: "paragraph", content: parseInline(paragraph.join(" ")) });
  }
  return blocks;
}

export function parseMarkdown(markdown: string): Block[] {
  return parseLines(markdown.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n").split("\n"));
}

/** Link targets a reader may follow: the web, email, and paths on this site. */
export function safeHref(href: string): string | null {
  const trimmed = href.trim();
  if (/^(https?:\/\/|mailto:)/i.test(trimmed)) return trimmed;
  if (/^\/(?!\/)/.test(trimmed) || trimmed.startsWith("#")) return trimmed;
  return null;
}

/** Inline syntax, first match wins at each position. */
const INLINE = /(`+)([\s\S]*?[^`])\1(?!`)|\*\*(?=\S)([\s\S]*?\S)\*\*|__(?=\S)([\s\S]*?\S)__|\*(?=\S)([\s\S]*?\S)\*|(?<![\p{L}\p{N}])_(?=\S)([\s\S]*?\S)_(?![\p{L}\p{N}])|\[([^\]]*)\]\(\s*([^()\s]*(?:\([^()\s]*\)[^()\s]*)*)\s*\)|<((?:https?:\/\/|mailto:)[^>\s]+)>/u;

export function parseInline(text: string): Inline[] {
  const pieces: Inline[] = [];
  let rest = text;
  const pushText = (value: string) => {
    if (!value) return;
    const last = pieces.at(-1);
    if (last?.type === "text") last.text += value;
    else pieces.push({ type: "text", text: value });
  };
  while (rest) {
    const match = INLINE.exec(rest);
    if (!match) {
      pushText(rest);
      break;
    }
    pushText(rest.slice(0, match.index));
    const [whole, , code, strong, strongUnderscore, em, emUnderscore, linkText, linkHref, autolink] = match;
    if (code !== undefined) pieces.push({ type: "code", text: code.trim() || code });
    else if (strong !== undefined || strongUnderscore !== undefined) pieces.push({ type: "strong", children: parseInline(strong ?? strongUnderscore!) });
    else if (em !== undefined || emUnderscore !== undefined) pieces.push({ type: "em", children: parseInline(em ?? emUnderscore!) });
    else if (linkText !== undefined) {
      const href = safeHref(linkHref ?? "");
      const children = parseInline(linkText);
      if (href) pieces.push({ type: "link", href, children });
      else {
        for (const child of children) {
          if (child.type === "text") pushText(child.text);
          else pieces.push(child);
        }
      }
    } else if (autolink !== undefined) pieces.push({ type: "link", href: autolink, children: [{ type: "text", text: autolink.replace(/^mailto:/i, "") }] });
    rest = rest.slice(match.index + whole.length);
  }
  return pieces;
}

/** The markdown without a leading `# Title` line that repeats `title`: a page shows the title already. */
export function withoutRepeatedTitle(markdown: string, title: string): string {
  const match = /^\s*# +(.+?)\s*#*\s*(?:\n|$)/.exec(markdown);
  const normalize = (text: string) => text.replace(/\s+/g, " ").trim().toLowerCase();
  return match && normalize(match[1]!) === normalize(title) ? markdown.slice(match[0].length).trimStart() : markdown;
}
