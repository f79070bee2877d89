import {
  Resend,
  type AttachmentData,
  type ErrorResponse,
  type GetEmailResponseSuccess,
  type ListEmailsResponseSuccess,
} from "resend";
import { z } from "zod";
import { UserFacingError } from "@/lib/errors";

/**
 * Outgoing mail. With RESEND_API_KEY mail goes to Resend ("hosted"); without it the same SDK
 * talks to the embedded mail capture at RESEND_BASE_URL ("embedded"), whose mail is read back
 * for the admin Mailbox page.
 */

export type MailMode = "hosted" | "embedded";

export const DEFAULT_MAIL_FROM = "Switchboard <support@switchboard.local>";

// The SDK refuses to start without a key; the mail capture accepts any.
const EMBEDDED_API_KEY = "re_embedded_mail_capture";

// Bare address or `Display Name <address>`, the forms Resend accepts.
const mailAddress = z.union([z.email(), z.string().regex(/^[^<>\r\n]*<[^\s@<>]+@[^\s@<>.]+(\.[^\s@<>.]+)+>$/)], {
  error: "expected an address like `jane@example.com` or `Jane <jane@example.com>`",
});

function configured(name: "RESEND_API_KEY" | "RESEND_BASE_URL" | "MAIL_FROM"): string | undefined {
  const value = process.env[name]?.trim();
  return value ? value : undefined;
}

function resendBaseUrl(): string | undefined {
  const value = configured("RESEND_BASE_URL");
  if (value === undefined) return undefined;
  if (!z.url({ protocol: /^https?$/ }).safeParse(value).success) {
    throw new Error(`RESEND_BASE_URL must be an http(s) URL such as http://127.0.0.1:4010, got "${value}".`);
  }
  // The SDK appends paths like `/emails` verbatim.
  return value.replace(/\/+$/, "");
}

function mailFrom(): string {
  const value = configured("MAIL_FROM") ?? DEFAULT_MAIL_FROM;
  if (!mailAddress.safeParse(value).success) {
    throw new Error(`MAIL_FROM must be an address like "Switchboard <support@example.com>", got "${value}".`);
  }
  return value;
}

export function mailMode(): MailMode {
  return configured("RESEND_API_KEY") ? "hosted" : "embedded";
}

/** A Resend client for the current configuration (read from the environment on every call). */
export function getMailer(): Resend {
  const apiKey = configured("RESEND_API_KEY");
  const baseUrl = resendBaseUrl();
  if (apiKey) return new Resend(apiKey, { baseUrl });
  if (!baseUrl) {
    throw new Error(
      "Email is not configured: set RESEND_API_KEY to send through Resend, or RESEND_BASE_URL to the " +
        "embedded mail capture (`npm start` and `npm run dev` set it).",
    );
  }
  return new Resend(EMBEDDED_API_KEY, { baseUrl });
}

/** Resend (or the mail capture) refused or could not be reached. */
export class EmailError extends Error {
  readonly statusCode: number | null;
  readonly code: ErrorResponse["name"];

  constructor(action: string, error: ErrorResponse, mailer: Resend) {
    const unreachable = error.statusCode === null ? ` No answer from ${mailer.baseUrl}: check RESEND_BASE_URL and that the mail service is running.` : "";
    super(`${action} failed: ${error.message} (${error.name}, HTTP ${error.statusCode ?? "none"}).${unreachable}`);
    this.name = "EmailError";
    this.statusCode = error.statusCode;
    this.code = error.name;
  }
}

function parseInput<T>(schema: z.ZodType<T>, input: unknown, action: string): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.join(".") || "input";
  throw new Error(`${action}: invalid \`${field}\`: ${issue?.message ?? "invalid input"}`);
}

const sendEmailSchema = z.object({
  to: z.union([mailAddress, z.array(mailAddress).min(1).max(50)]),
  subject: z.string().trim().min(1),
  html: z.string().min(1),
  text: z.string().optional(),
  from: mailAddress.optional(),
  attachments: z
    .array(
      z.object({
        filename: z.string().min(1),
        /** Bytes, or the bytes as a base64 string. */
        content: z.union([z.instanceof(Uint8Array), z.base64()]),
        contentType: z.string().min(1).optional(),
      }),
    )
    .optional(),
  idempotencyKey: z.string().min(1).max(256).optional(),
});

export type SendEmailInput = z.input<typeof sendEmailSchema>;

