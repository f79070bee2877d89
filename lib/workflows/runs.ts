import { z } from "zod";
import { UserFacingError } from "@/lib/errors";

/**
 * Workflow runs for the admin "Workflow runs" page, read from the embedded workflow executor's
 * HTTP API (`/v1/runs`, `/v1/functions`).
 *
 * The executor serves the whole installation, not one tenant: its runs belong to every
 * account at once and cannot be scoped to the caller's. Only admins may reach these functions.
 *
 * With Inngest Cloud or a self-hosted Inngest ("hosted") there is no such API here; runs are
 * inspected in the Inngest dashboard instead.
 */

export type WorkflowsMode = "embedded" | "hosted";

export const RUN_STATUSES = ["queued", "running", "sleeping", "waiting", "completed", "failed", "cancelled"] as const;
export type WorkflowRunStatus = (typeof RUN_STATUSES)[number];

const INNGEST_CLOUD_DASHBOARD = "https://app.inngest.com";
// What the SDK uses for `INNGEST_DEV=1`.
const DEFAULT_DEV_URL = "http://localhost:8288";
const REQUEST_TIMEOUT_MS = 5_000;

function configured(name: "SWITCHBOARD_EMBEDDED_WORKFLOWS" | "INNGEST_DEV" | "INNGEST_BASE_URL"): string | undefined {
  const value = process.env[name]?.trim();
  return value ? value : undefined;
}

export function workflowsMode(): WorkflowsMode {
  return configured("SWITCHBOARD_EMBEDDED_WORKFLOWS") === "1" ? "embedded" : "hosted";
}

/** Where hosted runs can be inspected: a self-hosted Inngest serves its dashboard at its base URL. */
export function workflowsDashboardUrl(): string {
  return configured("INNGEST_BASE_URL") ?? INNGEST_CLOUD_DASHBOARD;
}

function executorUrl(action: string): string {
  if (workflowsMode() === "hosted") {
    throw new UserFacingError(
      "unavailable",
      `${action}: workflows run on Inngest (SWITCHBOARD_EMBEDDED_WORKFLOWS is not 1), so their runs are in the Inngest dashboard at ${workflowsDashboardUrl()}.`,
    );
  }
  const value = configured("INNGEST_DEV");
  if (value === undefined) {
    throw new UserFacingError(
      "unavailable",
      `${action}: SWITCHBOARD_EMBEDDED_WORKFLOWS=1 but INNGEST_DEV is not set; set it to the embedded executor's URL, e.g. http://127.0.0.1:8288 (\`npm start\` sets both).`,
    );
  }
  if (value === "1" || value === "true") return DEFAULT_DEV_URL;
  if (!z.url({ protocol: /^https?$/ }).safeParse(value).success) {
    throw new UserFacingError("unavailable", `${action}: INNGEST_DEV must be the executor's http(s) URL such as http://127.0.0.1:8288, got "${value}".`);
  }
  return value.replace(/\/+$/, "");
}

const errorSchema = z.looseObject({
  name: z.string().optional(),
  message: z.string(),
  stack: z.string().optional(),
  /** Set on a retried error: the attempt (0-based) that failed. */
  attempt: z.number().int().optional(),
});

const runSummarySchema = z.object({
  id: z.string(),
  functionId: z.string(),
  /** Null once the function is no longer synced. */
  functionName: z.string().nullable(),
  event: z.looseObject({ id: z.string(), name: z.string(), data: z.unknown(), ts: z.number().optional() }),
  status: z.enum(RUN_STATUSES),
  createdAt: z.coerce.date(),
  startedAt: z.coerce.date().nullable(),
  endedAt: z.coerce.date().nullable(),
});

const runDetailSchema = runSummarySchema.extend({
  output: z.unknown(),
  /** The failure, or for a run that recovered, the last error that was retried. */
  error: errorSchema.nullable(),
  /** Finished steps, in completion order. */
  steps: z.array(
    z.object({
      id: z.string(),
      name: z.string().nullable(),
      data: z.unknown(),
      error: errorSchema.nullable(),
      createdAt: z.coerce.date(),
    }),
  ),
  /** What the run waits for: a call (next step or a retry), a sleep or an event. */
  pending: z.array(
    z.object({
      kind: z.enum(["call", "sleep", "wait"]),
      stepId: z.string().nullable(),
      name: z.string().nullable(),
      dueAt: z.coerce.date(),
      /** 0-based: 1 and up means earlier attempts failed and this is a retry. */
      attempt: z.number().int(),
      waitEvent: z.string().nullable(),
      waitIf: z.string().nullable(),
    }),
  ),
});

