import { getDb } from "@/lib/db/client";
import { storeFile } from "@/lib/files/files";
import { fileErrorResponse, readUploadedFile } from "@/lib/files/http";
import { callerForRoute } from "@/lib/workspace/session";

export const dynamic = "force-dynamic";

/** Uploads one file (multipart field `file`) into the caller's workspace. */
export async function POST(request: Request) {
  const caller = await callerForRoute("upload files");
  if (caller instanceof Response) return caller;
  try {
    const upload = await readUploadedFile(request);
    return Response.json(await storeFile(getDb(), caller.accountId, caller.userId, upload), { status: 201 });
  } catch (error) {
    return fileErrorResponse(error, "Uploading the file");
  }
}
