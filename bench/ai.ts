/**
 * AI answer latency through the product: a customer message posted to the widget's own
 * route handlers (POST /api/widget/session, then POST /api/widget/messages, behind a node
 * HTTP server) until the first streamed text token arrives, against a throwaway
 * PostgreSQL with the demo workspace and the outbox relay publishing to the embedded
 * realtime server and workflow executor, as `npm start` runs it.
 *
 * Providers: the offline model, and an `openai_compatible` provider row pointing at a
 * local fake OpenAI server that answers at once (tests/helpers/fake-openai.ts), so what
 * is measured is Switchboard's own overhead. Baselines in the same run: the fake server's
 * own first-token time over HTTP, and the bare ingest + knowledge retrieval of the same
 * messages. Failover: a first provider answering 500 and a second one answering, against
 * the direct path to the same answering provider.
 *
 * Each widget scenario is also broken down by stage, from what the route publishes on the
 * `switchboard:answer-stage` diagnostics channel (lib/ai/answer-timing.ts): how long each
 * stage took and when it ended, counted from the moment the message was sent.
 *
 * Run: `npm run bench -- ai` (BENCH_AI_SAMPLES, default 200 per scenario).
 */
import { randomBytes } from "node:crypto";
import { subscribe } from "node:diagnostics_channel";
import http from "node:http";
import os from "node:os";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { printRow, printVerdict, runWhenExecuted, summarizeLatencies, type LatencySummary } from "./lib/report";
import { startRelayTargets, withThrowawayPostgres } from "./lib/services";
import { ANSWER_STAGE_CHANNEL, type AnswerStage, type AnswerStageTiming } from "@/lib/ai/answer-timing";
import { EVAL_DATASET } from "@/tests/eval/dataset";
import { startFakeOpenAI, type FakeOpenAI } from "@/tests/helpers/fake-openai";

const SAMPLES = Number(process.env.BENCH_AI_SAMPLES ?? 200);
const WARMUP = 20;
const TARGET_FIRST_TOKEN_P95_MS = 50;
const TARGET_FAILOVER_EXTRA_MS = 1_000;
const WIDGET_ORIGIN = "http://127.0.0.1:3000";
const FAKE_MODEL = "fake-model";
const FAILING_MODEL = "status-500";

/** Questions the knowledge base answers, so the offline model streams an answer rather than a hand-off. */
const QUESTIONS = EVAL_DATASET.filter((evalCase) => evalCase.category === "answerable").map((evalCase) => evalCase.turns[0]!);

// The route handlers read these when first used; the benchmark's throwaway values.
process.env.AUTH_SECRET ||= randomBytes(32).toString("hex");
process.env.ENCRYPTION_KEY ||= randomBytes(32).toString("base64");

type RouteHandler = (request: Request, context: unknown) => Promise<Response>;

/** The chunks of a web stream as they arrive. */
async function* chunksOf(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

// ───────────── the widget routes behind a node HTTP server ─────────────

/** Serves the given routes, streaming each response body as it is produced. */
async function startRouteServer(routes: Record<string, RouteHandler>): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const serve = async () => {
      const route = routes[new URL(req.url ?? "/", "http://127.0.0.1").pathname];
      if (!route || req.method !== "POST") {
        res.writeHead(404).end();
        return;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers = new Headers();
      for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
      const response = await route(new Request(`http://127.0.0.1${req.url}`, { method: "POST", headers, body: Buffer.concat(chunks) }), { params: Promise.resolve({}) });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      if (response.body) for await (const chunk of chunksOf(response.body)) res.write(chunk);
      res.end();
    };
    serve().catch((error: unknown) => {
      console.error("A widget request failed in the benchmark server:", error);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve()).closeAllConnections()),
  };
}

// ───────────── one customer message ─────────────

interface StreamTiming {
  firstTokenMs: number;
  totalMs: number;
  handedOff: boolean;
  /** The route's stages, their start and end counted from the moment the message was sent. */
  stages?: AnswerStageTiming[];
}

/** Order of the stages in the breakdown: the order a message goes through them. */
const STAGES: readonly AnswerStage[] = ["auth", "limits", "ingest", "session", "gate", "retrieval", "model"];

/** Stages published while a message is in flight (the benchmark sends one message at a time). */
let stagesInFlight: AnswerStageTiming[] | null = null;
subscribe(ANSWER_STAGE_CHANNEL, (message) => stagesInFlight?.push(message as AnswerStageTiming));

