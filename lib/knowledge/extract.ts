import { HTMLElement, type Node, TextNode, parse as parseHtml } from "node-html-parser";
import { detectContentType } from "@/lib/files/content-type";
import { UserFacingError } from "@/lib/errors";
import { KNOWLEDGE_ACCEPTED_TYPES_DESCRIPTION, type KnowledgeSourceType } from "./shared";

/**
 * Turns uploaded files into the markdown the knowledge base indexes. The kind of a file
 * is decided by its bytes (lib/files' magic numbers); the name only tells Markdown from
 * plain text, which read the same way anyway.
 */

export type KnowledgeFileType = Exclude<KnowledgeSourceType, "article">;

export interface SniffedKnowledgeFile {
  sourceType: KnowledgeFileType;
  /** The type of the content, as the knowledge base understands it. */
  mimeType: string;
}

/** A file the knowledge base does not read; the upload route answers it with 415. */
export class UnsupportedKnowledgeFileError extends UserFacingError {
  constructor(message: string) {
    super("invalid", message);
    this.name = "UnsupportedKnowledgeFileError";
  }
}

/** Extracted text beyond this is refused: it would be thousands of chunks no answer needs at once. */
const MAX_CONTENT_CHARACTERS = 5_000_000;

const IMAGE_TYPES = new Set(["image/png", "image/jpeg", "image/webp", "image/gif"]);
const DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/** What other content is, in words, for the refusal message. */
const REFUSED_CONTENT: Record<string, string> = {
  "application/zip": "a ZIP archive",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "an Excel workbook",
  "audio/mpeg": "an audio file",
  "audio/ogg": "an audio file",
  "audio/webm": "an audio file",
  "audio/mp4": "an audio file",
  "video/mp4": "a video",
};

/** What a file name promises, to say so when the content disagrees. */
const NAMED_LIKE: Record<string, string> = {
  pdf: "a PDF",
  docx: "a Word document",
  doc: "a Word document",
  md: "a Markdown file",
  markdown: "a Markdown file",
  html: "an HTML page",
  htm: "an HTML page",
  txt: "a text file",
  png: "an image",
  jpg: "an image",
  jpeg: "an image",
  webp: "an image",
  gif: "an image",
};

/** "jacket_care-guide.v2.pdf" → "Jacket care guide.v2": what an upload is called until it names itself. */
export function titleFromFileName(fileName: string): string {
  const base = fileName.replace(/\.[a-z0-9]{1,8}$/i, "").replace(/[_-]+/g, " ").replace(/\s+/g, " ").trim();
  return base ? base.charAt(0).toUpperCase() + base.slice(1) : "Untitled file";
}

const extensionOf = (fileName: string) => /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? "";

/** Old Word (.doc) files and password-protected Office files are OLE compound files. */
const isCompoundFile = (bytes: Uint8Array) => [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1].every((byte, index) => bytes[index] === byte);

function refusal(fileName: string, content: string): UnsupportedKnowledgeFileError {
  const namedLike = NAMED_LIKE[extensionOf(fileName)];
  const what = namedLike ? `is named like ${namedLike} but its content is ${content}` : `is ${content}`;
  return new UnsupportedKnowledgeFileError(`“${fileName}” ${what}. The knowledge base reads ${KNOWLEDGE_ACCEPTED_TYPES_DESCRIPTION}.`);
}

