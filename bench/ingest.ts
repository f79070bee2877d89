/**
 * Inbound throughput of the generic API channel: correctly signed webhooks posted to
 * the app's own route handler (app/api/webhooks/[channel]/[channelId]) behind a node
 * HTTP server, at increasing offered rates, each message from a new customer (contact,
 * identifier, conversation, message and outbox rows). Next to it, in the same run and
 * database, the raw PostgreSQL rate of inserting the same rows (outbox rows included)
 * without the app, and of the same rows without the outbox rows, measured at saturation
 * in alternating turns with the app (the ratios compare their means).
 * As `npm start` runs it, the app is its own process (this file run with
 * --app-server) and the realtime server and workflow executor, which the outbox relay
 * publishes to, live in the parent, beside the sender.
 * Run: `npx tsx bench/ingest.ts`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { printRow, printVerdict, runWhenExecuted, summarizeLatencies, withTimeout } from "./lib/report";
import { relayPublishers, startRelayTargets, withThrowawayPostgres, type RelayEndpoints } from "./lib/services";
import { POST } from "@/app/api/webhooks/[channel]/[channelId]/route";
import { signedHeaders } from "@/lib/channels/api/signature";
import { messageCreatedEvents } from "@/lib/conversations/events";
import { createDatabaseClient, getDb } from "@/lib/db/client";
import { publishOutboxEvents, setOutboxRelayDefaults, settleOutboxFastPath } from "@/lib/outbox/relay";

const OFFERED_RATES = [25, 50, 100, 250, 500, 1000, 2000];
const STEP_SECONDS = 5;
/** Saturation turns of raw inserts and app webhooks, alternating. */
const SATURATION_ROUNDS = 3;
/** Requests (or raw transactions) in flight at most, for the app and the baseline alike. */
const CONCURRENCY = 64;
/** Connections to PostgreSQL: node-postgres' default pool size, which the app's client also uses. */
const POOL_SIZE = 10;
const TARGET_RATIO = 0.5;
const REQUEST_TIMEOUT_MS = 30_000;
const APP_START_TIMEOUT_MS = 60_000;
const OUTBOX_DRAIN_TIMEOUT_MS = 120_000;
const SWEEP_INTERVAL_MS = 60_000;

// ───────────── the app behind a node HTTP server ─────────────

const WEBHOOK_PATH = /^\/api\/webhooks\/([^/]+)\/([^/?]+)$/;

/** Adapts node's request to the web Request the route handler takes, and its Response back. */
async function serveRoute(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const match = WEBHOOK_PATH.exec(new URL(req.url ?? "/", "http://127.0.0.1").pathname);
  if (!match || req.method !== "POST") {
    res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "Only POST /api/webhooks/{type}/{channelId} is served here." }));
    return;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  const request = new Request(`http://127.0.0.1${req.url}`, { method: "POST", headers, body: Buffer.concat(chunks) });
  const response = await POST(request, { params: Promise.resolve({ channel: match[1]!, channelId: match[2]! }) });
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
}

async function startAppServer(): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    serveRoute(req, res).catch((error: unknown) => {
      console.error("Serving a webhook failed:", error);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve()).closeAllConnections()),
  };
}

// ───────────── the sender ─────────────

interface Sender {
  /** Posts one new customer's message; resolves with the HTTP status. */
  send(sequence: number): Promise<number>;
  close(): void;
}

function webhookSender(port: number, channelId: string, secret: string, runId: string): Sender {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  return {
    send: (sequence) =>
      new Promise<number>((resolve, reject) => {
        const body = JSON.stringify({
          contact: { identifier: `${runId}-customer-${sequence}`, name: `Customer ${sequence}`, email: `customer-${sequence}@example.test` },
          message: { id: `${runId}-message-${sequence}`, text: `Hello, this is message ${sequence}: where is my order #${100000 + sequence}?` },
        });
        const request = http.request(
          {
            host: "127.0.0.1",
            port,
            path: `/api/webhooks/api/${channelId}`,
            method: "POST",
            agent,
            timeout: REQUEST_TIMEOUT_MS,
            headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...signedHeaders(secret, body) },
          },
          (response) => {
            response.resume();
            response.on("end", () => resolve(response.statusCode ?? 0));
          },
        );
        request.on("timeout", () => request.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
        request.on("error", reject);
        request.end(body);
      }),
    close: () => agent.destroy(),
  };
}

