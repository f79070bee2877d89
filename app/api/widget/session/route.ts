import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { widgetAvailability } from "@/lib/widget/availability";
import { assertOriginAllowed, clientIp, loadWidgetChannel, readWidgetJson, widgetPreflight, widgetRoute } from "@/lib/widget/http";
import { signWidgetToken } from "@/lib/widget/session-token";
import { openWidgetSession } from "@/lib/widget/sessions";

export const dynamic = "force-dynamic";

const sessionInput = z.object({
  key: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "key must be the widget key (data-key)"),
  visitorId: z.string().max(64).nullish(),
  pageUrl: z.string().max(2_048).nullish(),
  pageTitle: z.string().max(300).nullish(),
});

export const OPTIONS = widgetPreflight;

/**
 * Starts or resumes the visitor's chat session and returns a short-lived widget token
 * (call again with the same visitorId to refresh it). Nothing is created for an origin
 * the channel does not allow.
 */
export const POST = widgetRoute(async (request: Request) => {
  const input = await readWidgetJson(request, sessionInput);
  const db = getDb();
  const { channel, settings } = await loadWidgetChannel(db, { publicKey: input.key });
  assertOriginAllowed(request, channel, settings);
  const { session, resumed } = await openWidgetSession(db, channel, {
    visitorId: input.visitorId,
    ip: clientIp(request),
    userAgent: request.headers.get("user-agent"),
    pageUrl: input.pageUrl,
    pageTitle: input.pageTitle,
  });
  const { token, expiresAt } = await signWidgetToken({ sessionId: session.id, channelId: channel.id, accountId: channel.accountId });
  return Response.json({
    token,
    expiresAt: expiresAt.toISOString(),
    sessionId: session.id,
    visitorId: session.visitorId,
    resumed,
    identified: session.identified,
    conversationId: session.conversationId,
    availability: await widgetAvailability(db, channel.accountId, settings),
  });
});
