/**
 * Wire-level pieces of the Pusher Channels protocol (version 7) shared by the
 * websocket side and the HTTP API: error codes, names, signatures, encoding.
 */
import { createHmac, randomInt, timingSafeEqual } from "node:crypto";

export const SUPPORTED_PROTOCOL_VERSION = 7;

/** Close/error codes from the protocol's 4000–4399 ranges that this server uses. */
export const ErrorCode = {
  /** 4000–4099: the client must not reconnect. */
  APP_NOT_FOUND: 4001,
  PATH_NOT_FOUND: 4005,
  INVALID_VERSION_FORMAT: 4006,
  UNSUPPORTED_PROTOCOL: 4007,
  NO_PROTOCOL_VERSION: 4008,
  /** 4200–4299: the client should reconnect immediately. */
  PONG_NOT_RECEIVED: 4201,
  /** 4300–4399: other. Compatible servers use it for client events rejected for size too. */
  CLIENT_EVENT_REJECTED: 4301,
} as const;

export const MAX_CHANNEL_NAME_LENGTH = 200;
export const MAX_EVENT_NAME_LENGTH = 200;
const CHANNEL_NAME_PATTERN = /^[A-Za-z0-9_\-=@,.;]+$/;
const SOCKET_ID_PATTERN = /^\d+\.\d+$/;

export type ChannelKind = "public" | "private" | "presence";

export function channelKind(channel: string): ChannelKind {
  if (channel.startsWith("presence-")) return "presence";
  if (channel.startsWith("private-")) return "private";
  return "public";
}

/** End-to-end encrypted channels carry ciphertext only; the protocol forbids client events on them. */
export function isEncryptedChannel(channel: string): boolean {
  return channel.startsWith("private-encrypted-");
}

/** Returns why a channel name is invalid, or null when it is valid. */
export function channelNameProblem(channel: unknown): string | null {
  if (typeof channel !== "string" || channel === "") return "must be a non-empty string";
  if (channel.length > MAX_CHANNEL_NAME_LENGTH) {
    return `must be at most ${MAX_CHANNEL_NAME_LENGTH} characters`;
  }
  if (!CHANNEL_NAME_PATTERN.test(channel)) {
    return "may only contain letters, digits and _ - = @ , . ;";
  }
  return null;
}

export function isValidSocketId(socketId: unknown): socketId is string {
  return typeof socketId === "string" && SOCKET_ID_PATTERN.test(socketId);
}

export function newSocketId(): string {
  return `${randomInt(1, 2 ** 47)}.${randomInt(1, 2 ** 47)}`;
}

export function hmacSha256Hex(secret: string, payload: string): string {
  return createHmac("sha256", secret).update(payload, "utf8").digest("hex");
}

/** Compares two strings without leaking, through timing, where they first differ. */
export function constantTimeEqual(expected: string, given: string): boolean {
  const expectedBytes = Buffer.from(expected, "utf8");
  const givenBytes = Buffer.from(given, "utf8");
  // timingSafeEqual needs equal lengths; compare against itself to spend the same time.
  if (expectedBytes.length !== givenBytes.length) {
    timingSafeEqual(expectedBytes, expectedBytes);
    return false;
  }
  return timingSafeEqual(expectedBytes, givenBytes);
}

/**
 * Checks a channel subscription's `auth` field, `key:hex(hmac(secret, "socket_id:channel[:channel_data]"))`.
 */
export function isValidChannelAuth(options: {
  key: string;
  secret: string;
  socketId: string;
  channel: string;
  auth: string;
  channelData?: string;
}): boolean {
  const signed = [options.socketId, options.channel];
  if (options.channelData !== undefined) signed.push(options.channelData);
  const expected = `${options.key}:${hmacSha256Hex(options.secret, signed.join(":"))}`;
  return constantTimeEqual(expected, options.auth);
}

/** Byte size of event data as the limit counts it: the UTF-8 length of its JSON text. */
export function eventDataBytes(data: unknown): number {
  const text = typeof data === "string" ? data : JSON.stringify(data ?? null);
  return Buffer.byteLength(text, "utf8");
}

export interface OutgoingEvent {
  event: string;
  channel?: string;
  data: unknown;
  user_id?: string;
}

/**
 * Serialises an event for the wire. Server-originated data is sent as a JSON
 * string (as the protocol specifies); strings pass through unchanged.
 */
export function encodeEvent(message: OutgoingEvent): string {
  const data = typeof message.data === "string" ? message.data : JSON.stringify(message.data);
  return JSON.stringify({ ...message, data });
}

/** `pusher:error` keeps its data as an object: clients read `code` and `message` directly. */
export function encodeError(code: number | null, message: string, channel?: string): string {
  return JSON.stringify({ event: "pusher:error", ...(channel ? { channel } : {}), data: { code, message } });
}
