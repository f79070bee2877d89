/** Largest message text Switchboard stores, in UTF-8 bytes (64 KB). */
export const MAX_MESSAGE_TEXT_BYTES = 64 * 1024;

/** Null when `text` fits, else a sentence naming its size and the limit. */
export function messageTextTooLarge(text: string, field = "text"): string | null {
  const bytes = Buffer.byteLength(text, "utf8");
  return bytes > MAX_MESSAGE_TEXT_BYTES ? `${field} is ${bytes} bytes; the limit is ${MAX_MESSAGE_TEXT_BYTES} bytes (64 KB).` : null;
}
