import http from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { Inngest, NonRetriableError, type FailureEventArgs, type InngestFunction } from "inngest";
import { serve } from "inngest/node";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";
import { freePort } from "@/tests/helpers/ports";
import { parseCron } from "./cron";
import { startWorkflowExecutor, type WorkflowExecutor } from "./executor";

const APP_ID = "wf-test";
const CRON = "TZ=Europe/Paris 0 9 1 1 *";
const silentLogger = { info() {}, warn() {}, error() {}, debug() {} };

interface RunView {
  id: string;
  functionId: string;
  status: string;
  event: { id: string; name: string; data: Record<string, unknown> };
  output?: unknown;
  error?: { message: string } | null;
  steps?: { id: string; name: string | null; data: unknown; error: unknown }[];
  pending?: { kind: string }[];
  startedAt: string | null;
  endedAt: string | null;
}

/** A real Inngest SDK app served by `serve` from inngest/node, pointed at the executor. */
async function startApp(appId: string, executorUrl: string, build: (inngest: Inngest) => InngestFunction.Any[]) {
  const inngest = new Inngest({ id: appId, isDev: true, baseUrl: executorUrl, logger: silentLogger });
  const server = http.createServer(serve({ client: inngest, functions: build(inngest) }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    inngest,
    url: `http://127.0.0.1:${port}/api/inngest`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve()).closeAllConnections()),
  };
}

