import { UserFacingError } from "@/lib/errors";

export const ALLOWED_FILE_TYPES_DESCRIPTION =
  "PNG, JPEG, GIF or WebP images, PDF, ZIP, Word (.docx) or Excel (.xlsx) documents, MP3, Ogg, WebM or M4A audio, MP4 video, or plain UTF-8 text";

const ascii = (bytes: Uint8Array, start: number, end: number) => String.fromCharCode(...bytes.subarray(start, end));

const startsWith = (bytes: Uint8Array, signature: number[], offset = 0) =>
  bytes.byteLength >= offset + signature.length && signature.every((byte, index) => bytes[offset + index] === byte);

/** ZIP archives are told apart by the entry names in their (uncompressed) directory. */
function zipContentType(bytes: Uint8Array): string {
  const names = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (names.includes("word/document.xml", 0, "latin1")) return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  if (names.includes("xl/workbook.xml", 0, "latin1")) return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  return "application/zip";
}

/** Matroska/WebM start with an EBML header whose DocType says which. */
function isWebm(bytes: Uint8Array): boolean {
  if (!startsWith(bytes, [0x1a, 0x45, 0xdf, 0xa3])) return false;
  return Buffer.from(bytes.subarray(0, 64)).includes("webm", 0, "latin1");
}

/** An MPEG-1/2 Layer III frame header: 11 sync bits, then a layer field of 01. */
const isMp3Frame = (bytes: Uint8Array) => bytes.byteLength >= 2 && bytes[0] === 0xff && (bytes[1]! & 0xe0) === 0xe0 && (bytes[1]! & 0x06) === 0x02;

/** Tab, line feed, form feed and carriage return are the only control bytes text may hold. */
const TEXT_CONTROL_BYTES = new Set([0x09, 0x0a, 0x0c, 0x0d]);

function isUtf8Text(bytes: Uint8Array): boolean {
  if (bytes.some((byte) => (byte < 0x20 || byte === 0x7f) && !TEXT_CONTROL_BYTES.has(byte))) return false;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * The MIME type of a file judged by its first bytes (magic numbers), so a renamed
 * executable is refused and a PDF named `.png` is served as a PDF.
 */
export function detectContentType(bytes: Uint8Array): string {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (ascii(bytes, 0, 6) === "GIF87a" || ascii(bytes, 0, 6) === "GIF89a") return "image/gif";
  if (ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 12) === "WEBP") return "image/webp";
  if (ascii(bytes, 0, 5) === "%PDF-") return "application/pdf";
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) return zipContentType(bytes);
  if (ascii(bytes, 0, 3) === "ID3" || isMp3Frame(bytes)) return "audio/mpeg";
  if (ascii(bytes, 0, 4) === "OggS") return "audio/ogg";
  // Browsers record voice notes as WebM; a WebM video still plays (without picture) as audio.
  if (isWebm(bytes)) return "audio/webm";
  if (ascii(bytes, 4, 8) === "ftyp") {
    const brand = ascii(bytes, 8, 12);
    return brand === "M4A " || brand === "M4B " ? "audio/mp4" : "video/mp4";
  }
  if (isUtf8Text(bytes)) return "text/plain; charset=utf-8";
  throw new UserFacingError("invalid", `This file type is not allowed. Upload ${ALLOWED_FILE_TYPES_DESCRIPTION}.`);
}

/** Types a browser may show in place; everything else is served as a download. */
export function isInlineContentType(contentType: string): boolean {
  return /^(image|audio|video)\//.test(contentType) || contentType === "application/pdf";
}
