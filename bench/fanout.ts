/**
 * Fan-out of a customer message to an account's agents: 500 `pusher-js` clients, each
 * signed in as a different agent of one account and subscribed to its private account
 * channel through the app's channel authorization, receive each message stored by
 * `ingestInbound` and published by the outbox relay through the embedded realtime
 * server. Interleaved with it, the same clients receive events triggered straight on the
 * server (the raw baseline), so both are measured under the same conditions.
 * Run: `npx tsx bench/fanout.ts`.
 */
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import PusherClient from "pusher-js";
import { printRow, printVerdict, runWhenExecuted, summarizeLatencies, withTimeout, type LatencySummary } from "./lib/report";
import { startRelayTargets, withThrowawayPostgres, type RelayTargets } from "./lib/services";
import type { ChannelRef } from "@/lib/channels/types";
import { ingestInbound } from "@/lib/conversations/ingest";
import { createDatabaseClient, type Database } from "@/lib/db/client";
import { setOutboxRelayDefaults, settleOutboxFastPath } from "@/lib/outbox/relay";
import { realtimeChannels, signUserChannel } from "@/lib/realtime/channels";

const AGENTS = 500;
const MEASURED_MESSAGES = 100;
const WARMUP_MESSAGES = 10;
/** Customers writing in turn: the first message of each opens a conversation, later ones update it. */
const CUSTOMERS = 20;
const PER_MESSAGE_TIMEOUT_MS = 10_000;
const CONNECT_BATCH = 100;
const CONNECT_TIMEOUT_MS = 60_000;
const TARGET_RATIO = 1.5;

/** Arrival times of each event id at the clients, and a wake-up when all clients have it. */
class Arrivals {
  private readonly times = new Map<string, number[]>();
  private waiting: { id: string; resolve: () => void } | undefined;

  constructor(private readonly clients: number) {}

  record(id: string): void {
    const times = this.times.get(id) ?? [];
    times.push(performance.now());
    this.times.set(id, times);
    if (this.waiting?.id === id && times.length === this.clients) this.waiting.resolve();
  }

  /** Latencies from `startedAt` for every client that had `id` within the timeout. */
  async collect(id: string, startedAt: number): Promise<number[]> {
    if ((this.times.get(id)?.length ?? 0) < this.clients) {
      const complete = new Promise<void>((resolve) => (this.waiting = { id, resolve }));
      await withTimeout(complete, PER_MESSAGE_TIMEOUT_MS, `event ${id}`).catch(() => undefined);
      this.waiting = undefined;
    }
    return (this.times.get(id) ?? []).map((at) => at - startedAt);
  }
}

async function createAgents(db: Database, accountId: string, runId: string): Promise<string[]> {
  const users = await db.user.createManyAndReturn({
    data: Array.from({ length: AGENTS }, (_, i) => ({ email: `agent-${i}-${runId}@example.test`, name: `Agent ${i}`, passwordHash: "not-a-login" })),
    select: { id: true },
  });
  await db.membership.createMany({ data: users.map((user) => ({ accountId, userId: user.id, role: "agent" as const })) });
  return users.map((user) => user.id);
}

/** One agent's browser: pusher-js authorizing its subscriptions the way the app's auth route does. */
function agentClient(db: Database, targets: RelayTargets, userId: string): PusherClient {
  return new PusherClient(targets.appKey, {
    ...targets.clientOptions,
    channelAuthorization: {
      endpoint: "/api/realtime/auth",
      transport: "ajax",
      customHandler: ({ socketId, channelName }, callback) => {
        signUserChannel(db, targets.pusher, userId, socketId, channelName).then(
          (signed) => (signed ? callback(null, signed) : callback(new Error(`${userId} may not join ${channelName}`), null)),
          (error: Error) => callback(error, null),
        );
      },
    },
  });
}

async function connectAgents(db: Database, targets: RelayTargets, userIds: string[], channelName: string, arrivals: Arrivals): Promise<PusherClient[]> {
  const clients: PusherClient[] = [];
  for (let start = 0; start < userIds.length; start += CONNECT_BATCH) {
    const batch = userIds.slice(start, start + CONNECT_BATCH).map((userId) => {
      const client = agentClient(db, targets, userId);
      clients.push(client);
      const channel = client.subscribe(channelName);
      channel.bind("message.created", (data: { id: string }) => arrivals.record(data.id));
      return new Promise<void>((resolve, reject) => {
        channel.bind("pusher:subscription_succeeded", () => resolve());
        channel.bind("pusher:subscription_error", (error: unknown) => reject(new Error(`Subscribing ${userId} to ${channelName} failed: ${JSON.stringify(error)}`)));
      });
    });
    await withTimeout(Promise.all(batch), CONNECT_TIMEOUT_MS, `subscribing ${batch.length} agents`);
  }
  return clients;
}

