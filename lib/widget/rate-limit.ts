import { escapeLiteral } from "pg";
import { sqlPool, type Database } from "@/lib/db/client";
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

/** One limit an action counts against: the key it is counted under, and what a refusal says. */
export interface RateLimitCheck {
  key: string;
  rate: RateLimit;
  message: string;
}

const timestampLiteral = (date: Date) => `'${date.toISOString()}'::timestamp`;

/**
 * The statements of one rate-limit decision, sent as a single simple query (one round
 * trip, one implicit transaction). The first takes a transaction-scoped advisory lock per
 * key, in a fixed order so two decisions never wait on each other crosswise; the second
 * runs with a snapshot taken after the locks, so it sees every event counted by a request
 * that held them before. It counts each key's events in its window and, unless one key
 * is at its limit, counts the action under every key. Concurrent requests (on any app
 * instance) therefore cannot both take a key's last slot.
 *
 * A simple query takes no bind parameters: the keys are quoted with escapeLiteral, every
 * other value is a number or a timestamp written here.
 */
function rateLimitStatements(checks: RateLimitCheck[], now: Date): string {
  const keys = [...new Set(checks.map((check) => check.key))].sort();
  const locks = keys.map((key) => `pg_advisory_xact_lock(hashtextextended(${escapeLiteral(key)}, 0))`).join(", ");
  const rows = checks
    .map((check, position) => `(${position}, ${escapeLiteral(check.key)}, ${Math.floor(check.rate.limit)}, ${timestampLiteral(new Date(now.getTime() - check.rate.windowMs))})`)
    .join(", ");
  return `SELECT ${locks};
    WITH checks (position, key, max_count, window_start) AS (VALUES ${rows}),
    refused AS (
      SELECT checks.position, recent.oldest
        FROM checks CROSS JOIN LATERAL (
          -- The key's latest max_count events in the window; the oldest of them frees the next slot.
          SELECT count(*) AS used, (extract(epoch FROM min(created_at)) * 1000)::float8 AS oldest
            FROM (SELECT created_at FROM rate_limit_events
                   WHERE key = checks.key AND created_at > checks.window_start
                   ORDER BY created_at DESC LIMIT checks.max_count) AS latest
        ) AS recent
       WHERE recent.used >= checks.max_count
       ORDER BY checks.position
       LIMIT 1
    ), counted AS (
      INSERT INTO rate_limit_events (key, created_at)
      SELECT key, ${timestampLiteral(now)} FROM checks WHERE NOT EXISTS (SELECT 1 FROM refused)
    )
    SELECT position, oldest FROM refused`;
}

/**
 * Counts one action against every check unless one of them already has `limit` actions
 * within its window; then nothing is counted and RateLimitedError carries the first such
 * check's message and the seconds until a slot frees. All checks are decided together in
 * one round trip to the database.
 */
export async function consumeRateLimits(db: Database, checks: RateLimitCheck[], now = new Date()): Promise<void> {
  if (checks.length === 0) return;
  const results = (await sqlPool(db).query(rateLimitStatements(checks, now))) as unknown as { rows: { position: number; oldest: number }[] }[];
  const refused = results.at(-1)?.rows[0];
  if (!refused) return;
  const check = checks[refused.position]!;
  const retryAfterMs = refused.oldest + check.rate.windowMs - now.getTime();
  throw new RateLimitedError(check.message, Math.max(1, Math.ceil(retryAfterMs / 1000)));
}

/** Counts one action under `key` unless `limit` actions were already counted within the window (see consumeRateLimits). */
export async function consumeRateLimit(db: Database, key: string, rate: RateLimit, message: string, now = new Date()): Promise<void> {
  await consumeRateLimits(db, [{ key, rate, message }], now);
}

/** Longest window any limit uses; older rows no longer count. */
const LONGEST_WINDOW_MS = Math.max(NEW_CONVERSATIONS_PER_IP.windowMs, MESSAGES_PER_SESSION.windowMs, NEW_SESSIONS_PER_IP.windowMs);

/** Deletes counted actions older than every window; returns how many. */
export async function purgeExpiredRateLimitEvents(db: Database, now = new Date()): Promise<number> {
  return db.$executeRaw`DELETE FROM rate_limit_events WHERE created_at < ${new Date(now.getTime() - LONGEST_WINDOW_MS)}`;
}
