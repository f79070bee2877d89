import { answerInboundMessage } from "@/lib/ai/answer";
import { getDb } from "@/lib/db/client";
import { messageReceivedPayloadSchema } from "@/lib/outbox/outbox";
import { inngest } from "../client";

/**
 * The assistant's turn after a customer message (ARCHITECTURE.md main flow, step 3), on
 * every channel but `web`, whose widget streams its answer from its own request.
 * Answering is idempotent on the customer message, so a redelivered event or a retry
 * after a crash never answers twice; one conversation's messages are answered in order.
 */
export const answerMessage = inngest.createFunction(
  {
    id: "answer-message",
    name: "Answer a customer message",
    triggers: [{ event: "message.received" }],
    concurrency: { key: "event.data.conversationId", limit: 1 },
    retries: 3,
  },
  async ({ event, step }) => {
    const ids = messageReceivedPayloadSchema.parse(event.data);
    const channel = await step.run("read the channel", () =>
      getDb().channel.findFirst({ where: { id: ids.channelId, accountId: ids.accountId }, select: { type: true } }),
    );
    if (!channel || channel.type === "web") return { outcome: "skipped" as const, reason: channel ? "web widget answers itself" : "channel not found" };
    return step.run("answer", async () => {
      const { outcome, escalationReason, interactionId, botMessageId } = await answerInboundMessage(getDb(), ids);
      return { outcome, escalationReason, interactionId, botMessageId };
    });
  },
);
