import type { Database } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { chunkMarkdown } from "./chunk";

/** What an image is found by: its description, or its title until someone writes one. */
export function indexedText(document: { sourceType: string; title: string; content: string }): string {
  if (document.sourceType === "image") return document.content.trim() || document.title;
  return document.content;
}

/** The chunk rows of `markdown`, in order, for a document of `accountId`. */
export function chunkRows(accountId: string, markdown: string): Omit<Prisma.KnowledgeChunkCreateManyInput, "documentId">[] {
  return chunkMarkdown(markdown).map((chunk, position) => ({ accountId, position, heading: chunk.heading, content: chunk.content, tokenCount: chunk.tokenCount }));
}

/**
 * The statements that replace a document's chunks with those of `markdown`; run them in
 * one batch transaction (`db.$transaction([...])`) with the document's own update.
 * Batches hold no connection while the caller computes, unlike interactive transactions.
 */
export function replaceChunks(db: Database, accountId: string, documentId: string, markdown: string): Prisma.PrismaPromise<unknown>[] {
  return [
    db.knowledgeChunk.deleteMany({ where: { documentId, accountId } }),
    db.knowledgeChunk.createMany({ data: chunkRows(accountId, markdown).map((row) => ({ ...row, documentId })) }),
  ];
}
