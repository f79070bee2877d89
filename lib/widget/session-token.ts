import { createHmac, hkdfSync } from "node:crypto";
import { errors, jwtVerify, SignJWT } from "jose";

/** What a widget token proves: this browser holds this session of this web channel. */
export interface WidgetTokenClaims {
  sessionId: string;
  channelId: string;
  accountId: string;
}

/** Tokens are short-lived; the widget gets a fresh one from `POST /api/widget/session` with its visitor id. */
export const WIDGET_TOKEN_TTL_SECONDS = 60 * 60;

const ISSUER = "switchboard";
const AUDIENCE = "switchboard-widget";

/** Keys derived from AUTH_SECRET, one per purpose, so a widget token never verifies as anything else. */
function derivedKey(purpose: string): Uint8Array {
  const secret = process.env.AUTH_SECRET;
  if (!secret || secret.length < 32) {
    throw new Error("AUTH_SECRET is not set (or shorter than 32 characters): start Switchboard with `npm start` or set AUTH_SECRET.");
  }
  return new Uint8Array(hkdfSync("sha256", secret, "", `switchboard ${purpose}`, 32));
}

export async function signWidgetToken(claims: WidgetTokenClaims, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  const expiresAt = issuedAt + WIDGET_TOKEN_TTL_SECONDS;
  const token = await new SignJWT({ cid: claims.channelId, aid: claims.accountId })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(claims.sessionId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAt)
    .sign(derivedKey("widget session token"));
  return { token, expiresAt: new Date(expiresAt * 1000) };
}

/** The claims of a valid, unexpired widget token; null for anything else (tampered, expired, foreign). */
export async function verifyWidgetToken(token: string, now = new Date()): Promise<WidgetTokenClaims | null> {
  try {
    const { payload } = await jwtVerify(token, derivedKey("widget session token"), {
      algorithms: ["HS256"],
      issuer: ISSUER,
      audience: AUDIENCE,
      requiredClaims: ["exp", "sub"],
      currentDate: now,
    });
    const { sub, cid, aid } = payload;
    if (typeof sub !== "string" || typeof cid !== "string" || typeof aid !== "string") return null;
    return { sessionId: sub, channelId: cid, accountId: aid };
  } catch (error) {
    if (error instanceof errors.JOSEError) return null;
    throw error;
  }
}

/**
 * Proof that a file was uploaded in this session, returned by the upload route and
 * required to attach the file to a message: a widget can only send its own uploads.
 */
export function uploadProof(sessionId: string, fileId: string): string {
  return createHmac("sha256", derivedKey("widget upload proof")).update(`${sessionId}:${fileId}`).digest("base64url");
}
