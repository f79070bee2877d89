import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabaseClient, type Database } from "@/lib/db/client";
import { setupTestDatabase } from "@/tests/helpers/db";
import { RateLimitedError } from "./errors";
import { consumeRateLimit, consumeRateLimits, purgeExpiredRateLimitEvents, type RateLimit } from "./rate-limit";

const testDb = setupTestDatabase();
let db: Database;
/** A second app instance: its own connection pool on the same database. */
let otherInstance: Database;

beforeAll(async () => {
  db = testDb.db;
  otherInstance = createDatabaseClient(testDb.url);
  // Counting an action under a test:slow: key takes 20 ms here, so concurrent requests surely
  // overlap: without serialization each would see fewer events than the others are counting.
  await db.$executeRawUnsafe(`CREATE FUNCTION slow_count() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(0.02); RETURN NEW; END $$`);
  await db.$executeRawUnsafe(
    `CREATE TRIGGER slow_rate_limit_events BEFORE INSERT ON rate_limit_events FOR EACH ROW WHEN (NEW.key LIKE 'test:slow:%') EXECUTE FUNCTION slow_count()`,
  );
});

afterAll(async () => {
  await otherInstance.$disconnect();
});

/** Alternates between the two app instances. */
const instance = (i: number) => (i % 2 === 0 ? db : otherInstance);

const FIVE_A_MINUTE: RateLimit = { limit: 5, windowMs: 60_000 };
const counted = (key: string) => db.rateLimitEvent.count({ where: { key } });

/** Settles every attempt; returns how many were let through and how many were refused with RateLimitedError. */
async function outcomes(attempts: Promise<void>[]): Promise<{ allowed: number; refused: number }> {
  const settled = await Promise.allSettled(attempts);
  for (const result of settled) {
    if (result.status === "rejected" && !(result.reason instanceof RateLimitedError)) throw result.reason;
  }
  return { allowed: settled.filter((result) => result.status === "fulfilled").length, refused: settled.filter((result) => result.status === "rejected").length };
}

describe("consumeRateLimit", () => {
  it("lets `limit` actions through per window, then refuses with the seconds until the oldest one leaves the window", async () => {
    const start = new Date("2026-03-02T10:00:00.000Z");
    for (let i = 0; i < 5; i += 1) await consumeRateLimit(db, "test:sequential", FIVE_A_MINUTE, "Too many.", new Date(start.getTime() + i * 1_000));

    const refusal = await consumeRateLimit(db, "test:sequential", FIVE_A_MINUTE, "Too many.", new Date(start.getTime() + 10_000)).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(RateLimitedError);
    expect(refusal).toMatchObject({ message: "Too many.", retryAfterSeconds: 50 });
    expect(await counted("test:sequential")).toBe(5);

    // Once the first action is a minute old, a slot is free again.
    await consumeRateLimit(db, "test:sequential", FIVE_A_MINUTE, "Too many.", new Date(start.getTime() + 60_001));
    expect(await counted("test:sequential")).toBe(6);
  });

  it("holds under concurrency, across app instances: of 30 simultaneous requests exactly `limit` get through", async () => {
    const now = new Date();
    const result = await outcomes(Array.from({ length: 30 }, (_, i) => consumeRateLimit(instance(i), "test:slow:burst", FIVE_A_MINUTE, "Too many.", now)));
    expect(result).toEqual({ allowed: 5, refused: 25 });
    expect(await counted("test:slow:burst")).toBe(5);
  });

  it("stores keys as given, quotes and backslashes included", async () => {
    const key = "test:ip:1.2.3.4'); DELETE FROM rate_limit_events; --\\'";
    await consumeRateLimit(db, key, FIVE_A_MINUTE, "Too many.");
    await consumeRateLimit(db, "test:other", FIVE_A_MINUTE, "Too many.");
    expect(await counted(key)).toBe(1);
    expect(await counted("test:other")).toBe(1);
  });
});

describe("consumeRateLimits", () => {
  const perSession: RateLimit = { limit: 3, windowMs: 60_000 };
  const perAddress: RateLimit = { limit: 2, windowMs: 600_000 };

  it("counts under every key, or under none when one of them is at its limit, naming the first refusing check", async () => {
    const checks = (session: string) => [
      { key: `test:session:${session}`, rate: perSession, message: "Slow down." },
      { key: "test:address", rate: perAddress, message: "Too many conversations." },
    ];
    await consumeRateLimits(db, checks("a"));
    await consumeRateLimits(db, checks("b"));
    await expect(consumeRateLimits(db, checks("c"))).rejects.toMatchObject({ message: "Too many conversations." });
    expect(await counted("test:session:c")).toBe(0);
    expect(await counted("test:address")).toBe(2);
  });

  it("holds every limit under concurrency, whatever order the keys come in, without deadlocks", async () => {
    const now = new Date();
    const attempts = Array.from({ length: 30 }, (_, i) => {
      const checks = [
        { key: "test:slow:pair:session", rate: perSession, message: "Slow down." },
        { key: `test:slow:pair:address:${i % 3}`, rate: perAddress, message: "Too many conversations." },
      ];
      return consumeRateLimits(instance(i), i % 4 === 0 ? checks.reverse() : checks, now);
    });
    const result = await outcomes(attempts);
    // Three addresses allow 2 each, the shared session 3: the session's limit decides.
    expect(result).toEqual({ allowed: 3, refused: 27 });
    expect(await counted("test:slow:pair:session")).toBe(3);
    const perAddressCounts = await Promise.all([0, 1, 2].map((address) => counted(`test:slow:pair:address:${address}`)));
    expect(perAddressCounts.reduce((sum, count) => sum + count, 0)).toBe(3);
    for (const count of perAddressCounts) expect(count).toBeLessThanOrEqual(2);
  });
});

describe("purgeExpiredRateLimitEvents", () => {
  it("deletes only what no window counts any more", async () => {
    const now = new Date();
    await consumeRateLimit(db, "test:purge", FIVE_A_MINUTE, "Too many.", new Date(now.getTime() - 3_600_000));
    await consumeRateLimit(db, "test:purge", FIVE_A_MINUTE, "Too many.", now);
    expect(await purgeExpiredRateLimitEvents(db, now)).toBeGreaterThanOrEqual(1);
    expect(await counted("test:purge")).toBe(1);
  });
});
