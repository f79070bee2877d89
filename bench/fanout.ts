/**
 * Fan-out of a customer message to an account's agents: 500 `pusher-js` clients, each
 * signed in as a different agent of one account and subscribed to its private account
 * channel through the app's channel authorization, receive each message stored by
 * `ingestInbound` and published by the outbox relay through the embedded realtime
 * server. Interleaved with it, the same clients receive events triggered straight on the
 * server (the raw baseline, an event shaped and sized like the product's), so both are
 * measured under the same conditions.
 * The clients run in a child process (this file run with --clients), as agents' browsers
 * are not in the server's process; the app, the realtime server and the workflow
 * executor stay in the parent. Both time with the same wall clock.
 * Run: `npx tsx bench/fanout.ts`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import type Pusher from "pusher";
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
const CLIENTS_FLAG = "--clients";

/** Milliseconds on the wall clock with sub-millisecond resolution, comparable between processes. */
const wallClock = () => performance.timeOrigin + performance.now();

// ───────────── messages between the app process and the clients process ─────────────

type ToClients =
  | { type: "connect"; appKey: string; clientOptions: RelayTargets["clientOptions"]; channelName: string; userIds: string[] }
  | { type: "authorized"; requestId: number; auth: Pusher.ChannelAuthResponse | null; error?: string }
  | { type: "collect"; id: string; startedAt: number }
  | { type: "stop" };

type FromClients =
  | { type: "authorize"; requestId: number; userId: string; socketId: string; channelName: string }
  | { type: "connected" }
  | { type: "collected"; id: string; latencies: number[] };

// ───────────── the clients process ─────────────

/** Arrival times of each event id at the clients, and a wake-up when all clients have it. */
class Arrivals {
  private readonly times = new Map<string, number[]>();
  private readonly waiting = new Map<string, () => void>();

  constructor(private readonly clients: number) {}

  record(id: string): void {
    const at = wallClock();
    const times = this.times.get(id) ?? [];
    times.push(at);
    this.times.set(id, times);
    if (times.length === this.clients) this.waiting.get(id)?.();
  }

  /** Latencies from `startedAt` for every client that had `id` within the timeout; forgets the id. */
  async collect(id: string, startedAt: number): Promise<number[]> {
    if ((this.times.get(id)?.length ?? 0) < this.clients) {
      const complete = new Promise<void>((resolve) => this.waiting.set(id, resolve));
      await withTimeout(complete, PER_MESSAGE_TIMEOUT_MS, `event ${id}`).catch(() => undefined);
      this.waiting.delete(id);
    }
    const latencies = (this.times.get(id) ?? []).map((at) => at - startedAt);
    this.times.delete(id);
    return latencies;
  }
}

/**
 * The agents' browsers: pusher-js clients whose channel authorization is answered by the
 * app process (the app's own signUserChannel), reporting arrival times on request.
 */
async function runClientsProcess(): Promise<void> {
  const send = (message: FromClients) => process.send!(message);
  const clients: PusherClient[] = [];
  const pendingAuth = new Map<number, (answer: Extract<ToClients, { type: "authorized" }>) => void>();
  let nextRequestId = 0;
  let arrivals: Arrivals | undefined;

  const connect = async ({ appKey, clientOptions, channelName, userIds }: Extract<ToClients, { type: "connect" }>) => {
    arrivals = new Arrivals(userIds.length);
    for (let start = 0; start < userIds.length; start += CONNECT_BATCH) {
      const batch = userIds.slice(start, start + CONNECT_BATCH).map((userId) => {
        const client = new PusherClient(appKey, {
          ...clientOptions,
          channelAuthorization: {
            endpoint: "/api/realtime/auth",
            transport: "ajax",
            customHandler: ({ socketId, channelName: name }, callback) => {
              const requestId = nextRequestId++;
              pendingAuth.set(requestId, ({ auth, error }) =>
                auth ? callback(null, auth) : callback(new Error(error ?? `${userId} may not join ${name}`), null),
              );
              send({ type: "authorize", requestId, userId, socketId, channelName: name });
            },
          },
        });
        clients.push(client);
        const channel = client.subscribe(channelName);
        channel.bind("message.created", (data: { id: string }) => arrivals!.record(data.id));
        return new Promise<void>((resolve, reject) => {
          channel.bind("pusher:subscription_succeeded", () => resolve());
          channel.bind("pusher:subscription_error", (error: unknown) => reject(new Error(`Subscribing ${userId} to ${channelName} failed: ${JSON.stringify(error)}`)));
        });
      });
      await withTimeout(Promise.all(batch), CONNECT_TIMEOUT_MS, `subscribing ${batch.length} agents`);
    }
    send({ type: "connected" });
  };

  await new Promise<void>((resolve, reject) => {
    process.on("message", (message: ToClients) => {
      if (message.type === "connect") connect(message).catch(reject);
      else if (message.type === "authorized") {
        pendingAuth.get(message.requestId)?.(message);
        pendingAuth.delete(message.requestId);
      } else if (message.type === "collect") {
        arrivals!.collect(message.id, message.startedAt).then((latencies) => send({ type: "collected", id: message.id, latencies }), reject);
      } else if (message.type === "stop") resolve();
    });
    process.once("disconnect", resolve);
  });
  for (const client of clients) client.disconnect();
}

// ───────────── the app process ─────────────

async function createAgents(db: Database, accountId: string, runId: string): Promise<string[]> {
  const users = await db.user.createManyAndReturn({
    data: Array.from({ length: AGENTS }, (_, i) => ({ email: `agent-${i}-${runId}@example.test`, name: `Agent ${i}`, passwordHash: "not-a-login" })),
    select: { id: true },
  });
  await db.membership.createMany({ data: users.map((user) => ({ accountId, userId: user.id, role: "agent" as const })) });
  return users.map((user) => user.id);
}

