/**
 * The signed Pusher HTTP API: publish events and read channel state.
 * Every request is authenticated exactly as the `pusher` server SDK signs it.
 */
import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { channelAttributes, type ChannelAttribute, type ChannelRegistry } from "./channels";
import {
  MAX_EVENT_NAME_LENGTH,
  channelKind,
  channelNameProblem,
  constantTimeEqual,
  encodeEvent,
  eventDataBytes,
  hmacSha256Hex,
  isValidSocketId,
} from "./protocol";

export interface HttpApiSettings {
  appId: string;
  key: string;
  secret: string;
  maxMessageBytes: number;
  maxTimestampSkewSeconds: number;
  registry: ChannelRegistry;
  log: (line: string) => void;
}

const MAX_CHANNELS_PER_EVENT = 100;
const MAX_BATCH_EVENTS = 10;
const AUTH_PARAMS = ["auth_key", "auth_timestamp", "auth_version", "auth_signature"] as const;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type Query = Map<string, string>;
type JsonObject = Record<string, unknown>;

interface ApiRequest {
  appId: string;
  channel?: string;
  query: Query;
  body: JsonObject | null;
}

interface Route {
  method: "GET" | "POST";
  pattern: RegExp;
  handle(request: ApiRequest, settings: HttpApiSettings): unknown;
}

const routes: Route[] = [
  { method: "POST", pattern: /^\/apps\/([^/]+)\/events$/, handle: triggerEvent },
  { method: "POST", pattern: /^\/apps\/([^/]+)\/batch_events$/, handle: triggerBatch },
  { method: "GET", pattern: /^\/apps\/([^/]+)\/channels$/, handle: listChannels },
  { method: "GET", pattern: /^\/apps\/([^/]+)\/channels\/([^/]+)$/, handle: describeChannel },
  { method: "GET", pattern: /^\/apps\/([^/]+)\/channels\/([^/]+)\/users$/, handle: listUsers },
];

export function createHttpApi(settings: HttpApiSettings): (req: IncomingMessage, res: ServerResponse) => void {
  // Request bodies may hold a batch of events whose data is JSON-escaped inside JSON; this bounds memory.
  const maxBodyBytes = Math.max(1024 * 1024, settings.maxMessageBytes * MAX_BATCH_EVENTS * 4);
  return (req, res) => {
    handle(req, settings, maxBodyBytes).then(
      (result) => reply(res, 200, JSON.stringify(result), "application/json"),
      (error: unknown) => {
        if (error instanceof HttpError) {
          settings.log(`realtime: ${req.method} ${req.url?.split("?")[0]} → ${error.status} ${error.message}`);
          reply(res, error.status, error.message, "text/plain; charset=utf-8");
        } else {
          settings.log(`realtime: ${req.method} ${req.url?.split("?")[0]} failed: ${String(error)}`);
          reply(res, 500, "Internal server error", "text/plain; charset=utf-8");
        }
      },
    );
  };
}

function reply(res: ServerResponse, status: number, body: string, contentType: string): void {
  if (res.headersSent) return;
  res.writeHead(status, { "content-type": contentType, "content-length": Buffer.byteLength(body) });
  res.end(body);
}

async function handle(req: IncomingMessage, settings: HttpApiSettings, maxBodyBytes: number): Promise<unknown> {
  const url = req.url ?? "/";
  const queryStart = url.indexOf("?");
  const path = queryStart === -1 ? url : url.slice(0, queryStart);
  const rawQuery = queryStart === -1 ? "" : url.slice(queryStart + 1);

  const matching = routes.filter((route) => route.pattern.test(path));
  if (matching.length === 0) throw new HttpError(404, `No such endpoint: ${path}`);
  const route = matching.find((candidate) => candidate.method === req.method);
  if (!route) throw new HttpError(405, `Method ${req.method} is not allowed on ${path}; use ${matching[0]?.method}`);
  const [, appId = "", rawChannel] = route.pattern.exec(path) ?? [];

  const rawBody = await readBody(req, maxBodyBytes);
  const query = parseQuery(rawQuery);
  verifySignature(settings, route.method, path, query, rawBody);
  if (decodePathSegment(appId, "app_id") !== settings.appId) {
    throw new HttpError(404, `Unknown app id '${appId}': this server serves app ${settings.appId}`);
  }

  let channel: string | undefined;
  if (rawChannel !== undefined) {
    channel = decodePathSegment(rawChannel, "channel_name");
    const problem = channelNameProblem(channel);
    if (problem) throw new HttpError(400, `Invalid channel_name in path: it ${problem}`);
  }
  return route.handle({ appId, channel, query, body: route.method === "POST" ? parseJsonBody(rawBody) : null }, settings);
}

function decodePathSegment(segment: string, name: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, `Malformed ${name} in path: invalid percent-encoding`);
  }
}

