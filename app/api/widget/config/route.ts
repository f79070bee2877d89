import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { assertOriginAllowed, loadWidgetChannel, WidgetHttpError, widgetPreflight, widgetRoute } from "@/lib/widget/http";
import { launcherConfig } from "@/lib/widget/public-config";

export const dynamic = "force-dynamic";

const widgetKey = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);

export const OPTIONS = widgetPreflight;

/** The launcher's look, for the loader on the customer's site; refused for origins the channel does not allow. */
export const GET = widgetRoute(async (request: Request) => {
  const key = widgetKey.safeParse(new URL(request.url).searchParams.get("key"));
  if (!key.success) throw new WidgetHttpError(400, "Add the widget key: <script src=\".../widget.js\" data-key=\"pk_...\">.");
  const { channel, settings } = await loadWidgetChannel(getDb(), { publicKey: key.data });
  assertOriginAllowed(request, channel, settings);
  return Response.json(launcherConfig(settings), { headers: { "cache-control": "no-store" } });
});
