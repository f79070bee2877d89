import { authenticateWidget, readWidgetJson, widgetPreflight, widgetRoute } from "@/lib/widget/http";
import { offlineFormSchema, submitOfflineForm } from "@/lib/widget/offline-form";

export const dynamic = "force-dynamic";

export const OPTIONS = widgetPreflight;

/** The offline form: a conversation flagged for follow-up and a confirmation email. */
export const POST = widgetRoute(async (request: Request) => {
  const caller = await authenticateWidget(request);
  const input = await readWidgetJson(request, offlineFormSchema(caller.settings));
  return Response.json(await submitOfflineForm(caller.db, caller, input));
});
