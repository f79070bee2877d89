import { HTTP_STATUS_BY_KIND, UserFacingError } from "@/lib/errors";
import { isInlineContentType } from "./content-type";
import { FILE_SIZE_LIMIT_BYTES, type FileContent, FileTooLargeError } from "./files";
import { readBodyBytes } from "@/lib/http/body";

/** Room for the multipart boundaries and part headers around the file itself. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

export const errorResponse = (status: number, message: string) => Response.json({ error: message }, { status });

/** The JSON answer for a failure in `lib/files`: the kind's status (413 for size). */
export function fileErrorResponse(error: unknown, action: string): Response {
  if (error instanceof UserFacingError) return errorResponse(HTTP_STATUS_BY_KIND[error.kind], error.message);
  console.error(`${action} failed:`, error);
  return errorResponse(500, `${action} failed; see the server log.`);
}

/**
 * The uploaded `file` field of a multipart body. The body is counted while it streams in
 * and reading stops (FileTooLargeError) as soon as it cannot hold a file within the limit.
 */
export async function readUploadedFile(request: Request): Promise<{ fileName: string; bytes: Uint8Array }> {
  const bodyLimit = FILE_SIZE_LIMIT_BYTES + MULTIPART_OVERHEAD_BYTES;
  if (Number(request.headers.get("content-length")) > bodyLimit) throw new FileTooLargeError();
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.startsWith("multipart/form-data")) {
    throw new UserFacingError("invalid", "Send the file as multipart/form-data in a field named `file`.");
  }
  if (!request.body) throw new UserFacingError("invalid", "The request has no body: send the file in a field named `file`.");

  const body = await readBodyBytes(request, bodyLimit, () => new FileTooLargeError());

  const form = await new Response(new Uint8Array(body), { headers: { "content-type": contentType } }).formData().catch(() => {
    throw new UserFacingError("invalid", "The body is not valid multipart/form-data: send the file in a field named `file`.");
  });
  const file = form.get("file");
  if (!(file instanceof File)) throw new UserFacingError("invalid", "The form has no file in the field `file`.");
  if (file.size > FILE_SIZE_LIMIT_BYTES) throw new FileTooLargeError();
  return { fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
}

/** `filename="…"` for old clients (ASCII only) plus the exact UTF-8 name (RFC 6266). */
function contentDisposition(disposition: "inline" | "attachment", fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** A stored file as a download: shown in place only for media and PDF, never sniffed. */
export function fileResponse(file: FileContent): Response {
  return new Response(new Uint8Array(file.data), {
    headers: {
      "content-type": file.contentType,
      "content-length": String(file.data.byteLength),
      "content-disposition": contentDisposition(isInlineContentType(file.contentType) ? "inline" : "attachment", file.name),
      "x-content-type-options": "nosniff",
      "cache-control": "private, max-age=3600",
      // A file rendered on this origin gets no scripts and no access to it. Chrome will not
      // open its PDF viewer in a sandboxed document, and that viewer runs no page scripts anyway.
      ...(file.contentType === "application/pdf" ? {} : { "content-security-policy": "sandbox" }),
    },
  });
}
