import http from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { Inngest, NonRetriableError } from "inngest";
import { serve } from "inngest/node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { startWorkflowExecutor, type WorkflowExecutor } from "@/dev/workflows/executor";
import { UserFacingError } from "@/lib/errors";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";
import { freePort } from "@/tests/helpers/ports";
import {
  getWorkflowRun,
  listWorkflowFunctions,
  listWorkflowRuns,
  rerunWorkflowRun,
  workflowsDashboardUrl,
  workflowsMode,
  type WorkflowRun,
} from "./runs";

const APP_ID = "runs-test";
const silentLogger = { info() {}, warn() {}, error() {}, debug() {} };

let database: TestDatabase;
let executor: WorkflowExecutor;
let app: http.Server;
let inngest: Inngest;
const greetCalls = new Map<string, number>();

beforeAll(async () => {
  database = await createTestDatabase();
  const executorPort = await freePort();
  inngest = new Inngest({ id: APP_ID, isDev: true, baseUrl: `http://127.0.0.1:${executorPort}`, logger: silentLogger });
  const functions = [
    inngest.createFunction({ id: "greet", name: "Greet", triggers: { event: "test/greet" } }, async ({ event, step }) => {
      const greeting = await step.run("compose", () => {
        greetCalls.set(event.id!, (greetCalls.get(event.id!) ?? 0) + 1);
        return `Hello, ${event.data.name as string}`;
      });
      return { greeting };
    }),
    inngest.createFunction({ id: "doomed", retries: 0, triggers: { event: "test/doomed" } }, async ({ step }) =>
      step.run("explode", () => {
        throw new NonRetriableError("the mail server refused the message");
      }),
    ),
  ];
  app = http.createServer(serve({ client: inngest, functions }));
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  executor = await startWorkflowExecutor({
    port: executorPort,
    databaseUrl: database.url,
    appUrls: [`http://127.0.0.1:${(app.address() as AddressInfo).port}/api/inngest`],
    pollIntervalMs: 50,
  });
  await executor.syncApps();
});

afterAll(async () => {
  await executor?.close();
  await new Promise<void>((resolve) => (app ? app.close(() => resolve()).closeAllConnections() : resolve()));
  await database?.drop();
});

beforeEach(() => {
  // What the start script sets when it runs the embedded executor.
  vi.stubEnv("SWITCHBOARD_EMBEDDED_WORKFLOWS", "1");
  vi.stubEnv("INNGEST_DEV", `${executor.url}/`);
  vi.stubEnv("INNGEST_BASE_URL", undefined);
});

afterEach(() => {
  vi.unstubAllEnvs();
});

async function settledRun(id: string): Promise<WorkflowRun> {
  const deadline = Date.now() + 8_000;
  for (;;) {
    const run = await getWorkflowRun(id);
    if (run.status === "completed" || run.status === "failed") return run;
    if (Date.now() > deadline) throw new Error(`run ${id} still ${run.status} after 8 s`);
    await sleep(25);
  }
}

async function runOfEvent(eventId: string) {
  const deadline = Date.now() + 8_000;
  for (;;) {
    const run = (await listWorkflowRuns({ limit: 500 })).find((candidate) => candidate.event.id === eventId);
    if (run) return run;
    if (Date.now() > deadline) throw new Error(`no run for event ${eventId} after 8 s`);
    await sleep(25);
  }
}

