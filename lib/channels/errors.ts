import type { z } from "zod";

/**
 * A webhook body an adapter cannot accept. The message names the field and what is
 * wrong with it; the webhook route answers with `status` and stores nothing.
 */
export class WebhookPayloadError extends Error {
  constructor(
    readonly status: 400 | 413,
    message: string,
  ) {
    super(message);
    this.name = "WebhookPayloadError";
  }
}

/** `message.attachments[0].url` for the path zod reports. */
function fieldName(path: readonly PropertyKey[]): string {
  return path.reduce<string>((name, key) => (typeof key === "number" ? `${name}[${key}]` : name ? `${name}.${String(key)}` : String(key)), "");
}

/**
 * A 400 naming every field zod refused, e.g. "message.text is required". Schemas phrase
 * their messages as the rest of the sentence ("is required", "must be a string").
 */
export function payloadErrorFromZod(error: z.ZodError): WebhookPayloadError {
  const problems = error.issues.map((issue) => (issue.path.length ? `${fieldName(issue.path)} ${issue.message}` : `The body ${issue.message}`));
  return new WebhookPayloadError(400, `${problems.join("; ")}.`);
}

/** JSON.parse that reports a malformed body as a 400 saying where it breaks. */
export function parseJsonBody(rawBody: string): unknown {
  try {
    return JSON.parse(rawBody);
  } catch (error) {
    const detail = error instanceof SyntaxError ? error.message : String(error);
    throw new WebhookPayloadError(400, `The body is not valid JSON (${detail}).`);
  }
}
