import { listWidgetConversations } from "@/lib/widget/conversation";
import { authenticateWidget, widgetPreflight, widgetRoute } from "@/lib/widget/http";

export const dynamic = "force-dynamic";

export const OPTIONS = widgetPreflight;

/** The customer's conversations on this channel, newest first. */
export const GET = widgetRoute(async (request: Request) => {
  const caller = await authenticateWidget(request);
  return Response.json({ conversations: await listWidgetConversations(caller.db, caller) });
});
