import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { updateCannedResponse } from "@/lib/canned/canned";
import type { ChannelAdapter, ChannelRef, OutboundMessage } from "@/lib/channels/types";
import { replyToConversation, setAiPaused } from "@/lib/conversations/actions";
import { ingestInbound } from "@/lib/conversations/ingest";
import { createChannel, inbound, recordingRelay } from "@/lib/conversations/test-helpers";
import { encryptSecret } from "@/lib/crypto/encryption";
import type { Database } from "@/lib/db/client";
import type { Channel } from "@/lib/db/generated/client";
import { storeFile } from "@/lib/files/files";
import { createArticle } from "@/lib/knowledge/documents";
import { setOutboxRelayDefaults, settleOutboxFastPath } from "@/lib/outbox/relay";
import { realtimeChannels } from "@/lib/realtime/channels";
import { setupTestDatabase } from "@/tests/helpers/db";
import { createAccountWithStaff, type StaffedAccount } from "@/tests/helpers/factories";
import { startFakeOpenAI, type FakeOpenAI } from "@/tests/helpers/fake-openai";
import { answerInboundMessage, AUTO_REPLY_PROVIDER, LOW_CONFIDENCE_NOTE, type AnswerOutcome } from "./answer";
import { DEFAULT_FALLBACK_MESSAGE } from "./escalation";
import { readBotContext } from "./eligibility";

process.env.ENCRYPTION_KEY ??= "answer-tests-encryption-passphrase-0123456789";

const testDb = setupTestDatabase();
let db: Database;
let acme: StaffedAccount;
let accountId: string;
let api: ChannelRef;
let relay: ReturnType<typeof recordingRelay>;
let fake: FakeOpenAI;
const delivered: OutboundMessage[] = [];

const apiAdapter: ChannelAdapter<Channel> = {
  type: "api",
  verify: () => ({ ok: true }),
  parse: () => [],
  send: async (_channel, message) => {
    delivered.push(message);
    return { externalId: `sent-${message.messageId}` };
  },
};

const SHIPPING = `## Shipping options
Standard shipping takes 3–5 business days and costs $5.95. Express shipping takes 1–2 business days and costs $14.95.

## Free shipping
Orders over $75 ship free with Standard shipping.`;

const RETURNS = `## How to start a return
You can return unworn items with tags within 30 days of delivery. Start at the returns portal with your order number and email.

## Refunds
Refunds go back to the original payment method within 3 business days of your return reaching our warehouse.`;

let customerCounter = 0;
const newCustomer = () => `customer-${++customerCounter}`;

async function say(identifier: string, text: string, overrides: Parameters<typeof inbound>[2] = {}, channel = api) {
  const result = await ingestInbound(db, channel, inbound(identifier, text, overrides));
  await settleOutboxFastPath();
  return result;
}

async function ask(identifier: string, text: string, overrides: Parameters<typeof inbound>[2] = {}): Promise<AnswerOutcome & { conversationId: string; messageId: string }> {
  const { conversation, message } = await say(identifier, text, overrides);
  const outcome = await answerInboundMessage(db, { accountId, conversationId: conversation.id, messageId: message.id });
  await settleOutboxFastPath();
  return { ...outcome, conversationId: conversation.id, messageId: message.id };
}

const conversation = (id: string) => db.conversation.findUniqueOrThrow({ where: { id } });
const botMessages = (conversationId: string) => db.message.findMany({ where: { conversationId, senderType: "bot" }, orderBy: { createdAt: "asc" } });

async function setSettings(data: Partial<{ enabled: boolean; confidenceThreshold: number; maxBotTurns: number; contextWindow: number; fallbackMessage: string; imagePrompt: string }>) {
  await db.aiSettings.upsert({ where: { accountId }, create: { accountId, ...data }, update: data });
}

beforeAll(async () => {
  db = testDb.db;
  acme = await createAccountWithStaff(db, "Acme");
  accountId = acme.account.id;
  api = await createChannel(db, accountId, "api");
  await createArticle(db, accountId, { title: "Shipping times and costs", content: SHIPPING });
  await createArticle(db, accountId, { title: "Returns and refunds", content: RETURNS });
  fake = await startFakeOpenAI();
});
beforeEach(async () => {
  relay = recordingRelay({ api: apiAdapter });
  setOutboxRelayDefaults(relay.deps);
  delivered.length = 0;
  await db.aiSettings.deleteMany({ where: { accountId } });
  await db.aiProvider.deleteMany({ where: { accountId } });
  await db.cannedResponse.deleteMany({ where: { accountId } });
});
afterAll(async () => {
  await settleOutboxFastPath();
  setOutboxRelayDefaults(undefined);
  await fake.close();
});