const HTML_START = /^\s*(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html|head|body)[\s>]/i;
const MARKDOWN_SIGNS = /^(?: {0,3}#{1,6}\s+\S|\s*[-*+]\s+\S|\s*\d+\.\s+\S|```|\|.*\|\s*$)/m;

/** The knowledge kind of `bytes`; throws UnsupportedKnowledgeFileError naming the file otherwise. */
export function sniffKnowledgeFile(fileName: string, bytes: Uint8Array): SniffedKnowledgeFile {
  if (isCompoundFile(bytes)) {
    throw refusal(fileName, "an old-format (.doc) or password-protected Office file; save it as .docx without a password");
  }
  let contentType: string;
  try {
    contentType = detectContentType(bytes);
  } catch (error) {
    if (error instanceof UserFacingError) throw refusal(fileName, "not a type it can read");
    throw error;
  }
  if (contentType === "application/pdf") return { sourceType: "pdf", mimeType: contentType };
  if (contentType === DOCX_TYPE) return { sourceType: "docx", mimeType: contentType };
  if (IMAGE_TYPES.has(contentType)) return { sourceType: "image", mimeType: contentType };
  if (contentType.startsWith("text/plain")) {
    const start = new TextDecoder().decode(bytes.subarray(0, 4096)).replace(/^\uFEFF/, "");
    if (HTML_START.test(start)) return { sourceType: "html", mimeType: "text/html" };
    if (["md", "markdown"].includes(extensionOf(fileName)) || MARKDOWN_SIGNS.test(start)) return { sourceType: "markdown", mimeType: "text/markdown" };
    return { sourceType: "text", mimeType: "text/plain" };
  }
  throw refusal(fileName, REFUSED_CONTENT[contentType] ?? "not a type it can read");
}

export interface ExtractedText {
  /** The document as markdown (headings kept as `#` lines). */
  content: string;
  /** A title the file names for itself (PDF metadata, first top-level heading), if any. */
  title: string | null;
}

/** Text without a byte-order mark, with \n line endings and no control characters but tabs. */
export function normalizeText(text: string): string {
  return text
    .replace(/^\uFEFF/, "")
    .replace(/\r\n?/g, "\n")
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "")
    .replace(/[ \t]+$/gm, "")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

const firstTopHeading = (markdown: string) => /^# +(.+?)\s*#*\s*$/m.exec(markdown)?.[1]?.trim() || null;

/** The text of an uploaded file. Images have none: they are described by hand. */
export async function extractKnowledgeText(sourceType: KnowledgeFileType, bytes: Uint8Array): Promise<ExtractedText> {
  const extracted = await extractBySource(sourceType, bytes);
  const content = normalizeText(extracted.content);
  if (content.length > MAX_CONTENT_CHARACTERS) {
    throw new UserFacingError("invalid", `This file holds more than ${MAX_CONTENT_CHARACTERS.toLocaleString("en-US")} characters of text; split it into smaller files.`);
  }
  if (content === "" && sourceType !== "image") throw new UserFacingError("invalid", emptyMessage(sourceType));
  return { content, title: extracted.title?.trim() || firstTopHeading(content) };
}

function emptyMessage(sourceType: KnowledgeFileType): string {
  if (sourceType === "pdf") return "This PDF has no text to read (it may be scanned pages). Upload a PDF with selectable text, or paste the text into an article.";
  return "This file has no text to index. Upload a file with text, or write an article instead.";
}

async function extractBySource(sourceType: KnowledgeFileType, bytes: Uint8Array): Promise<{ content: string; title?: string | null }> {
  switch (sourceType) {
    case "pdf":
      return extractPdf(bytes);
    case "docx":
      return { content: await docxToMarkdown(bytes) };
    case "html":
      return { content: htmlToMarkdown(new TextDecoder().decode(bytes)) };
    case "markdown":
    case "text":
      return { content: new TextDecoder().decode(bytes) };
    case "image":
      return { content: "" };
  }
}

// ───────────────────────────── PDF ─────────────────────────────

interface PdfTextItem {
  str: string;
  fontSize: number;
  hasEOL: boolean;
}

/** Lines set in a font this much larger than the body text are taken for headings. */
const HEADING_SIZE_RATIO = 1.2;
const MAX_HEADING_LENGTH = 120;

/**
 * Pages as markdown: one line per PDF text line, a blank line between pages, and short
 * lines in a larger font than the body text turned into `##` headings, so chunks keep
 * the document's sections.
 */
function pdfPagesToMarkdown(pages: PdfTextItem[][]): string {
  const linesOfPages = pages.map((items) => {
    const lines: { text: string; size: number }[] = [];
    let text = "";
    let size = 0;
    for (const item of items) {
      text += item.str;
      if (item.str.trim()) size = Math.max(size, item.fontSize);
      if (item.hasEOL) {
        lines.push({ text: text.trim(), size });
        text = "";
        size = 0;
      }
    }
    lines.push({ text: text.trim(), size });
    return lines.filter((line) => line.text !== "");
  });
  // The body size is the one most characters are set in.
  const charactersBySize = new Map<number, number>();
  for (const line of linesOfPages.flat()) {
    const size = Math.round(line.size * 10) / 10;
    charactersBySize.set(size, (charactersBySize.get(size) ?? 0) + line.text.length);
  }
  const bodySize = [...charactersBySize].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
  const isHeading = (line: { text: string; size: number }) =>
    bodySize > 0 && line.size >= bodySize * HEADING_SIZE_RATIO && line.text.length <= MAX_HEADING_LENGTH && !/^#/.test(line.text);
  return linesOfPages
    .map((lines) => lines.map((line) => (isHeading(line) ? `\n## ${line.text}\n` : line.text)).join("\n"))
    .filter(Boolean)
    .join("\n\n");
}

async function extractPdf(bytes: Uint8Array): Promise<{ content: string; title: string | null }> {
  const { getDocumentProxy, getMeta, extractTextItems } = await import("unpdf");
  // PDF.js takes ownership of (detaches) the buffer it is given: hand it a copy.
  const document = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 }).catch((error: unknown) => {
    if (error instanceof Error && error.name === "PasswordException") {
      throw new UserFacingError("invalid", "This PDF is password-protected; upload an unlocked copy.");
    }
    throw new UserFacingError("invalid", "This PDF could not be read: it is damaged or not a complete PDF. Export it again and upload the new copy.");
  });
  try {
    const { items } = await extractTextItems(document);
    const { info } = await getMeta(document).catch(() => ({ info: {} as Record<string, unknown> }));
    const title = typeof info.Title === "string" && info.Title.trim() ? info.Title.trim() : null;
    return { content: pdfPagesToMarkdown(items), title };
  } catch {
    throw new UserFacingError("invalid", "The text of this PDF could not be read: it may be damaged. Export it again and upload the new copy.");
  } finally {
    await document.loadingTask.destroy();
  }
}

