import type { Database } from "@/lib/db/client";
import { getDb } from "@/lib/db/client";
import type { Channel } from "@/lib/db/generated/client";
import { ChannelType } from "@/lib/db/generated/enums";
import { ChannelChangedError, ingestInbound } from "@/lib/conversations/ingest";
import { MAX_MESSAGE_TEXT_BYTES } from "@/lib/conversations/limits";
import { HTTP_STATUS_BY_KIND, UserFacingError } from "@/lib/errors";
import { WebhookPayloadError } from "./errors";
import { getChannelAdapter } from "./registry";
import type { ChannelAdapter, ChannelRef, RawWebhookRequest } from "./types";
import { readBodyBytes } from "@/lib/http/body";

/**
 * Largest webhook body read, in bytes. Above the 64 KB text limit so that a message at
 * the limit still fits with its JSON escaping and the other fields; the adapters enforce
 * the exact text limit themselves.
 */
export const MAX_WEBHOOK_BODY_BYTES = 128 * 1024;

/** Channel ids are cuids; anything else cannot match, so it is refused without a query. */
const CHANNEL_ID_FORMAT = /^[A-Za-z0-9_-]{1,64}$/;

/** How long a channel looked up for a webhook is reused before it is read again. */
const CHANNEL_CACHE_TTL_MS = 60_000;
/** Channels kept per database client; the least recently stored one goes first. */
const CHANNEL_CACHE_MAX_ENTRIES = 1_000;

/**
 * Active channels recently looked up for webhooks, by database client and id. A cached
 * row only ever speeds up the happy path: a signature it refuses is checked again
 * against the current row, and a message verified with it is stored only if the row is
 * still active and unchanged (`channelVersion`, checked in the ingest transaction), so a
 * deactivation or a new secret applies to the very next webhook, on every instance.
 */
const channelCaches = new WeakMap<Database, Map<string, { channel: Channel; expiresAt: number }>>();

function channelCache(db: Database): Map<string, { channel: Channel; expiresAt: number }> {
  let cache = channelCaches.get(db);
  if (!cache) channelCaches.set(db, (cache = new Map()));
  return cache;
}

function cachedChannel(db: Database, type: ChannelType, channelId: string): Channel | undefined {
  const entry = channelCache(db).get(channelId);
  if (!entry || entry.expiresAt < Date.now() || entry.channel.type !== type) return undefined;
  return entry.channel;
}

