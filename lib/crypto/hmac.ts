import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/** Lowercase hex HMAC-SHA256 of `data` keyed with `secret` (both taken as UTF-8). */
export function hmacSha256Hex(secret: string, data: string): string {
  return createHmac("sha256", secret).update(data, "utf8").digest("hex");
}

/**
 * Compares two strings in time that depends on neither their content nor where they
 * differ. Both sides are hashed first so inputs of different lengths (which
 * timingSafeEqual refuses) are compared the same way as equal-length ones.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const digestA = createHash("sha256").update(a, "utf8").digest();
  const digestB = createHash("sha256").update(b, "utf8").digest();
  return timingSafeEqual(digestA, digestB);
}
