import { z } from "zod";
import { authenticateWidget, readWidgetJson, widgetPreflight, widgetRoute } from "@/lib/widget/http";
import { recordHeartbeat } from "@/lib/widget/sessions";

export const dynamic = "force-dynamic";

const heartbeatInput = z.object({ pageUrl: z.string().max(2_048).nullish(), pageTitle: z.string().max(300).nullish() });

export const OPTIONS = widgetPreflight;

/** "Still on the site", every 30 s and on navigation; answers with the conversation's status so a missed push is caught up. */
export const POST = widgetRoute(async (request: Request) => {
  const caller = await authenticateWidget(request);
  const page = await readWidgetJson(request, heartbeatInput);
  await recordHeartbeat(caller.db, caller.session.id, page);
  const conversation = caller.session.conversationId
    ? await caller.db.conversation.findUnique({ where: { id: caller.session.conversationId }, select: { id: true, status: true } })
    : null;
  return Response.json({ conversation });
});
