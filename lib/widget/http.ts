import type { z } from "zod";
import { WebhookPayloadError } from "@/lib/channels/errors";
import { readBodyWithLimit } from "@/lib/channels/webhook";
import { getDb, type Database } from "@/lib/db/client";
import type { Channel, WidgetSession } from "@/lib/db/generated/client";
import { HTTP_STATUS_BY_KIND, UserFacingError } from "@/lib/errors";
import { RateLimitedError } from "./errors";
import { verifyWidgetToken, type WidgetTokenClaims } from "./session-token";
import { readWebChannelSettings, type WebChannelSettings } from "./settings";

/** A refusal with its HTTP status; the message tells the widget (or the developer) what to do. */
export class WidgetHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "WidgetHttpError";
  }
}

/** Headers the widget reads from a streamed answer. */
const WIDGET_EXPOSED_HEADERS = ["x-switchboard-message-id", "x-switchboard-conversation-id", "retry-after"];

function corsHeaders(origin: string | null): Record<string, string> {
  if (!origin) return {};
  return {
    "access-control-allow-origin": origin,
    "access-control-allow-methods": "GET, POST, OPTIONS",
    "access-control-allow-headers": "authorization, content-type",
    "access-control-expose-headers": WIDGET_EXPOSED_HEADERS.join(", "),
    "access-control-max-age": "600",
    vary: "Origin",
  };
}

/**
 * The origin the browser addressed, from the Host header (behind a proxy, X-Forwarded-*):
 * Next.js may rewrite request.url's host (127.0.0.1 becomes localhost), the browser's
 * Host header is what it really used.
 */
export function requestOrigin(request: Request): string {
  const url = new URL(request.url);
  const host = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || request.headers.get("host");
  const protocol = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() || url.protocol.replace(/:$/, "");
  return host ? `${protocol}://${host}` : url.origin;
}

/** Switchboard's own origins: APP_URL and the one the request came to (the demo page and the widget iframe live there). */
function ownOrigins(request: Request): string[] {
  const origins = [requestOrigin(request)];
  const appUrl = process.env.APP_URL;
  if (appUrl) {
    try {
      origins.push(new URL(appUrl).origin);
    } catch {
      // An invalid APP_URL is reported where links are built; here it only adds nothing.
    }
  }
  return origins;
}

/** Whether a page on `origin` may use this channel's widget. Requests without Origin (same-origin GETs, servers) pass. */
function originAllowed(request: Request, settings: WebChannelSettings): boolean {
  const origin = request.headers.get("origin");
  if (!origin) return true;
  return ownOrigins(request).includes(origin) || settings.allowedOrigins.includes(origin);
}

/** Throws a 403 naming the origin when the calling page may not use this channel's widget. */
export function assertOriginAllowed(request: Request, channel: Pick<Channel, "name">, settings: WebChannelSettings): void {
  if (originAllowed(request, settings)) return;
  throw new WidgetHttpError(
    403,
    `The origin ${request.headers.get("origin")} may not use the "${channel.name}" chat widget: add it to the channel's allowed origins in Settings → Channels.`,
  );
}

/** The web channel a widget key belongs to, with its settings; 404 when there is none, 403 when it is switched off. */
export async function loadWidgetChannel(db: Database, where: { publicKey: string } | { id: string }): Promise<{ channel: Channel; settings: WebChannelSettings }> {
  const channel = await db.channel.findFirst({ where: { ...where, type: "web" } });
  if (!channel) throw new WidgetHttpError(404, "No chat widget has this key: copy the embed code again from the web channel's settings.");
  if (!channel.active) throw new WidgetHttpError(403, `The "${channel.name}" chat widget is switched off.`);
  return { channel, settings: readWebChannelSettings(channel.settings) };
}

export interface WidgetCaller {
  db: Database;
  claims: WidgetTokenClaims;
  channel: Channel;
  settings: WebChannelSettings;
  session: WidgetSession;
  ip: string;
}

