import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { setupTestDatabase } from "@/tests/helpers/db";
import { createAccountWithStaff, TEST_PASSWORD } from "@/tests/helpers/factories";
import { attemptLogin, LOGIN_FAILURE_LIMIT, purgeExpiredLoginAttempts } from "./login";

const testDb = setupTestDatabase();
let db: Database;
let staff: Awaited<ReturnType<typeof createAccountWithStaff>>;

beforeAll(async () => {
  db = testDb.db;
  staff = await createAccountWithStaff(db);
});

describe("attemptLogin", () => {
  it("accepts the right password, case-insensitively on the email", async () => {
    const result = await attemptLogin(db, { email: staff.agent.email.toUpperCase(), password: TEST_PASSWORD, ip: "10.0.0.1" });
    expect(result).toEqual({ ok: true, user: { id: staff.agent.id, email: staff.agent.email, name: staff.agent.name } });
    const user = await db.user.findUniqueOrThrow({ where: { id: staff.agent.id } });
    expect(user.lastLoginAt).not.toBeNull();
  });

  it("gives the same answer for a wrong password and an unknown email", async () => {
    const wrongPassword = await attemptLogin(db, { email: staff.agent.email, password: "not the password", ip: "10.0.0.2" });
    const unknownEmail = await attemptLogin(db, { email: "nobody@example.test", password: TEST_PASSWORD, ip: "10.0.0.2" });
    expect(wrongPassword).toEqual({ ok: false, reason: "invalid" });
    expect(unknownEmail).toEqual(wrongPassword);
  });

  it("refuses a user whose only membership is deactivated", async () => {
    const other = await createAccountWithStaff(db, "Deactivated Co");
    await db.membership.updateMany({ where: { userId: other.agent.id }, data: { deactivatedAt: new Date() } });
    const result = await attemptLogin(db, { email: other.agent.email, password: TEST_PASSWORD, ip: "10.0.0.3" });
    expect(result).toEqual({ ok: false, reason: "invalid" });
  });

  it(`locks an IP + email out after ${LOGIN_FAILURE_LIMIT} failures for five minutes, even with the right password`, async () => {
    const ip = "10.0.0.4";
    const start = new Date("2026-01-01T10:00:00Z");
    for (let i = 0; i < LOGIN_FAILURE_LIMIT; i++) {
      const attempt = await attemptLogin(db, { email: staff.admin.email, password: "wrong", ip }, new Date(start.getTime() + i * 1000));
      expect(attempt).toEqual({ ok: false, reason: "invalid" });
    }
    const locked = await attemptLogin(db, { email: staff.admin.email, password: TEST_PASSWORD, ip }, new Date(start.getTime() + 10_000));
    expect(locked).toMatchObject({ ok: false, reason: "rate_limited" });
    expect((locked as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(280);

    // Another IP is not affected, and the lock lifts once the window has passed.
    expect(await attemptLogin(db, { email: staff.admin.email, password: TEST_PASSWORD, ip: "10.0.0.5" }, new Date(start.getTime() + 10_000))).toMatchObject({ ok: true });
    expect(await attemptLogin(db, { email: staff.admin.email, password: TEST_PASSWORD, ip }, new Date(start.getTime() + 6 * 60_000))).toMatchObject({ ok: true });
  });
});

describe("purgeExpiredLoginAttempts", () => {
  it("drops attempts older than the window and keeps recent ones", async () => {
    const now = new Date("2026-03-01T12:00:00Z");
    await db.loginAttempt.createMany({
      data: [
        { ip: "10.9.9.9", email: "old@example.test", createdAt: new Date(now.getTime() - 6 * 60_000) },
        { ip: "10.9.9.9", email: "recent@example.test", createdAt: new Date(now.getTime() - 60_000) },
      ],
    });
    const { deleted } = await purgeExpiredLoginAttempts(db, now);
    expect(deleted).toBeGreaterThanOrEqual(1);
    const left = await db.loginAttempt.findMany({ where: { ip: "10.9.9.9" }, select: { email: true } });
    expect(left).toEqual([{ email: "recent@example.test" }]);
  });
});
