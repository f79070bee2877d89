import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerInboundMessage } from "@/lib/ai/answer";
import { changeStatus, replyToConversation } from "@/lib/conversations/actions";
import { ingestInbound } from "@/lib/conversations/ingest";
import { createChannel, inbound, recordingRelay } from "@/lib/conversations/test-helpers";
import type { ChannelRef } from "@/lib/channels/types";
import type { Database } from "@/lib/db/client";
import { createArticle } from "@/lib/knowledge/documents";
import { setOutboxRelayDefaults, settleOutboxFastPath } from "@/lib/outbox/relay";
import { setupTestDatabase } from "@/tests/helpers/db";
import { createTwoTenants, type StaffedAccount } from "@/tests/helpers/factories";
import { contextForUser } from "../context";
import { createCallerFactory } from "../init";
import { aiRouter } from "./ai";

const createCaller = createCallerFactory(aiRouter);
const testDb = setupTestDatabase();
let db: Database;
let acme: StaffedAccount;
let globex: StaffedAccount;
let api: ChannelRef;
const callerFor = async (userId: string) => createCaller(await contextForUser(db, userId));

const DAY = 24 * 60 * 60 * 1000;
const period = () => ({ from: new Date(Date.now() - 7 * DAY), to: new Date(Date.now() + DAY) });

async function answered(identifier: string, text: string) {
  const { conversation, message } = await ingestInbound(db, api, inbound(identifier, text));
  await settleOutboxFastPath();
  const outcome = await answerInboundMessage(db, { accountId: acme.account.id, conversationId: conversation.id, messageId: message.id });
  await settleOutboxFastPath();
  return { conversationId: conversation.id, ...outcome };
}

let contained: Awaited<ReturnType<typeof answered>>;
let escalated: Awaited<ReturnType<typeof answered>>;
let agentHelped: Awaited<ReturnType<typeof answered>>;

beforeAll(async () => {
  db = testDb.db;
  setOutboxRelayDefaults(recordingRelay().deps);
  ({ acme, globex } = await createTwoTenants(db));
  api = await createChannel(db, acme.account.id, "api");
  await createArticle(db, acme.account.id, {
    title: "Shipping times and costs",
    content: "## Shipping options\nStandard shipping takes 3–5 business days and costs $5.95. Express shipping takes 1–2 business days and costs $14.95.",
  });
  contained = await answered("c1", "How long does standard shipping take?");
  await changeStatus(db, acme.account.id, acme.admin.id, contained.conversationId, "resolved");
  escalated = await answered("c2", "I want to talk to a human");
  agentHelped = await answered("c3", "How much is express shipping?");
  await replyToConversation(db, acme.account.id, acme.agent.id, agentHelped.conversationId, { text: "Anything else?" });
  await changeStatus(db, acme.account.id, acme.agent.id, agentHelped.conversationId, "resolved");
  await settleOutboxFastPath();
});
afterAll(async () => {
  await settleOutboxFastPath();
  setOutboxRelayDefaults(undefined);
});

