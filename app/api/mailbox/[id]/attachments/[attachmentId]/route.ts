import { z } from "zod";
import { downloadCapturedAttachment } from "@/lib/email/mailer";
import { HTTP_STATUS_BY_KIND, UserFacingError } from "@/lib/errors";
import { callerForRoute } from "@/lib/workspace/session";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({
  id: z.uuid("The email id must be a UUID."),
  attachmentId: z.uuid("The attachment id must be a UUID."),
});


/** `filename="…"` for old clients (ASCII only) plus the exact UTF-8 name (RFC 6266). */
function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/**
 * Downloads an attachment of captured mail. Captured mail belongs to the whole installation,
 * so only admins may read it; it is always served as a download, never rendered on this origin.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string; attachmentId: string }> }) {
  const caller = await callerForRoute("download attachments");
  if (caller instanceof Response) return caller;
  if (caller.role !== "admin") return Response.json({ error: "Only workspace admins can read captured mail." }, { status: 403 });

  const parsed = paramsSchema.safeParse(await params);
  if (!parsed.success) return Response.json({ error: parsed.error.issues.map((issue) => issue.message).join(" ") }, { status: 400 });

  try {
    const attachment = await downloadCapturedAttachment(parsed.data.id, parsed.data.attachmentId);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(attachment.content);
        controller.close();
      },
    });
    return new Response(body, {
      headers: {
        "content-type": attachment.contentType,
        "content-length": String(attachment.content.byteLength),
        "content-disposition": contentDisposition(attachment.filename),
        "x-content-type-options": "nosniff",
        "cache-control": "private, no-store",
        // Should a browser still render it, the attachment gets no scripts and no access to this origin.
        "content-security-policy": "sandbox",
      },
    });
  } catch (error) {
    if (error instanceof UserFacingError) return Response.json({ error: error.message }, { status: HTTP_STATUS_BY_KIND[error.kind] });
    console.error("Downloading a captured attachment failed:", error);
    return Response.json({ error: "The mail capture could not provide this attachment; see the server log." }, { status: 502 });
  }
}