interface StepResult {
  offered: string;
  sent: number;
  ok: number;
  failed: number;
  ratePerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/** Runs one unit of work and records its latency and outcome. */
function recorder() {
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  let firstError: unknown;
  return {
    async run(work: () => Promise<boolean>): Promise<void> {
      const started = performance.now();
      try {
        if (await work()) ok += 1;
        else failed += 1;
      } catch (error) {
        failed += 1;
        firstError ??= error;
      }
      latencies.push(performance.now() - started);
    },
    result(offered: string, elapsedMs: number): StepResult {
      if (firstError) console.error(`  first failure (${offered}):`, firstError);
      const summary = summarizeLatencies(latencies);
      return { offered, sent: latencies.length, ok, failed, ratePerSecond: (ok * 1000) / elapsedMs, p50Ms: summary.p50Ms, p99Ms: summary.p99Ms };
    },
  };
}

/**
 * Open loop for STEP_SECONDS: request i is due at i / rate seconds. A request due while
 * `CONCURRENCY` are in flight waits for a free slot, so an overloaded app shows as fewer
 * requests sent and a sustained rate below the offered one, not as unbounded queueing.
 */
async function offeredRate(rate: number, work: (sequence: number) => Promise<boolean>, nextSequence: () => number): Promise<StepResult> {
  const total = rate * STEP_SECONDS;
  const intervalMs = 1000 / rate;
  const record = recorder();
  const inFlight = new Set<Promise<void>>();
  const started = performance.now();
  const deadline = started + STEP_SECONDS * 1000;
  let launched = 0;
  // Ends at the step's deadline even when the app is too slow to take every request.
  while (launched < total && performance.now() < deadline) {
    const due = Math.min(total, Math.floor((performance.now() - started) / intervalMs) + 1);
    while (launched < due) {
      if (inFlight.size >= CONCURRENCY) await Promise.race(inFlight);
      const sequence = nextSequence();
      const running: Promise<void> = record.run(() => work(sequence)).finally(() => inFlight.delete(running));
      inFlight.add(running);
      launched += 1;
    }
    await sleep(1);
  }
  await Promise.all(inFlight);
  return record.result(`${rate}/s`, performance.now() - started);
}

/** Closed loop: `CONCURRENCY` workers, each starting its next unit as soon as the last one ends, for STEP_SECONDS. */
async function saturate(label: string, work: (sequence: number) => Promise<boolean>, nextSequence: () => number): Promise<StepResult> {
  const record = recorder();
  const started = performance.now();
  const deadline = started + STEP_SECONDS * 1000;
  const worker = async () => {
    while (performance.now() < deadline) await record.run(() => work(nextSequence()));
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return record.result(label, performance.now() - started);
}

// ───────────── the raw baseline ─────────────

/** A 25-character id like the cuids the app writes. */
function rowId(): string {
  return `c${randomBytes(12).toString("hex")}`;
}

/**
 * The outbox rows ingest writes for a new customer's message, with the same payloads:
 * the product's own event builders applied to the rows the baseline inserts.
 */
function outboxRowsLikeIngest(row: { accountId: string; channelId: string; contactId: string; conversationId: string; messageId: string; text: string; name: string }) {
  const now = new Date();
  const message = {
    id: row.messageId,
    conversationId: row.conversationId,
    direction: "inbound" as const,
    senderType: "contact" as const,
    isPrivate: false,
    content: row.text,
    attachments: [],
    deliveryStatus: "sent" as const,
    createdAt: now,
    senderName: row.name,
  };
  const conversation = {
    id: row.conversationId, accountId: row.accountId, channelId: row.channelId, contactId: row.contactId, status: "open" as const, priority: "medium" as const,
    labels: [], subject: null, assigneeId: null, teamId: null, botContext: null, aiPaused: false, unreadCount: 1, waitingSince: now, firstReplyAt: null,
    resolvedAt: null, lastMessageAt: now, firstResponseDueAt: null, resolutionDueAt: null, mergedIntoId: null, createdAt: now, updatedAt: now,
  };
  return [
    ...messageCreatedEvents(row.accountId, "api", message, conversation),
    { topic: "message.received", payload: { accountId: row.accountId, conversationId: row.conversationId, messageId: row.messageId, contactId: row.contactId, channelId: row.channelId } },
  ];
}

/**
 * The rows one new customer's message becomes, inserted directly: one transaction, no
 * reads, no HTTP, no relay. `withOutbox` adds the outbox rows ingest writes in the same
 * transaction (one multi-row INSERT, as ingest does): the same rows as the app stores.
 * They are written pending, as ingest writes them, but not yet due, so the app's sweep
 * leaves them alone; their ids go to `parkedOutboxIds` to be marked published after the
 * turn, outside the timing.
 */
async function insertRawRows(
  pool: pg.Pool,
  accountId: string,
  channelId: string,
  runId: string,
  sequence: number,
  parkedOutboxIds?: string[],
): Promise<boolean> {
  const client = await pool.connect();
  try {
    const [contactId, identifierId, conversationId, messageId] = [rowId(), rowId(), rowId(), rowId()];
    const text = `Hello, this is message ${sequence}: where is my order #${100000 + sequence}?`;
    await client.query("BEGIN");
    await client.query(
      "INSERT INTO contacts (id, account_id, name, email, updated_at) VALUES ($1, $2, $3, $4, now())",
      [contactId, accountId, `Customer ${sequence}`, `customer-${sequence}@example.test`],
    );
    await client.query(
      "INSERT INTO contact_identifiers (id, account_id, contact_id, channel_type, channel_id, identifier) VALUES ($1, $2, $3, 'api', $4, $5)",
      [identifierId, accountId, contactId, channelId, `${runId}-customer-${sequence}`],
    );
    await client.query(
      `INSERT INTO conversations (id, account_id, channel_id, contact_id, status, unread_count, waiting_since, last_message_at, updated_at)
       VALUES ($1, $2, $3, $4, 'open', 1, now(), now(), now())`,
      [conversationId, accountId, channelId, contactId],
    );
    await client.query(
      `INSERT INTO messages (id, account_id, conversation_id, channel_id, direction, sender_type, content, external_id)
       VALUES ($1, $2, $3, $4, 'inbound', 'contact', $5, $6)`,
      [messageId, accountId, conversationId, channelId, text, `${runId}-message-${sequence}`],
    );
    if (parkedOutboxIds) {
      const events = outboxRowsLikeIngest({ accountId, channelId, contactId, conversationId, messageId, text, name: `Customer ${sequence}` });
      const ids = events.map(() => rowId());
      await client.query(
        `INSERT INTO outbox_events (id, account_id, topic, payload, attempts, next_attempt_at)
         VALUES ${events.map((_, i) => `($${i * 3 + 1}, $${events.length * 3 + 1}, $${i * 3 + 2}, $${i * 3 + 3}::jsonb, 1, 'infinity')`).join(", ")}`,
        [...events.flatMap((event, i) => [ids[i], event.topic, JSON.stringify(event.payload)]), accountId],
      );
      parkedOutboxIds.push(...ids);
    }
    await client.query("COMMIT");
    return true;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

// ───────────── the app process ─────────────

const APP_SERVER_FLAG = "--app-server";

/**
 * The app process: the route handler behind a node HTTP server, the relay publishing to
 * the endpoints in BENCH_RELAY_ENDPOINTS. Prints `{"port":…}` once listening and stops
 * when its stdin closes.
 */
async function serveAppProcess(): Promise<void> {
  const endpoints = JSON.parse(process.env.BENCH_RELAY_ENDPOINTS ?? "null") as RelayEndpoints | null;
  if (!endpoints || !process.env.DATABASE_URL) throw new Error(`${APP_SERVER_FLAG} needs DATABASE_URL and BENCH_RELAY_ENDPOINTS; run bench/ingest.ts without arguments.`);
  setOutboxRelayDefaults(relayPublishers(endpoints));
  // The retry sweep, as the per-minute Inngest function runs it in the product: it publishes what the fast path missed.
  let sweeping: Promise<unknown> = Promise.resolve();
  const sweep = setInterval(() => {
    sweeping = sweeping.then(() => publishOutboxEvents(getDb())).catch((error: unknown) => console.error("The outbox sweep failed:", error));
  }, SWEEP_INTERVAL_MS);
  const app = await startAppServer();
  console.log(JSON.stringify({ port: app.port }));
  process.stdin.resume();
  await new Promise<void>((resolve) => process.stdin.once("end", resolve));
  clearInterval(sweep);
  await app.close();
  await sweeping;
  await settleOutboxFastPath();
  await getDb().$disconnect();
}

async function spawnAppProcess(databaseUrl: string, endpoints: RelayEndpoints): Promise<{ port: number; child: ChildProcess }> {
  // BENCH_CPU_PROFILE_DIR=<dir> writes a CPU profile of the app process there (open it in Chrome DevTools).
  const profile = process.env.BENCH_CPU_PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE_DIR}`] : [];
  const child = spawn(process.execPath, [...profile, "--import", "tsx", import.meta.filename, APP_SERVER_FLAG], {
    env: { ...process.env, DATABASE_URL: databaseUrl, BENCH_RELAY_ENDPOINTS: JSON.stringify(endpoints) },
    stdio: ["pipe", "pipe", "inherit"],
  });
  const listening = new Promise<number>((resolve, reject) => {
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const line = /^\{"port":(\d+)\}$/m.exec(output);
      if (line) resolve(Number(line[1]));
    });
    child.once("exit", (code) => reject(new Error(`The app process exited (code ${code}) before listening: ${output.trim()}`)));
  });
  return { port: await withTimeout(listening, APP_START_TIMEOUT_MS, "starting the app process"), child };
}

async function stopAppProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.stdin!.end();
  await withTimeout(exited, 30_000, "stopping the app process").catch(() => child.kill("SIGKILL"));
}

/** Waits until the relay has published every outbox event; returns how long that took. */
async function waitForOutboxDrained(pool: pg.Pool): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < OUTBOX_DRAIN_TIMEOUT_MS) {
    const { rows } = await pool.query<{ pending: string }>("SELECT count(*) AS pending FROM outbox_events WHERE published_at IS NULL");
    if (rows[0]!.pending === "0") return performance.now() - started;
    await sleep(20);
  }
  const { rows } = await pool.query<{ attempts: number; last_error: string | null; count: string }>(
    "SELECT attempts, last_error, count(*) FROM outbox_events WHERE published_at IS NULL GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 5",
  );
  const pending = rows.map((row) => `${row.count} after ${row.attempts} attempts (${row.last_error ?? "never tried"})`).join("; ");
  throw new Error(`The outbox still had unpublished events ${OUTBOX_DRAIN_TIMEOUT_MS / 1000} s after the step: ${pending}.`);
}

// ───────────── the run ─────────────

const COLUMNS = [26, 8, 8, 7, 10, 9, 9, 13];

function printStep(what: string, step: StepResult, drainMs?: number): void {
  printRow([what, step.offered, step.sent, step.failed, step.ratePerSecond, step.p50Ms, step.p99Ms, drainMs === undefined ? "" : drainMs], COLUMNS);
}

async function main(): Promise<void> {
  console.log(
    `ingest: signed API-channel webhooks → route handler → ingestInbound, each from a new customer; ${STEP_SECONDS} s per step, at most ${CONCURRENCY} in flight, ` +
      `${POOL_SIZE} PostgreSQL connections; the app in its own process, the sender, realtime server and workflow executor in another, PostgreSQL beside them\n`,
  );
  await withThrowawayPostgres(
    "ingest",
    async (databaseUrl) => {
      const db = createDatabaseClient(databaseUrl);
      const targets = await startRelayTargets(databaseUrl);
      const pool = new pg.Pool({ connectionString: databaseUrl, max: POOL_SIZE });
      pool.on("error", (error) => console.error(`Baseline connection error: ${error.message}`));
      let child: ChildProcess | undefined;
      const secret = randomBytes(24).toString("hex");
      const runId = randomBytes(4).toString("hex");
      try {
        const account = await db.account.create({ data: { name: "Ingest bench", slug: `ingest-bench-${runId}` } });
        const channel = await db.channel.create({ data: { accountId: account.id, type: "api", name: "Bench API channel", webhookSecret: secret } });
        const app = await spawnAppProcess(databaseUrl, targets.endpoints);
        child = app.child;
        const sender = webhookSender(app.port, channel.id, secret, runId);
        let sequence = 0;
        const nextSequence = () => sequence++;
        const viaApp = async (n: number) => (await sender.send(n)) === 200;
        const raw = (n: number) => insertRawRows(pool, account.id, channel.id, `${runId}-raw`, n);
        const parkedOutboxIds: string[] = [];
        const rawWithOutbox = (n: number) => insertRawRows(pool, account.id, channel.id, `${runId}-raw`, n, parkedOutboxIds);
        const releaseParkedOutboxRows = async () => {
          await pool.query("UPDATE outbox_events SET published_at = now(), attempts = 0 WHERE id = ANY($1::text[])", [parkedOutboxIds.splice(0)]);
        };
        const drain = () => waitForOutboxDrained(pool);

        printRow(["", "offered", "sent", "failed", "msg/s", "p50 ms", "p99 ms", "outbox drain"], COLUMNS);
        // Warm-up: the first requests compile and connect; not counted.
        await Promise.all(Array.from({ length: 50 }, () => viaApp(nextSequence())));
        await drain();
        // Statistics, as autovacuum keeps them on a database in use: a never-analyzed table gives the planner
        // nothing to tell a contact's few conversations from the account's many, and it may read them all.
        await pool.query("ANALYZE");

        for (const rate of OFFERED_RATES) {
          const step = await offeredRate(rate, viaApp, nextSequence);
          printStep("app webhooks", step, await drain());
        }
        // Saturation, raw and app in turns: other work on the machine shifts both alike, so the ratio holds.
        const rawRounds: StepResult[] = [];
        const sameRowsRounds: StepResult[] = [];
        const appRounds: StepResult[] = [];
        for (let round = 1; round <= SATURATION_ROUNDS; round += 1) {
          rawRounds.push(await saturate(`max #${round}`, raw, nextSequence));
          printStep("raw, without outbox", rawRounds.at(-1)!);
          sameRowsRounds.push(await saturate(`max #${round}`, rawWithOutbox, nextSequence));
          printStep("raw, same rows (baseline)", sameRowsRounds.at(-1)!);
          await releaseParkedOutboxRows();
          appRounds.push(await saturate(`max #${round}`, viaApp, nextSequence));
          printStep("app webhooks", appRounds.at(-1)!, await drain());
        }
        sender.close();

        const { rows } = await pool.query<{ topic: string; published: string; pending: string; retried: string }>(
          `SELECT topic, count(*) FILTER (WHERE published_at IS NOT NULL) AS published, count(*) FILTER (WHERE published_at IS NULL) AS pending,
                  count(*) FILTER (WHERE attempts > 0) AS retried
             FROM outbox_events GROUP BY topic ORDER BY topic`,
        );
        const messages = await pool.query<{ count: string }>("SELECT count(*) FROM messages WHERE account_id = $1", [account.id]);
        console.log(`\nstored messages ${messages.rows[0]!.count} (app and raw); outbox events by topic: ${rows.map((row) => `${row.topic} ${row.published} published / ${row.pending} pending / ${row.retried} after a failed attempt`).join(", ")}`);
        const mean = (steps: StepResult[]) => steps.reduce((total, step) => total + step.ratePerSecond, 0) / steps.length;
        const [appRate, sameRowsRate, rawRate] = [mean(appRounds), mean(sameRowsRounds), mean(rawRounds)];
        const ratio = appRate / sameRowsRate;
        console.log(`app / raw inserts of the same rows (at saturation, mean of ${SATURATION_ROUNDS} turns each) = ${appRate.toFixed(0)} / ${sameRowsRate.toFixed(0)} msg/s = ${ratio.toFixed(2)}×`);
        console.log(`app / raw inserts without the outbox rows = ${appRate.toFixed(0)} / ${rawRate.toFixed(0)} msg/s = ${(appRate / rawRate).toFixed(2)}×`);
        printVerdict("ingest throughput vs raw inserts of the same rows", `≥ ${TARGET_RATIO}×`, `${ratio.toFixed(2)}×`, ratio >= TARGET_RATIO);
      } finally {
        if (child) await stopAppProcess(child);
        await pool.end();
        await targets.close();
        await db.$disconnect();
      }
    },
    { migrate: true },
  );
}

runWhenExecuted(import.meta.url, () => (process.argv.includes(APP_SERVER_FLAG) ? serveAppProcess() : main()));
