/** Facts about the knowledge base that both the server and the browser need (no server imports here). */

/** What a document is: written in the app, or the kind of file it was extracted from. */
export const KNOWLEDGE_SOURCE_TYPES = ["article", "pdf", "docx", "markdown", "html", "text", "image"] as const;
export type KnowledgeSourceType = (typeof KNOWLEDGE_SOURCE_TYPES)[number];

const MB = 1024 * 1024;

/** The largest single file the knowledge base accepts. */
export const KNOWLEDGE_FILE_LIMIT_BYTES = 20 * MB;
export const KNOWLEDGE_FILE_LIMIT_LABEL = "20 MB";
/** One upload request carries at most this many files… */
export const KNOWLEDGE_BATCH_MAX_FILES = 20;
/** …and at most this many bytes in all, so one request never holds more than this in memory. */
export const KNOWLEDGE_BATCH_LIMIT_BYTES = 50 * MB;
export const KNOWLEDGE_BATCH_LIMIT_LABEL = "50 MB";

export const KNOWLEDGE_ACCEPTED_TYPES_DESCRIPTION = "PDF, Word (.docx), Markdown, HTML, plain text, or PNG, JPEG, WebP and GIF images";

/** Hint for the browser's file picker; the server decides by content, whatever the name says. */
export const KNOWLEDGE_FILE_INPUT_ACCEPT = [
  ".pdf",
  ".docx",
  ".md",
  ".markdown",
  ".html",
  ".htm",
  ".txt",
  ".png",
  ".jpg",
  ".jpeg",
  ".webp",
  ".gif",
  "application/pdf",
  "text/*",
  "image/png",
  "image/jpeg",
  "image/webp",
  "image/gif",
].join(",");

/** The public page of a ready document, what AI answers cite: `/help/{accountSlug}/{documentSlug}`. */
export function helpArticlePath(accountSlug: string, documentSlug: string): string {
  return `/help/${encodeURIComponent(accountSlug)}/${encodeURIComponent(documentSlug)}`;
}

/** "1.2 MB", "340 KB", "12 bytes". */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} ${bytes === 1 ? "byte" : "bytes"}`;
  if (bytes < MB) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / MB).toFixed(1)} MB`;
}

export const MAX_SLUG_LENGTH = 80;
export const MAX_DESCRIPTION_CHARACTERS = 10_000;

/** "Returns: the 30-day policy" → "returns-the-30-day-policy". */
export function slugify(text: string): string {
  const slug = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, MAX_SLUG_LENGTH)
    .replace(/-+$/, "");
  return slug || "document";
}
