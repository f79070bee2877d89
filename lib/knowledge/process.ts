import type { Database } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { UserFacingError } from "@/lib/errors";
import { extractKnowledgeText, type KnowledgeFileType, titleFromFileName } from "./extract";
import { embedDocumentChunks } from "./embedding";
import { indexedText, replaceChunks } from "./indexing";
import { KNOWLEDGE_SOURCE_TYPES } from "./shared";

export interface ProcessOutcome {
  /** `skipped`: nothing to do (already processed, being processed, or deleted). */
  status: "ready" | "failed" | "skipped";
  error: string | null;
}

/** A document left `processing` this long was abandoned by a stopped process and may be claimed again. */
const STALE_PROCESSING_MS = 10 * 60_000;

const isForeignKeyViolation = (error: unknown) => error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2003";

const isFileType = (value: string): value is KnowledgeFileType => value !== "article" && (KNOWLEDGE_SOURCE_TYPES as readonly string[]).includes(value);

/**
 * Extracts, chunks and indexes one uploaded document: pending → processing → ready, or
 * failed with the reason in words (a locked PDF, a damaged file…). Safe to call twice:
 * only one caller claims a pending document. Never throws for a bad file, so a batch's
 * other documents go on.
 */
export async function processKnowledgeDocument(db: Database, accountId: string, documentId: string): Promise<ProcessOutcome> {
  const claimed = await db.knowledgeDocument.updateMany({
    where: {
      id: documentId,
      accountId,
      OR: [{ status: "pending" }, { status: "processing", updatedAt: { lt: new Date(Date.now() - STALE_PROCESSING_MS) } }],
    },
    data: { status: "processing", error: null },
  });
  if (claimed.count === 0) return { status: "skipped", error: null };

  const document = await db.knowledgeDocument.findFirst({
    where: { id: documentId, accountId },
    select: { sourceType: true, title: true, fileName: true, content: true, storedFile: { select: { data: true } } },
  });
  if (!document) return { status: "skipped", error: null };

  try {
    if (!isFileType(document.sourceType)) throw new UserFacingError("invalid", "Only uploaded files are processed; articles are indexed when saved.");
    if (!document.storedFile) throw new UserFacingError("invalid", "The uploaded file is gone; upload it again.");
    // Images keep their hand-written description; other files get the text extracted from them.
    let content = document.content;
    let namedTitle: string | null = null;
    if (document.sourceType !== "image") {
      const extracted = await extractKnowledgeText(document.sourceType, document.storedFile.data);
      content = extracted.content;
      // A title the file gives itself beats its file name, unless someone renamed the document.
      if (extracted.title && document.fileName && document.title === titleFromFileName(document.fileName)) namedTitle = extracted.title.slice(0, 200);
    }
    await db.$transaction([
      ...replaceChunks(db, accountId, documentId, indexedText({ sourceType: document.sourceType, title: namedTitle ?? document.title, content })),
      db.knowledgeDocument.updateMany({
        where: { id: documentId, accountId },
        data: { status: "ready", error: null, ...(document.sourceType === "image" ? {} : { content }) },
      }),
      // Only while the title is still the one read above: a rename meanwhile wins.
      ...(namedTitle ? [db.knowledgeDocument.updateMany({ where: { id: documentId, accountId, title: document.title }, data: { title: namedTitle } })] : []),
    ]);
    await embedDocumentChunks(db, accountId, documentId);
    return { status: "ready", error: null };
  } catch (error) {
    // Deleted while it was being read: its chunks had no document left to belong to.
    if (isForeignKeyViolation(error)) return { status: "skipped", error: null };
    if (!(error instanceof UserFacingError)) console.error(`Processing knowledge document ${documentId} failed:`, error);
    const message = error instanceof UserFacingError ? error.message : "This file could not be processed. Try again, or upload it in another format.";
    await db.knowledgeDocument.updateMany({ where: { id: documentId, accountId }, data: { status: "failed", error: message } });
    return { status: "failed", error: message };
  }
}
