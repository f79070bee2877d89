import { constantTimeEqual, hmacSha256Hex } from "@/lib/crypto/hmac";
import type { RawWebhookRequest, VerifyResult } from "@/lib/channels/types";

/**
 * The signing scheme of the generic API channel, used both ways: external systems sign
 * the webhooks they post to Switchboard, and Switchboard signs the replies it posts to
 * their callback URL. The timestamp is inside the signed text, so it cannot be swapped.
 */
export const TIMESTAMP_HEADER = "X-Switchboard-Timestamp";
export const SIGNATURE_HEADER = "X-Switchboard-Signature";
/** How far (either way) a request's timestamp may be from our clock. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

const SIGNATURE_FORMAT = /^sha256=[0-9a-f]{64}$/;
const UNIX_SECONDS_FORMAT = /^\d{1,12}$/;

/** `sha256=<hex HMAC-SHA256 of "{timestamp}.{rawBody}">`, the timestamp exactly as sent in its header. */
export function signPayload(secret: string, timestamp: number | string, rawBody: string): string {
  return `sha256=${hmacSha256Hex(secret, `${timestamp}.${rawBody}`)}`;
}

/** Both headers for a body signed at `now`. */
export function signedHeaders(secret: string, rawBody: string, now: Date = new Date()): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return { [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: signPayload(secret, timestamp, rawBody) };
}

function quoted(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}

/** Checks a request signed with `secret`; the reason says which header is wrong and how. */
export function verifySignedRequest(request: RawWebhookRequest, secret: string | null | undefined): VerifyResult {
  const refuse = (reason: string): VerifyResult => ({ ok: false, status: 401, reason });
  if (!secret) return refuse("This channel has no webhook secret yet: set one in its settings before posting webhooks to it.");

  const timestampHeader = request.headers.get(TIMESTAMP_HEADER)?.trim();
  if (!timestampHeader) return refuse(`The ${TIMESTAMP_HEADER} header is missing: send the current time in unix seconds.`);
  if (!UNIX_SECONDS_FORMAT.test(timestampHeader)) {
    return refuse(`The ${TIMESTAMP_HEADER} header must be unix seconds (an integer), not ${quoted(timestampHeader)}.`);
  }
  const skewSeconds = Math.floor(request.receivedAt.getTime() / 1000) - Number(timestampHeader);
  if (Math.abs(skewSeconds) > SIGNATURE_TOLERANCE_SECONDS) {
    const direction = skewSeconds > 0 ? "behind" : "ahead of";
    return refuse(
      `The ${TIMESTAMP_HEADER} is ${Math.abs(skewSeconds)} s ${direction} the server clock; requests more than ` +
        `${SIGNATURE_TOLERANCE_SECONDS} s off are refused. Sign each request when sending it and check the sender's clock.`,
    );
  }

  const signatureHeader = request.headers.get(SIGNATURE_HEADER)?.trim().toLowerCase();
  if (!signatureHeader) {
    return refuse(`The ${SIGNATURE_HEADER} header is missing: send sha256=<hex HMAC-SHA256 of "{timestamp}.{body}" keyed with the channel's secret>.`);
  }
  if (!SIGNATURE_FORMAT.test(signatureHeader)) return refuse(`The ${SIGNATURE_HEADER} header must look like sha256=<64 hex digits>.`);
  const expected = signPayload(secret, timestampHeader, request.rawBody);
  if (!constantTimeEqual(signatureHeader, expected)) {
    return refuse(`The ${SIGNATURE_HEADER} does not match this body and timestamp for the channel's secret.`);
  }
  return { ok: true };
}
