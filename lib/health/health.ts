import type { Database } from "@/lib/db/client";
import { mailMode } from "@/lib/email/mailer";
import { getRealtime, realtimeMode } from "@/lib/realtime/config";

export interface DependencyState {
  ok: boolean;
  /** Where it runs: embedded on this machine, or an external/hosted service. */
  mode: "embedded" | "external" | "hosted";
  latencyMs?: number;
  error?: string;
}

export interface HealthReport {
  status: "ok" | "degraded";
  dependencies: Record<string, DependencyState>;
  /** Essential dependencies that are down. */
  failing: string[];
}

const TIMEOUT_MS = 2_000;

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} did not answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS)),
  ]);
}

function checkDatabase(db: Database): Promise<DependencyState> {
  return timed(process.env.SWITCHBOARD_EMBEDDED_POSTGRES === "1" ? "embedded" : "external", () => db.$queryRaw`SELECT 1`, "PostgreSQL");
}

async function timed(mode: DependencyState["mode"], probe: () => Promise<unknown>, what: string): Promise<DependencyState> {
  const started = performance.now();
  try {
    await withTimeout(probe(), what);
    return { ok: true, mode, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false, mode, error: error instanceof Error ? error.message : String(error) };
  }
}

async function expectOk(url: string, what: string): Promise<void> {
  const response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  if (!response.ok) throw new Error(`${what} answered HTTP ${response.status}`);
}

function checkRealtime(): Promise<DependencyState> {
  return timed(
    realtimeMode(),
    async () => {
      const response = await getRealtime().get({ path: "/channels" });
      if (!response.ok) throw new Error(`realtime API answered HTTP ${response.status}`);
    },
    "Realtime",
  );
}

function checkWorkflows(): Promise<DependencyState> {
  const devServer = process.env.INNGEST_DEV;
  if (process.env.SWITCHBOARD_EMBEDDED_WORKFLOWS === "1" && devServer) {
    return timed("embedded", () => expectOk(devServer, "The workflow executor"), "The workflow executor");
  }
  // Inngest Cloud calls us; there is nothing to probe, only whether it is configured.
  const configured = Boolean(devServer || process.env.INNGEST_SIGNING_KEY);
  return Promise.resolve(
    configured ? { ok: true, mode: "hosted" } : { ok: false, mode: "hosted", error: "Set INNGEST_SIGNING_KEY and INNGEST_EVENT_KEY (or INNGEST_DEV)." },
  );
}

function checkMail(): Promise<DependencyState> {
  if (mailMode() === "hosted") return Promise.resolve({ ok: true, mode: "hosted" });
  const capture = process.env.RESEND_BASE_URL;
  if (!capture) return Promise.resolve({ ok: false, mode: "embedded", error: "RESEND_BASE_URL is not set: start with `npm start` or set RESEND_API_KEY." });
  return timed("embedded", () => expectOk(`${capture.replace(/\/+$/, "")}/emails?limit=1`, "The mail capture"), "The mail capture");
}

/** Without these the product cannot take or deliver a message. */
const ESSENTIALS = ["database", "realtime", "workflows"];

/** The state of every dependency; essentials decide the HTTP status, the rest only `status`. */
export async function checkHealth(db: Database): Promise<HealthReport> {
  const [database, realtime, workflows, mail] = await Promise.all([checkDatabase(db), checkRealtime(), checkWorkflows(), checkMail()]);
  const dependencies: Record<string, DependencyState> = { database, realtime, workflows, mail };
  const failing = ESSENTIALS.filter((name) => !dependencies[name]?.ok);
  const allOk = Object.values(dependencies).every((state) => state.ok);
  return { status: allOk ? "ok" : "degraded", dependencies, failing };
}