interface ClientsProcess {
  child: ChildProcess;
  /** Latencies from `startedAt` (wall clock) of every client that received event `id`. */
  collect(id: string, startedAt: number): Promise<number[]>;
  stop(): Promise<void>;
}

/** Starts the clients process and connects every agent, authorizing each subscription with the app's signUserChannel. */
async function startClientsProcess(db: Database, targets: RelayTargets, userIds: string[], channelName: string): Promise<ClientsProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", import.meta.filename, CLIENTS_FLAG], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const send = (message: ToClients) => child.send(message);
  const collecting = new Map<string, (latencies: number[]) => void>();
  let connected: () => void = () => undefined;
  const exited = new Promise<never>((_, reject) => child.once("exit", (code) => reject(new Error(`The clients process exited (code ${code}).`))));
  exited.catch(() => undefined);

  child.on("message", (message: FromClients) => {
    if (message.type === "authorize") {
      const { requestId, userId, socketId, channelName: name } = message;
      signUserChannel(db, targets.pusher, userId, socketId, name).then(
        (auth) => send({ type: "authorized", requestId, auth }),
        (error: Error) => send({ type: "authorized", requestId, auth: null, error: error.message }),
      );
    } else if (message.type === "connected") connected();
    else if (message.type === "collected") {
      collecting.get(message.id)?.(message.latencies);
      collecting.delete(message.id);
    }
  });

  const ready = new Promise<void>((resolve) => (connected = resolve));
  send({ type: "connect", appKey: targets.appKey, clientOptions: targets.clientOptions, channelName, userIds });
  await withTimeout(Promise.race([ready, exited]), CONNECT_TIMEOUT_MS * Math.ceil(userIds.length / CONNECT_BATCH), "connecting the agents");

  return {
    child,
    collect: (id, startedAt) =>
      Promise.race([
        new Promise<number[]>((resolve) => {
          collecting.set(id, resolve);
          send({ type: "collect", id, startedAt });
        }),
        exited,
      ]),
    stop: async () => {
      if (child.exitCode !== null) return;
      const done = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      send({ type: "stop" });
      await withTimeout(done, 30_000, "stopping the clients process").catch(() => child.kill("SIGKILL"));
    },
  };
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
      "raw and product interleaved; the clients in their own process, the app, realtime server and workflow executor in another, on loopback\n",
  );
  await withThrowawayPostgres(
    "fanout",
    async (databaseUrl) => {
      const db = createDatabaseClient(databaseUrl);
      const targets = await startRelayTargets(databaseUrl);
      setOutboxRelayDefaults(targets.relayDeps);
      let clients: ClientsProcess | undefined;
      try {
        const runId = randomBytes(4).toString("hex");
        const account = await db.account.create({ data: { name: "Fanout bench", slug: `fanout-bench-${runId}` } });
        const channelRow = await db.channel.create({ data: { accountId: account.id, type: "api", name: "Bench API channel" } });
        const channel: ChannelRef = { id: channelRow.id, accountId: account.id, type: channelRow.type };
        const accountChannel = realtimeChannels.account(account.id);

        const connectStarted = performance.now();
        clients = await startClientsProcess(db, targets, await createAgents(db, account.id, runId), accountChannel);
        console.log(`${AGENTS} agents connected and authorized in ${((performance.now() - connectStarted) / 1000).toFixed(1)} s\n`);

        const raw: number[] = [];
        const product: number[] = [];
        for (let i = 0; i < WARMUP_MESSAGES + MEASURED_MESSAGES; i++) {
          const measured = i >= WARMUP_MESSAGES;
          const text = `Message ${i}: has my refund for order #${100000 + i} been sent?`;

          // The raw baseline: the event a message makes on the account channel (same name, fields and size), triggered on the server directly.
          const rawId = `raw-${i}`;
          const rawStarted = wallClock();
          const at = new Date(rawStarted).toISOString();
          await targets.pusher.trigger(accountChannel, "message.created", {
            id: rawId,
            conversationId: "raw",
            direction: "inbound",
            senderType: "contact",
            senderName: `Customer ${i % CUSTOMERS}`,
            isPrivate: false,
            deliveryStatus: "delivered",
            createdAt: at,
            preview: text,
            conversation: { id: "raw", status: "open", priority: "medium", labels: [], assigneeId: null, teamId: null, unreadCount: 1, lastMessageAt: at, waitingSince: at, firstReplyAt: null, resolvedAt: null },
          });
          const rawLatencies = await clients.collect(rawId, rawStarted);
          if (measured) raw.push(...rawLatencies);

          const customer = `customer-${i % CUSTOMERS}`;
          const started = wallClock();
          const ingested = await ingestInbound(db, channel, { externalId: `${runId}-${i}`, contact: { identifier: customer, name: `Customer ${i % CUSTOMERS}` }, text, attachments: [] });
          const latencies = await clients.collect(ingested.message.id, started);
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
        if (productResult.lost > 0 || rawResult.lost > 0) {
          console.log(`lost receipts: raw ${rawResult.lost}, product ${productResult.lost}`);
        }
      } finally {
        await clients?.stop();
        await settleOutboxFastPath();
        setOutboxRelayDefaults(undefined);
        await targets.close();
        await db.$disconnect();
      }
    },
    { migrate: true },
  );
}

runWhenExecuted(import.meta.url, () => (process.argv.includes(CLIENTS_FLAG) ? runClientsProcess() : main()));
