import { readUploadedFile } from "@/lib/files/http";
import { authenticateWidget, widgetPreflight, widgetRoute } from "@/lib/widget/http";
import { storeWidgetUpload } from "@/lib/widget/uploads";

export const dynamic = "force-dynamic";

export const OPTIONS = widgetPreflight;

/** A photo, voice note or PDF the customer attaches (multipart field `file`), checked by content and size. */
export const POST = widgetRoute(async (request: Request) => {
  const caller = await authenticateWidget(request);
  return Response.json(await storeWidgetUpload(caller.db, caller, await readUploadedFile(request)));
});