describe("ai router", () => {
  it("answers NOT_FOUND to another account's user for every conversation procedure and shows them none of the log", async () => {
    const outsider = await callerFor(globex.admin.id);
    const conversationId = contained.conversationId;
    const attempts: Record<string, () => Promise<unknown>> = {
      pause: () => outsider.pause({ conversationId }),
      resume: () => outsider.resume({ conversationId }),
      conversationAnswers: () => outsider.conversationAnswers({ conversationId }),
      setFeedback: () => outsider.setFeedback({ messageId: contained.botMessageId!, feedback: "bad" }),
    };
    expect([...Object.keys(attempts), "interactions", "summary"].sort()).toEqual(Object.keys(aiRouter._def.procedures).sort());
    for (const [name, attempt] of Object.entries(attempts)) await expect(attempt(), name).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await outsider.interactions({})).rows).toEqual([]);
    expect(await outsider.summary(period())).toMatchObject({ interactions: 0, containment: { handled: 0 }, providers: [] });
    expect(await db.conversation.findUniqueOrThrow({ where: { id: conversationId } })).toMatchObject({ aiPaused: false });
    expect(await db.aiInteraction.findUniqueOrThrow({ where: { id: contained.interactionId! } })).toMatchObject({ feedback: null });
  });

  it("keeps the accuracy log and its summary for admins", async () => {
    const agent = await callerFor(acme.agent.id);
    await expect(agent.interactions({})).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(agent.summary(period())).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("lets any member mark an answer from the thread, and filters the log by it", async () => {
    const agent = await callerFor(acme.agent.id);
    expect(await agent.setFeedback({ messageId: contained.botMessageId!, feedback: "good" })).toEqual({ messageId: contained.botMessageId, feedback: "good" });
    expect(await db.aiInteraction.findUniqueOrThrow({ where: { id: contained.interactionId! } })).toMatchObject({ feedback: "good", feedbackById: acme.agent.id });
    expect(await agent.conversationAnswers({ conversationId: contained.conversationId })).toEqual([
      expect.objectContaining({ messageId: contained.botMessageId, interactionId: contained.interactionId, outcome: "answered", feedback: "good" }),
    ]);

    const admin = await callerFor(acme.admin.id);
    const good = await admin.interactions({ feedback: "good" });
    expect(good.rows.map((row) => row.id)).toEqual([contained.interactionId]);
    expect(good.rows[0]).toMatchObject({ question: "How long does standard shipping take?", feedbackBy: expect.stringContaining("agent"), sources: [expect.objectContaining({ title: "Shipping times and costs" })] });
    expect((await admin.interactions({ feedback: "none" })).rows.map((row) => row.id)).not.toContain(contained.interactionId);
    expect((await admin.interactions({ outcome: "escalated" })).rows.map((row) => row.id)).toEqual([escalated.interactionId]);
    expect((await admin.interactions({ provider: "Escalation policy" })).rows.map((row) => row.id)).toEqual([escalated.interactionId]);

    await agent.setFeedback({ messageId: contained.botMessageId!, feedback: null });
    expect(await db.aiInteraction.findUniqueOrThrow({ where: { id: contained.interactionId! } })).toMatchObject({ feedback: null, feedbackById: null });
  });

  it("pages through the log newest first", async () => {
    const admin = await callerFor(acme.admin.id);
    const first = await admin.interactions({ limit: 2 });
    expect(first.rows).toHaveLength(2);
    const second = await admin.interactions({ limit: 2, cursor: first.nextCursor! });
    expect(second).toMatchObject({ nextCursor: null });
    expect([...first.rows, ...second.rows].map((row) => row.id)).toEqual([agentHelped.interactionId, escalated.interactionId, contained.interactionId]);
    await expect(admin.interactions({ cursor: "nonsense" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("summarises outcomes, latency and containment over a period", async () => {
    const admin = await callerFor(acme.admin.id);
    const summary = await admin.summary(period());
    expect(summary).toMatchObject({
      interactions: 3,
      byOutcome: { answered: 2, escalated: 1, failed: 0 },
      containment: { handled: 3, contained: 1, rate: 1 / 3 },
      providers: ["Escalation policy", "Offline (knowledge base)"],
    });
    expect(summary.latency.p50).toBeGreaterThanOrEqual(0);
    expect(summary.days).toHaveLength(9);
    expect(summary.days.reduce((sum, day) => sum + day.handled, 0)).toBe(3);
    expect((await admin.summary({ ...period(), timeZone: "Pacific/Kiritimati" })).containment).toEqual(summary.containment);
    await expect(admin.summary({ from: new Date(), to: new Date(Date.now() - DAY) })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(admin.summary({ ...period(), timeZone: "Mars/Olympus_Mons" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("pauses and resumes the assistant with a system event", async () => {
    const agent = await callerFor(acme.agent.id);
    const paused = await agent.pause({ conversationId: contained.conversationId });
    expect(paused.aiPaused).toBe(true);
    const resumed = await agent.resume({ conversationId: contained.conversationId });
    expect(resumed.aiPaused).toBe(false);
    const events = await db.message.findMany({ where: { conversationId: contained.conversationId, senderType: "system" }, orderBy: { createdAt: "asc" } });
    expect(events.map((event) => event.content).slice(-2)).toEqual([expect.stringContaining("paused the assistant"), expect.stringContaining("resumed the assistant")]);
  });
});