async function api<T>(executor: WorkflowExecutor, path: string, init?: RequestInit): Promise<{ status: number; body: T }> {
  const response = await fetch(`${executor.url}${path}`, init);
  return { status: response.status, body: (await response.json()) as T };
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 8_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

async function runsOf(executor: WorkflowExecutor, fnId: string, appId = APP_ID): Promise<RunView[]> {
  return (await api<{ data: RunView[] }>(executor, `/v1/runs?functionId=${appId}-${fnId}&limit=100`)).body.data;
}

/** Waits until the run started by `eventId` reaches `status`, then returns its details. */
async function runFor(executor: WorkflowExecutor, fnId: string, eventId: string, status: string, appId = APP_ID) {
  const summary = await waitFor(`${fnId} run for event ${eventId} to be ${status}`, async () =>
    (await runsOf(executor, fnId, appId)).find((run) => run.event.id === eventId && run.status === status),
  );
  return (await api<{ data: RunView }>(executor, `/v1/runs/${summary.id}`)).body.data;
}

describe("workflow executor with the real Inngest SDK", () => {
  let db: TestDatabase;
  let executor: WorkflowExecutor;
  let app: Awaited<ReturnType<typeof startApp>>;
  const firstStepCalls = new Map<string, number>();
  const flakyAttempts = new Map<string, number>();
  const fatalCalls = new Map<string, number>();
  const failureHandlerSaw = new Map<string, string>();
  const parallelCalls = new Map<string, number>();
  const serialWork: { id: string; group: string; start: number; end: number }[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    const executorPort = await freePort();
    app = await startApp(APP_ID, `http://127.0.0.1:${executorPort}`, (inngest) => [
      inngest.createFunction({ id: "steps-sleep", triggers: { event: "test/steps" } }, async ({ event, step }) => {
        const first = await step.run("first", () => {
          firstStepCalls.set(event.id!, (firstStepCalls.get(event.id!) ?? 0) + 1);
          return { n: event.data.n as number };
        });
        await step.sleep("nap", "1s");
        const doubled = await step.run("second", () => first.n * 2);
        return { doubled };
      }),
      inngest.createFunction({ id: "wait-approval", triggers: { event: "test/wait" } }, async ({ event, step }) => {
        const approval = await step.waitForEvent("approval", {
          event: "test/approved",
          timeout: event.data.timeout as string,
          if: "async.data.ticket == event.data.ticket",
        });
        return { approvedBy: approval ? approval.data.by : null };
      }),
      inngest.createFunction({ id: "parent", triggers: { event: "test/parent" } }, async ({ event, step }) => {
        await step.sendEvent("notify-child", { name: "test/child", data: { token: event.data.token } });
        return "sent";
      }),
      inngest.createFunction({ id: "child", triggers: { event: "test/child" } }, async ({ event }) => ({ token: event.data.token })),
      inngest.createFunction({ id: "nightly", triggers: [{ cron: CRON }] }, async ({ event }) => ({ ran: event.name })),
      inngest.createFunction({ id: "flaky", triggers: { event: "test/flaky" } }, async ({ event, step }) =>
        step.run("unstable", () => {
          const attempt = (flakyAttempts.get(event.id!) ?? 0) + 1;
          flakyAttempts.set(event.id!, attempt);
          if (attempt <= 2) throw new Error(`boom ${attempt}`);
          return `ok on attempt ${attempt}`;
        }),
      ),
      inngest.createFunction(
        {
          id: "fatal",
          triggers: { event: "test/fatal" },
          onFailure: ({ event, error }: FailureEventArgs) => {
            failureHandlerSaw.set(event.data.event.id!, error.message);
          },
        },
        async ({ event, step }) =>
          step.run("doomed", () => {
            fatalCalls.set(event.id!, (fatalCalls.get(event.id!) ?? 0) + 1);
            throw new NonRetriableError("cannot ever work");
          }),
      ),
      inngest.createFunction(
        { id: "cancellable", triggers: { event: "test/cancellable" }, cancelOn: [{ event: "test/cancel", match: "data.ticket" }] },
        async ({ step }) => {
          await step.sleep("long-wait", "1m");
          return "finished";
        },
      ),
      inngest.createFunction(
        { id: "serial", triggers: { event: "test/serial" }, concurrency: { limit: 1, key: "event.data.group" } },
        async ({ event, step }) =>
          step.run("work", async () => {
            const start = Date.now();
            await sleep(300);
            serialWork.push({ id: event.id!, group: event.data.group as string, start, end: Date.now() });
            return start;
          }),
      ),
      inngest.createFunction({ id: "echo", triggers: { event: "test/echo" } }, async ({ event }) => ({ echoed: event.data.text })),
      inngest.createFunction({ id: "parallel", triggers: { event: "test/parallel" } }, async ({ event, step }) => {
        const count = (name: string) => parallelCalls.set(`${event.id}:${name}`, (parallelCalls.get(`${event.id}:${name}`) ?? 0) + 1);
        const [left, right] = await Promise.all([
          step.run("left", () => (count("left"), "L")),
          step.run("right", () => (count("right"), "R")),
        ]);
        return left + right;
      }),
    ]);
    executor = await startWorkflowExecutor({
      port: executorPort,
      databaseUrl: db.url,
      appUrls: [app.url],
      pollIntervalMs: 50,
      retryBaseDelayMs: 50,
    });
    await executor.syncApps();
  });

  afterAll(async () => {
    await executor?.close();
    await app?.close();
    await db?.drop();
  });

  it.concurrent("runs steps with a durable sleep, memoising finished steps", async () => {
    const { ids } = await app.inngest.send({ name: "test/steps", data: { n: 21 } });
    const sleeping = await runFor(executor, "steps-sleep", ids[0]!, "sleeping");
    expect(sleeping.pending).toEqual([expect.objectContaining({ kind: "sleep" })]);

    const run = await runFor(executor, "steps-sleep", ids[0]!, "completed");
    expect(run.output).toEqual({ doubled: 42 });
    expect(run.steps?.map((step) => step.name)).toEqual(["first", "nap", "second"]);
    expect(firstStepCalls.get(ids[0]!)).toBe(1);
    expect(Date.parse(run.endedAt!) - Date.parse(run.startedAt!)).toBeGreaterThanOrEqual(1000);
  });

  it.concurrent("resumes waitForEvent on a matching event only", async () => {
    const { ids } = await app.inngest.send({ name: "test/wait", data: { ticket: "T-1", timeout: "30s" } });
    await runFor(executor, "wait-approval", ids[0]!, "waiting");
    await app.inngest.send({ name: "test/approved", data: { ticket: "T-other", by: "mallory" } });
    await app.inngest.send({ name: "test/approved", data: { ticket: "T-1", by: "ada" } });
    const run = await runFor(executor, "wait-approval", ids[0]!, "completed");
    expect(run.output).toEqual({ approvedBy: "ada" });
  });

  it.concurrent("resumes waitForEvent with null when it times out", async () => {
    const { ids } = await app.inngest.send({ name: "test/wait", data: { ticket: "T-2", timeout: "1s" } });
    const run = await runFor(executor, "wait-approval", ids[0]!, "completed");
    expect(run.output).toEqual({ approvedBy: null });
    expect(Date.parse(run.endedAt!) - Date.parse(run.startedAt!)).toBeGreaterThanOrEqual(1000);
  });

  it.concurrent("runs parallel steps as separately planned calls", async () => {
    const { ids } = await app.inngest.send({ name: "test/parallel", data: {} });
    const run = await runFor(executor, "parallel", ids[0]!, "completed");
    expect(run.output).toBe("LR");
    expect(run.steps?.map((step) => step.name).sort()).toEqual(["left", "right"]);
    expect([parallelCalls.get(`${ids[0]}:left`), parallelCalls.get(`${ids[0]}:right`)]).toEqual([1, 1]);
  });

  it.concurrent("delivers step.sendEvent to the functions it triggers", async () => {
    const token = `tok-${Date.now()}`;
    const { ids } = await app.inngest.send({ name: "test/parent", data: { token } });
    await runFor(executor, "parent", ids[0]!, "completed");
    const child = await waitFor("child run", async () =>
      (await runsOf(executor, "child")).find((run) => run.event.data.token === token && run.status === "completed"),
    );
    expect((await api<{ data: RunView }>(executor, `/v1/runs/${child.id}`)).body.data.output).toEqual({ token });
  });

  it.concurrent("schedules cron functions in their time zone and fires them when due", async () => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const cronJob = () =>
        client.query<{ due_at: Date }>(`SELECT due_at FROM workflow_executor.jobs WHERE kind = 'cron' AND function_id = $1`, [
          `${APP_ID}-nightly`,
        ]);
      const expected = parseCron(CRON).next(new Date());
      expect(expected.toISOString()).toMatch(/-01-01T08:00:00.000Z$/); // 09:00 in Paris is 08:00 UTC in winter
      expect((await cronJob()).rows[0]?.due_at.toISOString()).toBe(expected.toISOString());

      // Make the tick due now rather than waiting for January.
      await client.query(`UPDATE workflow_executor.jobs SET due_at = now() WHERE kind = 'cron' AND function_id = $1`, [
        `${APP_ID}-nightly`,
      ]);
      const run = await waitFor("cron run", async () => (await runsOf(executor, "nightly")).find((r) => r.status === "completed"));
      expect(run.event.name).toBe("inngest/scheduled.timer");
      expect((await api<{ data: RunView }>(executor, `/v1/runs/${run.id}`)).body.data.output).toEqual({ ran: "inngest/scheduled.timer" });
      expect((await cronJob()).rows[0]?.due_at.toISOString()).toBe(expected.toISOString());
    } finally {
      await client.end();
    }
  });

  it.concurrent("retries a failing step with backoff until it succeeds", async () => {
    const { ids } = await app.inngest.send({ name: "test/flaky", data: {} });
    const run = await runFor(executor, "flaky", ids[0]!, "completed");
    expect(run.output).toBe("ok on attempt 3");
    expect(flakyAttempts.get(ids[0]!)).toBe(3);
    expect(run.error?.message).toBe("boom 2"); // the last error that was retried
  });

  it.concurrent("does not retry NonRetriableError and runs the onFailure handler", async () => {
    const { ids } = await app.inngest.send({ name: "test/fatal", data: {} });
    const run = await runFor(executor, "fatal", ids[0]!, "failed");
    expect(run.error?.message).toContain("cannot ever work");
    expect(fatalCalls.get(ids[0]!)).toBe(1);
    await waitFor("onFailure handler", async () => failureHandlerSaw.get(ids[0]!));
    expect(failureHandlerSaw.get(ids[0]!)).toContain("cannot ever work");
  });

  it.concurrent("cancels a sleeping run when a matching cancelOn event arrives", async () => {
    const { ids } = await app.inngest.send({ name: "test/cancellable", data: { ticket: "C-1" } });
    await runFor(executor, "cancellable", ids[0]!, "sleeping");
    await app.inngest.send({ name: "test/cancel", data: { ticket: "C-other" } });
    await sleep(150);
    expect((await runFor(executor, "cancellable", ids[0]!, "sleeping")).pending).toHaveLength(1);

    await app.inngest.send({ name: "test/cancel", data: { ticket: "C-1" } });
    const run = await runFor(executor, "cancellable", ids[0]!, "cancelled");
    expect(run.pending).toEqual([]);
    expect(run.output).toBeNull();
  });

  it.concurrent("serialises runs that share a concurrency key, not runs with another key", async () => {
    const { ids } = await app.inngest.send([
      { name: "test/serial", data: { group: "a" } },
      { name: "test/serial", data: { group: "a" } },
      { name: "test/serial", data: { group: "b" } },
    ]);
    for (const id of ids) await runFor(executor, "serial", id, "completed");
    const [a1, a2] = serialWork.filter((work) => work.group === "a").sort((x, y) => x.start - y.start);
    const b = serialWork.find((work) => work.group === "b")!;
    expect(a2!.start).toBeGreaterThanOrEqual(a1!.end);
    expect(b.start).toBeLessThan(a1!.end); // group b did not queue behind group a
  });

  it.concurrent("lists runs, shows details and reruns with the same event", async () => {
    const { ids } = await app.inngest.send({ name: "test/echo", data: { text: "hello" } });
    const first = await runFor(executor, "echo", ids[0]!, "completed");
    expect(first.output).toEqual({ echoed: "hello" });

    const listed = await api<{ data: RunView[] }>(executor, "/v1/runs?status=completed&limit=500");
    expect(listed.body.data.map((run) => run.id)).toContain(first.id);
    expect(listed.body.data.every((run) => run.status === "completed")).toBe(true);

    const rerun = await api<{ data: { id: string } }>(executor, `/v1/runs/${first.id}/rerun`, { method: "POST" });
    expect(rerun.status).toBe(201);
    const second = await waitFor("rerun to complete", async () => {
      const run = (await api<{ data: RunView }>(executor, `/v1/runs/${rerun.body.data.id}`)).body.data;
      return run.status === "completed" ? run : undefined;
    });
    expect(second.event.id).toBe(ids[0]);
    expect(second.output).toEqual({ echoed: "hello" });

    expect((await api(executor, "/v1/runs?status=bogus")).status).toBe(400);
    expect((await api(executor, "/v1/runs/no-such-run")).status).toBe(404);
    expect((await api(executor, "/v1/runs/no-such-run/rerun", { method: "POST" })).status).toBe(404);
  });

  it.concurrent("rejects malformed events without breaking", async () => {
    const bad = await api<{ error: string; status: number }>(executor, "/e/any-key", { method: "POST", body: "{not json" });
    expect(bad.status).toBe(400);
    const nameless = await api<{ error: string }>(executor, "/e/any-key", { method: "POST", body: JSON.stringify({ data: {} }) });
    expect(nameless.status).toBe(400);
    expect(nameless.body.error).toContain("name");
    expect((await api(executor, "/")).status).toBe(200);
  });
});

