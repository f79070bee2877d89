import type { Database } from "@/lib/db/client";
import { RateLimitedError } from "./errors";

export interface RateLimit {
  limit: number;
  windowMs: number;
}

/** New widget conversations one IP address may start per window. */
export const NEW_CONVERSATIONS_PER_IP: RateLimit = { limit: 5, windowMs: 10 * 60_000 };
/** Messages one widget session may send per window. */
export const MESSAGES_PER_SESSION: RateLimit = { limit: 20, windowMs: 60_000 };
/** New widget sessions one IP address may open per window (a visitor resumes theirs; offices share an address). */
export const NEW_SESSIONS_PER_IP: RateLimit = { limit: 60, windowMs: 10 * 60_000 };

/**
 * Counts one action under `key` unless `limit` actions were already counted within the
 * window; then throws RateLimitedError with `message` and the seconds until a slot frees.
 * The count and the insert run under a transaction-scoped advisory lock on the key, so
 * concurrent requests (on any app instance) cannot both take the last slot.
 */
export async function consumeRateLimit(db: Database, key: string, { limit, windowMs }: RateLimit, message: string, now = new Date()): Promise<void> {
  const windowStart = new Date(now.getTime() - windowMs);
  const retryAfterMs = await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`;
    const recent = await tx.$queryRaw<{ created_at: Date }[]>`
      SELECT created_at FROM rate_limit_events WHERE key = ${key} AND created_at > ${windowStart}
       ORDER BY created_at DESC LIMIT ${limit}`;
    if (recent.length >= limit) return recent.at(-1)!.created_at.getTime() + windowMs - now.getTime();
    await tx.$executeRaw`INSERT INTO rate_limit_events (key, created_at) VALUES (${key}, ${now})`;
    return null;
  });
  if (retryAfterMs !== null) throw new RateLimitedError(message, Math.max(1, Math.ceil(retryAfterMs / 1000)));
}

/** Longest window any limit uses; older rows no longer count. */
const LONGEST_WINDOW_MS = Math.max(NEW_CONVERSATIONS_PER_IP.windowMs, MESSAGES_PER_SESSION.windowMs, NEW_SESSIONS_PER_IP.windowMs);

/** Deletes counted actions older than every window; returns how many. */
export async function purgeExpiredRateLimitEvents(db: Database, now = new Date()): Promise<number> {
  return db.$executeRaw`DELETE FROM rate_limit_events WHERE created_at < ${new Date(now.getTime() - LONGEST_WINDOW_MS)}`;
}
