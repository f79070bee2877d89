/**
 * One websocket client: handshake checks, the events it may send
 * (ping/pong, subscribe/unsubscribe, client-*), liveness.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocket, type RawData } from "ws";
import type { ChannelRegistry, PresenceMember, Subscriber } from "./channels";
import {
  ErrorCode,
  MAX_EVENT_NAME_LENGTH,
  SUPPORTED_PROTOCOL_VERSION,
  channelKind,
  channelNameProblem,
  encodeError,
  encodeEvent,
  eventDataBytes,
  isEncryptedChannel,
  isValidChannelAuth,
  newSocketId,
} from "./protocol";

export interface ConnectionSettings {
  key: string;
  secret: string;
  maxMessageBytes: number;
  activityTimeoutSeconds: number;
  pongTimeoutSeconds: number;
  registry: ChannelRegistry;
  log: (line: string) => void;
}

export interface Refusal {
  code: number;
  message: string;
}

/** Checks the upgrade request's path (`/app/{key}`) and `protocol` query parameter. */
export function handshakeRefusal(request: IncomingMessage, key: string): Refusal | null {
  const url = new URL(request.url ?? "/", "http://localhost");
  const match = /^\/app\/([^/]+)$/.exec(url.pathname);
  if (!match?.[1]) {
    return { code: ErrorCode.PATH_NOT_FOUND, message: `Path not found: connect to /app/{key}` };
  }
  if (decodeKey(match[1]) !== key) {
    return { code: ErrorCode.APP_NOT_FOUND, message: `App key ${match[1]} does not exist` };
  }
  const protocol = url.searchParams.get("protocol");
  if (protocol === null) {
    return { code: ErrorCode.NO_PROTOCOL_VERSION, message: "No protocol version supplied: add ?protocol=7" };
  }
  if (!/^\d+$/.test(protocol)) {
    return { code: ErrorCode.INVALID_VERSION_FORMAT, message: `Invalid protocol version format: ${protocol}` };
  }
  if (Number(protocol) !== SUPPORTED_PROTOCOL_VERSION) {
    return {
      code: ErrorCode.UNSUPPORTED_PROTOCOL,
      message: `Unsupported protocol version ${protocol}: this server speaks ${SUPPORTED_PROTOCOL_VERSION}`,
    };
  }
  return null;
}

function decodeKey(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // invalid percent-encoding: compared as-is, so it simply does not match
  }
}

/** Tells a client why it cannot connect (event first, for clients that ignore close codes), then closes. */
export function refuse(ws: WebSocket, refusal: Refusal): void {
  ws.send(encodeError(refusal.code, refusal.message));
  ws.close(refusal.code, refusal.message.slice(0, 120));
}

