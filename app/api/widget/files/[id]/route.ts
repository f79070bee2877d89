import { fileResponse } from "@/lib/files/http";
import { authenticateWidget, WidgetHttpError, widgetPreflight, widgetRoute } from "@/lib/widget/http";
import { readWidgetFile } from "@/lib/widget/uploads";

export const dynamic = "force-dynamic";

export const OPTIONS = widgetPreflight;

/** A file attached in one of the customer's conversations (`?conversationId=`), fetched by the widget with its token. */
export const GET = widgetRoute(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const caller = await authenticateWidget(request);
  const conversationId = new URL(request.url).searchParams.get("conversationId");
  if (!conversationId) throw new WidgetHttpError(400, "Add ?conversationId= of the conversation the file is attached in.");
  return fileResponse(await readWidgetFile(caller.db, caller, (await params).id, conversationId));
});
