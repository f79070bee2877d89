import { z } from "zod";
import type { Database } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import type { KnowledgeStatus } from "@/lib/db/generated/enums";
import { UserFacingError } from "@/lib/errors";
import { cleanFileName, storeFile } from "@/lib/files/files";
import { fileUrl } from "@/lib/files/shared";
import { sniffKnowledgeFile, titleFromFileName } from "./extract";
import { embedDocumentChunks } from "./embedding";
import { chunkRows, indexedText, replaceChunks } from "./indexing";
import { queueKnowledgeProcessing } from "./queue";
import {
  KNOWLEDGE_FILE_LIMIT_BYTES,
  KNOWLEDGE_FILE_LIMIT_LABEL,
  type KnowledgeSourceType,
  MAX_DESCRIPTION_CHARACTERS,
  MAX_SLUG_LENGTH,
  formatFileSize,
  helpArticlePath,
  slugify,
} from "./shared";
import { isUniqueViolation } from "@/lib/db/errors";

// ───────────────────────────── Validation ─────────────────────────────

const MAX_ARTICLE_CHARACTERS = 200_000;

const titleSchema = z.string({ error: "Enter a title." }).trim().min(1, "Enter a title.").max(200, "A title is at most 200 characters.");
const slugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(MAX_SLUG_LENGTH, `A slug is at most ${MAX_SLUG_LENGTH} characters.`)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "A slug may only contain lowercase letters, digits and single hyphens (for example returns-policy).");
const bodySchema = z
  .string({ error: "Write the article's text." })
  .max(MAX_ARTICLE_CHARACTERS, `An article is at most ${MAX_ARTICLE_CHARACTERS.toLocaleString("en-US")} characters; split it into several.`);

export const articleInput = z.object({
  title: titleSchema,
  /** Made from the title when left out. */
  slug: slugSchema.optional(),
  content: bodySchema.trim().min(1, "Write the article's text."),
});
export type ArticleInput = z.input<typeof articleInput>;

/** Only the fields given change. `content` is an article's body or an image's description. */
export const documentPatch = z.object({
  title: titleSchema.optional(),
  slug: slugSchema.optional(),
  content: bodySchema.optional(),
});
export type DocumentPatch = z.input<typeof documentPatch>;

export const listDocumentsInput = z.object({ query: z.string().trim().max(200, "Search for at most 200 characters.").optional() });

// ───────────────────────────── Shapes ─────────────────────────────

export interface KnowledgeDocumentSummary {
  id: string;
  title: string;
  slug: string;
  sourceType: KnowledgeSourceType;
  fileName: string | null;
  mimeType: string | null;
  sizeBytes: number | null;
  status: KnowledgeStatus;
  /** Why processing failed, in words; null otherwise. */
  error: string | null;
  chunkCount: number;
  createdAt: Date;
  updatedAt: Date;
  /** The public page (what AI answers cite), once the document is ready. */
  publicUrl: string | null;
}

export interface KnowledgeDocumentDetail extends KnowledgeDocumentSummary {
  /** Markdown: an article's body, a file's extracted text, an image's description. */
  content: string;
  /** The uploaded original, for members (`/api/files/<id>`); null for articles. */
  fileUrl: string | null;
}

const summarySelect = {
  id: true,
  title: true,
  slug: true,
  sourceType: true,
  fileName: true,
  mimeType: true,
  sizeBytes: true,
  status: true,
  error: true,
  createdAt: true,
  updatedAt: true,
  storedFileId: true,
  account: { select: { slug: true } },
  _count: { select: { chunks: true } },
} as const satisfies Prisma.KnowledgeDocumentSelect;

type SummaryRow = Prisma.KnowledgeDocumentGetPayload<{ select: typeof summarySelect }>;

function toSummary({ account, _count, storedFileId: _storedFileId, ...row }: SummaryRow): KnowledgeDocumentSummary {
  return {
    ...row,
    sourceType: row.sourceType as KnowledgeSourceType,
    chunkCount: _count.chunks,
    publicUrl: row.status === "ready" ? helpArticlePath(account.slug, row.slug) : null,
  };
}

const notFound = () => new UserFacingError("not_found", "No such knowledge document in this workspace.");

// ───────────────────────────── Slugs and titles ─────────────────────────────

