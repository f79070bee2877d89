/**
 * Event → handler start latency of the embedded workflow executor: an event sent with
 * the real `inngest` SDK (`inngest.send`) is timed until the function handler, served by
 * `serve` from inngest/node, starts. Everything runs in-process on loopback, with state
 * in a throwaway embedded PostgreSQL unless a database URL is given.
 * Run: `npx tsx bench/workflows.ts`.
 */
import http from "node:http";
import { performance } from "node:perf_hooks";
import { percentile, printRow, runWhenExecuted } from "./lib/report";
import { withThrowawayPostgres } from "./lib/services";
import { Inngest } from "inngest";
import { serve } from "inngest/node";
import { startWorkflowExecutor } from "@/dev/workflows/executor";
import { freePort } from "@/tests/helpers/ports";

export interface EventToHandlerOptions {
  /** Events sent one after another, each after the previous handler started. */
  sequential: number;
  /** Events sent at once in one `inngest.send` call. */
  burst: number;
  /** Unmeasured sequential events sent first. Default 20. */
  warmup?: number;
  /** How long one handler may take to start before the event counts as lost. Default 5000 ms. */
  perEventTimeoutMs?: number;
  /** Use this database instead of a throwaway embedded PostgreSQL. */
  databaseUrl?: string;
}

export interface LatencySummary {
  events: number;
  lost: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

function summarise(latencies: number[], expected: number): LatencySummary {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    events: expected,
    lost: expected - sorted.length,
    p50Ms: percentile(sorted, 0.5),
    p95Ms: percentile(sorted, 0.95),
    maxMs: sorted.at(-1) ?? Number.NaN,
  };
}

function withDatabase<T>(databaseUrl: string | undefined, work: (url: string) => Promise<T>): Promise<T> {
  return databaseUrl ? work(databaseUrl) : withThrowawayPostgres("workflows", work);
}

export async function measureEventToHandler(options: EventToHandlerOptions): Promise<{ sequential: LatencySummary; burst: LatencySummary }> {
  const warmup = options.warmup ?? 20;
  const perEventTimeoutMs = options.perEventTimeoutMs ?? 5000;
  for (const [name, value] of Object.entries({ sequential: options.sequential, burst: options.burst, warmup })) {
    if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer`);
  }

  return withDatabase(options.databaseUrl, async (databaseUrl) => {
    const sentAt = new Map<string, number>();
    const latencies = new Map<string, number>();
    const waiters = new Map<string, () => void>();

    const appPort = await freePort();
    const appUrl = `http://127.0.0.1:${appPort}/api/inngest`;
    const executor = await startWorkflowExecutor({ port: 0, databaseUrl, appUrls: [appUrl] });
    const inngest = new Inngest({
      id: "bench",
      isDev: true,
      baseUrl: executor.url,
      logger: { info() {}, warn() {}, error() {}, debug() {} },
    });
    const ping = inngest.createFunction({ id: "ping", triggers: { event: "bench/ping" } }, async ({ event }) => {
      const key = event.data.key as string;
      if (!latencies.has(key)) latencies.set(key, performance.now() - (sentAt.get(key) ?? Number.NaN));
      waiters.get(key)?.();
      return null;
    });
    const app = http.createServer(serve({ client: inngest, functions: [ping] }));
    await new Promise<void>((resolve) => app.listen(appPort, "127.0.0.1", resolve));

    const started = (key: string) =>
      new Promise<void>((resolve) => {
        if (latencies.has(key)) return resolve();
        const timer = setTimeout(resolve, perEventTimeoutMs);
        waiters.set(key, () => {
          clearTimeout(timer);
          resolve();
        });
      });

    try {
      await executor.syncApps();
      const sequentialKeys: string[] = [];
      for (let i = 0; i < warmup + options.sequential; i++) {
        const key = `seq-${i}`;
        if (i >= warmup) sequentialKeys.push(key);
        const done = started(key);
        sentAt.set(key, performance.now());
        await inngest.send({ name: "bench/ping", data: { key } });
        await done;
      }

      const burstKeys = Array.from({ length: options.burst }, (_, i) => `burst-${i}`);
      const burstDone = Promise.all(burstKeys.map(started));
      const burstSentAt = performance.now();
      for (const key of burstKeys) sentAt.set(key, burstSentAt);
      if (burstKeys.length > 0) await inngest.send(burstKeys.map((key) => ({ name: "bench/ping", data: { key } })));
      await burstDone;

      const pick = (keys: string[]) => keys.flatMap((key) => (latencies.has(key) ? [latencies.get(key)!] : []));
      return {
        sequential: summarise(pick(sequentialKeys), sequentialKeys.length),
        burst: summarise(pick(burstKeys), burstKeys.length),
      };
    } finally {
      await executor.close();
      await new Promise<void>((resolve) => app.close(() => resolve()).closeAllConnections());
    }
  });
}

async function main(): Promise<void> {
  const result = await measureEventToHandler({ sequential: 200, burst: 100 });
  console.log("workflows: inngest.send → function handler start, loopback, executor + app in-process, state in PostgreSQL\n");
  console.log("scenario     events  lost   p50 ms   p95 ms   max ms");
  for (const [name, summary] of Object.entries(result)) {
    printRow([name, summary.events, summary.lost, summary.p50Ms, summary.p95Ms, summary.maxMs], [10, 8, 5, 8, 8, 8]);
  }
}

runWhenExecuted(import.meta.url, main);