// ───────────────────────────── DOCX ─────────────────────────────

async function docxToMarkdown(bytes: Uint8Array): Promise<string> {
  const mammoth = (await import("mammoth")).default;
  try {
    const { value } = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      // Pictures carry no text to index; skip reading them into data URLs.
      { convertImage: mammoth.images.imgElement(async () => ({ src: "" })) },
    );
    return htmlToMarkdown(value);
  } catch {
    throw new UserFacingError("invalid", "This Word document could not be read: it may be damaged. Open it in Word, save it again as .docx and upload the new copy.");
  }
}

// ───────────────────────────── HTML ─────────────────────────────

/** Elements whose content is never text for readers: code, styling, navigation, embedded media. */
const DROPPED = new Set(["script", "style", "noscript", "template", "nav", "head", "svg", "canvas", "iframe", "object", "embed", "select", "button", "form", "img"]);
const BLOCK = new Set([
  "address", "article", "aside", "blockquote", "dd", "details", "div", "dl", "dt", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4",
  "h5", "h6", "header", "hr", "li", "main", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "body", "html",
]);
/** Stands for <br> while whitespace is collapsed. */
const LINE_BREAK = "\u2028";

const tagOf = (node: HTMLElement) => node.rawTagName?.toLowerCase() ?? "";
const collapse = (text: string) =>
  text
    .replace(/\s+/g, (space) => (space.includes(LINE_BREAK) ? LINE_BREAK : " "))
    .split(LINE_BREAK)
    .map((line) => line.trim())
    .filter(Boolean)
    .join("\n");

/** Inline content as markdown text: emphasis and code marked, links reduced to their text. */
function inlineText(node: Node): string {
  if (node instanceof TextNode) return node.text;
  if (!(node instanceof HTMLElement)) return "";
  const tag = tagOf(node);
  if (DROPPED.has(tag)) return "";
  if (tag === "br") return LINE_BREAK;
  const inner = node.childNodes.map(inlineText).join("");
  // Markers hug the words; the spaces around them stay outside ("a **b** c", not "a** b **c").
  const wrap = (mark: string) => inner.replace(/^(\s*)([\s\S]*?)(\s*)$/, (all, lead: string, text: string, trail: string) => (text ? `${lead}${mark}${text}${mark}${trail}` : all));
  if (tag === "strong" || tag === "b") return wrap("**");
  if (tag === "em" || tag === "i") return wrap("*");
  if (tag === "code") return wrap("`");
  return inner;
}