const functionSchema = z.object({
  id: z.string(),
  appId: z.string(),
  name: z.string(),
  triggers: z.array(z.looseObject({ event: z.string().optional(), cron: z.string().optional(), expression: z.string().optional() })),
  nextCronRuns: z.array(z.object({ cron: z.string().nullable(), dueAt: z.coerce.date() })),
});

export type WorkflowError = z.infer<typeof errorSchema>;
export type WorkflowRunSummary = z.infer<typeof runSummarySchema>;
export type WorkflowRun = z.infer<typeof runDetailSchema>;
export type WorkflowFunction = z.infer<typeof functionSchema>;

const executorError = z.object({ error: z.string() });

/** Calls the executor and parses `{data}` from its answer; maps its errors to messages for the admin. */
async function callExecutor<T>(action: string, path: string, dataSchema: z.ZodType<T>, init: { method?: "POST" } = {}): Promise<T> {
  const base = executorUrl(action);
  let response: Response;
  try {
    response = await fetch(`${base}${path}`, { method: init.method ?? "GET", signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  } catch (error) {
    const cause = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
    throw new UserFacingError(
      "unavailable",
      `${action}: the workflow executor at ${base} did not answer (${cause}). Check that it is running and that INNGEST_DEV points at it.`,
    );
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const reason = executorError.safeParse(body).data?.error ?? `HTTP ${response.status}`;
    if (response.status === 404) throw new UserFacingError("not_found", `${action}: ${reason}.`);
    if (response.status === 409) throw new UserFacingError("conflict", `${action}: ${reason}.`);
    if (response.status === 400) throw new UserFacingError("invalid", `${action}: ${reason}.`);
    throw new Error(`${action} failed: the workflow executor at ${base} answered HTTP ${response.status}: ${reason}.`);
  }
  const parsed = z.object({ data: dataSchema }).safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `${action} failed: unexpected answer from the workflow executor at ${base} (${issue ? `${issue.path.join(".") || "body"}: ${issue.message}` : "not JSON"}).`,
    );
  }
  return parsed.data.data;
}

const listRunsSchema = z.object({
  status: z.enum(RUN_STATUSES).optional(),
  limit: z.number().int().min(1).max(500).default(50),
});

export type ListWorkflowRunsInput = z.input<typeof listRunsSchema>;

/** Recent runs of every function, newest first. */
export async function listWorkflowRuns(input: ListWorkflowRunsInput = {}): Promise<WorkflowRunSummary[]> {
  const action = "Listing workflow runs";
  const parsed = listRunsSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UserFacingError("invalid", `${action}: invalid \`${issue.path.join(".")}\`: ${issue.message}`);
  }
  const query = new URLSearchParams({ limit: String(parsed.data.limit) });
  if (parsed.data.status) query.set("status", parsed.data.status);
  return callExecutor(action, `/v1/runs?${query}`, z.array(runSummarySchema));
}

/** One run with its output or error, finished steps and what it waits for. */
export function getWorkflowRun(id: string): Promise<WorkflowRun> {
  return callExecutor(`Reading workflow run ${id}`, `/v1/runs/${encodeURIComponent(id)}`, runDetailSchema);
}

/** Starts a new run of the same function with the same event; resolves to the new run's id. */
export function rerunWorkflowRun(id: string): Promise<{ id: string }> {
  return callExecutor(`Re-running workflow run ${id}`, `/v1/runs/${encodeURIComponent(id)}/rerun`, z.object({ id: z.string() }), {
    method: "POST",
  });
}

/** The functions synced with the executor, with their triggers and next cron times. */
export function listWorkflowFunctions(): Promise<WorkflowFunction[]> {
  return callExecutor("Listing workflow functions", "/v1/functions", z.array(functionSchema));
}