/** `base`, or `base-2`, `base-3`… whichever is free in the account. */
async function freeSlug(db: Database | Prisma.TransactionClient, accountId: string, base: string, exceptId?: string): Promise<string> {
  const taken = new Set(
    (
      await db.knowledgeDocument.findMany({
        where: { accountId, slug: { startsWith: base }, id: exceptId ? { not: exceptId } : undefined },
        select: { slug: true },
      })
    ).map((row) => row.slug),
  );
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base.slice(0, MAX_SLUG_LENGTH - String(n).length - 1)}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

const slugConflict = (slug: string) => new UserFacingError("conflict", `The slug “${slug}” is already used by another document. Choose another slug.`);

// ───────────────────────────── Reading ─────────────────────────────

/** The account's documents, most recently changed first; `query` matches title, file name or text. */
export async function listKnowledgeDocuments(db: Database, accountId: string, options: z.input<typeof listDocumentsInput> = {}): Promise<KnowledgeDocumentSummary[]> {
  const { query } = listDocumentsInput.parse(options);
  const where: Prisma.KnowledgeDocumentWhereInput = { accountId };
  if (query) {
    where.OR = [
      { title: { contains: query, mode: "insensitive" } },
      { fileName: { contains: query, mode: "insensitive" } },
      { content: { contains: query, mode: "insensitive" } },
    ];
  }
  const rows = await db.knowledgeDocument.findMany({ where, select: summarySelect, orderBy: [{ updatedAt: "desc" }, { id: "asc" }], take: 500 });
  return rows.map(toSummary);
}

export async function getKnowledgeDocument(db: Database, accountId: string, id: string): Promise<KnowledgeDocumentDetail> {
  const row = await db.knowledgeDocument.findFirst({ where: { id, accountId }, select: { ...summarySelect, content: true } });
  if (!row) throw notFound();
  const { content, ...summary } = row;
  return { ...toSummary(summary), content, fileUrl: row.storedFileId ? fileUrl(row.storedFileId) : null };
}

// ───────────────────────────── Articles ─────────────────────────────

/** A markdown article written in the app: ready and indexed at once. */
export async function createArticle(db: Database, accountId: string, input: ArticleInput): Promise<KnowledgeDocumentDetail> {
  const data = articleInput.parse(input);
  const slug = data.slug ?? (await freeSlug(db, accountId, slugify(data.title)));
  try {
    const document = await db.knowledgeDocument.create({
      data: {
        accountId,
        title: data.title,
        slug,
        sourceType: "article",
        mimeType: "text/markdown",
        sizeBytes: Buffer.byteLength(data.content),
        content: data.content,
        status: "ready",
        chunks: { createMany: { data: chunkRows(accountId, data.content) } },
      },
      select: { id: true },
    });
    await embedDocumentChunks(db, accountId, document.id);
    return await getKnowledgeDocument(db, accountId, document.id);
  } catch (error) {
    if (isUniqueViolation(error)) throw slugConflict(slug);
    throw error;
  }
}

/**
 * Renames any document, changes its slug, and rewrites an article's body or an image's
 * description (re-indexed in the same transaction). Extracted text of other files comes
 * from the file and is not edited here.
 */
export async function updateKnowledgeDocument(db: Database, accountId: string, id: string, patch: DocumentPatch): Promise<KnowledgeDocumentDetail> {
  const data = documentPatch.parse(patch);
  const current = await db.knowledgeDocument.findFirst({ where: { id, accountId }, select: { sourceType: true, status: true, title: true, content: true } });
  if (!current) throw notFound();
  if (data.content !== undefined) {
    if (current.sourceType !== "article" && current.sourceType !== "image") {
      throw new UserFacingError("invalid", "The text of an uploaded file comes from the file: upload a corrected file, or write an article instead.");
    }
    if (current.sourceType === "article" && data.content.trim() === "") throw new UserFacingError("invalid", "Write the article's text.");
    if (current.sourceType === "image" && data.content.length > MAX_DESCRIPTION_CHARACTERS) {
      throw new UserFacingError("invalid", `An image description is at most ${MAX_DESCRIPTION_CHARACTERS.toLocaleString("en-US")} characters.`);
    }
  }
  if (data.slug !== undefined && (await db.knowledgeDocument.count({ where: { accountId, slug: data.slug, id: { not: id } } })) > 0) throw slugConflict(data.slug);

  const next = { sourceType: current.sourceType, title: data.title ?? current.title, content: data.content?.trim() ?? current.content };
  // Chunks hold text only (titles are matched from the document at query time), except an
  // undescribed image's, which is its title. A document still processing is indexed when that ends.
  const reindex = current.status === "ready" && (data.content !== undefined || (current.sourceType === "image" && data.title !== undefined));
  try {
    await db.$transaction([
      db.knowledgeDocument.update({
        where: { id, accountId },
        data: {
          title: data.title,
          slug: data.slug,
          content: data.content === undefined ? undefined : next.content,
          sizeBytes: current.sourceType === "article" && data.content !== undefined ? Buffer.byteLength(next.content) : undefined,
        },
      }),
      ...(reindex ? replaceChunks(db, accountId, id, indexedText(next)) : []),
    ]);
  } catch (error) {
    if (isUniqueViolation(error)) throw slugConflict(data.slug ?? "");
    throw error;
  }
  if (reindex) await embedDocumentChunks(db, accountId, id);
  return getKnowledgeDocument(db, accountId, id);
}

