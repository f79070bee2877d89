import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import {
  MailStore,
  UnknownCursorError,
  type IdempotencyClaim,
  type NewAttachment,
  type NewEmail,
  type StoredAttachment,
  type StoredEmail,
} from "./store";

/**
 * Local stand-in for the Resend HTTP API: the `resend` SDK pointed here (RESEND_BASE_URL) sends
 * and reads mail exactly as it would against Resend, and the mail lands in PostgreSQL instead of
 * anyone's inbox. See README.md for the implemented subset.
 */

export interface MailCaptureOptions {
  host?: string;
  port?: number;
  databaseUrl: string;
  /** Largest accepted request body, and largest total of attachments per email. Default 40 MB, as Resend. */
  maxMessageBytes?: number;
  log?: (line: string) => void;
}

export interface MailCaptureServer {
  port: number;
  url: string;
  close(): Promise<void>;
}

const DEFAULT_MAX_MESSAGE_BYTES = 40 * 1024 * 1024;
const MAX_RECIPIENTS = 50;
const MAX_BATCH_SIZE = 100;
const ATTACHMENT_FETCH_TIMEOUT_MS = 10_000;
const DOWNLOAD_LINK_TTL_MS = 60 * 60 * 1000;

type ResendErrorName =
  | "validation_error"
  | "invalid_parameter"
  | "invalid_attachment"
  | "invalid_idempotency_key"
  | "invalid_idempotent_request"
  | "invalid_access"
  | "not_found"
  | "method_not_allowed"
  | "internal_server_error";

/** An error the client caused, answered in Resend's `{ statusCode, name, message }` shape. */
class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly errorName: ResendErrorName,
    message: string,
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------------------------------------
// Request validation

// Bare address or `Display Name <address>`, as Resend accepts in every address field.
const ADDRESS_PATTERN = /^(?:[^<>\r\n]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/;
const address = z
  .string()
  .trim()
  .regex(ADDRESS_PATTERN, "expected an address like `jane@example.com` or `Jane <jane@example.com>`");
// Resend takes one address as a string or several as an array; both are stored as arrays.
const addressList = z.preprocess(
  (value) => (typeof value === "string" ? [value] : value),
  z.array(address).min(1).max(MAX_RECIPIENTS),
);
const tagToken = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,256}$/, "use only ASCII letters, digits, `_` and `-` (at most 256)");
const HEADER_SAFE_TEXT = /^[^\x00-\x1f\x7f]+$/;
const MIME_TYPE = /^[\w!#$&^.+-]+\/[\w!#$&^.+-]+(?:\s*;[^\x00-\x1f\x7f]*)?$/;

const attachmentSchema = z
  .object({
    content: z.base64("expected base64 text").optional(),
    path: z.url({ protocol: /^https?$/, error: "expected an http(s) URL" }).optional(),
    filename: z.string().max(255).regex(HEADER_SAFE_TEXT, "expected a file name without control characters").optional(),
    content_type: z.string().regex(MIME_TYPE, "expected a MIME type like `application/pdf`").optional(),
    content_id: z.string().max(255).regex(HEADER_SAFE_TEXT, "expected text without control characters").optional(),
  })
  .refine((attachment) => (attachment.content === undefined) !== (attachment.path === undefined), {
    message: "give exactly one of `content` (base64) or `path` (URL)",
    path: ["content"],
  })
  .refine((attachment) => attachment.path !== undefined || attachment.filename !== undefined, {
    message: "an attachment sent as `content` needs a file name",
    path: ["filename"],
  });

const emailFields = {
  from: address,
  to: addressList,
  subject: z.string().min(1),
  cc: addressList.optional(),
  bcc: addressList.optional(),
  reply_to: addressList.optional(),
  html: z.string().optional(),
  text: z.string().optional(),
  headers: z.record(z.string(), z.string()).optional(),
  tags: z.array(z.object({ name: tagToken, value: tagToken })).optional(),
  // Stored and shown, but captured mail is never held back until then.
  scheduled_at: z.string().optional(),
  template: z.never({ error: "templates are not rendered by the mail capture; send `html` or `text`" }).optional(),
};

function requireBody<T extends { html?: string | undefined; text?: string | undefined }>(email: T): boolean {
  return email.html !== undefined || email.text !== undefined;
}
const MISSING_BODY = { message: "Missing `html` or `text` field." };

const singleEmailSchema = z
  .object({ ...emailFields, attachments: z.array(attachmentSchema).optional() })
  .refine(requireBody, MISSING_BODY);
const batchEmailSchema = z
  .object({
    ...emailFields,
    attachments: z.never({ error: "attachments are not supported in batch sending" }).optional(),
  })
  .refine(requireBody, MISSING_BODY);
const batchSchema = z.array(z.unknown()).min(1).max(MAX_BATCH_SIZE);

type SingleEmailInput = z.infer<typeof singleEmailSchema>;
type BatchEmailInput = z.infer<typeof batchEmailSchema>;

const pageQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    after: z.uuid().optional(),
    before: z.uuid().optional(),
  })
  .refine((query) => query.after === undefined || query.before === undefined, {
    message: "Use either `after` or `before`, not both.",
  });