function listMarkdown(list: HTMLElement, depth: number): string {
  const ordered = tagOf(list) === "ol";
  const lines: string[] = [];
  let number = 1;
  for (const item of list.childNodes) {
    if (!(item instanceof HTMLElement) || tagOf(item) !== "li") continue;
    const nested = item.childNodes.filter((child): child is HTMLElement => child instanceof HTMLElement && ["ul", "ol"].includes(tagOf(child)));
    const text = collapse(item.childNodes.filter((child) => !nested.includes(child as HTMLElement)).map(inlineText).join(""));
    const marker = ordered ? `${number++}.` : "-";
    lines.push(`${"  ".repeat(depth)}${marker} ${text.replace(/\n/g, " ")}`);
    for (const sub of nested) lines.push(listMarkdown(sub, depth + 1));
  }
  return lines.join("\n");
}

function tableMarkdown(table: HTMLElement): string {
  const rows = table
    .querySelectorAll("tr")
    .map((row) => row.childNodes.filter((cell): cell is HTMLElement => cell instanceof HTMLElement && ["td", "th"].includes(tagOf(cell))))
    .map((cells) => cells.map((cell) => collapse(inlineText(cell)).replace(/\n/g, " ").replace(/\|/g, "\\|")))
    .filter((cells) => cells.length > 0);
  if (rows.length === 0) return "";
  const width = Math.max(...rows.map((cells) => cells.length));
  const line = (cells: string[]) => `| ${Array.from({ length: width }, (_, i) => cells[i] ?? "").join(" | ")} |`;
  return [line(rows[0]!), line(Array(width).fill("---")), ...rows.slice(1).map(line)].join("\n");
}

function blocksOf(node: HTMLElement, out: string[]): void {
  let run = "";
  const flush = () => {
    const text = collapse(run);
    if (text) out.push(text);
    run = "";
  };
  for (const child of node.childNodes) {
    if (!(child instanceof HTMLElement)) {
      run += inlineText(child);
      continue;
    }
    const tag = tagOf(child);
    if (DROPPED.has(tag)) continue;
    if (!BLOCK.has(tag)) {
      run += inlineText(child);
      continue;
    }
    flush();
    const heading = /^h([1-6])$/.exec(tag);
    if (heading) {
      const text = collapse(inlineText(child)).replace(/\n/g, " ");
      if (text) out.push(`${"#".repeat(Number(heading[1]))} ${text}`);
    } else if (tag === "ul" || tag === "ol") {
      const list = listMarkdown(child, 0);
      if (list) out.push(list);
    } else if (tag === "table") {
      const table = tableMarkdown(child);
      if (table) out.push(table);
    } else if (tag === "pre") {
      const code = child.text.replace(/^\n|\n$/g, "");
      if (code.trim()) out.push(`\`\`\`\n${code}\n\`\`\``);
    } else if (tag === "blockquote") {
      const quoted: string[] = [];
      blocksOf(child, quoted);
      if (quoted.length) out.push(quoted.join("\n\n").split("\n").map((line) => `> ${line}`).join("\n"));
    } else if (tag !== "hr") {
      blocksOf(child, out);
    }
  }
  flush();
}

/**
 * An HTML page as markdown: headings become `#` lines, lists and tables keep their
 * shape, links keep their text; scripts, styles, navigation and media are dropped.
 */
export function htmlToMarkdown(html: string): string {
  // The parser keeps a doctype as text.
  const root = parseHtml(html.replace(/<!doctype[^>]*>/gi, ""), { comment: false, blockTextElements: { script: false, style: false, noscript: false, pre: true } });
  const blocks: string[] = [];
  blocksOf(root, blocks);
  return blocks.join("\n\n");
}
