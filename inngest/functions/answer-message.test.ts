import http from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { serve } from "inngest/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorkflowExecutor, type WorkflowExecutor } from "@/dev/workflows/executor";
import type { ChannelRef } from "@/lib/channels/types";
import { ingestInbound } from "@/lib/conversations/ingest";
import { createChannel, inbound } from "@/lib/conversations/test-helpers";
import type { Database } from "@/lib/db/client";
import { createArticle } from "@/lib/knowledge/documents";
import { setOutboxRelayDefaults, settleOutboxFastPath } from "@/lib/outbox/relay";
import { setupTestDatabase } from "@/tests/helpers/db";
import { createAccountWithStaff } from "@/tests/helpers/factories";
import { freePort } from "@/tests/helpers/ports";

const testDb = setupTestDatabase();
let db: Database;
let accountId: string;
let api: ChannelRef;
let web: ChannelRef;
let executor: WorkflowExecutor;
let server: http.Server;
let send: (event: { name: string; data: Record<string, unknown>; id?: string }) => Promise<unknown>;

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

interface Run {
  id: string;
  status: string;
  output?: unknown;
  event: { data: Record<string, unknown> };
}

/** The finished runs of answer-message for one customer message, with their output. */
async function finishedRuns(messageId: string): Promise<Run[]> {
  const response = await fetch(`${executor.url}/v1/runs?functionId=switchboard-answer-message&status=completed&limit=100`);
  const { data } = (await response.json()) as { data: Run[] };
  const runs = data.filter((run) => run.event.data.messageId === messageId);
  return Promise.all(runs.map(async (run) => ((await (await fetch(`${executor.url}/v1/runs/${run.id}`)).json()) as { data: Run }).data));
}

beforeAll(async () => {
  db = testDb.db;
  accountId = (await createAccountWithStaff(db, "Acme")).account.id;
  api = await createChannel(db, accountId, "api");
  web = await createChannel(db, accountId, "web");
  await createArticle(db, accountId, { title: "Shipping times and costs", content: "## Shipping options\nStandard shipping takes 3–5 business days and costs $5.95." });

  // The function reads its database and its executor from the environment, like in production.
  const executorPort = await freePort();
  process.env.DATABASE_URL = testDb.url;
  process.env.INNGEST_DEV = `http://127.0.0.1:${executorPort}`;
  const [{ inngest }, { answerMessage }] = await Promise.all([import("../client"), import("./answer-message")]);
  send = (event) => inngest.send(event);
  server = http.createServer(serve({ client: inngest, functions: [answerMessage] }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/inngest`;
  executor = await startWorkflowExecutor({ port: executorPort, databaseUrl: testDb.url, appUrls: [appUrl], pollIntervalMs: 50, retryBaseDelayMs: 50 });
  await executor.syncApps();
  // The outbox relay sends message.received to the executor, as after any ingest.
  setOutboxRelayDefaults({ trigger: async () => {}, sendEvent: async (event) => void (await send(event)), getChannelAdapter: () => undefined });
});
afterAll(async () => {
  await settleOutboxFastPath();
  setOutboxRelayDefaults(undefined);
  await executor?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()).closeAllConnections() : resolve()));
});

describe("answer-message workflow", () => {
  it("answers a customer message on message.received, once even when the event comes again", async () => {
    const { conversation, message } = await ingestInbound(db, api, inbound("customer-1", "How long does standard shipping take?"));
    await settleOutboxFastPath();
    const answer = await waitFor("the bot answer", async () => (await db.message.findFirst({ where: { conversationId: conversation.id, senderType: "bot" } })) ?? undefined);
    expect(answer.content).toMatch(/3–5 business days/);

    // A second delivery of the same event (a retry, a replayed outbox row) finds the message answered.
    const data = { accountId, conversationId: conversation.id, messageId: message.id, contactId: conversation.contactId, channelId: api.id };
    await send({ name: "message.received", data });
    const runs = await waitFor("both runs to finish", async () => {
      const finished = await finishedRuns(message.id);
      return finished.length === 2 ? finished : undefined;
    });
    expect(runs.map((run) => (run.output as { outcome: string }).outcome).sort()).toEqual(["answered", "skipped"]);
    expect(await db.message.count({ where: { conversationId: conversation.id, senderType: "bot" } })).toBe(1);
  });

  it("leaves web widget messages to the widget's own streamed answer", async () => {
    const { conversation, message } = await ingestInbound(db, web, inbound("visitor-1", "How long does standard shipping take?"));
    await settleOutboxFastPath();
    const [run] = await waitFor("the run to finish", async () => {
      const finished = await finishedRuns(message.id);
      return finished.length === 1 ? finished : undefined;
    });
    expect(run!.output).toMatchObject({ outcome: "skipped" });
    expect(await db.message.count({ where: { conversationId: conversation.id, senderType: "bot" } })).toBe(0);
  });
});
