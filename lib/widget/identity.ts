import { errors, jwtVerify } from "jose";
import { z } from "zod";
import { constantTimeEqual, hmacSha256Hex } from "@/lib/crypto/hmac";
import { UserFacingError } from "@/lib/errors";

/** Longest lifetime an identity token may declare: the host site mints one per page load. */
const IDENTITY_TOKEN_MAX_TTL_SECONDS = 60 * 60;
/** Clock difference tolerated between the host site's server and Switchboard. */
const CLOCK_TOLERANCE_SECONDS = 60;

const externalUserId = z.string().trim().min(1, "id is required").max(200, "id must be at most 200 characters");

/**
 * What `Switchboard.identify()` sends: the host site's user id with its HMAC, or a JWT
 * minted by the host site's backend.
 */
export const identifyInput = z.union([
  z.object({
    id: externalUserId,
    name: z.string().trim().max(200).optional(),
    email: z.email("email must be an email address").max(320).optional(),
    hash: z.string().trim().regex(/^[0-9a-fA-F]{64}$/, "hash must be the hex HMAC-SHA256 of id (64 hex characters)"),
  }),
  z.object({ token: z.string().min(1).max(4_096) }),
]);
export type IdentifyInput = z.infer<typeof identifyInput>;

export interface VerifiedIdentity {
  externalUserId: string;
  name: string | null;
  email: string | null;
}

const refused = (reason: string) => new UserFacingError("forbidden", `Identity not verified: ${reason}`);

const tokenClaims = z.object({
  sub: externalUserId,
  exp: z.number(),
  iat: z.number().optional(),
  name: z.string().trim().max(200).optional(),
  email: z.email().max(320).optional(),
});

/** The hash a host site computes for `identify({ id, hash })`: hex HMAC-SHA256 of the id keyed with the channel's identity secret. */
export function identityHash(secret: string, id: string): string {
  return hmacSha256Hex(secret, id);
}

/**
 * Checks an identify request against the channel's identity secret (its webhookSecret).
 * HMAC mode proves the id only (name and email are the visitor's claim); token mode
 * proves every claim in the token. Throws a forbidden UserFacingError naming why.
 */
export async function verifyIdentity(secret: string | null, input: IdentifyInput, now = new Date()): Promise<VerifiedIdentity> {
  if (!secret) throw refused("this channel has no identity secret; an admin sets one in the web channel's settings.");
  if ("hash" in input) {
    if (!constantTimeEqual(identityHash(secret, input.id), input.hash.toLowerCase())) {
      throw refused("hash does not match id; compute it on your server as hex HMAC-SHA256(id, identity secret).");
    }
    return { externalUserId: input.id, name: input.name || null, email: input.email ?? null };
  }

  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(input.token, new TextEncoder().encode(secret), {
      algorithms: ["HS256"],
      requiredClaims: ["exp", "sub"],
      currentDate: now,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    }));
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw refused("the token has expired; mint a new one on your server.");
    if (error instanceof errors.JOSEError) throw refused("the token is not an HS256 JWT signed with this channel's identity secret, with sub and exp.");
    throw error;
  }
  const claims = tokenClaims.safeParse(payload);
  if (!claims.success) throw refused("the token needs a string sub (the user id) and a numeric exp.");
  const lifetime = claims.data.exp - Math.floor(now.getTime() / 1000);
  if (lifetime > IDENTITY_TOKEN_MAX_TTL_SECONDS + CLOCK_TOLERANCE_SECONDS) {
    throw refused(`the token's exp is more than ${IDENTITY_TOKEN_MAX_TTL_SECONDS / 60} minutes away; mint short-lived tokens.`);
  }
  return { externalUserId: claims.data.sub, name: claims.data.name || null, email: claims.data.email ?? null };
}
