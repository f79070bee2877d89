import { cookies } from "next/headers";
import { auth } from "@/lib/auth/auth";
import { ACCOUNT_COOKIE, resolveCaller } from "@/lib/auth/membership";
import { getDb } from "@/lib/db/client";
import { storeFile } from "@/lib/files/files";
import { errorResponse, fileErrorResponse, readUploadedFile } from "@/lib/files/http";

export const dynamic = "force-dynamic";

/** Uploads one file (multipart field `file`) into the caller's workspace. */
export async function POST(request: Request) {
  const session = await auth();
  if (!session?.user?.id) return errorResponse(401, "Sign in to upload files.");
  const db = getDb();
  const caller = await resolveCaller(db, session.user.id, (await cookies()).get(ACCOUNT_COOKIE)?.value);
  if (!caller) return errorResponse(403, "You are not a member of any workspace.");
  try {
    const upload = await readUploadedFile(request);
    return Response.json(await storeFile(db, caller.accountId, caller.userId, upload), { status: 201 });
  } catch (error) {
    return fileErrorResponse(error, "Uploading the file");
  }
}