/** Sends one email from MAIL_FROM (or `from`) and returns its Resend id. */
export async function sendEmail(input: SendEmailInput): Promise<{ id: string }> {
  const email = parseInput(sendEmailSchema, input, "sendEmail");
  const mailer = getMailer();
  const { data, error } = await mailer.emails.send(
    {
      from: email.from ?? mailFrom(),
      to: email.to,
      subject: email.subject,
      html: email.html,
      text: email.text,
      attachments: email.attachments,
    },
    { idempotencyKey: email.idempotencyKey },
  );
  if (error) throw new EmailError(`Sending "${email.subject}" to ${[email.to].flat().join(", ")}`, error, mailer);
  return { id: data.id };
}

// ---------------------------------------------------------------------------------------------
// Reading captured mail (embedded mode only), for the admin Mailbox page

function captureMailer(action: string): Resend {
  if (mailMode() === "hosted") {
    throw new UserFacingError(
      "unavailable",
      `${action}: the mailbox shows mail captured locally, but RESEND_API_KEY is set, so mail goes to Resend; see the Resend dashboard.`,
    );
  }
  return getMailer();
}

function readFailure(action: string, error: ErrorResponse, mailer: Resend): Error {
  if (error.name === "not_found") return new UserFacingError("not_found", `${action}: ${error.message}`);
  if (error.name === "validation_error" || error.name === "invalid_parameter") {
    return new UserFacingError("invalid", `${action}: ${error.message}`);
  }
  return new EmailError(action, error, mailer);
}

const emailId = z.uuid({ error: "expected an email id (UUID)" });

const listCapturedSchema = z
  .object({
    limit: z.number().int().min(1).max(100).optional(),
    after: emailId.optional(),
    before: emailId.optional(),
  })
  .refine((page) => page.after === undefined || page.before === undefined, {
    message: "use either `after` or `before`, not both",
  });

export type CapturedEmailPage = ListEmailsResponseSuccess;
export type CapturedEmail = GetEmailResponseSuccess & { attachments: AttachmentData[] };

/** Captured mail, newest first; page with the `after`/`before` cursors (email ids). */
export async function listCapturedEmails(
  page: z.input<typeof listCapturedSchema> = {},
): Promise<CapturedEmailPage> {
  const action = "Listing captured email";
  const query = parseInput(listCapturedSchema, page, action);
  const mailer = captureMailer(action);
  const { data, error } =
    query.before !== undefined
      ? await mailer.emails.list({ limit: query.limit, before: query.before })
      : await mailer.emails.list({ limit: query.limit, after: query.after });
  if (error) throw readFailure(action, error, mailer);
  return data;
}

/** One captured email with its body (html/text) and attachment metadata, including download links. */
export async function getCapturedEmail(id: string): Promise<CapturedEmail> {
  const action = `Reading captured email ${id}`;
  parseInput(emailId, id, action);
  const mailer = captureMailer(action);
  const email = await mailer.emails.get(id);
  if (email.error) throw readFailure(action, email.error, mailer);
  const attachments: AttachmentData[] = [];
  for (let after: string | undefined; ; ) {
    const page = await mailer.emails.attachments.list({ emailId: id, limit: 100, after });
    if (page.error) throw readFailure(action, page.error, mailer);
    attachments.push(...page.data.data);
    after = page.data.data.at(-1)?.id;
    if (!page.data.has_more || after === undefined) break;
  }
  return { ...email.data, attachments };
}

export interface CapturedAttachment {
  filename: string;
  contentType: string;
  content: Uint8Array;
}

/** The bytes of one captured attachment, fetched through its download link. */
export async function downloadCapturedAttachment(id: string, attachmentId: string): Promise<CapturedAttachment> {
  const action = `Downloading attachment ${attachmentId} of captured email ${id}`;
  parseInput(z.object({ id: emailId, attachmentId: z.uuid() }), { id, attachmentId }, action);
  const mailer = captureMailer(action);
  const { data, error } = await mailer.emails.attachments.get({ emailId: id, id: attachmentId });
  if (error) throw readFailure(action, error, mailer);
  const response = await fetch(data.download_url);
  if (!response.ok) throw new Error(`${action} failed: HTTP ${response.status} from ${data.download_url}.`);
  return {
    filename: data.filename ?? "attachment",
    contentType: data.content_type,
    content: new Uint8Array(await response.arrayBuffer()),
  };
}
