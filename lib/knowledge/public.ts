import type { Database } from "@/lib/db/client";
import type { FileContent } from "@/lib/files/files";
import { type KnowledgeSourceType, helpArticlePath } from "./shared";

/** A ready document as the public help page shows it (no login). */
export interface PublicArticle {
  accountId: string;
  accountName: string;
  title: string;
  sourceType: KnowledgeSourceType;
  fileName: string | null;
  mimeType: string | null;
  content: string;
  updatedAt: Date;
  /** The uploaded original, served publicly beside the page; null for articles. */
  originalUrl: string | null;
}

const readyDocument = (accountSlug: string, slug: string) => ({ slug, status: "ready" as const, account: { slug: accountSlug } });

/** The ready document at /help/{accountSlug}/{slug}; null for unknown or not (yet) ready ones. */
export async function getPublicArticle(db: Database, accountSlug: string, slug: string): Promise<PublicArticle | null> {
  const document = await db.knowledgeDocument.findFirst({
    where: readyDocument(accountSlug, slug),
    select: { accountId: true, title: true, sourceType: true, fileName: true, mimeType: true, content: true, updatedAt: true, storedFileId: true, account: { select: { name: true } } },
  });
  if (!document) return null;
  const { account, storedFileId, sourceType, ...rest } = document;
  return {
    ...rest,
    sourceType: sourceType as KnowledgeSourceType,
    accountName: account.name,
    originalUrl: storedFileId ? `${helpArticlePath(accountSlug, slug)}/original` : null,
  };
}

/** The uploaded original of a ready document, for its public page; null otherwise. */
export async function readPublicOriginal(db: Database, accountSlug: string, slug: string): Promise<FileContent | null> {
  const document = await db.knowledgeDocument.findFirst({
    where: readyDocument(accountSlug, slug),
    select: { storedFile: { select: { id: true, fileName: true, contentType: true, sizeBytes: true, data: true } } },
  });
  const file = document?.storedFile;
  return file ? { id: file.id, name: file.fileName, contentType: file.contentType, size: file.sizeBytes, data: file.data } : null;
}

/** `/help/{accountSlug}`: where the account's public articles live (their links are this plus `/{slug}`). */
export async function helpCenterPath(db: Database, accountId: string): Promise<string> {
  const account = await db.account.findUniqueOrThrow({ where: { id: accountId }, select: { slug: true } });
  return helpArticlePath(account.slug, "").replace(/\/$/, "");
}