/** Deletes a document with its chunks and its uploaded original. */
export async function deleteKnowledgeDocument(db: Database, accountId: string, id: string): Promise<void> {
  const document = await db.knowledgeDocument.findFirst({ where: { id, accountId }, select: { storedFileId: true } });
  if (!document) throw notFound();
  // Chunks go with the document (cascade); the original is the document's alone.
  await db.$transaction([
    db.knowledgeDocument.deleteMany({ where: { id, accountId } }),
    ...(document.storedFileId ? [db.storedFile.deleteMany({ where: { id: document.storedFileId, accountId } })] : []),
  ]);
}

// ───────────────────────────── Uploads ─────────────────────────────

/** Raised for a knowledge file over KNOWLEDGE_FILE_LIMIT_BYTES. */
class KnowledgeFileTooLargeError extends UserFacingError {
  constructor(fileName: string, sizeBytes: number) {
    super("too_large", `“${fileName}” is ${formatFileSize(sizeBytes)}, over the ${KNOWLEDGE_FILE_LIMIT_LABEL} limit for knowledge files. Split it or compress it, then upload it again.`);
    this.name = "KnowledgeFileTooLargeError";
  }
}

/**
 * Stores an uploaded file and records it as a `pending` document, to be extracted and
 * indexed by processKnowledgeDocument. Refuses files over the limit and types the
 * knowledge base does not read, naming the file.
 */
export async function addKnowledgeFile(
  db: Database,
  accountId: string,
  uploadedById: string | null,
  file: { fileName: string; bytes: Uint8Array },
): Promise<KnowledgeDocumentSummary> {
  const name = cleanFileName(file.fileName);
  if (file.bytes.byteLength > KNOWLEDGE_FILE_LIMIT_BYTES) throw new KnowledgeFileTooLargeError(name, file.bytes.byteLength);
  if (file.bytes.byteLength === 0) throw new UserFacingError("invalid", `“${name}” is empty: choose a file with content.`);
  const { sourceType, mimeType } = sniffKnowledgeFile(name, file.bytes);
  const stored = await storeFile(db, accountId, uploadedById, file, { maxBytes: KNOWLEDGE_FILE_LIMIT_BYTES });
  const title = titleFromFileName(stored.name);
  for (let attempt = 0; ; attempt++) {
    const slug = await freeSlug(db, accountId, slugify(title));
    try {
      const row = await db.knowledgeDocument.create({
        data: { accountId, title, slug, sourceType, fileName: stored.name, mimeType, sizeBytes: stored.size, storedFileId: stored.id, status: "pending" },
        select: summarySelect,
      });
      return toSummary(row);
    } catch (error) {
      // Two uploads of files with the same name raced for one slug: take the next free one.
      if (!isUniqueViolation(error) || attempt >= 3) throw error;
    }
  }
}

/** Processes a failed (or stuck) upload again, e.g. after a transient error. */
export async function reprocessKnowledgeDocument(db: Database, accountId: string, id: string): Promise<KnowledgeDocumentDetail> {
  const document = await db.knowledgeDocument.findFirst({ where: { id, accountId }, select: { sourceType: true, storedFileId: true } });
  if (!document) throw notFound();
  if (document.sourceType === "article") throw new UserFacingError("invalid", "Articles are indexed when saved; there is nothing to process again.");
  if (!document.storedFileId) throw new UserFacingError("invalid", "The original file is gone; upload it again.");
  await db.knowledgeDocument.update({ where: { id }, data: { status: "pending", error: null } });
  await queueKnowledgeProcessing(db, accountId, [id]);
  return getKnowledgeDocument(db, accountId, id);
}
