import { z } from "zod";
import type { InboundAttachment } from "@/lib/channels/types";
import type { Database } from "@/lib/db/client";
import { describeFiles } from "@/lib/files/files";
import { fileIdFromUrl } from "@/lib/files/shared";

export const MAX_ATTACHMENTS_PER_MESSAGE = 10;

const attachmentUrlError = "attachments[].url must be an http(s) URL or an uploaded file's /api/files/<id> address.";

/** One stored attachment: [{ url, name, contentType, size }] on messages.attachments. */
export const attachmentSchema = z.object({
  url: z
    .string(attachmentUrlError)
    .max(2_048)
    .refine((url) => fileIdFromUrl(url) !== null || z.url({ protocol: /^https?$/ }).safeParse(url).success, attachmentUrlError),
  name: z.string().max(255).optional(),
  contentType: z.string().max(255).optional(),
  size: z.number().int().nonnegative().optional(),
});

export const attachmentListSchema = z
  .array(attachmentSchema)
  .max(MAX_ATTACHMENTS_PER_MESSAGE, `A message carries at most ${MAX_ATTACHMENTS_PER_MESSAGE} attachments.`);

const storedAttachmentListSchema = z.array(
  z.object({ url: z.string(), name: z.string().optional(), contentType: z.string().optional(), size: z.number().optional() }),
);

/** The attachments column read back (channels may store non-http URLs such as platform file references). */
export function storedAttachments(value: unknown): InboundAttachment[] {
  const parsed = storedAttachmentListSchema.safeParse(value);
  if (!parsed.success) throw new Error(`messages.attachments is not a list of { url, name?, contentType?, size? }: ${parsed.error.message}`);
  return parsed.data;
}

/**
 * The attachments of an outgoing message, checked against `accountId`: uploaded files
 * (`/api/files/<id>`) must be files of that account (not_found otherwise) and carry their
 * stored name, type and size whatever the client claimed; links pass through.
 */
export async function resolveAttachments(db: Database, accountId: string, attachments: InboundAttachment[]): Promise<InboundAttachment[]> {
  const fileIds = attachments.map((attachment) => fileIdFromUrl(attachment.url)).filter((id) => id !== null);
  const files = await describeFiles(db, accountId, fileIds);
  return attachments.map((attachment) => {
    const fileId = fileIdFromUrl(attachment.url);
    const file = fileId ? files.get(fileId) : undefined;
    return file ? { url: file.url, name: file.name, contentType: file.contentType, size: file.size } : attachment;
  });
}