interface PathResult extends LatencySummary {
  lost: number;
}

function result(latencies: number[], expected: number): PathResult {
  return { ...summarizeLatencies(latencies), lost: expected - latencies.length };
}

async function main(): Promise<void> {
  console.log(
    `fanout: ${AGENTS} pusher-js agents of one account on its private account channel; ${MEASURED_MESSAGES} messages per path after ${WARMUP_MESSAGES} warm-up, ` +
      "raw and product interleaved; clients, app, realtime server and workflow executor in one process on loopback\n",
  );
  await withThrowawayPostgres(
    "fanout",
    async (databaseUrl) => {
      const db = createDatabaseClient(databaseUrl);
      const targets = await startRelayTargets(databaseUrl);
      setOutboxRelayDefaults(targets.relayDeps);
      const clients: PusherClient[] = [];
      try {
        const runId = randomBytes(4).toString("hex");
        const account = await db.account.create({ data: { name: "Fanout bench", slug: `fanout-bench-${runId}` } });
        const channelRow = await db.channel.create({ data: { accountId: account.id, type: "api", name: "Bench API channel" } });
        const channel: ChannelRef = { id: channelRow.id, accountId: account.id, type: channelRow.type };
        const accountChannel = realtimeChannels.account(account.id);
        const arrivals = new Arrivals(AGENTS);

        const connectStarted = performance.now();
        clients.push(...(await connectAgents(db, targets, await createAgents(db, account.id, runId), accountChannel, arrivals)));
        console.log(`${AGENTS} agents connected and authorized in ${((performance.now() - connectStarted) / 1000).toFixed(1)} s\n`);

        const raw: number[] = [];
        const product: number[] = [];
        for (let i = 0; i < WARMUP_MESSAGES + MEASURED_MESSAGES; i++) {
          const measured = i >= WARMUP_MESSAGES;
          const text = `Message ${i}: has my refund for order #${100000 + i} been sent?`;

          // The raw baseline: an event of the same name and about the same size, triggered on the server directly.
          const rawId = `raw-${i}`;
          const rawStarted = performance.now();
          await targets.pusher.trigger(accountChannel, "message.created", { id: rawId, conversationId: "raw", direction: "inbound", senderType: "contact", preview: text });
          const rawLatencies = await arrivals.collect(rawId, rawStarted);
          if (measured) raw.push(...rawLatencies);

          const customer = `customer-${i % CUSTOMERS}`;
          const started = performance.now();
          const ingested = await ingestInbound(db, channel, { externalId: `${runId}-${i}`, contact: { identifier: customer, name: `Customer ${i % CUSTOMERS}` }, text, attachments: [] });
          const latencies = await arrivals.collect(ingested.message.id, started);
          if (measured) product.push(...latencies);
          // The relay's remaining work (the Inngest event) finishes before the next raw trigger.
          await settleOutboxFastPath();
        }

        const expected = AGENTS * MEASURED_MESSAGES;
        const rows: [string, PathResult][] = [
          ["raw: server trigger → receive", result(raw, expected)],
          ["product: ingestInbound → relay → receive", result(product, expected)],
        ];
        const columns = [42, 9, 6, 8, 8, 8, 8];
        printRow(["path", "receipts", "lost", "p50 ms", "p95 ms", "p99 ms", "max ms"], columns);
        for (const [name, summary] of rows) printRow([name, summary.samples, summary.lost, summary.p50Ms, summary.p95Ms, summary.p99Ms, summary.maxMs], columns);

        const [rawResult, productResult] = [rows[0]![1], rows[1]![1]];
        const ratio = productResult.p95Ms / rawResult.p95Ms;
        console.log(`\nproduct p95 / raw p95 = ${productResult.p95Ms.toFixed(2)} / ${rawResult.p95Ms.toFixed(2)} = ${ratio.toFixed(2)}×`);
        printVerdict("message → receive p95 vs raw trigger → receive p95", `≤ ${TARGET_RATIO}×`, `${ratio.toFixed(2)}×`, ratio <= TARGET_RATIO && productResult.lost === 0);
        if (productResult.lost > 0 || rawResult.lost > 0) console.log(`lost receipts: raw ${rawResult.lost}, product ${productResult.lost}`);
      } finally {
        for (const client of clients) client.disconnect();
        await settleOutboxFastPath();
        setOutboxRelayDefaults(undefined);
        await targets.close();
        await db.$disconnect();
      }
    },
    { migrate: true },
  );
}

runWhenExecuted(import.meta.url, main);
