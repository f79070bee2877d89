import { z } from "zod";
import { signWidgetChannel } from "@/lib/realtime/channels";
import { getRealtime } from "@/lib/realtime/config";
import { authenticateWidget, WidgetHttpError, widgetPreflight, widgetRoute } from "@/lib/widget/http";

export const dynamic = "force-dynamic";

const channelAuthRequest = z.object({
  socket_id: z.string().regex(/^\d+\.\d+$/, "socket_id must look like 1234.5678"),
  channel_name: z.string().min(1, "channel_name is required").max(200),
});

export const OPTIONS = widgetPreflight;

/** pusher-js channel authorization for the widget: its session channel and its own conversation, by widget token only. */
export const POST = widgetRoute(async (request: Request) => {
  const caller = await authenticateWidget(request);
  const parsed = channelAuthRequest.safeParse(Object.fromEntries(await request.formData().catch(() => new FormData())));
  if (!parsed.success) throw new WidgetHttpError(400, parsed.error.issues.map((issue) => issue.message).join("; "));
  const { socket_id: socketId, channel_name: channelName } = parsed.data;
  const signed = await signWidgetChannel(caller.db, getRealtime(), caller.claims, socketId, channelName);
  if (!signed) throw new WidgetHttpError(403, `This chat may not subscribe to ${channelName}.`);
  return Response.json(signed);
});
