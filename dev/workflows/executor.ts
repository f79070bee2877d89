import type { AddressInfo } from "node:net";
import { setTimeout as delay } from "node:timers/promises";
import { createHttpServer } from "./http";
import { WorkflowRunner } from "./runner";
import { WorkflowStore } from "./store";

/**
 * Switchboard's embedded workflow executor: a single-machine stand-in for the Inngest
 * server that speaks the Inngest SDK's HTTP protocol and keeps all state in PostgreSQL.
 * Point the SDK at it with `INNGEST_DEV=<url>`; see README.md.
 */

export interface WorkflowExecutorOptions {
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** Default 8288, the Inngest dev server's port, so `INNGEST_DEV=1` finds it; 0 picks a free port. */
  port?: number;
  /** PostgreSQL URL; the executor keeps its tables in the `workflow_executor` schema. */
  databaseUrl: string;
  /** Serve endpoints to sync (PUT) on start, retried until they answer. */
  appUrls?: string[];
  /** How often due timers and queued calls are looked for; default 250 ms. */
  pollIntervalMs?: number;
  /** First retry delay after a failed attempt, doubled each attempt; default 1000 ms. */
  retryBaseDelayMs?: number;
  log?: (line: string) => void;
}

export interface WorkflowExecutor {
  port: number;
  url: string;
  close(): Promise<void>;
  /** Syncs every app in `appUrls`; resolves once each has answered successfully. */
  syncApps(): Promise<void>;
}

const SYNC_TIMEOUT_MS = 30_000;
const SYNC_MAX_DELAY_MS = 5_000;

function checkOptions(options: WorkflowExecutorOptions): void {
  if (typeof options.databaseUrl !== "string" || options.databaseUrl === "") {
    throw new Error("startWorkflowExecutor: databaseUrl is required (a postgres:// URL)");
  }
  const port = options.port;
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    throw new Error(`startWorkflowExecutor: port must be an integer from 0 to 65535, got ${port}`);
  }
  for (const [name, value] of [
    ["pollIntervalMs", options.pollIntervalMs],
    ["retryBaseDelayMs", options.retryBaseDelayMs],
  ] as const) {
    if (value !== undefined && !(Number.isFinite(value) && value > 0)) {
      throw new Error(`startWorkflowExecutor: ${name} must be a positive number of milliseconds, got ${value}`);
    }
  }
  for (const appUrl of options.appUrls ?? []) {
    if (!URL.canParse(appUrl)) throw new Error(`startWorkflowExecutor: appUrls contains an invalid URL: ${appUrl}`);
  }
}

/** PUTs the serve endpoint (which makes the SDK call /fn/register) until it answers 2xx. */
async function syncApp(appUrl: string, signal: AbortSignal, log: (line: string) => void): Promise<void> {
  let lastProblem = "";
  for (let wait = 250; ; wait = Math.min(wait * 2, SYNC_MAX_DELAY_MS)) {
    let problem: string;
    try {
      const response = await fetch(appUrl, { method: "PUT", signal: AbortSignal.any([signal, AbortSignal.timeout(SYNC_TIMEOUT_MS)]) });
      const text = await response.text();
      if (response.ok) return;
      problem = `HTTP ${response.status}: ${text.slice(0, 500)}`;
    } catch (err) {
      if (signal.aborted) throw new Error(`workflow executor closed before ${appUrl} could be synced`);
      problem = (err as Error & { cause?: Error }).cause?.message ?? (err as Error).message;
    }
    if (problem !== lastProblem) log(`workflow executor: syncing ${appUrl} failed (${problem}); retrying`);
    lastProblem = problem;
    try {
      await delay(wait, undefined, { signal });
    } catch {
      throw new Error(`workflow executor closed before ${appUrl} could be synced`);
    }
  }
}

export async function startWorkflowExecutor(options: WorkflowExecutorOptions): Promise<WorkflowExecutor> {
  checkOptions(options);
  const log = options.log ?? (() => {});
  const host = options.host ?? "127.0.0.1";
  const store = await WorkflowStore.open(options.databaseUrl, log);
  const runner = new WorkflowRunner({
    store,
    log,
    pollIntervalMs: options.pollIntervalMs ?? 250,
    retryBaseDelayMs: options.retryBaseDelayMs ?? 1000,
  });
  const server = createHttpServer({ store, runner, log });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? 8288, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (err) {
    await store.close();
    const code = (err as NodeJS.ErrnoException).code;
    const hint = code === "EADDRINUSE" ? "; stop whatever uses it or pass another port (0 picks a free one)" : "";
    throw new Error(`workflow executor: cannot listen on ${host}:${options.port ?? 8288}: ${(err as Error).message}${hint}`, { cause: err });
  }
  server.on("error", (err) => log(`workflow executor: HTTP server error: ${err.message}`));
  runner.start();

  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  const closing = new AbortController();
  const syncApps = async () => {
    await Promise.all((options.appUrls ?? []).map((appUrl) => syncApp(appUrl, closing.signal, log)));
  };
  if (options.appUrls?.length) {
    syncApps().catch((err: Error) => log(err.message));
  }
  log(`workflow executor: listening on ${url}`);

  let closed: Promise<void> | undefined;
  return {
    port,
    url,
    syncApps,
    close() {
      closed ??= (async () => {
        closing.abort();
        await runner.stop();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await store.close();
      })();
      return closed;
    },
  };
}
