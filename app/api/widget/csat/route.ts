import { csatInput, rateConversation } from "@/lib/widget/conversation";
import { authenticateWidget, readWidgetJson, widgetPreflight, widgetRoute } from "@/lib/widget/http";

export const dynamic = "force-dynamic";

export const OPTIONS = widgetPreflight;

/** The customer's 1–5 star rating of a resolved conversation. */
export const POST = widgetRoute(async (request: Request) => {
  const caller = await authenticateWidget(request);
  await rateConversation(caller.db, caller, await readWidgetJson(request, csatInput));
  return Response.json({ rated: true });
});
