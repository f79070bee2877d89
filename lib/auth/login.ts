import { z } from "zod";
import type { Database } from "@/lib/db/client";
import { decoyPasswordHash, verifyPassword } from "./password";

export const LOGIN_FAILURE_LIMIT = 5;
export const LOGIN_WINDOW_MS = 5 * 60 * 1000;

export const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address.")),
  password: z.string().min(1, "Enter your password.").max(200),
});

export type LoginResult =
  | { ok: true; user: { id: string; email: string; name: string } }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

/**
 * Checks a password sign-in. Failures are counted per IP + email in the database (so the
 * limit holds across app instances); the answer never says whether the email exists.
 */
export async function attemptLogin(
  db: Database,
  input: { email: string; password: string; ip: string },
  now = new Date(),
): Promise<LoginResult> {
  const email = input.email.trim().toLowerCase();
  const windowStart = new Date(now.getTime() - LOGIN_WINDOW_MS);
  const recentFailures = await db.loginAttempt.findMany({
    where: { ip: input.ip, email, createdAt: { gt: windowStart } },
    orderBy: { createdAt: "asc" },
    select: { createdAt: true },
  });
  if (recentFailures.length >= LOGIN_FAILURE_LIMIT) {
    const oldest = recentFailures[recentFailures.length - LOGIN_FAILURE_LIMIT]!.createdAt;
    const retryAfterSeconds = Math.ceil((oldest.getTime() + LOGIN_WINDOW_MS - now.getTime()) / 1000);
    return { ok: false, reason: "rate_limited", retryAfterSeconds: Math.max(retryAfterSeconds, 1) };
  }

  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, passwordHash: true, memberships: { where: { deactivatedAt: null }, select: { id: true } } },
  });
  const passwordMatches = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), input.password);
  if (!user || !passwordMatches || user.memberships.length === 0) {
    await db.$transaction([
      db.loginAttempt.create({ data: { ip: input.ip, email, createdAt: now } }),
      db.loginAttempt.deleteMany({ where: { ip: input.ip, email, createdAt: { lte: windowStart } } }),
    ]);
    return { ok: false, reason: "invalid" };
  }

  await db.$transaction([
    db.loginAttempt.deleteMany({ where: { ip: input.ip, email } }),
    db.user.update({ where: { id: user.id }, data: { lastLoginAt: now } }),
  ]);
  return { ok: true, user: { id: user.id, email: user.email, name: user.name } };
}

/** Deletes failed attempts older than the rate-limit window; returns how many. */
export async function purgeExpiredLoginAttempts(db: Database, now = new Date()): Promise<{ deleted: number }> {
  const { count } = await db.loginAttempt.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - LOGIN_WINDOW_MS) } } });
  return { deleted: count };
}
