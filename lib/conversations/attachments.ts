import { z } from "zod";
import type { InboundAttachment } from "@/lib/channels/types";

export const MAX_ATTACHMENTS_PER_MESSAGE = 10;

/** One stored attachment: [{ url, name, contentType, size }] on messages.attachments. */
export const attachmentSchema = z.object({
  url: z.url("attachments[].url must be an http(s) URL.").max(2_048),
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
