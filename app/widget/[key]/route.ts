import { getDb } from "@/lib/db/client";
import { browserRealtimeConfig } from "@/lib/realtime/config";
import { loadWidgetChannel, WidgetHttpError } from "@/lib/widget/http";
import { widgetContentSecurityPolicy, widgetMissingHtml, widgetPageHtml } from "@/lib/widget/page";
import { widgetAppConfig } from "@/lib/widget/public-config";

export const dynamic = "force-dynamic";

const htmlHeaders = { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", "x-content-type-options": "nosniff", "referrer-policy": "strict-origin-when-cross-origin" };

/** The chat the loader frames: only pages on the channel's allowed origins may show it. */
export async function GET(_request: Request, { params }: { params: Promise<{ key: string }> }) {
  const { key } = await params;
  const db = getDb();
  let loaded: Awaited<ReturnType<typeof loadWidgetChannel>>;
  try {
    loaded = await loadWidgetChannel(db, { publicKey: key });
  } catch (error) {
    if (!(error instanceof WidgetHttpError)) throw error;
    return new Response(widgetMissingHtml(error.message), { status: error.status, headers: htmlHeaders });
  }
  const { channel, settings } = loaded;
  const account = await db.account.findUniqueOrThrow({ where: { id: channel.accountId }, select: { name: true } });
  let realtime: ReturnType<typeof browserRealtimeConfig> | null = null;
  try {
    realtime = browserRealtimeConfig();
  } catch {
    // Without realtime settings the chat still works, only without live updates.
  }
  const html = widgetPageHtml(widgetAppConfig({ key, businessName: account.name, settings, realtime }));
  return new Response(html, { headers: { ...htmlHeaders, "content-security-policy": widgetContentSecurityPolicy(settings.allowedOrigins, realtime) } });
}
