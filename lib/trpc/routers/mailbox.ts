import { z } from "zod";
import { getCapturedEmail, listCapturedEmails } from "@/lib/email/mailer";
import { adminProcedure, createTRPCRouter } from "../init";

// Captured mail is the whole installation's outgoing mail, not one account's: admin-only.

// Custom headers the sender set; the mail capture returns them beside Resend's fields.
const capturedHeaders = z.record(z.string(), z.string()).nullable().catch(null);

export const mailboxRouter = createTRPCRouter({
  /** Newest first; `cursor` is the id of the last email of the previous page. */
  list: adminProcedure
    .input(z.object({ limit: z.number().int().min(1).max(100).optional(), cursor: z.uuid().nullish() }))
    .query(({ input }) => listCapturedEmails({ limit: input.limit, after: input.cursor ?? undefined })),
  get: adminProcedure.input(z.object({ id: z.uuid("id must be an email id (UUID).") })).query(async ({ input }) => {
    const email = await getCapturedEmail(input.id);
    return {
      ...email,
      headers: capturedHeaders.parse((email as { headers?: unknown }).headers ?? null),
      // Downloads go through /api/mailbox/…, which checks the caller; the capture's own links are internal.
      attachments: email.attachments.map(({ download_url: _url, expires_at: _expires, ...attachment }) => attachment),
    };
  }),
});