type PageQuery = z.infer<typeof pageQuerySchema>;

function fieldName(path: readonly PropertyKey[]): string {
  return path
    .map((segment, index) =>
      typeof segment === "number" ? `[${segment}]` : `${index === 0 ? "" : "."}${String(segment)}`,
    )
    .join("");
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const segment of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}

/** Turns the first zod issue into a Resend-style message that names the offending field. */
function describeIssue(error: z.ZodError, input: unknown): string {
  const issue = error.issues[0];
  if (!issue) return "Invalid request.";
  if (issue.path.length === 0) return issue.message;
  const field = fieldName(issue.path);
  if (issue.code === "invalid_type" && valueAt(input, issue.path) === undefined) {
    return `Missing \`${field}\` field.`;
  }
  return `Invalid \`${field}\` field: ${issue.message}.`;
}

function parseOrThrow<T>(schema: z.ZodType<T>, input: unknown, prefix = ""): T {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new ApiError(422, "validation_error", prefix + describeIssue(result.error, input));
  }
  return result.data;
}

function parseUuid(value: string, name: string): string {
  if (!z.uuid().safeParse(value).success) {
    throw new ApiError(422, "invalid_parameter", `The \`${name}\` parameter must be a valid UUID.`);
  }
  return value;
}

function parsePageQuery(url: URL): PageQuery {
  return parseOrThrow(pageQuerySchema, Object.fromEntries(url.searchParams));
}

// ---------------------------------------------------------------------------------------------
// Turning validated input into stored mail

const CONTENT_TYPES_BY_EXTENSION: Record<string, string> = {
  csv: "text/csv",
  gif: "image/gif",
  htm: "text/html",
  html: "text/html",
  ics: "text/calendar",
  jpeg: "image/jpeg",
  jpg: "image/jpeg",
  json: "application/json",
  pdf: "application/pdf",
  png: "image/png",
  svg: "image/svg+xml",
  txt: "text/plain",
  webp: "image/webp",
  zip: "application/zip",
};

function contentTypeFor(filename: string): string {
  const extension = filename.split(".").pop()?.toLowerCase() ?? "";
  return CONTENT_TYPES_BY_EXTENSION[extension] ?? "application/octet-stream";
}

function filenameFromUrl(url: string): string {
  const lastSegment = new URL(url).pathname.split("/").pop() ?? "";
  try {
    return decodeURIComponent(lastSegment) || "attachment";
  } catch {
    return lastSegment || "attachment";
  }
}

