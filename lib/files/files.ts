import { createHash } from "node:crypto";
import type { Database } from "@/lib/db/client";
import { UserFacingError } from "@/lib/errors";
import { detectContentType } from "./content-type";
import { FILE_SIZE_LIMIT_BYTES, FILE_SIZE_LIMIT_LABEL, fileUrl, isFileId } from "./shared";

export { FILE_SIZE_LIMIT_BYTES } from "./shared";

/** Raised for an upload over its size limit (FILE_SIZE_LIMIT_BYTES unless given). */
export class FileTooLargeError extends UserFacingError {
  constructor(limitLabel = FILE_SIZE_LIMIT_LABEL) {
    super("too_large", `The file is over the ${limitLabel} limit for uploads.`);
    this.name = "FileTooLargeError";
  }
}

export interface StoredFileInfo {
  id: string;
  /** Same-origin download address: `/api/files/<id>`. */
  url: string;
  name: string;
  contentType: string;
  size: number;
}

export interface FileContent {
  id: string;
  name: string;
  contentType: string;
  size: number;
  data: Uint8Array;
}

const fileNotFound = () => new UserFacingError("not_found", "No such file in this workspace.");

/** A display name without paths or control characters; the stored type decides how it is served. */
export function cleanFileName(fileName: string): string {
  const base = fileName.split(/[\\/]/).at(-1) ?? "";
  const cleaned = base.replace(/[\u0000-\u001f\u007f]/g, "").trim().slice(0, 255);
  return cleaned || "file";
}

/**
 * Stores an uploaded file in `accountId`. Its type is decided from the bytes, never from
 * the name or the browser's claim, and only types the inbox can show safely are kept.
 * `maxBytes` raises or lowers the size limit for uploads with their own (knowledge files).
 */
export async function storeFile(
  db: Database,
  accountId: string,
  uploadedById: string | null,
  input: { fileName: string; bytes: Uint8Array },
  options: { maxBytes?: number } = {},
): Promise<StoredFileInfo> {
  const { bytes } = input;
  const maxBytes = options.maxBytes ?? FILE_SIZE_LIMIT_BYTES;
  if (bytes.byteLength > maxBytes) throw new FileTooLargeError(`${maxBytes / (1024 * 1024)} MB`);
  if (bytes.byteLength === 0) throw new UserFacingError("invalid", "The file is empty: choose a file with content.");
  const contentType = detectContentType(bytes);
  const stored = await db.storedFile.create({
    data: {
      accountId,
      uploadedById,
      fileName: cleanFileName(input.fileName),
      contentType,
      sizeBytes: bytes.byteLength,
      sha256: createHash("sha256").update(bytes).digest("hex"),
      data: new Uint8Array(bytes),
    },
    select: { id: true, fileName: true, contentType: true, sizeBytes: true },
  });
  return { id: stored.id, url: fileUrl(stored.id), name: stored.fileName, contentType: stored.contentType, size: stored.sizeBytes };
}

const fileContentSelect = { id: true, fileName: true, contentType: true, sizeBytes: true, data: true } as const;

function toFileContent(file: { id: string; fileName: string; contentType: string; sizeBytes: number; data: Uint8Array } | null): FileContent {
  if (!file) throw fileNotFound();
  return { id: file.id, name: file.fileName, contentType: file.contentType, size: file.sizeBytes, data: file.data };
}

/** A file of `accountId` with its bytes; not_found for ids of other accounts. */
export async function readFile(db: Database, accountId: string, id: string): Promise<FileContent> {
  if (!isFileId(id)) throw fileNotFound();
  return toFileContent(await db.storedFile.findFirst({ where: { id, accountId }, select: fileContentSelect }));
}

/**
 * A file with its bytes for a user who is an active member of the file's account, in
 * whichever of their workspaces it is (so a link keeps working after switching accounts);
 * not_found for everyone else.
 */
export async function readFileForMember(db: Database, userId: string, id: string): Promise<FileContent> {
  if (!isFileId(id)) throw fileNotFound();
  return toFileContent(
    await db.storedFile.findFirst({
      where: { id, account: { memberships: { some: { userId, deactivatedAt: null } } } },
      select: fileContentSelect,
    }),
  );
}

/** Metadata of the given files of `accountId` (no bytes); not_found when any id is not there. */
export async function describeFiles(db: Database, accountId: string, ids: string[]): Promise<Map<string, StoredFileInfo>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.storedFile.findMany({
    where: { accountId, id: { in: unique } },
    select: { id: true, fileName: true, contentType: true, sizeBytes: true },
  });
  if (rows.length !== unique.length) throw fileNotFound();
  return new Map(rows.map((row) => [row.id, { id: row.id, url: fileUrl(row.id), name: row.fileName, contentType: row.contentType, size: row.sizeBytes }]));
}
