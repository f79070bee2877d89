import { cookies } from "next/headers";
import { auth } from "@/lib/auth/auth";
import { ACCOUNT_COOKIE, resolveCaller } from "@/lib/auth/membership";
import { getDb } from "@/lib/db/client";
import { errorResponse } from "@/lib/files/http";
import { receiveKnowledgeUpload } from "@/lib/knowledge/upload";

export const dynamic = "force-dynamic";

/** Uploads knowledge files (multipart fields `files`) into the caller's workspace. */
export async function POST(request: Request) {
  const session = await auth();
  if (!session?.user?.id) return errorResponse(401, "Sign in to upload files.");
  const db = getDb();
  const caller = await resolveCaller(db, session.user.id, (await cookies()).get(ACCOUNT_COOKIE)?.value);
  if (!caller) return errorResponse(403, "You are not a member of any workspace.");
  return receiveKnowledgeUpload(db, caller, request);
}
