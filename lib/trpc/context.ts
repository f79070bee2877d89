import { auth } from "@/lib/auth/auth";
import { ACCOUNT_COOKIE, resolveCaller } from "@/lib/auth/membership";
import { getDb, type Database } from "@/lib/db/client";
import type { TRPCContext } from "./init";

function readCookie(headers: Headers, name: string): string | null {
  for (const part of headers.get("cookie")?.split(";") ?? []) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return decodeURIComponent(value.join("="));
  }
  return null;
}

/** Builds the context for a user: the one place that decides account and role. */
export async function contextForUser(db: Database, userId: string | null, preferredAccountId?: string | null): Promise<TRPCContext> {
  const caller = userId ? await resolveCaller(db, userId, preferredAccountId) : null;
  return { db, userId, caller };
}

export async function createTRPCContext(opts: { headers: Headers }): Promise<TRPCContext> {
  const session = await auth();
  return contextForUser(getDb(), session?.user?.id ?? null, readCookie(opts.headers, ACCOUNT_COOKIE));
}