describe("answering from the knowledge base", () => {
  it("answers as the bot, grounded and cited, through the outbox and the channel adapter", async () => {
    const answer = await ask(newCustomer(), "How long does standard shipping take and what does it cost?");
    expect(answer.outcome).toBe("answered");
    expect(answer.text).toMatch(/3–5 business days/);
    expect(answer.sources).toEqual([expect.objectContaining({ title: "Shipping times and costs", url: expect.stringMatching(/^\/help\/.+\/shipping-times-and-costs$/) })]);
    expect(answer.suggestions.length).toBeGreaterThanOrEqual(2);
    expect(answer.suggestions.length).toBeLessThanOrEqual(3);
    expect(answer.confidence).toBeGreaterThanOrEqual(0.55);

    const [bot] = await botMessages(answer.conversationId);
    expect(bot).toMatchObject({ id: answer.botMessageId, content: answer.text, direction: "outbound", isPrivate: false, deliveryStatus: "sent" });
    expect(bot!.aiMetadata).toMatchObject({
      replyTo: answer.messageId,
      interactionId: answer.interactionId,
      provider: "Offline (knowledge base)",
      model: "offline-kb",
      confidence: answer.confidence,
      sources: [expect.objectContaining({ title: "Shipping times and costs", slug: "shipping-times-and-costs" })],
      suggestions: answer.suggestions,
    });
    expect(delivered).toEqual([expect.objectContaining({ messageId: answer.botMessageId, text: answer.text, senderType: "bot" })]);
    expect(relay.triggered).toContainEqual(
      expect.objectContaining({ channels: [realtimeChannels.account(accountId)], event: "message.created", data: expect.objectContaining({ id: answer.botMessageId, senderType: "bot" }) }),
    );

    expect(await conversation(answer.conversationId)).toMatchObject({ status: "bot", waitingSince: null, assigneeId: null });
    const logged = await db.aiInteraction.findUniqueOrThrow({ where: { id: answer.interactionId! } });
    expect(logged).toMatchObject({
      messageId: answer.botMessageId,
      outcome: "answered",
      question: "How long does standard shipping take and what does it cost?",
      answer: answer.text,
      provider: "Offline (knowledge base)",
      escalationReason: null,
    });
    expect(logged.latencyMs).toBeGreaterThanOrEqual(0);
    expect(logged.firstTokenMs).not.toBeNull();
  });

  it("answers a redelivered message once, even when both deliveries run at the same time", async () => {
    const { conversation: started, message } = await say(newCustomer(), "How much is express shipping?");
    const ids = { accountId, conversationId: started.id, messageId: message.id };
    const [first, second] = await Promise.all([answerInboundMessage(db, ids), answerInboundMessage(db, ids)]);
    const third = await answerInboundMessage(db, ids);
    expect([first.outcome, second.outcome].sort()).toEqual(["answered", "skipped"]);
    expect(third.outcome).toBe("skipped");
    expect(await botMessages(started.id)).toHaveLength(1);
    expect(await db.aiInteraction.count({ where: { conversationId: started.id } })).toBe(1);
  });
});

describe("when the assistant stays silent", () => {
  it("does nothing when the workspace turned it off", async () => {
    await setSettings({ enabled: false });
    const answer = await ask(newCustomer(), "How long does shipping take?");
    expect(answer.outcome).toBe("skipped");
    expect(await botMessages(answer.conversationId)).toEqual([]);
  });

  it("does nothing on a paused, assigned or agent-answered conversation, or for an agent's message", async () => {
    const customers = [newCustomer(), newCustomer(), newCustomer()];
    const [paused, assigned, replied] = await Promise.all(customers.map((customer) => say(customer, "hello")));
    await setAiPaused(db, accountId, acme.agent.id, paused!.conversation.id, true);
    await db.conversation.update({ where: { id: assigned!.conversation.id }, data: { status: "assigned", assigneeId: acme.agent.id } });
    const reply = await replyToConversation(db, accountId, acme.agent.id, replied!.conversation.id, { text: "Hi, Sam here." });
    await db.conversation.update({ where: { id: replied!.conversation.id }, data: { status: "open", assigneeId: null } });

    for (const [index, started] of [paused!, assigned!, replied!].entries()) {
      const again = await say(customers[index]!, "How long does shipping take?");
      expect(again.conversation.id).toBe(started.conversation.id);
      expect((await answerInboundMessage(db, { accountId, conversationId: started.conversation.id, messageId: started.message.id })).outcome).toBe("skipped");
      expect((await answerInboundMessage(db, { accountId, conversationId: started.conversation.id, messageId: again.message.id })).outcome).toBe("skipped");
      expect(await botMessages(started.conversation.id)).toEqual([]);
    }
    expect((await answerInboundMessage(db, { accountId, conversationId: replied!.conversation.id, messageId: reply.message.id })).outcome).toBe("skipped");
  });

  it("stops when an agent takes over a bot conversation by replying, and starts again when handed back", async () => {
    const customer = newCustomer();
    const first = await ask(customer, "How long does standard shipping take?");
    expect((await conversation(first.conversationId)).status).toBe("bot");
    await replyToConversation(db, accountId, acme.agent.id, first.conversationId, { text: "Let me check that for you." });
    expect(await conversation(first.conversationId)).toMatchObject({ status: "assigned", assigneeId: acme.agent.id });

    expect((await ask(customer, "How much is express shipping?")).outcome).toBe("skipped");
    await setAiPaused(db, accountId, acme.agent.id, first.conversationId, false);
    expect(await conversation(first.conversationId)).toMatchObject({ status: "open", assigneeId: null, aiPaused: false });
    const resumed = await ask(customer, "How much is express shipping?");
    expect(resumed.outcome).toBe("answered");
    expect((await conversation(first.conversationId)).status).toBe("bot");
  });
});

