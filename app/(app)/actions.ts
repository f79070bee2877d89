"use server";

import { cookies } from "next/headers";
import { z } from "zod";
import { auth, signOut } from "@/lib/auth/auth";
import { ACCOUNT_COOKIE, resolveCaller } from "@/lib/auth/membership";
import { getDb } from "@/lib/db/client";

/** Opens another of the user's accounts; refuses accounts they do not belong to. */
export async function switchAccountAction(accountId: string): Promise<void> {
  const id = z.string().min(1).parse(accountId);
  const session = await auth();
  if (!session?.user?.id) throw new Error("Sign in again to switch workspaces.");
  const caller = await resolveCaller(getDb(), session.user.id, id);
  if (caller?.accountId !== id) throw new Error("You are not a member of that workspace.");
  (await cookies()).set(ACCOUNT_COOKIE, id, { httpOnly: true, sameSite: "lax", path: "/", maxAge: 60 * 60 * 24 * 365 });
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/login" });
}
