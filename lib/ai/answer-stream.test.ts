import { readUIMessageStream, type UIMessage, type UIMessageChunk } from "ai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ChannelRef } from "@/lib/channels/types";
import { ingestInbound } from "@/lib/conversations/ingest";
import { createChannel, inbound, recordingRelay } from "@/lib/conversations/test-helpers";
import type { Database } from "@/lib/db/client";
import { createArticle } from "@/lib/knowledge/documents";
import { setOutboxRelayDefaults, settleOutboxFastPath } from "@/lib/outbox/relay";
import { realtimeChannels } from "@/lib/realtime/channels";
import { setupTestDatabase } from "@/tests/helpers/db";
import { createAccountWithStaff } from "@/tests/helpers/factories";
import { startFakeOpenAI, type FakeOpenAI } from "@/tests/helpers/fake-openai";
import { streamAnswerResponse } from "./answer";

const testDb = setupTestDatabase();
let db: Database;
let accountId: string;
let web: ChannelRef;
let relay: ReturnType<typeof recordingRelay>;
let fake: FakeOpenAI;
let visitors = 0;

/** The chunks of a UI message stream response (server-sent events of JSON objects). */
async function chunksOf(response: Response): Promise<UIMessageChunk[]> {
  const body = await response.text();
  return body
    .split("\n\n")
    .map((event) => event.replace(/^data: /, "").trim())
    .filter((data) => data && data !== "[DONE]")
    .map((data) => JSON.parse(data) as UIMessageChunk);
}

/** The message a client (useChat) would build from the chunks. */
async function messageOf(chunks: UIMessageChunk[]): Promise<UIMessage> {
  const stream = new ReadableStream<UIMessageChunk>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
  let last: UIMessage | undefined;
  for await (const message of readUIMessageStream({ stream })) last = message;
  return last!;
}

async function visitorAsks(text: string) {
  const { conversation, message } = await ingestInbound(db, web, inbound(`visitor-${++visitors}`, text));
  await settleOutboxFastPath();
  const response = await streamAnswerResponse(db, { accountId, conversationId: conversation.id, messageId: message.id });
  return { response, conversationId: conversation.id, messageId: message.id };
}

beforeAll(async () => {
  db = testDb.db;
  accountId = (await createAccountWithStaff(db, "Acme")).account.id;
  web = await createChannel(db, accountId, "web");
  await createArticle(db, accountId, {
    title: "Shipping times and costs",
    content: "## Shipping options\nStandard shipping takes 3–5 business days and costs $5.95. Express shipping takes 1–2 business days and costs $14.95.\n\n## Free shipping\nOrders over $75 ship free.",
  });
  await createArticle(db, accountId, { title: "Returns", content: "## How to start a return\nReturn unworn items within 30 days at the returns portal.\n\n## Refunds\nRefunds take 3 business days." });
  fake = await startFakeOpenAI();
});
beforeEach(async () => {
  relay = recordingRelay();
  setOutboxRelayDefaults(relay.deps);
  await db.aiProvider.deleteMany({ where: { accountId } });
});
afterAll(async () => {
  await settleOutboxFastPath();
  setOutboxRelayDefaults(undefined);
  await fake.close();
});

describe("streamed answers for the web widget", () => {
  it("streams the answer token by token with its sources and suggestions, and stores it under the same id", async () => {
    const { response, conversationId, messageId } = await visitorAsks("How long does standard shipping take?");
    expect(response).not.toBeNull();
    expect(response!.headers.get("content-type")).toMatch(/text\/event-stream/);
    const chunks = await chunksOf(response!);

    const start = chunks.find((chunk) => chunk.type === "start");
    const deltas = chunks.filter((chunk) => chunk.type === "text-delta");
    expect(deltas.length).toBeGreaterThan(3);
    expect(chunks.some((chunk) => chunk.type === "error")).toBe(false);
    expect(chunks.at(-1)).toMatchObject({ type: "finish" });

    const message = await messageOf(chunks);
    const text = message.parts.flatMap((part) => (part.type === "text" ? [part.text] : [])).join("");
    expect(text).toMatch(/3–5 business days/);
    expect(message.parts).toContainEqual(expect.objectContaining({ type: "source-url", title: "Shipping times and costs", url: expect.stringMatching(/^\/help\/.+\/shipping-times-and-costs$/) }));
    const suggestions = message.parts.find((part) => part.type === "data-suggestions") as { data: { suggestions: string[] } } | undefined;
    expect(suggestions?.data.suggestions.length).toBeGreaterThanOrEqual(2);

    await settleOutboxFastPath();
    const stored = await db.message.findUniqueOrThrow({ where: { id: message.id } });
    expect(start).toMatchObject({ messageId: stored.id });
    expect(stored).toMatchObject({ conversationId, senderType: "bot", content: text, deliveryStatus: "sent" });
    expect(stored.aiMetadata).toMatchObject({ replyTo: messageId, suggestions: suggestions!.data.suggestions });
    // The web delivery pushes the stored message on the conversation's channel, where the widget dedupes it by id.
    expect(relay.triggered).toContainEqual(expect.objectContaining({ channels: [realtimeChannels.conversation(conversationId)], data: expect.objectContaining({ id: stored.id }) }));
    expect((await db.conversation.findUniqueOrThrow({ where: { id: conversationId } })).status).toBe("bot");
  });

  it("announces a hand-off with a data-handoff part", async () => {
    const { response, conversationId } = await visitorAsks("Can I speak to a real person please?");
    const message = await messageOf(await chunksOf(response!));
    expect(message.parts).toContainEqual(expect.objectContaining({ type: "data-handoff", data: { reason: "customer_requested" } }));
    expect(message.parts.find((part) => part.type === "text")).toMatchObject({ text: expect.stringMatching(/person from our team/) });
    expect((await db.conversation.findUniqueOrThrow({ where: { id: conversationId } })).status).toBe("open");
  });

  it("streams the fallback message, never an error, when every provider fails, and hands off", async () => {
    await db.aiProvider.create({ data: { accountId, name: "Broken", kind: "openai_compatible", model: "status-500", baseUrl: fake.baseUrl, priority: 1 } });
    await db.aiProvider.create({ data: { accountId, name: "Stream error", kind: "openai_compatible", model: "stream-error", baseUrl: fake.baseUrl, priority: 2 } });
    const { response, conversationId } = await visitorAsks("How long does standard shipping take?");
    const chunks = await chunksOf(response!);
    expect(chunks.some((chunk) => chunk.type === "error")).toBe(false);
    const message = await messageOf(chunks);
    const text = message.parts.flatMap((part) => (part.type === "text" ? [part.text] : [])).join("");
    expect(text).toMatch(/a person will reply here shortly/);
    expect(text).not.toMatch(/error|500|overloaded/i);
    expect(message.parts).toContainEqual(expect.objectContaining({ type: "data-handoff", data: { reason: "ai_unavailable" } }));
    expect(await db.conversation.findUniqueOrThrow({ where: { id: conversationId } })).toMatchObject({ status: "open" });
    expect(await db.aiInteraction.findFirstOrThrow({ where: { conversationId } })).toMatchObject({ outcome: "failed" });
  });

  it("returns null when the assistant must not answer", async () => {
    const { conversation, message } = await ingestInbound(db, web, inbound(`visitor-${++visitors}`, "hello"));
    await db.conversation.update({ where: { id: conversation.id }, data: { aiPaused: true } });
    expect(await streamAnswerResponse(db, { accountId, conversationId: conversation.id, messageId: message.id })).toBeNull();
  });
});
