import { z } from "zod";
import type { Channel } from "@/lib/db/generated/client";
import { parseJsonBody, payloadErrorFromZod, WebhookPayloadError } from "@/lib/channels/errors";
import type { ChannelAdapter, NormalizedInboundMessage, OutboundMessage, RawWebhookRequest } from "@/lib/channels/types";
import { messageTextTooLarge } from "@/lib/conversations/limits";
import { signedHeaders, verifySignedRequest } from "./signature";

/** Most attachments one message may carry. */
export const MAX_ATTACHMENTS = 10;
/** How long a callback URL has to answer a reply before the attempt counts as failed (and is retried). */
export const DEFAULT_CALLBACK_TIMEOUT_MS = 10_000;

const requiredOrWrongType = (expected: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? "is required" : `must be ${expected}`;

const requiredText = (maxLength: number) =>
  z
    .string({ error: requiredOrWrongType("a string") })
    .trim()
    .min(1, "must not be empty")
    .max(maxLength, `must be at most ${maxLength} characters`);

/** Optional and nullable: external systems often send `null` for what they do not know. */
const optionalText = (maxLength: number) =>
  z
    .string({ error: "must be a string" })
    .trim()
    .max(maxLength, `must be at most ${maxLength} characters`)
    .nullish()
    .transform((value) => value || undefined);

/** An absolute http(s) URL; anything else (javascript:, data:, relative) is refused. */
export const httpUrlSchema = z.url({ protocol: /^https?$/, error: "must be an absolute http(s) URL" });

const attachmentSchema = z.object(
  {
    url: httpUrlSchema,
    name: optionalText(255),
    contentType: optionalText(255),
    size: z.number({ error: "must be a number of bytes" }).int("must be a whole number of bytes").nonnegative("must not be negative").nullish(),
  },
  { error: requiredOrWrongType("an object") },
);

const webhookBodySchema = z.object(
  {
    contact: z.object(
      {
        identifier: requiredText(255),
        name: optionalText(255),
        email: z
          .email({ error: "must be an email address" })
          .max(320, "must be at most 320 characters")
          .nullish()
          .transform((value) => value || undefined),
        phone: optionalText(50),
      },
      { error: requiredOrWrongType("an object") },
    ),
    message: z.object(
      {
        id: requiredText(255),
        text: z.string({ error: requiredOrWrongType("a string") }),
        attachments: z.array(attachmentSchema, { error: "must be an array" }).nullish(),
      },
      { error: requiredOrWrongType("an object") },
    ),
  },
  { error: "must be a JSON object with contact and message" },
);

/** Parses one API-channel webhook body; errors name the field (400) or the limit (413). */
export function parseApiWebhookBody(rawBody: string): NormalizedInboundMessage {
  const parsed = webhookBodySchema.safeParse(parseJsonBody(rawBody));
  if (!parsed.success) throw payloadErrorFromZod(parsed.error);
  const { contact, message } = parsed.data;
  const attachments = message.attachments ?? [];

  const textTooLarge = messageTextTooLarge(message.text, "message.text");
  if (textTooLarge) throw new WebhookPayloadError(413, textTooLarge);
  if (attachments.length > MAX_ATTACHMENTS) {
    throw new WebhookPayloadError(413, `message.attachments has ${attachments.length} items; the limit is ${MAX_ATTACHMENTS} per message.`);
  }
  if (!message.text.trim() && attachments.length === 0) {
    throw new WebhookPayloadError(400, "message.text is empty: send some text or at least one attachment.");
  }

  return {
    externalId: message.id,
    contact,
    text: message.text,
    attachments: attachments.map((attachment) => ({
      url: attachment.url,
      name: attachment.name,
      contentType: attachment.contentType,
      size: attachment.size ?? undefined,
    })),
  };
}

/** The callback URL replies go to, or an error naming the setting to fix. */
function callbackUrlOf(channel: Channel): string {
  const settings = channel.settings;
  const configured = settings && typeof settings === "object" && !Array.isArray(settings) ? settings.callbackUrl : undefined;
  const where = `the API channel "${channel.name}" (${channel.id})`;
  if (configured === undefined || configured === null || configured === "") {
    throw new Error(`${where} has no callback URL: set settings.callbackUrl (API_CHANNEL_CALLBACK_URL for the env-declared channel) to deliver replies.`);
  }
  const checked = httpUrlSchema.safeParse(configured);
  if (!checked.success) throw new Error(`settings.callbackUrl of ${where} ${checked.error.issues[0]!.message}; fix it in the channel settings.`);
  return checked.data;
}

/** The URL without query or credentials, for error messages that end up in delivery_error. */
function describeUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}

export interface ApiChannelAdapterOptions {
  callbackTimeoutMs?: number;
}

/** The generic API channel: signed JSON webhooks in, signed JSON callbacks out. */
export function createApiChannelAdapter(options: ApiChannelAdapterOptions = {}): ChannelAdapter<Channel> {
  const timeoutMs = options.callbackTimeoutMs ?? DEFAULT_CALLBACK_TIMEOUT_MS;
  return {
    type: "api",

    verify(request: RawWebhookRequest, channel: Channel) {
      return verifySignedRequest(request, channel.webhookSecret);
    },

    parse(request: RawWebhookRequest) {
      return [parseApiWebhookBody(request.rawBody)];
    },

    async send(channel: Channel, message: OutboundMessage) {
      const url = callbackUrlOf(channel);
      if (!channel.webhookSecret) {
        throw new Error(`The API channel "${channel.name}" (${channel.id}) has no webhook secret to sign replies with: set one in its settings.`);
      }
      const body = JSON.stringify({
        conversationId: message.conversationId,
        message: {
          id: message.messageId,
          text: message.text,
          attachments: message.attachments,
          senderType: message.senderType,
          senderName: message.senderName ?? null,
        },
        contact: { identifier: message.contactIdentifier },
      });

      let response: Response;
      try {
        response = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json", "user-agent": "Switchboard", ...signedHeaders(channel.webhookSecret, body) },
          body,
          signal: AbortSignal.timeout(timeoutMs),
          redirect: "manual",
        });
      } catch (error) {
        const timedOut = error instanceof DOMException && error.name === "TimeoutError";
        const cause = timedOut ? `no answer within ${timeoutMs} ms` : error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
        throw new Error(`Could not deliver the reply to the callback URL ${describeUrl(url)}: ${cause}.`);
      }
      if (!response.ok) {
        const excerpt = (await response.text().catch(() => "")).slice(0, 200);
        throw new Error(`The callback URL ${describeUrl(url)} answered ${response.status}${excerpt ? `: ${excerpt}` : ""}.`);
      }
      // Drain the body so the connection can be reused.
      await response.arrayBuffer().catch(() => undefined);
      return {};
    },
  };
}

export const apiChannelAdapter = createApiChannelAdapter();
