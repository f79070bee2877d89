import { getDb } from "@/lib/db/client";
import { receiveKnowledgeUpload } from "@/lib/knowledge/upload";
import { callerForRoute } from "@/lib/workspace/session";

export const dynamic = "force-dynamic";

/** Uploads knowledge files (multipart fields `files`) into the caller's workspace. */
export async function POST(request: Request) {
  const caller = await callerForRoute("upload files");
  if (caller instanceof Response) return caller;
  return receiveKnowledgeUpload(getDb(), caller, request);
}