/** Downloads an attachment given by `path`, as Resend does, stopping once it exceeds `budget` bytes. */
async function fetchAttachment(url: string, field: string, budget: number): Promise<Buffer> {
  const failure = (reason: string) =>
    new ApiError(422, "invalid_attachment", `Could not fetch \`${field}\` (${url}): ${reason}.`);
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(ATTACHMENT_FETCH_TIMEOUT_MS) });
  } catch (error) {
    throw failure(error instanceof Error ? error.message : String(error));
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw failure(`HTTP ${response.status}`);
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      size += chunk.value.byteLength;
      if (size > budget) {
        throw new ApiError(413, "validation_error", `\`${field}\` is larger than the ${budget} bytes left under the maxMessageBytes limit.`);
      }
      chunks.push(chunk.value);
    }
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    if (error instanceof ApiError) throw error;
    throw failure(error instanceof Error ? error.message : String(error));
  }
  return Buffer.concat(chunks);
}

async function resolveAttachments(
  attachments: NonNullable<SingleEmailInput["attachments"]>,
  maxBytes: number,
): Promise<NewAttachment[]> {
  const resolved: NewAttachment[] = [];
  let total = 0;
  for (const [index, attachment] of attachments.entries()) {
    const content =
      attachment.path !== undefined
        ? await fetchAttachment(attachment.path, `attachments[${index}].path`, maxBytes - total)
        : Buffer.from(attachment.content ?? "", "base64");
    total += content.length;
    if (total > maxBytes) {
      throw new ApiError(413, "validation_error", `Attachments exceed the ${maxBytes}-byte limit (maxMessageBytes).`);
    }
    const filename = attachment.filename ?? filenameFromUrl(attachment.path ?? "");
    resolved.push({
      filename,
      contentType: attachment.content_type ?? contentTypeFor(filename),
      contentId: attachment.content_id ?? null,
      content,
    });
  }
  return resolved;
}

function toNewEmail(input: SingleEmailInput | BatchEmailInput, attachments: NewAttachment[]): NewEmail {
  return {
    from: input.from,
    to: input.to,
    cc: input.cc ?? null,
    bcc: input.bcc ?? null,
    replyTo: input.reply_to ?? null,
    subject: input.subject,
    html: input.html ?? null,
    text: input.text ?? null,
    headers: input.headers ?? null,
    tags: input.tags ?? null,
    scheduledAt: input.scheduled_at ?? null,
    attachments,
  };
}

// ---------------------------------------------------------------------------------------------
// Response shapes, as the Resend API returns them

function emailSummaryJson(email: StoredEmail) {
  return {
    id: email.id,
    to: email.to,
    from: email.from,
    created_at: email.createdAt.toISOString(),
    subject: email.subject,
    bcc: email.bcc,
    cc: email.cc,
    reply_to: email.replyTo,
    // Captured mail has reached its only destination, the capture mailbox.
    last_event: "delivered",
    scheduled_at: email.scheduledAt,
    message_id: `<${email.id}@mail-capture.switchboard.local>`,
  };
}

function emailJson(email: StoredEmail) {
  return {
    object: "email",
    ...emailSummaryJson(email),
    html: email.html,
    text: email.text,
    tags: email.tags ?? [],
    // Not part of Resend's answer; kept so the mailbox can show the custom headers that were sent.
    headers: email.headers,
  };
}

function attachmentJson(attachment: StoredAttachment, origin: string, now: number) {
  const expiresAt = now + DOWNLOAD_LINK_TTL_MS;
  return {
    id: attachment.id,
    filename: attachment.filename,
    size: attachment.size,
    content_type: attachment.contentType,
    content_disposition: attachment.contentId === null ? "attachment" : "inline",
    ...(attachment.contentId === null ? {} : { content_id: attachment.contentId }),
    download_url: `${origin}/emails/${attachment.emailId}/attachments/${attachment.id}/content?expires=${expiresAt}`,
    expires_at: new Date(expiresAt).toISOString(),
  };
}

