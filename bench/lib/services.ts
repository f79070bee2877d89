/**
 * The services a benchmark runs against, all in-process on loopback: a throwaway
 * embedded PostgreSQL, the embedded realtime server and workflow executor, and outbox
 * relay publishers wired to them the way `npm start` wires the product.
 */
import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Inngest } from "inngest";
import PusherServer from "pusher";
import { startEmbeddedPostgres } from "@/dev/postgres/embedded-postgres";
import { migrateDatabase } from "@/dev/migrate";
import { startRealtimeServer, type RealtimeServer } from "@/dev/realtime/server";
import { startWorkflowExecutor, type WorkflowExecutor } from "@/dev/workflows/executor";
import { getChannelAdapter } from "@/lib/channels/registry";
import type { OutboxRelayDeps } from "@/lib/outbox/relay";
import { freePort } from "@/tests/helpers/ports";

export interface ThrowawayPostgresOptions {
  /** Apply the committed migrations before `work` runs. */
  migrate?: boolean;
}

/**
 * Runs `work` against the `postgres` database of a fresh embedded PostgreSQL whose data
 * directory (under os.tmpdir(), named after the benchmark) is deleted afterwards.
 */
export async function withThrowawayPostgres<T>(benchmark: string, work: (databaseUrl: string) => Promise<T>, options: ThrowawayPostgresOptions = {}): Promise<T> {
  const dataDir = path.join(os.tmpdir(), `switchboard-bench-${benchmark}-${process.pid}`);
  const server = await startEmbeddedPostgres({
    dataDir,
    port: await freePort(),
    password: randomBytes(12).toString("hex"),
    unsafeNoSync: true,
  });
  try {
    const databaseUrl = server.urlFor("postgres");
    if (options.migrate) await migrateDatabase(databaseUrl);
    return await work(databaseUrl);
  } finally {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Where the relay publishes: the realtime server's HTTP API and the workflow executor. */
export interface RelayEndpoints {
  realtimeHost: string;
  realtimePort: number;
  executorUrl: string;
}

export interface RelayTargets {
  endpoints: RelayEndpoints;
  /** The server SDK pointed at the realtime server; it also signs channel subscriptions. */
  pusher: PusherServer;
  /** pusher-js options that connect to the realtime server. */
  clientOptions: { cluster: string; wsHost: string; wsPort: number; forceTLS: false; enabledTransports: ["ws"] };
  appKey: string;
  /** Publishers for setOutboxRelayDefaults, pointed at these targets. */
  relayDeps: OutboxRelayDeps;
  close(): Promise<void>;
}

const REALTIME_APP = { appId: "bench", key: "bench-key", secret: "bench-secret" };
const silentLogger = { info() {}, warn() {}, error() {}, debug() {} };

function realtimeSdk(endpoints: RelayEndpoints): PusherServer {
  return new PusherServer({ ...REALTIME_APP, host: endpoints.realtimeHost, port: String(endpoints.realtimePort), useTLS: false });
}

/**
 * Outbox relay publishers as the product wires them: realtime events with the pusher
 * SDK (HTTP), Inngest events with inngest.send (HTTP), channel adapters from the registry.
 */
export function relayPublishers(endpoints: RelayEndpoints): OutboxRelayDeps {
  const pusher = realtimeSdk(endpoints);
  const inngest = new Inngest({ id: "switchboard-bench", isDev: true, baseUrl: endpoints.executorUrl, logger: silentLogger });
  return {
    trigger: async (channels, event, data) => {
      await pusher.trigger(channels, event, data);
    },
    sendEvent: async (event) => {
      await inngest.send(event);
    },
    // The same batching the product's own publishers do (lib/outbox/relay.ts).
    triggerBatch: async (events) => {
      await pusher.triggerBatch(events.map(({ channel, event, data }) => ({ channel, name: event, data })));
    },
    sendEvents: async (events) => {
      await inngest.send(events);
    },
    getChannelAdapter,
  };
}

/**
 * Starts what the outbox relay publishes to in an embedded deployment: the realtime
 * server and the workflow executor (its state in the same PostgreSQL).
 */
export async function startRelayTargets(databaseUrl: string): Promise<RelayTargets> {
  const realtime: RealtimeServer = await startRealtimeServer({ ...REALTIME_APP, port: 0 });
  let executor: WorkflowExecutor;
  try {
    // Its failures (not its routine lines) show in the benchmark output: a failing executor makes the outbox back up.
    executor = await startWorkflowExecutor({
      port: 0,
      databaseUrl,
      log: (line) => {
        if (/fail|error/i.test(line)) console.error(line);
      },
    });
  } catch (error) {
    await realtime.close();
    throw error;
  }
  const endpoints = { realtimeHost: realtime.host, realtimePort: realtime.port, executorUrl: executor.url };
  return {
    endpoints,
    pusher: realtimeSdk(endpoints),
    clientOptions: { cluster: "local", wsHost: realtime.host, wsPort: realtime.port, forceTLS: false, enabledTransports: ["ws"] },
    appKey: REALTIME_APP.key,
    relayDeps: relayPublishers(endpoints),
    close: async () => {
      await executor.close();
      await realtime.close();
    },
  };
}
