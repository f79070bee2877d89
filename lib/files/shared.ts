/** Facts about stored files that both the server and the browser need (no server imports here). */

/** The largest file a member may upload (reply attachments). */
export const FILE_SIZE_LIMIT_BYTES = 10 * 1024 * 1024;

export const FILE_SIZE_LIMIT_LABEL = `${FILE_SIZE_LIMIT_BYTES / (1024 * 1024)} MB`;

const FILE_URL_PREFIX = "/api/files/";
/** Ids are cuids: lowercase letters and digits. */
const FILE_ID = /^[a-z0-9]{20,40}$/;

export const isFileId = (value: string) => FILE_ID.test(value);

/** Same-origin download address of a stored file. */
export const fileUrl = (id: string) => `${FILE_URL_PREFIX}${id}`;

/** The stored-file id in a `/api/files/<id>` URL, or null for any other URL. */
export function fileIdFromUrl(url: string): string | null {
  if (!url.startsWith(FILE_URL_PREFIX)) return null;
  const id = url.slice(FILE_URL_PREFIX.length);
  return isFileId(id) ? id : null;
}