function paginate<T extends { id: string }>(items: T[], query: PageQuery): { page: T[]; hasMore: boolean } {
  if (query.before !== undefined) {
    const end = items.findIndex((item) => item.id === query.before);
    if (end === -1) throw new ApiError(422, "validation_error", "Invalid `before` field: no such item.");
    const start = Math.max(0, end - query.limit);
    return { page: items.slice(start, end), hasMore: start > 0 };
  }
  const start = query.after === undefined ? 0 : items.findIndex((item) => item.id === query.after) + 1;
  if (start === 0 && query.after !== undefined) {
    throw new ApiError(422, "validation_error", "Invalid `after` field: no such item.");
  }
  return { page: items.slice(start, start + query.limit), hasMore: start + query.limit < items.length };
}

// ---------------------------------------------------------------------------------------------
// HTTP plumbing

interface RequestContext {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  url: URL;
  params: string[];
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(payload) });
  res.end(payload);
}

function sendError(res: http.ServerResponse, error: ApiError): void {
  sendJson(res, error.statusCode, { statusCode: error.statusCode, name: error.errorName, message: error.message });
}

/** Reads the body up to `limit` bytes; a larger body is drained unbuffered so the client still gets the 413. */
async function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  let tooLarge = Number(req.headers["content-length"] ?? 0) > limit;
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    if (tooLarge) continue;
    size += chunk.length;
    if (size > limit) {
      tooLarge = true;
      chunks.length = 0;
      continue;
    }
    chunks.push(chunk);
  }
  if (tooLarge) {
    throw new ApiError(413, "validation_error", `Request body exceeds the ${limit}-byte limit (maxMessageBytes).`);
  }
  return Buffer.concat(chunks);
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch {
    throw new ApiError(400, "validation_error", "The request body is not valid JSON.");
  }
}

function idempotencyKeyOf(req: http.IncomingMessage): string | null {
  const key = req.headers["idempotency-key"];
  if (key === undefined) return null;
  if (typeof key !== "string" || key.length < 1 || key.length > 256) {
    throw new ApiError(400, "invalid_idempotency_key", "The `Idempotency-Key` header must be 1-256 characters.");
  }
  return key;
}

function originOf(req: http.IncomingMessage, fallback: string): string {
  return req.headers.host ? `http://${req.headers.host}` : fallback;
}