type JsonObject = Record<string, unknown>;

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export class ClientConnection implements Subscriber {
  readonly socketId = newSocketId();
  private readonly channels = new Set<string>();
  private lastActivityAt = Date.now();
  private pingSentAt: number | null = null;
  private disposed = false;

  constructor(
    private readonly ws: WebSocket,
    /** The upgraded socket under `ws`, corked while several frames are written to it. */
    private readonly socket: Duplex,
    private readonly settings: ConnectionSettings,
    private readonly onGone: (connection: ClientConnection) => void,
  ) {
    ws.on("message", (raw, isBinary) => this.receive(raw, isBinary));
    ws.on("pong", () => this.markActive());
    ws.on("close", () => this.dispose());
    // Transport errors (e.g. an oversized frame) end in "close"; they must not reach the process.
    ws.on("error", (error) => settings.log(`realtime: socket ${this.socketId} error: ${error.message}`));
    this.send(
      encodeEvent({
        event: "pusher:connection_established",
        data: { socket_id: this.socketId, activity_timeout: settings.activityTimeoutSeconds },
      }),
    );
  }

  /** Sends a JSON message; a Buffer is sent as-is (still a text frame). */
  send(message: string | Buffer): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(message, { binary: false });
  }

  sendFrames(frames: readonly Buffer[]): void {
    if (frames.length === 1) {
      this.send(frames[0]!);
      return;
    }
    // ws writes each frame on its own; corked, the frames leave in one write.
    this.socket.cork();
    try {
      for (const frame of frames) this.send(frame);
    } finally {
      this.socket.uncork();
    }
  }

  /** Called periodically: pings an idle client, drops one that did not answer the ping in time. */
  checkLiveness(now: number): void {
    if (this.pingSentAt !== null) {
      if (now - this.pingSentAt >= this.settings.pongTimeoutSeconds * 1000) {
        this.disconnect(ErrorCode.PONG_NOT_RECEIVED, "Pong reply not received");
      }
      return;
    }
    if (now - this.lastActivityAt >= this.settings.activityTimeoutSeconds * 1000) {
      this.pingSentAt = now;
      this.send(encodeEvent({ event: "pusher:ping", data: {} }));
    }
  }

  /** Closes with a protocol close code and forgets the client at once (a dead peer may never finish the close handshake). */
  disconnect(code: number, reason: string): void {
    this.ws.close(code, reason);
    this.dispose();
  }

  /** Drops the socket without a close handshake (server shutdown). */
  terminate(): void {
    this.ws.terminate();
    this.dispose();
  }

  private dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const channel of this.channels) this.settings.registry.unsubscribe(channel, this.socketId);
    this.channels.clear();
    this.onGone(this);
  }

  private markActive(): void {
    this.lastActivityAt = Date.now();
    this.pingSentAt = null;
  }

  private sendError(code: number | null, message: string, channel?: string): void {
    this.send(encodeError(code, message, channel));
  }

  private receive(raw: RawData, isBinary: boolean): void {
    this.markActive();
    try {
      this.handleFrame(raw, isBinary);
    } catch (error) {
      // A bug handling one client's frame must not take the server down with it.
      this.settings.log(`realtime: failed to handle a frame from ${this.socketId}: ${String(error)}`);
      this.sendError(null, "Internal error while handling the message");
    }
  }

  private handleFrame(raw: RawData, isBinary: boolean): void {
    if (isBinary) {
      this.sendError(null, "Binary frames are not supported: send JSON text frames");
      return;
    }
    let message: unknown;
    try {
      message = JSON.parse(raw.toString());
    } catch {
      this.sendError(null, 'Malformed message: expected a JSON object like {"event":"...","data":{...}}');
      return;
    }
    if (!isJsonObject(message) || typeof message.event !== "string") {
      this.sendError(null, "Malformed message: missing string field 'event'");
      return;
    }
    const { event } = message;
    if (event === "pusher:ping") this.send(encodeEvent({ event: "pusher:pong", data: {} }));
    else if (event === "pusher:pong") return; // markActive already recorded it
    else if (event === "pusher:subscribe") this.subscribe(message.data);
    else if (event === "pusher:unsubscribe") this.unsubscribe(message.data);
    else if (event.startsWith("client-")) this.relayClientEvent(event, message);
    else this.sendError(null, `Unsupported event '${event.slice(0, MAX_EVENT_NAME_LENGTH)}'`);
  }

  /** Subscribe/unsubscribe data is an object; some clients send it JSON-encoded. */
  private commandData(data: unknown, event: string): JsonObject | null {
    let parsed = data;
    if (typeof data === "string") {
      try {
        parsed = JSON.parse(data);
      } catch {
        parsed = undefined;
      }
    }
    if (isJsonObject(parsed)) return parsed;
    this.sendError(null, `Malformed ${event}: 'data' must be an object with a 'channel' field`);
    return null;
  }

  private subscribe(rawData: unknown): void {
    const data = this.commandData(rawData, "pusher:subscribe");
    if (!data) return;
    const channel = data.channel;
    const nameProblem = channelNameProblem(channel);
    if (nameProblem !== null || typeof channel !== "string") {
      this.sendError(null, `Invalid channel name in pusher:subscribe: it ${nameProblem}`);
      return;
    }
    if (this.channels.has(channel)) {
      this.sendError(null, `Existing subscription to channel ${channel}`);
      return;
    }
    const kind = channelKind(channel);
    let member: PresenceMember | undefined;
    if (kind !== "public") {
      const channelData = data.channel_data;
      if (typeof data.auth !== "string" || data.auth === "") {
        this.refuseSubscription(channel, `Subscribing to ${channel} requires an 'auth' signature`);
        return;
      }
      if (channelData !== undefined && typeof channelData !== "string") {
        this.refuseSubscription(channel, `'channel_data' for ${channel} must be a JSON string`);
        return;
      }
      const authorized = isValidChannelAuth({
        key: this.settings.key,
        secret: this.settings.secret,
        socketId: this.socketId,
        channel,
        auth: data.auth,
        channelData,
      });
      if (!authorized) {
        const signed = channelData === undefined ? "socket_id:channel" : "socket_id:channel:channel_data";
        this.refuseSubscription(
          channel,
          `Invalid signature for ${channel}: expected key:hex(HMAC-SHA256(secret, "${signed}"))`,
        );
        return;
      }
      if (kind === "presence") {
        const parsed = parsePresenceMember(channelData);
        if (typeof parsed === "string") {
          this.refuseSubscription(channel, parsed);
          return;
        }
        member = parsed;
      }
    }
    this.channels.add(channel);
    this.settings.registry.subscribe(channel, this, member);
    this.send(
      encodeEvent({
        event: "pusher_internal:subscription_succeeded",
        channel,
        data: kind === "presence" ? { presence: this.settings.registry.presenceSnapshot(channel) } : {},
      }),
    );
  }

  /**
   * A refused subscription is reported on the channel (what pusher-js raises as
   * `pusher:subscription_error`) and as a connection-level `pusher:error`.
   */
  private refuseSubscription(channel: string, message: string): void {
    this.send(
      encodeEvent({
        event: "pusher:subscription_error",
        channel,
        data: { type: "AuthError", error: message, status: 401 },
      }),
    );
    this.sendError(null, message);
  }

  private unsubscribe(rawData: unknown): void {
    const data = this.commandData(rawData, "pusher:unsubscribe");
    if (!data) return;
    const channel = data.channel;
    if (typeof channel !== "string" || !this.channels.delete(channel)) return; // unsubscribing twice is harmless
    this.settings.registry.unsubscribe(channel, this.socketId);
  }

  private relayClientEvent(event: string, message: JsonObject): void {
    const channel = message.channel;
    if (typeof channel !== "string" || !this.channels.has(channel)) {
      this.sendError(null, `Client event ${event} rejected: not subscribed to channel ${String(channel)}`);
      return;
    }
    const kind = channelKind(channel);
    if (kind === "public" || isEncryptedChannel(channel)) {
      this.sendError(
        null,
        `Client event ${event} rejected: client events are only allowed on private- and presence- channels`,
        channel,
      );
      return;
    }
    if (event.length > MAX_EVENT_NAME_LENGTH) {
      this.sendError(null, `Client event name is longer than ${MAX_EVENT_NAME_LENGTH} characters`, channel);
      return;
    }
    const bytes = eventDataBytes(message.data);
    if (bytes > this.settings.maxMessageBytes) {
      this.sendError(
        ErrorCode.CLIENT_EVENT_REJECTED,
        `Client event ${event} rejected: data is ${bytes} bytes, over the ${this.settings.maxMessageBytes}-byte limit`,
        channel,
      );
      return;
    }
    const userId = kind === "presence" ? this.settings.registry.userIdOf(channel, this.socketId) : undefined;
    const frame = encodeEvent({
      event,
      channel,
      data: message.data,
      ...(userId !== undefined ? { user_id: userId } : {}),
    });
    this.settings.registry.broadcast(channel, frame, this.socketId);
  }
}

/** Reads `{user_id, user_info?}` from presence channel_data; returns a problem description when invalid. */
function parsePresenceMember(channelData: string | undefined): PresenceMember | string {
  if (channelData === undefined) return "Presence channels require 'channel_data' with a user_id";
  let parsed: unknown;
  try {
    parsed = JSON.parse(channelData);
  } catch {
    return "'channel_data' is not valid JSON";
  }
  if (!isJsonObject(parsed)) return "'channel_data' must be a JSON object";
  const userId = parsed.user_id;
  if ((typeof userId !== "string" && typeof userId !== "number") || userId === "") {
    return "'channel_data.user_id' must be a non-empty string or number";
  }
  return { userId: String(userId), userInfo: parsed.user_info };
}
