import { authenticateWidget, readWidgetJson, widgetPreflight, widgetRoute } from "@/lib/widget/http";
import { identifyInput, verifyIdentity } from "@/lib/widget/identity";
import { identifySession } from "@/lib/widget/sessions";

export const dynamic = "force-dynamic";

export const OPTIONS = widgetPreflight;

/** `Switchboard.identify()`: a verified host-site user becomes the session's contact; anything unverified is refused (403). */
export const POST = widgetRoute(async (request: Request) => {
  const caller = await authenticateWidget(request);
  const identity = await verifyIdentity(caller.channel.webhookSecret, await readWidgetJson(request, identifyInput));
  const session = await identifySession(caller.db, caller.session, identity);
  return Response.json({ identified: true, conversationId: session.conversationId });
});