function contentDisposition(filename: string): string {
  const asciiFallback = filename.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `attachment; filename="${asciiFallback}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

// Captured HTML is untrusted: the preview may render it but never run its scripts or leak requests.
const HTML_PREVIEW_CSP =
  "sandbox; default-src 'none'; img-src data: http: https:; style-src 'unsafe-inline' http: https:; font-src data: http: https:";

// ---------------------------------------------------------------------------------------------
// The server

export async function startMailCapture(options: MailCaptureOptions): Promise<MailCaptureServer> {
  const host = options.host ?? "127.0.0.1";
  const maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  if (!Number.isInteger(maxMessageBytes) || maxMessageBytes <= 0) {
    throw new Error(`Mail capture option maxMessageBytes must be a positive integer, got ${maxMessageBytes}.`);
  }
  const log = options.log ?? (() => undefined);
  const store = await MailStore.open(options.databaseUrl);

  /**
   * Stores validated emails once per idempotency key: a repeated key with the same body gets the
   * first answer again, with a different body a 409, as Resend does.
   */
  async function storeOnce(
    ctx: RequestContext,
    raw: Buffer,
    build: () => Promise<NewEmail[]>,
    respond: (ids: string[]) => unknown,
  ): Promise<void> {
    const key = idempotencyKeyOf(ctx.req);
    const claim: IdempotencyClaim | null = key
      ? { scope: ctx.url.pathname, key, requestHash: createHash("sha256").update(raw).digest("hex") }
      : null;
    const replay = (record: { requestHash: string; response: unknown }) => {
      if (record.requestHash !== claim?.requestHash) {
        throw new ApiError(409, "invalid_idempotent_request", "Same idempotency key used with a different request payload.");
      }
      sendJson(ctx.res, 200, record.response);
    };
    // Checked before `build` so a retried request does not fetch its `path` attachments again.
    const earlier = claim ? await store.findIdempotencyRecord(claim.scope, claim.key) : null;
    if (earlier) return replay(earlier);

    const emails = await build();
    const outcome = await store.insertEmails(emails, respond, claim);
    if (outcome.kind === "replayed") return replay(outcome.record);
    for (const [index, email] of emails.entries()) {
      log(`mail captured ${outcome.ids[index]}: "${email.subject}" to ${email.to.join(", ")}`);
    }
    sendJson(ctx.res, 200, outcome.response);
  }

  async function sendOne(ctx: RequestContext): Promise<void> {
    const raw = await readBody(ctx.req, maxMessageBytes);
    const input = parseOrThrow(singleEmailSchema, parseJson(raw));
    await storeOnce(
      ctx,
      raw,
      async () => [toNewEmail(input, await resolveAttachments(input.attachments ?? [], maxMessageBytes))],
      (ids) => ({ id: ids[0] }),
    );
  }

  async function sendBatch(ctx: RequestContext): Promise<void> {
    const raw = await readBody(ctx.req, maxMessageBytes);
    const items = parseOrThrow(batchSchema, parseJson(raw));
    // Strict (the SDK's default) rejects the whole batch on the first invalid email; permissive
    // stores the valid ones and reports the rest by index.
    const permissive = ctx.req.headers["x-batch-validation"] === "permissive";
    const valid: NewEmail[] = [];
    const errors: { index: number; message: string }[] = [];
    for (const [index, item] of items.entries()) {
      try {
        valid.push(toNewEmail(parseOrThrow(batchEmailSchema, item, `emails[${index}]: `), []));
      } catch (error) {
        if (!permissive || !(error instanceof ApiError)) throw error;
        errors.push({ index, message: error.message });
      }
    }
    await storeOnce(
      ctx,
      raw,
      async () => valid,
      (ids) => {
        const data = ids.map((id) => ({ id }));
        return permissive ? { data, errors } : { data };
      },
    );
  }

  async function requireEmail(id: string): Promise<StoredEmail> {
    const email = await store.getEmail(parseUuid(id, "id"));
    if (!email) throw new ApiError(404, "not_found", `Email ${id} not found.`);
    return email;
  }

  async function requireAttachment(emailId: string, attachmentId: string): Promise<StoredAttachment> {
    await requireEmail(emailId);
    parseUuid(attachmentId, "attachment_id");
    const attachment = (await store.listAttachments(emailId)).find((candidate) => candidate.id === attachmentId);
    if (!attachment) throw new ApiError(404, "not_found", `Attachment ${attachmentId} not found on email ${emailId}.`);
    return attachment;
  }

  async function listEmails(ctx: RequestContext): Promise<void> {
    const query = parsePageQuery(ctx.url);
    try {
      const { emails, hasMore } = await store.listEmails(query);
      sendJson(ctx.res, 200, { object: "list", has_more: hasMore, data: emails.map(emailSummaryJson) });
    } catch (error) {
      if (!(error instanceof UnknownCursorError)) throw error;
      const field = query.after !== undefined ? "after" : "before";
      throw new ApiError(422, "validation_error", `Invalid \`${field}\` field: no captured email has id ${error.message}.`);
    }
  }

  async function getEmail(ctx: RequestContext): Promise<void> {
    sendJson(ctx.res, 200, emailJson(await requireEmail(ctx.params[0]!)));
  }

  async function getEmailHtml(ctx: RequestContext): Promise<void> {
    const email = await requireEmail(ctx.params[0]!);
    if (email.html === null) throw new ApiError(404, "not_found", `Email ${email.id} has no HTML body.`);
    ctx.res.writeHead(200, {
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": HTML_PREVIEW_CSP,
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
    });
    ctx.res.end(email.html);
  }

  async function listEmailAttachments(ctx: RequestContext): Promise<void> {
    const emailId = (await requireEmail(ctx.params[0]!)).id;
    const { page, hasMore } = paginate(await store.listAttachments(emailId), parsePageQuery(ctx.url));
    const origin = originOf(ctx.req, url);
    const now = Date.now();
    sendJson(ctx.res, 200, { object: "list", has_more: hasMore, data: page.map((item) => attachmentJson(item, origin, now)) });
  }

  async function getEmailAttachment(ctx: RequestContext): Promise<void> {
    const attachment = await requireAttachment(ctx.params[0]!, ctx.params[1]!);
    sendJson(ctx.res, 200, { object: "attachment", ...attachmentJson(attachment, originOf(ctx.req, url), Date.now()) });
  }

  async function downloadAttachment(ctx: RequestContext): Promise<void> {
    const [emailId, attachmentId] = [ctx.params[0]!, ctx.params[1]!];
    const expires = Number(ctx.url.searchParams.get("expires"));
    if (!Number.isFinite(expires) || expires < Date.now()) {
      throw new ApiError(403, "invalid_access", "This download link has expired or is incomplete; get a fresh `download_url` from GET /emails/:id/attachments/:attachment_id.");
    }
    const attachment = await requireAttachment(emailId, attachmentId);
    const content = await store.getAttachmentContent(emailId, attachmentId);
    if (!content) throw new ApiError(404, "not_found", `Attachment ${attachmentId} not found on email ${emailId}.`);
    ctx.res.writeHead(200, {
      "content-type": attachment.contentType,
      "content-length": content.length,
      "content-disposition": contentDisposition(attachment.filename),
      "content-security-policy": "sandbox",
      "x-content-type-options": "nosniff",
    });
    ctx.res.end(content);
  }

  const routes: { method: string; pattern: RegExp; handle: (ctx: RequestContext) => Promise<void> }[] = [
    { method: "POST", pattern: /^\/emails\/batch$/, handle: sendBatch },
    { method: "POST", pattern: /^\/emails$/, handle: sendOne },
    { method: "GET", pattern: /^\/emails$/, handle: listEmails },
    { method: "GET", pattern: /^\/emails\/([^/]+)$/, handle: getEmail },
    { method: "GET", pattern: /^\/emails\/([^/]+)\/html$/, handle: getEmailHtml },
    { method: "GET", pattern: /^\/emails\/([^/]+)\/attachments$/, handle: listEmailAttachments },
    { method: "GET", pattern: /^\/emails\/([^/]+)\/attachments\/([^/]+)$/, handle: getEmailAttachment },
    { method: "GET", pattern: /^\/emails\/([^/]+)\/attachments\/([^/]+)\/content$/, handle: downloadAttachment },
  ];

  async function route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const requestUrl = new URL(req.url ?? "/", "http://capture.invalid");
    const pathMatches = routes.filter((candidate) => candidate.pattern.test(requestUrl.pathname));
    const match = pathMatches.find((candidate) => candidate.method === req.method);
    if (!match) {
      // Whatever the client sent is of no use; read it off so the connection stays healthy.
      req.resume();
      throw pathMatches.length > 0
        ? new ApiError(405, "method_not_allowed", `Method ${req.method} is not allowed on ${requestUrl.pathname}.`)
        : new ApiError(404, "not_found", `No route ${req.method} ${requestUrl.pathname} in the mail capture.`);
    }
    const params = (match.pattern.exec(requestUrl.pathname) ?? []).slice(1).map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        throw new ApiError(422, "invalid_parameter", `The path segment "${segment}" is not valid percent-encoding.`);
      }
    });
    await match.handle({ req, res, url: requestUrl, params });
  }

  const server = http.createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (res.headersSent || res.destroyed) {
        res.destroy();
        return;
      }
      if (error instanceof ApiError) {
        sendError(res, error);
        return;
      }
      log(`mail capture: ${req.method} ${req.url} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      sendError(res, new ApiError(500, "internal_server_error", "The mail capture failed to handle this request; see its log."));
    });
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? 0, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (error) {
    await store.close();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Mail capture could not listen on ${host}:${options.port ?? 0} (host/port options): ${reason}`);
  }

  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  log(`mail capture listening on ${url}`);

  return {
    port,
    url,
    async close() {
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      await store.close();
    },
  };
}