/** Reads the channel from the database, keeping it in the cache while it is active. */
async function lookUpChannel(db: Database, type: ChannelType, channelId: string): Promise<Channel | null> {
  const cache = channelCache(db);
  cache.delete(channelId);
  const channel = await db.channel.findFirst({ where: { id: channelId, type } });
  if (channel?.active) {
    cache.set(channelId, { channel, expiresAt: Date.now() + CHANNEL_CACHE_TTL_MS });
    if (cache.size > CHANNEL_CACHE_MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  }
  return channel;
}

export interface WebhookTarget {
  db: Database;
  channel: Channel;
  adapter: ChannelAdapter<Channel>;
  /** `channel` came from the lookup cache, so it may be out of date. */
  cached: boolean;
  /** Reads the channel again from the database: the current row, or the 404/403 answer when it is gone or deactivated. */
  reload(): Promise<Channel | Response>;
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

/** The channel's row if it exists with that type and is active, or the answer saying why not. */
function usableChannel(channel: Channel | null, type: ChannelType): Channel | Response {
  if (!channel) return problem(404, `There is no ${type} channel with this id: copy the webhook URL from the channel's settings.`);
  if (!channel.active) return problem(403, `The ${type} channel "${channel.name}" is deactivated: reactivate it in its settings to receive messages.`);
  return channel;
}

/**
 * Wraps a webhook handler for `/api/webhooks/{type}/{channelId}`: the type must have an
 * adapter and the channel must exist with that type and be active, or the request ends
 * here (404/403) without anything stored. With `reuseLookups`, a channel seen active in
 * the last minute is taken from the cache (see channelCaches). Unexpected failures
 * answer 500 so the sender retries.
 */
export function withChannel(handle: (request: Request, target: WebhookTarget) => Promise<Response>, options: { reuseLookups?: boolean } = {}) {
  return async (request: Request, { params }: WebhookRouteContext): Promise<Response> => {
    const { channel: type, channelId } = await params;
    if (!isChannelType(type)) {
      return problem(404, `There is no "${type.slice(0, 40)}" channel type; use one of ${Object.keys(ChannelType).join(", ")}.`);
    }
    const adapter = getChannelAdapter(type);
    if (!adapter) return problem(404, `Switchboard has no adapter for ${type} webhooks yet.`);

    try {
      const db = getDb();
      if (!CHANNEL_ID_FORMAT.test(channelId)) return usableChannel(null, type) as Response;
      const reload = async () => usableChannel(await lookUpChannel(db, type, channelId), type);
      const cached = options.reuseLookups ? cachedChannel(db, type, channelId) : undefined;
      const channel = cached ?? (await reload());
      if (channel instanceof Response) return channel;
      return await handle(request, { db, channel, adapter, cached: cached !== undefined, reload });
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
 * already stored (a redelivery). A cached channel that refuses the signature, or that
 * changed before a message was stored, is read again and the decision made on the
 * current row.
 */
export async function receiveWebhook(request: Request, target: WebhookTarget): Promise<Response> {
  const receivedAt = new Date();
  let rawBody: string;
  try {
    rawBody = await readBodyWithLimit(request, MAX_WEBHOOK_BODY_BYTES);
  } catch (error) {
    if (error instanceof WebhookPayloadError) return problem(error.status, error.message);
    throw error;
  }
  const raw: RawWebhookRequest = { headers: request.headers, rawBody, receivedAt };
  const progress = { stored: 0, duplicates: 0 };
  let { channel, cached } = target;
  for (;;) {
    const answer = await verifyAndStore(raw, channel, cached, target, progress);
    if (answer) return answer;
    const current = await target.reload();
    if (current instanceof Response) return current;
    [channel, cached] = [current, false];
  }
}

/**
 * Verifies and stores the webhook's messages with `channel`. Undefined when `channel` is
 * a cached row that refused the signature or changed before a message was stored: the
 * caller reads it again and retries; messages already stored stay counted in `progress`.
 */
async function verifyAndStore(
  raw: RawWebhookRequest,
  channel: Channel,
  cached: boolean,
  { db, adapter }: WebhookTarget,
  progress: { stored: number; duplicates: number },
): Promise<Response | undefined> {
  const verdict = adapter.verify(raw, channel);
  if (!verdict.ok) return cached ? undefined : problem(verdict.status, verdict.reason);
  try {
    const messages = adapter.parse(raw, channel);
    const ref: ChannelRef = { id: channel.id, accountId: channel.accountId, type: channel.type };
    for (; progress.stored < messages.length; progress.stored += 1) {
      const result = await ingestInbound(db, ref, messages[progress.stored]!, cached ? { channelVersion: channel.updatedAt } : {});
      if (result.duplicate) progress.duplicates += 1;
    }
    return Response.json({ received: messages.length, duplicates: progress.duplicates });
  } catch (error) {
    if (error instanceof WebhookPayloadError) return problem(error.status, error.message);
    if (error instanceof UserFacingError) return problem(HTTP_STATUS_BY_KIND[error.kind], error.message);
    if (error instanceof ChannelChangedError && cached) return undefined;
    throw error;
  }
}

/** GET: the platform's URL check where it has one; 405 for the others. */
export async function answerHandshake(request: Request, { channel, adapter }: WebhookTarget): Promise<Response> {
  if (!adapter.handshake) return problem(405, `${channel.type} webhooks are POST only.`, { allow: "POST" });
  return adapter.handshake(request, channel);
}
