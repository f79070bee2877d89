import { cookies } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { auth } from "@/lib/auth/auth";
import { ACCOUNT_COOKIE, resolveCaller, type Caller } from "@/lib/auth/membership";
import { getDb } from "@/lib/db/client";

/**
 * The caller of a server-rendered page (once per request). Pages use this instead of
 * reading the session themselves, so account and role are decided in one place.
 */
export const requireCaller = cache(async (): Promise<Caller> => {
  const session = await auth();
  if (!session?.user?.id) redirect("/login");
  const preferred = (await cookies()).get(ACCOUNT_COOKIE)?.value;
  const caller = await resolveCaller(getDb(), session.user.id, preferred);
  if (!caller) redirect("/api/auth/signout");
  return caller;
});

/** For admin-only pages: a 403 page for everyone else. */
export async function requireAdmin(): Promise<Caller> {
  const caller = await requireCaller();
  if (caller.role !== "admin") forbidden();
  return caller;
}

/**
 * The caller of a route handler, or the response to send instead: 401 signed out, 403
 * without an active membership. Route handlers answer JSON rather than redirecting.
 */
export async function callerForRoute(action: string): Promise<Caller | Response> {
  const session = await auth();
  if (!session?.user?.id) return Response.json({ error: `Sign in to ${action}.` }, { status: 401 });
  const caller = await resolveCaller(getDb(), session.user.id, (await cookies()).get(ACCOUNT_COOKIE)?.value);
  return caller ?? Response.json({ error: "You are not a member of any workspace." }, { status: 403 });
}