/** Reads a streamed response until its first chunk matching `firstToken`, then to the end. */
async function timeStream(started: number, response: Response, firstToken: (text: string) => boolean): Promise<StreamTiming> {
  if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
  const decoder = new TextDecoder();
  let firstTokenMs = Number.NaN;
  let seen = "";
  for await (const chunk of chunksOf(response.body)) {
    seen += decoder.decode(chunk, { stream: true });
    if (Number.isNaN(firstTokenMs) && firstToken(seen)) firstTokenMs = performance.now() - started;
  }
  if (Number.isNaN(firstTokenMs)) throw new Error(`The stream ended without a text token: ${seen.slice(0, 300)}`);
  return { firstTokenMs, totalMs: performance.now() - started, handedOff: seen.includes('"type":"data-handoff"') };
}

interface WidgetClient {
  /** Opens a new visitor's session (not timed), then times one message through the message route. */
  ask(sequence: number, text: string): Promise<StreamTiming>;
}

function widgetClient(baseUrl: string, widgetKey: string, runId: string): WidgetClient {
  // One address per visitor: the per-network limit on new conversations is not what is measured.
  const headersFor = (sequence: number) => ({
    "content-type": "application/json",
    origin: WIDGET_ORIGIN,
    "x-forwarded-for": `10.${(sequence >> 16) & 255}.${(sequence >> 8) & 255}.${sequence & 255}`,
  });
  return {
    async ask(sequence, text) {
      const session = await fetch(`${baseUrl}/api/widget/session`, { method: "POST", headers: headersFor(sequence), body: JSON.stringify({ key: widgetKey }) });
      if (!session.ok) throw new Error(`Opening a widget session failed: HTTP ${session.status} ${await session.text()}`);
      const { token } = (await session.json()) as { token: string };
      const stages: AnswerStageTiming[] = [];
      stagesInFlight = stages;
      const started = performance.now();
      try {
        const response = await fetch(`${baseUrl}/api/widget/messages`, {
          method: "POST",
          headers: { ...headersFor(sequence), authorization: `Bearer ${token}` },
          body: JSON.stringify({ clientMessageId: `bench-${runId}-${sequence}`, text }),
        });
        const timing = await timeStream(started, response, (seen) => seen.includes('"type":"text-delta"'));
        return { ...timing, stages: stages.map((stage) => ({ ...stage, start: stage.start - started, end: stage.end - started })) };
      } finally {
        stagesInFlight = null;
      }
    },
  };
}

// ───────────── scenarios ─────────────

interface Scenario {
  label: string;
  /** Untimed set-up before each of its messages (which providers the account has). */
  prepare?: () => Promise<void>;
  run(sequence: number): Promise<StreamTiming>;
}

interface StageSummary {
  stage: AnswerStage;
  duration: LatencySummary;
  /** When the stage ended, from the moment the message was sent. */
  end: LatencySummary;
}

interface ScenarioResult {
  firstToken: LatencySummary;
  total: LatencySummary;
  handedOff: number;
  stages: StageSummary[];
}

/** Per stage, over the messages that went through it (a stage that ran twice in one message counts once, from its first start to its last end). */
function summarizeStages(timings: StreamTiming[]): StageSummary[] {
  return STAGES.flatMap((stage) => {
    const spans = timings.flatMap((timing) => {
      const runs = (timing.stages ?? []).filter((run) => run.stage === stage);
      if (runs.length === 0) return [];
      const start = Math.min(...runs.map((run) => run.start));
      const end = Math.max(...runs.map((run) => run.end));
      return [{ duration: end - start, end }];
    });
    if (spans.length === 0) return [];
    return [{ stage, duration: summarizeLatencies(spans.map((span) => span.duration)), end: summarizeLatencies(spans.map((span) => span.end)) }];
  });
}

/**
 * Runs the scenarios in rounds, one message each per round, so a change in the machine's
 * load during the run weighs on every scenario alike; the first WARMUP rounds are not kept.
 */
async function measureInterleaved(scenarios: Scenario[], samples: number): Promise<ScenarioResult[]> {
  const timings = scenarios.map((): StreamTiming[] => []);
  for (let round = 0; round < WARMUP + samples; round++) {
    for (const [index, scenario] of scenarios.entries()) {
      await scenario.prepare?.();
      const timing = await scenario.run(round);
      if (round >= WARMUP) timings[index]!.push(timing);
    }
  }
  return timings.map((list) => ({
    firstToken: summarizeLatencies(list.map((timing) => timing.firstTokenMs)),
    total: summarizeLatencies(list.map((timing) => timing.totalMs)),
    handedOff: list.filter((timing) => timing.handedOff).length,
    stages: summarizeStages(list),
  }));
}

/** Times plain work as a scenario (first token = done). */
function timed(work: (sequence: number) => Promise<unknown>) {
  return async (sequence: number): Promise<StreamTiming> => {
    const started = performance.now();
    await work(sequence);
    const elapsed = performance.now() - started;
    return { firstTokenMs: elapsed, totalMs: elapsed, handedOff: false };
  };
}