async function readBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  const declared = Number(req.headers["content-length"] ?? 0);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.length;
    // Keep draining so the client can read the 413, but stop buffering.
    if (total <= maxBytes) chunks.push(chunk);
  }
  if (total > maxBytes || declared > maxBytes) {
    throw new HttpError(413, `Request body is ${Math.max(total, declared)} bytes; the limit is ${maxBytes}`);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Decodes the query string without treating "+" as a space: the SDK signs values unescaped. */
function parseQuery(rawQuery: string): Query {
  const query: Query = new Map();
  for (const pair of rawQuery.split("&")) {
    if (pair === "") continue;
    const equals = pair.indexOf("=");
    const rawKey = equals === -1 ? pair : pair.slice(0, equals);
    const rawValue = equals === -1 ? "" : pair.slice(equals + 1);
    try {
      query.set(decodeURIComponent(rawKey).toLowerCase(), decodeURIComponent(rawValue));
    } catch {
      throw new HttpError(400, `Malformed query string near '${pair.slice(0, 40)}'`);
    }
  }
  return query;
}

/**
 * auth_signature = hex HMAC-SHA256(secret, "METHOD\nPATH\nk1=v1&k2=v2..."), the
 * other parameters sorted by (lower-cased) key, values unescaped.
 */
function verifySignature(settings: HttpApiSettings, method: string, path: string, query: Query, body: string): void {
  for (const param of AUTH_PARAMS) {
    if (!query.get(param)) throw new HttpError(401, `Missing query parameter '${param}': requests must be signed`);
  }
  if (query.get("auth_key") !== settings.key) {
    throw new HttpError(401, `Unknown auth_key '${query.get("auth_key")}': sign with the app key this server runs`);
  }
  if (query.get("auth_version") !== "1.0") {
    throw new HttpError(401, `Unsupported auth_version '${query.get("auth_version")}': expected 1.0`);
  }
  const timestamp = Number(query.get("auth_timestamp"));
  if (!Number.isInteger(timestamp)) throw new HttpError(401, "auth_timestamp must be a Unix time in seconds");
  const now = Math.floor(Date.now() / 1000);
  if (Math.abs(now - timestamp) > settings.maxTimestampSkewSeconds) {
    throw new HttpError(
      401,
      `Timestamp expired: auth_timestamp ${timestamp} is more than ${settings.maxTimestampSkewSeconds} s ` +
        `from server time ${now}; check the sender's clock`,
    );
  }
  if (body !== "") {
    const bodyMd5 = createHash("md5").update(body, "utf8").digest("hex");
    if (query.get("body_md5") !== bodyMd5) throw new HttpError(401, "body_md5 does not match the MD5 of the request body");
  }
  const signedQuery = [...query]
    .filter(([key]) => key !== "auth_signature")
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join("&");
  const stringToSign = `${method}\n${path}\n${signedQuery}`;
  if (!constantTimeEqual(hmacSha256Hex(settings.secret, stringToSign), query.get("auth_signature") ?? "")) {
    throw new HttpError(
      401,
      `Invalid signature: expected hex HMAC-SHA256 of ${JSON.stringify(stringToSign)} keyed with the app secret`,
    );
  }
}

function parseJsonBody(rawBody: string): JsonObject {
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody);
  } catch (error) {
    throw new HttpError(400, `Request body is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new HttpError(400, "Request body must be a JSON object");
  }
  return parsed as JsonObject;
}

interface EventToPublish {
  name: string;
  data: string;
  channels: string[];
  socketId?: string;
  info: ChannelAttribute[];
}

function requireChannelName(value: unknown, field: string): string {
  const problem = channelNameProblem(value);
  if (problem) throw new HttpError(400, `Field '${field}' is not a valid channel name: it ${problem}`);
  return value as string;
}

function parseEvent(source: JsonObject, fieldPrefix: string, settings: HttpApiSettings, channels: string[]): EventToPublish {
  const { name, data } = source;
  if (typeof name !== "string" || name === "" || name.length > MAX_EVENT_NAME_LENGTH) {
    throw new HttpError(400, `Field '${fieldPrefix}name' must be a string of 1-${MAX_EVENT_NAME_LENGTH} characters`);
  }
  if (typeof data !== "string") {
    throw new HttpError(400, `Field '${fieldPrefix}data' must be a string (the JSON-encoded event data)`);
  }
  const bytes = eventDataBytes(data);
  if (bytes > settings.maxMessageBytes) {
    throw new HttpError(413, `Field '${fieldPrefix}data' is ${bytes} bytes; the limit is ${settings.maxMessageBytes}`);
  }
  const socketId = source.socket_id;
  if (socketId !== undefined && !isValidSocketId(socketId)) {
    throw new HttpError(400, `Field '${fieldPrefix}socket_id' must look like "1234.5678"`);
  }
  return {
    name,
    data,
    channels,
    socketId,
    info: parseInfo(source.info, `Field '${fieldPrefix}info'`, ["user_count", "subscription_count"]),
  };
}

function parseInfo(value: unknown, label: string, allowed: readonly ChannelAttribute[]): ChannelAttribute[] {
  if (value === undefined || value === "") return [];
  if (typeof value !== "string") throw new HttpError(400, `${label} must be a comma-separated string`);
  return value.split(",").map((item) => {
    const attribute = item.trim() as ChannelAttribute;
    if (!allowed.includes(attribute)) {
      throw new HttpError(400, `${label} has unknown attribute '${item}'; allowed: ${allowed.join(", ")}`);
    }
    return attribute;
  });
}

/** Publishes events in order; each subscriber gets all of its messages from them in one write. */
function publish(events: EventToPublish[], registry: ChannelRegistry): void {
  registry.broadcastAll(
    events.flatMap((event) =>
      event.channels.map((channel) => ({
        channel,
        message: encodeEvent({ event: event.name, channel, data: event.data }),
        exceptSocketId: event.socketId,
      })),
    ),
  );
}

function triggerEvent({ body }: ApiRequest, settings: HttpApiSettings): unknown {
  const source = body ?? {};
  let channels: string[];
  if (source.channels !== undefined) {
    if (!Array.isArray(source.channels) || source.channels.length === 0 || source.channels.length > MAX_CHANNELS_PER_EVENT) {
      throw new HttpError(400, `Field 'channels' must be an array of 1-${MAX_CHANNELS_PER_EVENT} channel names`);
    }
    channels = source.channels.map((channel, index) => requireChannelName(channel, `channels[${index}]`));
  } else if (source.channel !== undefined) {
    channels = [requireChannelName(source.channel, "channel")];
  } else {
    throw new HttpError(400, "Field 'channels' (array of channel names) or 'channel' is required");
  }
  const event = parseEvent(source, "", settings, channels);
  publish([event], settings.registry);
  if (event.info.length === 0) return {};
  return {
    channels: Object.fromEntries(
      channels.map((channel) => [channel, channelAttributes(settings.registry, channel, event.info)]),
    ),
  };
}

function triggerBatch({ body }: ApiRequest, settings: HttpApiSettings): unknown {
  const batch = body?.batch;
  if (!Array.isArray(batch) || batch.length === 0 || batch.length > MAX_BATCH_EVENTS) {
    throw new HttpError(400, `Field 'batch' must be an array of 1-${MAX_BATCH_EVENTS} events`);
  }
  // Validate the whole batch first so a bad entry publishes nothing.
  const events = batch.map((item: unknown, index) => {
    const prefix = `batch[${index}].`;
    if (typeof item !== "object" || item === null || Array.isArray(item)) {
      throw new HttpError(400, `Field 'batch[${index}]' must be an object with channel, name and data`);
    }
    const source = item as JsonObject;
    return parseEvent(source, prefix, settings, [requireChannelName(source.channel, `${prefix}channel`)]);
  });
  publish(events, settings.registry);
  if (events.every((event) => event.info.length === 0)) return {};
  return {
    batch: events.map((event) => channelAttributes(settings.registry, event.channels[0] ?? "", event.info)),
  };
}

function listChannels({ query }: ApiRequest, settings: HttpApiSettings): unknown {
  const prefix = query.get("filter_by_prefix") ?? "";
  const info = parseInfo(query.get("info"), "Query parameter 'info'", ["user_count"]);
  if (info.length > 0 && !prefix.startsWith("presence-")) {
    throw new HttpError(400, "Query parameter 'info=user_count' requires filter_by_prefix=presence-");
  }
  const channels: Record<string, object> = {};
  for (const channel of settings.registry.occupiedChannels(prefix)) {
    channels[channel] = channelAttributes(settings.registry, channel, info);
  }
  return { channels };
}

function describeChannel({ query, channel = "" }: ApiRequest, settings: HttpApiSettings): unknown {
  const info = parseInfo(query.get("info"), "Query parameter 'info'", ["user_count", "subscription_count"]);
  if (info.includes("user_count") && channelKind(channel) !== "presence") {
    throw new HttpError(400, "Query parameter 'info=user_count' is only available for presence- channels");
  }
  return {
    occupied: settings.registry.subscriptionCount(channel) > 0,
    ...channelAttributes(settings.registry, channel, info),
  };
}

function listUsers({ channel = "" }: ApiRequest, settings: HttpApiSettings): unknown {
  if (channelKind(channel) !== "presence") {
    throw new HttpError(400, `Users are only available for presence- channels, not ${channel}`);
  }
  return { users: settings.registry.userIds(channel).map((id) => ({ id })) };
}
