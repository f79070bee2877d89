import { auth } from "@/lib/auth/auth";
import { getDb } from "@/lib/db/client";
import { readFileForMember } from "@/lib/files/files";
import { errorResponse, fileErrorResponse, fileResponse } from "@/lib/files/http";

export const dynamic = "force-dynamic";

/** A stored file, for members of the workspace it belongs to. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const session = await auth();
  if (!session?.user?.id) return errorResponse(401, "Sign in to download files.");
  try {
    return fileResponse(await readFileForMember(getDb(), session.user.id, (await params).id));
  } catch (error) {
    return fileErrorResponse(error, "Reading the file");
  }
}
