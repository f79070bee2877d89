import type { Database } from "@/lib/db/client";
import { getDb } from "@/lib/db/client";
import type { Channel } from "@/lib/db/generated/client";
import { ChannelType } from "@/lib/db/generated/enums";
import { ingestInbound } from "@/lib/conversations/ingest";
import { MAX_MESSAGE_TEXT_BYTES } from "@/lib/conversations/limits";
import { HTTP_STATUS_BY_KIND, UserFacingError } from "@/lib/errors";
import { WebhookPayloadError } from "./errors";
import { getChannelAdapter } from "./registry";
import type { ChannelAdapter, ChannelRef, NormalizedInboundMessage, RawWebhookRequest } from "./types";
import { readBodyBytes } from "@/lib/http/body";

/**
 * Largest webhook body read, in bytes. Above the 64 KB text limit so that a message at
 * the limit still fits with its JSON escaping and the other fields; the adapters enforce
 * the exact text limit themselves.
 */
export const MAX_WEBHOOK_BODY_BYTES = 128 * 1024;

/** Channel ids are cuids; anything else cannot match, so it is refused without a query. */
const CHANNEL_ID_FORMAT = /^[A-Za-z0-9_-]{1,64}$/;

export interface WebhookTarget {
  db: Database;
  channel: Channel;
  adapter: ChannelAdapter<Channel>;
}

export interface WebhookRouteContext {
  params: Promise<{ channel: string; channelId: string }>;
}

function problem(status: number, error: string, headers?: HeadersInit): Response {
  return Response.json({ error }, { status, headers });
}

function isChannelType(value: string): value is ChannelType {
  return Object.hasOwn(ChannelType, value);
}

/**
 * Wraps a webhook handler for `/api/webhooks/{type}/{channelId}`: the type must have an
 * adapter and the channel must exist with that type and be active, or the request ends
 * here (404/403) without anything stored. Unexpected failures answer 500 so the sender
 * retries.
 */
export function withChannel(handle: (request: Request, target: WebhookTarget) => Promise<Response>) {
  return async (request: Request, { params }: WebhookRouteContext): Promise<Response> => {
    const { channel: type, channelId } = await params;
    if (!isChannelType(type)) {
      return problem(404, `There is no "${type.slice(0, 40)}" channel type; use one of ${Object.keys(ChannelType).join(", ")}.`);
    }
    const adapter = getChannelAdapter(type);
    if (!adapter) return problem(404, `Switchboard has no adapter for ${type} webhooks yet.`);

    try {
      const db = getDb();
      const channel = CHANNEL_ID_FORMAT.test(channelId) ? await db.channel.findFirst({ where: { id: channelId, type } }) : null;
      if (!channel) return problem(404, `There is no ${type} channel with this id: copy the webhook URL from the channel's settings.`);
      if (!channel.active) return problem(403, `The ${type} channel "${channel.name}" is deactivated: reactivate it in its settings to receive messages.`);
      return await handle(request, { db, channel, adapter });
    } catch (error) {
      console.error(`Handling a ${type} webhook for channel ${channelId} failed:`, error);
      return problem(500, "Switchboard could not process this webhook. Retry it: messages already stored are recognized by their id.");
    }
  };
}

/**
 * Reads at most `limit` bytes of the body, refusing more with a 413 before it is all
 * buffered. Decoding is strict and keeps a byte-order mark, so the text is exactly the
 * bytes that were signed.
 */
export async function readBodyWithLimit(request: Request, limit: number): Promise<string> {
  const tooLarge = () =>
    new WebhookPayloadError(413, `The body is over the ${limit / 1024} KB limit for webhooks (message text may be at most ${MAX_MESSAGE_TEXT_BYTES / 1024} KB).`);
  const bytes = await readBodyBytes(request, limit, tooLarge);
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new WebhookPayloadError(400, "The body is not valid UTF-8.");
  }
}

/**
 * POST: size cap, signature check, parse, then one `ingestInbound` per message. Nothing
 * but the channel lookup touches the database before the signature has been verified.
 * Answers `{ received, duplicates }`: messages in the request, and how many of them were
 * already stored (a redelivery).
 */
export async function receiveWebhook(request: Request, { db, channel, adapter }: WebhookTarget): Promise<Response> {
  const receivedAt = new Date();
  let messages: NormalizedInboundMessage[];
  try {
    const rawBody = await readBodyWithLimit(request, MAX_WEBHOOK_BODY_BYTES);
    const raw: RawWebhookRequest = { headers: request.headers, rawBody, receivedAt };
    const verdict = adapter.verify(raw, channel);
    if (!verdict.ok) return problem(verdict.status, verdict.reason);
    messages = adapter.parse(raw, channel);
  } catch (error) {
    if (error instanceof WebhookPayloadError) return problem(error.status, error.message);
    throw error;
  }

  const ref: ChannelRef = { id: channel.id, accountId: channel.accountId, type: channel.type };
  let duplicates = 0;
  try {
    for (const message of messages) {
      const result = await ingestInbound(db, ref, message);
      if (result.duplicate) duplicates += 1;
    }
  } catch (error) {
    if (error instanceof UserFacingError) return problem(HTTP_STATUS_BY_KIND[error.kind], error.message);
    throw error;
  }
  return Response.json({ received: messages.length, duplicates });
}

/** GET: the platform's URL check where it has one; 405 for the others. */
export async function answerHandshake(request: Request, { channel, adapter }: WebhookTarget): Promise<Response> {
  if (!adapter.handshake) return problem(405, `${channel.type} webhooks are POST only.`, { allow: "POST" });
  return adapter.handshake(request, channel);
}
