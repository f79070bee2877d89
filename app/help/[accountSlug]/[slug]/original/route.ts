import { getDb } from "@/lib/db/client";
import { errorResponse, fileResponse } from "@/lib/files/http";
import { readPublicOriginal } from "@/lib/knowledge/public";

export const dynamic = "force-dynamic";

/** The uploaded original of a public help article (its image, or the PDF it was read from). */
export async function GET(_request: Request, { params }: { params: Promise<{ accountSlug: string; slug: string }> }) {
  const { accountSlug, slug } = await params;
  const file = await readPublicOriginal(getDb(), accountSlug, slug);
  return file ? fileResponse(file) : errorResponse(404, "No such article.");
}