/** The fake server's own time to first token: a streamed chat completion straight over HTTP. */
function fakeFirstToken(fake: FakeOpenAI) {
  return async (sequence: number): Promise<StreamTiming> => {
    const started = performance.now();
    const response = await fetch(`${fake.baseUrl}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: FAKE_MODEL, stream: true, messages: [{ role: "user", content: QUESTIONS[sequence % QUESTIONS.length] }] }),
    });
    return timeStream(started, response, (seen) => /"content":"[^"]/.test(seen));
  };
}

async function main(): Promise<void> {
  if (!Number.isInteger(SAMPLES) || SAMPLES < 1) throw new Error(`BENCH_AI_SAMPLES must be a positive whole number (got "${process.env.BENCH_AI_SAMPLES}").`);
  await withThrowawayPostgres(
    "ai",
    async (databaseUrl) => {
      // The route handlers use the process-wide client for DATABASE_URL, as in the app.
      process.env.DATABASE_URL = databaseUrl;
      const [{ getDb }, { seedDemoWorkspace }, { setOutboxRelayDefaults, settleOutboxFastPath }, { ingestInbound }, { retrieveKnowledge }, session, messages] = await Promise.all([
        import("@/lib/db/client"),
        import("@/lib/seed/demo-workspace"),
        import("@/lib/outbox/relay"),
        import("@/lib/conversations/ingest"),
        import("@/lib/knowledge/retrieve"),
        import("@/app/api/widget/session/route"),
        import("@/app/api/widget/messages/route"),
      ]);
      const db = getDb();
      const { accountId } = await seedDemoWorkspace(db, { adminEmail: "admin@acme.test", adminPassword: randomBytes(12).toString("hex"), agentPassword: randomBytes(12).toString("hex") });
      const web = await db.channel.findFirstOrThrow({ where: { accountId, type: "web" }, select: { id: true, publicKey: true } });
      // Planner statistics, as autovacuum keeps them on a live database.
      await db.$executeRawUnsafe("ANALYZE");
      const relay = await startRelayTargets(databaseUrl);
      setOutboxRelayDefaults(relay.relayDeps);
      const fake = await startFakeOpenAI();
      const server = await startRouteServer({
        "/api/widget/session": session.POST as RouteHandler,
        "/api/widget/messages": messages.POST as RouteHandler,
      });
      const runId = randomBytes(4).toString("hex");
      const client = widgetClient(server.url, web.publicKey!, runId);
      const question = (sequence: number) => QUESTIONS[sequence % QUESTIONS.length]!;
      let visitors = 0;
      const askRoute = (sequence: number) => client.ask(visitors++, question(sequence));

      const setProviders = async (rows: Array<{ name: string; model: string }>) => {
        await db.aiProvider.deleteMany({ where: { accountId } });
        for (const [index, row] of rows.entries()) {
          await db.aiProvider.create({ data: { accountId, name: row.name, kind: "openai_compatible", model: row.model, baseUrl: fake.baseUrl, priority: index + 1 } });
        }
      };

      try {
        console.log(`ai: customer message → first streamed text token, through POST /api/widget/messages (route handlers behind a node HTTP server),`);
        console.log(`demo workspace, outbox relay to the embedded realtime server and workflow executor; each message from a new visitor;`);
        console.log(`scenarios interleaved message by message, ${WARMUP} warm-up rounds then ${SAMPLES} measured.\n`);

        let baselineContacts = 0;
        const direct = [{ name: "Fake (instant)", model: FAKE_MODEL }];
        const withFailingFirst = [{ name: "Fake (HTTP 500)", model: FAILING_MODEL }, ...direct];
        const scenarios: Scenario[] = [
          { label: "baseline: fake server alone, first token", run: fakeFirstToken(fake) },
          {
            label: "baseline: ingestInbound (new contact)",
            run: timed(async (sequence) => {
              const identifier = `bench-${runId}-baseline-${baselineContacts++}`;
              await ingestInbound(db, { id: web.id, accountId, type: "web" }, { externalId: identifier, contact: { identifier }, text: question(sequence), attachments: [] });
            }),
          },
          { label: "baseline: retrieveKnowledge (8 passages)", run: timed((sequence) => retrieveKnowledge(db, accountId, question(sequence), { limit: 8 })) },
          { label: "widget route, offline model", prepare: () => setProviders([]), run: askRoute },
          { label: "widget route, openai_compatible → fake", prepare: () => setProviders(direct), run: askRoute },
          { label: "widget route, fake 500 → fake (failover)", prepare: () => setProviders(withFailingFirst), run: askRoute },
        ];
        const failoverFrom = new Date();
        const results = await measureInterleaved(scenarios, SAMPLES);
        await settleOutboxFastPath();
        const [fakeAlone, ingestOnly, retrievalOnly, offline, directRoute, failover] = results as [ScenarioResult, ScenarioResult, ScenarioResult, ScenarioResult, ScenarioResult, ScenarioResult];

        const interactions = await db.aiInteraction.findMany({ where: { accountId, createdAt: { gte: failoverFrom } }, select: { attempts: true } });
        const attempts = interactions.flatMap((row) => (Array.isArray(row.attempts) ? (row.attempts as Array<{ latencyMs?: number }>) : []));
        const attemptLatency = summarizeLatencies(attempts.map((attempt) => attempt.latencyMs ?? Number.NaN));

        const widths = [46, 7, 9, 9, 9, 10, 10, 9];
        printRow(["scenario", "samples", "p50 ms", "p95 ms", "max ms", "end p50", "end p95", "handoffs"], widths);
        for (const [index, result] of results.entries()) {
          printRow([scenarios[index]!.label, result.firstToken.samples, result.firstToken.p50Ms, result.firstToken.p95Ms, result.firstToken.maxMs, result.total.p50Ms, result.total.p95Ms, result.handedOff], widths);
        }

        console.log(`\nwhere the time goes, per widget scenario (stages may overlap; "ends at" counts from the moment the message was sent):`);
        const stageWidths = [46, 9, 9, 12, 12];
        for (const [index, result] of results.entries()) {
          if (result.stages.length === 0) continue;
          console.log("");
          printRow([scenarios[index]!.label, "p50 ms", "p95 ms", "ends at p50", "ends at p95"], stageWidths);
          for (const { stage, duration, end } of result.stages) printRow([`  ${stage}`, duration.p50Ms, duration.p95Ms, end.p50Ms, end.p95Ms], stageWidths);
          printRow(["  first token", "", "", result.firstToken.p50Ms, result.firstToken.p95Ms], stageWidths);
        }

        const floor = (pick: (summary: LatencySummary) => number) => pick(fakeAlone.firstToken) + pick(ingestOnly.firstToken) + pick(retrievalOnly.firstToken);
        console.log(
          `\nSwitchboard's overhead on top of the baselines (fake first token + ingest + retrieval): ` +
            `p50 ${(directRoute.firstToken.p50Ms - floor((summary) => summary.p50Ms)).toFixed(1)} ms, p95 ${(directRoute.firstToken.p95Ms - floor((summary) => summary.p95Ms)).toFixed(1)} ms`,
        );
        console.log(
          `failover: ${attempts.length} failed first attempts logged for ${WARMUP + SAMPLES} failover messages; ` +
            `the failing provider took p50 ${attemptLatency.p50Ms.toFixed(1)} ms, p95 ${attemptLatency.p95Ms.toFixed(1)} ms to fail`,
        );
        const extraP50 = failover.firstToken.p50Ms - directRoute.firstToken.p50Ms;
        const extraP95 = failover.firstToken.p95Ms - directRoute.firstToken.p95Ms;
        console.log(`failover extra time to first token vs the direct path: p50 ${extraP50.toFixed(1)} ms, p95 ${extraP95.toFixed(1)} ms\n`);

        console.log(`machine load average (1/5/15 min) at the end: ${os.loadavg().map((value) => value.toFixed(1)).join(" / ")} on ${os.cpus().length} cores`);
        printVerdict("first token p95, openai_compatible (instant fake)", `≤ ${TARGET_FIRST_TOKEN_P95_MS} ms`, `${directRoute.firstToken.p95Ms.toFixed(1)} ms`, directRoute.firstToken.p95Ms <= TARGET_FIRST_TOKEN_P95_MS);
        printVerdict("first token p95, offline model", `≤ ${TARGET_FIRST_TOKEN_P95_MS} ms`, `${offline.firstToken.p95Ms.toFixed(1)} ms`, offline.firstToken.p95Ms <= TARGET_FIRST_TOKEN_P95_MS);
        printVerdict("failover extra time to first token (p95)", `≤ ${TARGET_FAILOVER_EXTRA_MS} ms`, `${extraP95.toFixed(1)} ms`, extraP95 <= TARGET_FAILOVER_EXTRA_MS);
      } finally {
        await settleOutboxFastPath();
        setOutboxRelayDefaults(undefined);
        await server.close();
        await fake.close();
        await relay.close();
        await db.$disconnect();
      }
    },
    { migrate: true },
  );
}

runWhenExecuted(import.meta.url, main);