describe("auto-replies", () => {
  it("answers matching messages instantly with the canned response, and sees edits at once", async () => {
    const canned = await db.cannedResponse.create({
      data: {
        accountId,
        shortcut: "tracking",
        title: "Where is my order",
        content: "Hi {{contact.name}}! Follow your order at https://acme.test/track. – {{agent.name}}",
        autoReply: true,
        keywords: ["where is my order", "track my order"],
      },
    });
    const answer = await ask(newCustomer(), "Where is my order?", { contact: { identifier: `named-${customerCounter}`, name: "Dana" } });
    expect(answer).toMatchObject({ outcome: "answered", text: "Hi Dana! Follow your order at https://acme.test/track. – the assistant", sources: [] });
    expect(await db.aiInteraction.findUniqueOrThrow({ where: { id: answer.interactionId! } })).toMatchObject({ provider: AUTO_REPLY_PROVIDER, model: "/tracking" });
    expect((await conversation(answer.conversationId)).status).toBe("bot");

    expect((await ask(newCustomer(), "how can I track an order")).text).toContain("acme.test/track");

    await updateCannedResponse(db, accountId, canned.id, { content: "Your tracking link is in the shipping email." });
    expect((await ask(newCustomer(), "where is my order")).text).toBe("Your tracking link is in the shipping email.");

    await updateCannedResponse(db, accountId, canned.id, { autoReply: false });
    const ai = await ask(newCustomer(), "where is my order");
    expect(ai.text).not.toContain("tracking link is in the shipping email");
  });
});