describe("embedded executor", () => {
  it("lists the synced functions with their triggers", async () => {
    expect(workflowsMode()).toBe("embedded");
    const functions = await listWorkflowFunctions();
    expect(functions.map((fn) => [fn.id, fn.name, fn.triggers])).toEqual([
      [`${APP_ID}-doomed`, "doomed", [{ event: "test/doomed" }]],
      [`${APP_ID}-greet`, "Greet", [{ event: "test/greet" }]],
    ]);
  });

  it("lists a run, shows its steps and output, and reruns it with the same event", async () => {
    const { ids } = await inngest.send({ name: "test/greet", data: { name: "Ada" } });
    const eventId = ids[0]!;
    const summary = await runOfEvent(eventId);
    expect(summary).toMatchObject({ functionId: `${APP_ID}-greet`, functionName: "Greet", event: { name: "test/greet" } });
    expect(summary.createdAt).toBeInstanceOf(Date);

    const run = await settledRun(summary.id);
    expect(run.status).toBe("completed");
    expect(run.output).toEqual({ greeting: "Hello, Ada" });
    expect(run.steps.map((step) => [step.name, step.data, step.error])).toEqual([["compose", "Hello, Ada", null]]);
    expect(run.pending).toEqual([]);
    expect(run.endedAt!.getTime()).toBeGreaterThanOrEqual(run.startedAt!.getTime());

    const completed = await listWorkflowRuns({ status: "completed", limit: 500 });
    expect(completed.map((listed) => listed.id)).toContain(run.id);
    expect(completed.every((listed) => listed.status === "completed")).toBe(true);
    expect(await listWorkflowRuns({ status: "failed" })).not.toContainEqual(expect.objectContaining({ id: run.id }));

    const rerun = await rerunWorkflowRun(run.id);
    expect(rerun.id).not.toBe(run.id);
    const second = await settledRun(rerun.id);
    expect(second).toMatchObject({ status: "completed", output: { greeting: "Hello, Ada" }, event: { id: eventId } });
    expect(greetCalls.get(eventId)).toBe(2);
  });

  it("shows why a run failed, and its failed step", async () => {
    const { ids } = await inngest.send({ name: "test/doomed", data: {} });
    const run = await settledRun((await runOfEvent(ids[0]!)).id);
    expect(run.status).toBe("failed");
    expect(run.error?.message).toContain("the mail server refused the message");
    expect((await listWorkflowRuns({ status: "failed" })).map((listed) => listed.id)).toContain(run.id);
  });

  it("reports unknown runs and bad filters as user-facing errors", async () => {
    const unknown = "00000000-0000-4000-8000-000000000000";
    await expect(getWorkflowRun(unknown)).rejects.toMatchObject({ kind: "not_found", message: expect.stringContaining(unknown) });
    await expect(rerunWorkflowRun(unknown)).rejects.toMatchObject({ kind: "not_found" });
    await expect(listWorkflowRuns({ limit: 0 })).rejects.toMatchObject({ kind: "invalid", message: expect.stringContaining("`limit`") });
  });
});

describe("configuration", () => {
  it("explains an unreachable executor", async () => {
    vi.stubEnv("INNGEST_DEV", `http://127.0.0.1:${await freePort()}`);
    const failure = await listWorkflowRuns().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UserFacingError);
    expect((failure as Error).message).toMatch(/did not answer .*INNGEST_DEV/);
  });

  it("names INNGEST_DEV when it is missing or not a URL", async () => {
    vi.stubEnv("INNGEST_DEV", undefined);
    await expect(listWorkflowFunctions()).rejects.toThrow(/INNGEST_DEV is not set/);
    vi.stubEnv("INNGEST_DEV", "executor:8288");
    await expect(listWorkflowFunctions()).rejects.toThrow(/INNGEST_DEV must be .* got "executor:8288"/);
  });

  it("points to the Inngest dashboard in hosted mode", async () => {
    vi.stubEnv("SWITCHBOARD_EMBEDDED_WORKFLOWS", undefined);
    expect(workflowsMode()).toBe("hosted");
    expect(workflowsDashboardUrl()).toBe("https://app.inngest.com");
    await expect(listWorkflowRuns()).rejects.toMatchObject({ kind: "unavailable", message: expect.stringContaining("https://app.inngest.com") });
    vi.stubEnv("INNGEST_BASE_URL", "https://inngest.internal.example");
    expect(workflowsDashboardUrl()).toBe("https://inngest.internal.example");
  });
});