/** The bearer token of `Authorization: Bearer <widget token>`, or null. */
function bearerToken(request: Request): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.get("authorization") ?? "");
  return match?.[1] ?? null;
}

/**
 * Resolves the widget session behind the request's token: a valid token, its channel
 * active and the calling origin allowed, its session not ended. 401 tells the widget
 * to start or resume its session again.
 */
export async function authenticateWidget(request: Request): Promise<WidgetCaller> {
  const token = bearerToken(request);
  const claims = token ? await verifyWidgetToken(token) : null;
  if (!claims) throw new WidgetHttpError(401, "The chat session has expired: start a new one with POST /api/widget/session.");
  const db = getDb();
  const { channel, settings } = await loadWidgetChannel(db, { id: claims.channelId });
  if (channel.accountId !== claims.accountId) throw new WidgetHttpError(401, "The chat session does not belong to this widget.");
  assertOriginAllowed(request, channel, settings);
  const session = await db.widgetSession.findFirst({ where: { id: claims.sessionId, channelId: channel.id, endedAt: null } });
  if (!session) throw new WidgetHttpError(401, "The chat session has ended: start a new one with POST /api/widget/session.");
  return { db, claims, channel, settings, session, ip: clientIp(request) };
}

/** Largest JSON body a widget route reads (a message at the 64 KB text limit, escaped, fits). */
const MAX_WIDGET_JSON_BYTES = 160 * 1024;

/** A JSON body checked against `schema`; 413 over the size limit, 400 naming each bad field. */
export async function readWidgetJson<T>(request: Request, schema: z.ZodType<T>): Promise<T> {
  let raw: string;
  try {
    raw = await readBodyWithLimit(request, MAX_WIDGET_JSON_BYTES);
  } catch (error) {
    if (error instanceof WebhookPayloadError) {
      throw new WidgetHttpError(error.status, error.status === 413 ? `The request is over the ${MAX_WIDGET_JSON_BYTES / 1024} KB limit.` : error.message);
    }
    throw error;
  }
  let body: unknown;
  try {
    body = JSON.parse(raw || "{}");
  } catch {
    throw new WidgetHttpError(400, "The body is not valid JSON.");
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new WidgetHttpError(400, parsed.error.issues.map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message)).join("; "));
  }
  return parsed.data;
}

/** The client's address as the first proxy saw it. */
export function clientIp(request: Request): string {
  return request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || request.headers.get("x-real-ip") || "unknown";
}

function errorResponse(error: unknown): Response {
  if (error instanceof WidgetHttpError) return Response.json({ error: error.message }, { status: error.status });
  if (error instanceof RateLimitedError) {
    return Response.json({ error: error.message, retryAfterSeconds: error.retryAfterSeconds }, { status: 429, headers: { "retry-after": String(error.retryAfterSeconds) } });
  }
  if (error instanceof UserFacingError) return Response.json({ error: error.message }, { status: HTTP_STATUS_BY_KIND[error.kind] });
  console.error("A widget request failed:", error);
  return Response.json({ error: "Something went wrong on our side. Try again in a moment." }, { status: 500 });
}

function withCors(response: Response, origin: string | null): Response {
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(corsHeaders(origin))) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/**
 * Wraps a public widget route: every answer (errors too) carries CORS headers for the
 * calling origin, so a page can read why it was refused; refusals and failures become
 * `{ error }` JSON with their status. Whether the origin may act is each route's check
 * (it depends on the channel), made before anything is written.
 */
export function widgetRoute<Context>(handle: (request: Request, context: Context) => Promise<Response>) {
  return async (request: Request, context: Context): Promise<Response> => {
    const origin = request.headers.get("origin");
    try {
      return withCors(await handle(request, context), origin);
    } catch (error) {
      return withCors(errorResponse(error), origin);
    }
  };
}

/** CORS preflight: the real request is checked against the channel's origins once its token or key is known. */
export function widgetPreflight(request: Request): Response {
  return new Response(null, { status: 204, headers: corsHeaders(request.headers.get("origin")) });
}