describe("escalation", () => {
  it("hands a request for a person to the queue with the bot context, a system event and a note to the customer", async () => {
    const customer = newCustomer();
    await ask(customer, "How long does standard shipping take?");
    const handoff = await ask(customer, "My order AO-10231 is late, email me at dana@example.com. I want to talk to a human.");
    expect(handoff).toMatchObject({ outcome: "escalated", escalationReason: "customer_requested", suggestions: [] });
    expect(handoff.text).toMatch(/person from our team/);

    const after = await conversation(handoff.conversationId);
    expect(after).toMatchObject({ status: "open", assigneeId: null });
    expect(after.waitingSince).not.toBeNull();
    const context = readBotContext(after.botContext);
    expect(context).toMatchObject({
      reason: "customer_requested",
      botTurns: 1,
      facts: { emails: ["dana@example.com"], orderNumbers: ["AO-10231"], ticketNumbers: [], intent: "order_status" },
    });
    expect(context.summary).toMatch(/^Customer asked "How long does standard shipping take\?"; latest message "My order AO-10231 is late, email me at dana@example.com\."/);
    expect(new Date(context.at!).getTime()).toBeGreaterThan(Date.now() - 60_000);
    const events = await db.message.findMany({ where: { conversationId: handoff.conversationId, senderType: "system" } });
    expect(events.map((event) => event.content)).toContainEqual(expect.stringContaining("The assistant handed the conversation to the team (Customer asked for a person)"));
    expect(events.every((event) => event.isPrivate)).toBe(true);
    expect(await db.aiInteraction.findUniqueOrThrow({ where: { id: handoff.interactionId! } })).toMatchObject({ outcome: "escalated", escalationReason: "customer_requested" });

    // Waiting for a person: the assistant keeps quiet until an agent hands it back.
    expect((await ask(customer, "hello?")).outcome).toBe("skipped");
    await setAiPaused(db, accountId, acme.agent.id, handoff.conversationId, false);
    expect((await ask(customer, "How much is express shipping?")).outcome).toBe("answered");
  });

  it("hands off when the model calls handoffToHuman because the knowledge base has no answer", async () => {
    const answer = await ask(newCustomer(), "Do you sell replacement rubber tips for the Trekker poles?");
    expect(answer).toMatchObject({ outcome: "escalated", escalationReason: "assistant_handoff", sources: [], suggestions: [] });
    expect(answer.text).toMatch(/person from our team/);
    const logged = await db.aiInteraction.findUniqueOrThrow({ where: { id: answer.interactionId! } });
    expect(logged.toolCalls).toEqual([expect.objectContaining({ name: "handoffToHuman", output: { handedOff: true } })]);
    const events = await db.message.findMany({ where: { conversationId: answer.conversationId, senderType: "system" } });
    expect(events.map((event) => event.content)).toContainEqual(expect.stringMatching(/^The assistant handed the conversation to the team \(Assistant handed off: .+\)\.$/));
    expect((await conversation(answer.conversationId)).status).toBe("open");
  });

  it("answers self-harm with care and urgent priority", async () => {
    const answer = await ask(newCustomer(), "I just want to end it all");
    expect(answer).toMatchObject({ outcome: "escalated", escalationReason: "self_harm" });
    expect(answer.text).toMatch(/sorry you're going through this/);
    expect(await conversation(answer.conversationId)).toMatchObject({ priority: "urgent", status: "open" });
  });

  it("hands off after maxBotTurns answers without resolution", async () => {
    await setSettings({ maxBotTurns: 2 });
    const customer = newCustomer();
    expect((await ask(customer, "How long does standard shipping take?")).outcome).toBe("answered");
    expect((await ask(customer, "How much is express shipping?")).outcome).toBe("answered");
    const third = await ask(customer, "When do orders ship free?");
    expect(third).toMatchObject({ outcome: "escalated", escalationReason: "max_bot_turns" });
  });

  it("hands off below the confidence threshold, keeping the answer and saying a person will check", async () => {
    await setSettings({ confidenceThreshold: 0.99 });
    const answer = await ask(newCustomer(), "How long does standard shipping take?");
    expect(answer).toMatchObject({ outcome: "escalated", escalationReason: "low_confidence" });
    expect(answer.text).toMatch(/3–5 business days[\s\S]*asked a person from our team to check/);
    expect((await conversation(answer.conversationId)).status).toBe("open");
  });

  it("passes an image to a person when no provider can read images", async () => {
    const file = await storeFile(db, accountId, null, { fileName: "boot.png", bytes: PNG });
    const answer = await ask(newCustomer(), "The sole came off, see the photo", { attachments: [{ url: file.url, contentType: "image/png", name: "boot.png" }] });
    expect(answer).toMatchObject({ outcome: "escalated", escalationReason: "image_needs_person" });
    expect(answer.text).toMatch(/can't look at images/);
  });
});

describe("providers", () => {
  async function addProvider(name: string, model: string, priority: number, baseUrl = fake.baseUrl, kind: "openai_compatible" | "openai" = "openai_compatible") {
    const key = kind === "openai" ? encryptSecret("sk-test-key") : null;
    await db.aiProvider.create({ data: { accountId, name, kind, model, baseUrl, priority, encryptedApiKey: key?.ciphertext, keyVersion: key?.keyVersion } });
  }

  it("fails over to the next provider and logs who answered and what failed", async () => {
    await addProvider("Broken", "status-500", 1);
    await addProvider("Backup", "backup-model", 2);
    fake.enqueue({ kind: "status", status: 500 }, { kind: "answer", text: "Standard shipping takes 3–5 business days [1]." });
    const answer = await ask(newCustomer(), "How long does standard shipping take?");
    expect(answer.outcome).toBe("answered");
    expect(answer.text).toBe("Standard shipping takes 3–5 business days [1].");
    expect(answer.sources).toEqual([expect.objectContaining({ title: "Shipping times and costs" })]);
    const logged = await db.aiInteraction.findUniqueOrThrow({ where: { id: answer.interactionId! } });
    expect(logged).toMatchObject({ provider: "Backup", model: "backup-model", outcome: "answered", confidence: 0.85 });
    expect(logged.attempts).toEqual([expect.objectContaining({ provider: "Broken", error: expect.stringContaining("500") })]);
  });

  it("sends the fallback message and hands off when every provider fails, never an error", async () => {
    await setSettings({ fallbackMessage: "We're having trouble right now; a teammate will answer you here." });
    await addProvider("Broken", "status-500", 1);
    await addProvider("Unreachable", "any", 2, "http://127.0.0.1:9/v1");
    const answer = await ask(newCustomer(), "How long does standard shipping take?");
    expect(answer).toMatchObject({ outcome: "failed", escalationReason: "ai_unavailable", text: "We're having trouble right now; a teammate will answer you here." });
    expect(delivered.map((message) => message.text)).toEqual([answer.text]);
    expect(await conversation(answer.conversationId)).toMatchObject({ status: "open", assigneeId: null });
    const logged = await db.aiInteraction.findUniqueOrThrow({ where: { id: answer.interactionId! } });
    expect(logged).toMatchObject({ outcome: "failed", provider: "Broken, Unreachable", escalationReason: "ai_unavailable" });
    expect(logged.attempts).toHaveLength(2);

    await setSettings({ fallbackMessage: "" });
    const defaulted = await ask(newCustomer(), "What does express cost?");
    expect(defaulted.text).toBe(DEFAULT_FALLBACK_MESSAGE);
  });

  it("hands an answer that cites nothing and rests on no tool to a person, but not a reply to small talk", async () => {
    await addProvider("Plain", "plain-model", 1);
    const unsupported = await ask(newCustomer(), "How long does standard shipping take?");
    expect(unsupported).toMatchObject({ outcome: "escalated", escalationReason: "low_confidence", sources: [] });
    expect(unsupported.confidence).toBeLessThan(0.55);
    expect(unsupported.text).toBe(`Answer from plain-model.\n\n${LOW_CONFIDENCE_NOTE}`);

    const greeting = await ask(newCustomer(), "Hi there!");
    expect(greeting).toMatchObject({ outcome: "answered", text: "Answer from plain-model.", confidence: null, escalationReason: null });
  });

  it("gives the model the last contextWindow public messages as memory, and no private notes", async () => {
    // The fake provider's answers cite nothing; a zero threshold keeps the conversation with the assistant.
    await setSettings({ contextWindow: 2, confidenceThreshold: 0 });
    await addProvider("Fake", "memory-model", 1);
    const customer = newCustomer();
    const first = await ask(customer, "How long does standard shipping take?");
    await db.message.create({
      data: { accountId, conversationId: first.conversationId, channelId: api.id, direction: "outbound", senderType: "agent", senderUserId: acme.agent.id, isPrivate: true, content: "Internal: VIP customer" },
    });
    await ask(customer, "How much is express shipping?");
    const before = fake.requests.length;
    await ask(customer, "And free shipping?");
    const { messages } = fake.requests.slice(before).at(-1)!.body as { messages: Array<{ role: string; content: unknown }> };
    expect(messages.filter((message) => message.role !== "system")).toEqual([
      { role: "user", content: "How much is express shipping?" },
      { role: "assistant", content: "Answer from memory-model." },
      { role: "user", content: "And free shipping?" },
    ]);
    expect(JSON.stringify(messages)).not.toContain("VIP");
  });

  it("shows image attachments to a provider that reads images, with the workspace's image prompt", async () => {
    await setSettings({ imagePrompt: "Describe any visible damage." });
    await addProvider("Vision", "vision-model", 1, fake.baseUrl, "openai");
    const file = await storeFile(db, accountId, null, { fileName: "boot.png", bytes: PNG });
    // The answer cites the returns article retrieved for the question: an uncited one would go to a person.
    fake.enqueue({ kind: "answer", text: "I can see the tags are still on, so you can return them within 30 days of delivery [1]." });
    const before = fake.requests.length;
    const answer = await ask(newCustomer(), "Can I still return these boots?", { attachments: [{ url: file.url, contentType: "image/png" }] });
    expect(answer.outcome).toBe("answered");
    const request = fake.requests.slice(before).find((recorded) => recorded.path.endsWith("/chat/completions"))!;
    const user = (request.body.messages as Array<{ role: string; content: unknown }>).filter((message) => message.role === "user").at(-1)!;
    expect(user.content).toEqual([
      { type: "text", text: "Can I still return these boots?" },
      expect.objectContaining({ type: "image_url", image_url: expect.objectContaining({ url: expect.stringMatching(/^data:image\/png;base64,/) }) }),
      { type: "text", text: "Describe any visible damage." },
    ]);
  });
});

/** A 1×1 transparent PNG. */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=", "base64");
