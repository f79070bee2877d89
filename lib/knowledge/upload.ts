import type { Caller } from "@/lib/auth/membership";
import type { Database } from "@/lib/db/client";
import { HTTP_STATUS_BY_KIND, UserFacingError } from "@/lib/errors";
import { errorResponse } from "@/lib/files/http";
import { readBodyBytes } from "@/lib/http/body";
import { addKnowledgeFile } from "./documents";
import { UnsupportedKnowledgeFileError } from "./extract";
import { queueKnowledgeProcessing } from "./queue";
import { KNOWLEDGE_BATCH_LIMIT_BYTES, KNOWLEDGE_BATCH_LIMIT_LABEL, KNOWLEDGE_BATCH_MAX_FILES, KNOWLEDGE_FILE_LIMIT_LABEL } from "./shared";

/** Room for the multipart boundaries and part headers around the files. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

/** One file of an upload: the document it became, or why it was refused. */
export interface KnowledgeUploadResult {
  fileName: string;
  documentId: string | null;
  error: string | null;
}

const batchTooLarge = () =>
  new UserFacingError(
    "too_large",
    `The upload is over the ${KNOWLEDGE_BATCH_LIMIT_LABEL} limit per request (each file at most ${KNOWLEDGE_FILE_LIMIT_LABEL}). Upload fewer files at once.`,
  );

/** 415 for file types, the kind's status otherwise (413 for sizes). */
function statusOf(error: unknown): number {
  if (error instanceof UnsupportedKnowledgeFileError) return 415;
  return error instanceof UserFacingError ? HTTP_STATUS_BY_KIND[error.kind] : 500;
}

/** The files of a multipart body (fields `files` or `file`), reading no more than the batch limit. */
async function readFiles(request: Request): Promise<File[]> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.startsWith("multipart/form-data")) {
    throw new UserFacingError("invalid", "Send the files as multipart/form-data in fields named `files`.");
  }
  const body = await readBodyBytes(request, KNOWLEDGE_BATCH_LIMIT_BYTES + MULTIPART_OVERHEAD_BYTES, batchTooLarge);
  const form = await new Response(new Uint8Array(body), { headers: { "content-type": contentType } }).formData().catch(() => {
    throw new UserFacingError("invalid", "The body is not valid multipart/form-data: send the files in fields named `files`.");
  });
  const files = [...form.getAll("files"), ...form.getAll("file")].filter((entry): entry is File => entry instanceof File);
  if (files.length === 0) throw new UserFacingError("invalid", "The form has no files: send them in fields named `files`.");
  if (files.length > KNOWLEDGE_BATCH_MAX_FILES) {
    throw new UserFacingError("invalid", `Upload at most ${KNOWLEDGE_BATCH_MAX_FILES} files at once; this request has ${files.length}.`);
  }
  return files;
}

/**
 * `POST /api/knowledge/upload`: stores each file as a pending document and answers at
 * once with one result per file (201 when any was accepted, else the first refusal's
 * status: 413 over a size limit, 415 for a type the knowledge base does not read);
 * extraction and indexing follow in the background.
 */
export async function receiveKnowledgeUpload(db: Database, caller: Pick<Caller, "accountId" | "userId">, request: Request): Promise<Response> {
  let files: File[];
  try {
    files = await readFiles(request);
  } catch (error) {
    if (!(error instanceof UserFacingError)) throw error;
    return errorResponse(statusOf(error), error.message);
  }

  const results: KnowledgeUploadResult[] = [];
  let firstRefusal: unknown = null;
  for (const file of files) {
    try {
      const document = await addKnowledgeFile(db, caller.accountId, caller.userId, { fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
      results.push({ fileName: file.name, documentId: document.id, error: null });
    } catch (error) {
      if (!(error instanceof UserFacingError)) throw error;
      firstRefusal ??= error;
      results.push({ fileName: file.name, documentId: null, error: error.message });
    }
  }

  const documentIds = results.flatMap((result) => (result.documentId ? [result.documentId] : []));
  await queueKnowledgeProcessing(db, caller.accountId, documentIds);
  if (documentIds.length > 0) return Response.json({ results }, { status: 201 });
  const refusal = firstRefusal as UserFacingError;
  return Response.json({ error: refusal.message, results }, { status: statusOf(refusal) });
}