describe("workflow executor processes sharing a database", () => {
  it("fires a sleep that was pending when the executor stopped", async () => {
    const db = await createTestDatabase();
    const port = await freePort();
    let beforeCalls = 0;
    const app = await startApp("wf-restart", `http://127.0.0.1:${port}`, (inngest) => [
      inngest.createFunction({ id: "durable", triggers: { event: "test/durable" } }, async ({ step }) => {
        await step.run("before", () => ++beforeCalls);
        await step.sleep("pause", "2s");
        return step.run("after", () => "woke up");
      }),
    ]);
    let executor = await startWorkflowExecutor({ port, databaseUrl: db.url, appUrls: [app.url], pollIntervalMs: 50 });
    try {
      await executor.syncApps();
      const sentAt = Date.now();
      const { ids } = await app.inngest.send({ name: "test/durable", data: {} });
      await runFor(executor, "durable", ids[0]!, "sleeping", "wf-restart");
      await executor.close();

      await sleep(300);
      executor = await startWorkflowExecutor({ port, databaseUrl: db.url, pollIntervalMs: 50 });
      const run = await runFor(executor, "durable", ids[0]!, "completed", "wf-restart");
      expect(run.output).toBe("woke up");
      expect(beforeCalls).toBe(1);
      expect(Date.now() - sentAt).toBeGreaterThanOrEqual(2000);
    } finally {
      await executor.close();
      await app.close();
      await db.drop();
    }
  });

  it("runs each due sleep once when two executors poll the same database", async () => {
    const db = await createTestDatabase();
    const port = await freePort();
    const afterCalls = new Map<string, number>();
    const app = await startApp("wf-shared", `http://127.0.0.1:${port}`, (inngest) => [
      inngest.createFunction({ id: "nap", triggers: { event: "test/nap" } }, async ({ event, step }) => {
        await step.sleep("nap", "1s");
        await step.run("after", () => afterCalls.set(event.id!, (afterCalls.get(event.id!) ?? 0) + 1).size);
        return "done";
      }),
    ]);
    const first = await startWorkflowExecutor({ port, databaseUrl: db.url, appUrls: [app.url], pollIntervalMs: 20 });
    const second = await startWorkflowExecutor({ port: 0, databaseUrl: db.url, pollIntervalMs: 20 });
    try {
      await first.syncApps();
      const { ids } = await app.inngest.send(Array.from({ length: 8 }, () => ({ name: "test/nap", data: {} })));
      for (const id of ids) await runFor(second, "nap", id, "completed", "wf-shared");
      expect(ids.map((id) => afterCalls.get(id))).toEqual(ids.map(() => 1));
    } finally {
      await second.close();
      await first.close();
      await app.close();
      await db.drop();
    }
  });
});
