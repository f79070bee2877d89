import { timedStage } from "@/lib/ai/answer-timing";
import { threadMessageData } from "@/lib/conversations/events";
import { sendMessageInput, sendWidgetMessageAndAnswer, widgetThread } from "@/lib/widget/conversation";
import { authenticateWidget, readWidgetJson, WidgetHttpError, widgetPreflight, widgetRoute } from "@/lib/widget/http";

export const dynamic = "force-dynamic";

export const OPTIONS = widgetPreflight;

/** The customer-visible messages of one of the customer's conversations (`?conversationId=`). */
export const GET = widgetRoute(async (request: Request) => {
  const caller = await authenticateWidget(request);
  const conversationId = new URL(request.url).searchParams.get("conversationId");
  if (!conversationId) throw new WidgetHttpError(400, "Add ?conversationId= of the conversation to read.");
  return Response.json(await widgetThread(caller.db, caller, conversationId));
});

/**
 * Sends the customer's message. When the assistant answers, the answer streams back as
 * an AI SDK UI message stream; otherwise (a person has the conversation, AI off, a
 * retried send) the stored message comes back as JSON. Either way the headers name the
 * stored message and its conversation.
 */
export const POST = widgetRoute(async (request: Request) => {
  const caller = await timedStage("auth", () => authenticateWidget(request));
  const { result, answer } = await sendWidgetMessageAndAnswer(caller.db, caller, await readWidgetJson(request, sendMessageInput));
  const ids = { "x-switchboard-message-id": result.message.id, "x-switchboard-conversation-id": result.conversation.id };
  if (!answer) {
    const message = threadMessageData({ ...result.message, senderName: result.contact.name });
    return Response.json({ message, conversationId: result.conversation.id }, { headers: ids });
  }
  const headers = new Headers(answer.headers);
  for (const [name, value] of Object.entries(ids)) headers.set(name, value);
  return new Response(answer.body, { status: answer.status, headers });
});
