/**
 * Trigger → receive latency of the embedded realtime server: an event published
 * with the `pusher` SDK over HTTP, timed until each subscribed `pusher-js`
 * client has it. Run: `npx tsx bench/realtime.ts`.
 */
import { performance } from "node:perf_hooks";
import { percentile, printRow, runWhenExecuted, withTimeout } from "./lib/report";
import PusherServer from "pusher";
import PusherClient from "pusher-js";
import { startRealtimeServer } from "@/dev/realtime/server";

export interface TriggerToReceiveOptions {
  /** Subscribed pusher-js clients, all on one channel. */
  clients: number;
  /** Measured events (after the warm-up). */
  messages: number;
  /** Unmeasured events sent first. Default 10. */
  warmupMessages?: number;
  /** How long one event may take to reach every client before it counts as lost. Default 5000 ms. */
  perMessageTimeoutMs?: number;
}

export interface TriggerToReceiveResult {
  clients: number;
  messages: number;
  /** One per (client, measured event) that arrived. */
  receipts: number;
  /** Receipts that did not arrive within the per-message timeout. */
  lost: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

const APP = { appId: "bench", key: "bench-key", secret: "bench-secret" };
const CHANNEL = "bench-latency";
const CONNECT_BATCH = 100;
const CONNECT_TIMEOUT_MS = 30_000;

/**
 * Starts a fresh server on a free loopback port, subscribes `clients` pusher-js
 * clients to one channel, triggers events one at a time and records, for every
 * client, the time from just before the trigger call to the event's arrival.
 */
export async function measureTriggerToReceive(options: TriggerToReceiveOptions): Promise<TriggerToReceiveResult> {
  const { clients: clientCount, messages } = options;
  const warmup = options.warmupMessages ?? 10;
  const perMessageTimeoutMs = options.perMessageTimeoutMs ?? 5000;
  if (!Number.isInteger(clientCount) || clientCount < 1) throw new Error("clients must be a positive integer");
  if (!Number.isInteger(messages) || messages < 1) throw new Error("messages must be a positive integer");

  const server = await startRealtimeServer({ ...APP, port: 0 });
  const publisher = new PusherServer({ ...APP, host: server.host, port: String(server.port), useTLS: false });
  const clients: PusherClient[] = [];
  const sentAt: number[] = [];
  const receivedCount: number[] = [];
  const latencies: number[] = [];
  let wakeWhenComplete: (() => void) | undefined;
  let lost = 0;

  const onTick = ({ seq }: { seq: number }) => {
    const latency = performance.now() - (sentAt[seq] ?? Number.NaN);
    if (seq >= warmup) latencies.push(latency);
    receivedCount[seq] = (receivedCount[seq] ?? 0) + 1;
    if (receivedCount[seq] === clientCount) wakeWhenComplete?.();
  };

  try {
    for (let start = 0; start < clientCount; start += CONNECT_BATCH) {
      const batch = Array.from({ length: Math.min(CONNECT_BATCH, clientCount - start) }, () => {
        const client = new PusherClient(APP.key, {
          cluster: "local",
          wsHost: server.host,
          wsPort: server.port,
          forceTLS: false,
          enabledTransports: ["ws"],
        });
        clients.push(client);
        const channel = client.subscribe(CHANNEL);
        channel.bind("tick", onTick);
        return new Promise<void>((resolve) => channel.bind("pusher:subscription_succeeded", () => resolve()));
      });
      await withTimeout(Promise.all(batch), CONNECT_TIMEOUT_MS, `subscribing ${batch.length} clients`);
    }

    for (let seq = 0; seq < warmup + messages; seq++) {
      const complete = new Promise<void>((resolve) => (wakeWhenComplete = resolve));
      sentAt[seq] = performance.now();
      await publisher.trigger(CHANNEL, "tick", { seq });
      try {
        await withTimeout(complete, perMessageTimeoutMs, `event ${seq}`);
      } catch {
        if (seq >= warmup) lost += clientCount - (receivedCount[seq] ?? 0);
      }
    }
  } finally {
    for (const client of clients) client.disconnect();
    await server.close();
  }

  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    clients: clientCount,
    messages,
    receipts: sorted.length,
    lost,
    p50Ms: percentile(sorted, 0.5),
    p95Ms: percentile(sorted, 0.95),
    maxMs: sorted.at(-1) ?? Number.NaN,
  };
}

async function main(): Promise<void> {
  const scenarios = [
    { clients: 1, messages: 300 },
    { clients: 100, messages: 200 },
    { clients: 1000, messages: 50 },
  ];
  console.log("realtime: pusher SDK trigger (HTTP) → pusher-js receive, loopback, server in-process\n");
  console.log("clients  messages  receipts  lost   p50 ms   p95 ms   max ms");
  for (const scenario of scenarios) {
    const result = await measureTriggerToReceive(scenario);
    printRow([result.clients, result.messages, result.receipts, result.lost, result.p50Ms, result.p95Ms, result.maxMs], [7, 9, 9, 5, 8, 8, 8]);
  }
}

runWhenExecuted(import.meta.url, main);
