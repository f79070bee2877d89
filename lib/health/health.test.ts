import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startMailCapture } from "@/dev/mail/capture-server";
import { startRealtimeServer } from "@/dev/realtime/server";
import { startWorkflowExecutor } from "@/dev/workflows/executor";
import type { Database } from "@/lib/db/client";
import { setupTestDatabase } from "@/tests/helpers/db";
import { checkHealth } from "./health";

const APP = { appId: "55", key: "health-key", secret: "health-secret" };

const testDb = setupTestDatabase();
let db: Database;
let realtime: Awaited<ReturnType<typeof startRealtimeServer>>;
let executor: Awaited<ReturnType<typeof startWorkflowExecutor>>;
let mail: Awaited<ReturnType<typeof startMailCapture>>;

beforeAll(async () => {
  db = testDb.db;
  realtime = await startRealtimeServer({ ...APP, host: "127.0.0.1", port: 0 });
  executor = await startWorkflowExecutor({ databaseUrl: testDb.url, port: 0 });
  mail = await startMailCapture({ databaseUrl: testDb.url, port: 0 });
  vi.stubEnv("SWITCHBOARD_EMBEDDED_POSTGRES", "1");
  vi.stubEnv("PUSHER_APP_ID", APP.appId);
  vi.stubEnv("PUSHER_KEY", APP.key);
  vi.stubEnv("PUSHER_SECRET", APP.secret);
  vi.stubEnv("PUSHER_HOST", "127.0.0.1");
  vi.stubEnv("PUSHER_PORT", String(realtime.port));
  vi.stubEnv("PUSHER_USE_TLS", "false");
  vi.stubEnv("SWITCHBOARD_EMBEDDED_REALTIME", "1");
  vi.stubEnv("INNGEST_DEV", executor.url);
  vi.stubEnv("SWITCHBOARD_EMBEDDED_WORKFLOWS", "1");
  vi.stubEnv("RESEND_BASE_URL", mail.url);
  vi.stubEnv("RESEND_API_KEY", "");
});

afterAll(async () => {
  vi.unstubAllEnvs();
  // The realtime server and mail capture were stopped by the tests themselves.
  await executor.close();
});

describe("checkHealth", () => {
  it("reports every embedded dependency as up", async () => {
    const report = await checkHealth(db);
    expect(report.failing).toEqual([]);
    expect(report.status).toBe("ok");
    for (const name of ["database", "realtime", "workflows", "mail"]) {
      expect(report.dependencies[name]).toMatchObject({ ok: true, mode: "embedded" });
    }
  });

  it("names an essential dependency that is down", async () => {
    await realtime.close();
    const report = await checkHealth(db);
    expect(report.failing).toEqual(["realtime"]);
    expect(report.status).toBe("degraded");
    expect(report.dependencies.realtime).toMatchObject({ ok: false, mode: "embedded", error: expect.any(String) });
    expect(report.dependencies.database?.ok).toBe(true);
  });

  it("treats mail as non-essential", async () => {
    await mail.close();
    const report = await checkHealth(db);
    expect(report.failing).not.toContain("mail");
    expect(report.dependencies.mail).toMatchObject({ ok: false, mode: "embedded" });
  });
});
