import { randomUUID } from "node:crypto";
import { parseCron } from "./cron";
import { compileExpression } from "./expression";
import {
  RUN_COMPLETE_OP_ID,
  maxAttempts,
  opsSchema,
  parseDuration,
  sleepTarget,
  stepUrl,
  toSerializedError,
  type FunctionConfig,
  type IncomingEvent,
  type SerializedError,
  type StepOp,
  type WorkflowEvent,
} from "./protocol";
import type { ConcurrencySlot, Job, Queries, Run, StepMemo, StoredFunction, WorkflowStore } from "./store";

/**
 * The run loop: leases due jobs from Postgres and acts on them. A `call` job POSTs to
 * the function's serve endpoint and turns the SDK's answer (200 done, 206 step ops,
 * error) into memoised steps and new jobs; `sleep` and `wait` jobs resume a run when
 * due (a wait also resumes early when a matching event arrives); `cron` jobs start a
 * scheduled run and requeue themselves.
 */

export interface RunnerOptions {
  store: WorkflowStore;
  log: (line: string) => void;
  pollIntervalMs: number;
  retryBaseDelayMs: number;
}

const SCHEDULED_TIMER_EVENT = "inngest/scheduled.timer";
const FUNCTION_FAILED_EVENT = "inngest/function.failed";
const TERMINAL_STATUSES = new Set(["completed", "failed", "cancelled"]);
/** How long a leased job stays ours without renewal; renewed while a call is in flight. */
const LEASE_MS = 30_000;
/** Steps may legitimately be slow (AI calls, email); a hung endpoint still gets cut off. */
const CALL_TIMEOUT_MS = 15 * 60_000;
const MAX_RETRY_DELAY_MS = 10 * 60_000;
const MAX_IN_FLIGHT = 16;
/** A job whose processing hit an unexpected (database) error is picked up again after this. */
const ERROR_RETRY_MS = 5_000;

/** One call of a function endpoint and what it was made with. */
interface Call {
  config: FunctionConfig;
  run: Run;
  job: Job;
  /** How many memoised steps the request carried. */
  knownSteps: number;
}

interface RetrySignal {
  noRetry: boolean;
  retryAfter?: string;
}

type CallResult =
  | { kind: "http"; status: number; headers: Headers; body: string }
  | { kind: "network"; message: string };

export class WorkflowRunner {
  private readonly owner = `executor-${randomUUID()}`;
  private readonly inFlight = new Map<string, { controller: AbortController; done: Promise<void> }>();
  private pollTimer: NodeJS.Timeout | undefined;
  private leaseTimer: NodeJS.Timeout | undefined;
  /** The poll in progress, if any; wake-ups during it make it go round once more. */
  private pollLoop: Promise<void> | undefined;
  private pollRequested = false;
  private stopped = false;

  constructor(private readonly options: RunnerOptions) {}

  private get store() {
    return this.options.store;
  }

  start(): void {
    this.leaseTimer = setInterval(() => this.renewLeases(), LEASE_MS / 3);
    this.wake();
  }

  /** Polls now instead of at the next interval (after new work was queued). */
  wake(): void {
    if (this.stopped) return;
    if (this.pollLoop) {
      this.pollRequested = true;
      return;
    }
    clearTimeout(this.pollTimer);
    this.pollTimer = setTimeout(() => this.poll(), 0);
  }

  /** Stops polling, aborts calls in flight and hands their jobs back to the queue. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.pollTimer);
    clearInterval(this.leaseTimer);
    await this.pollLoop;
    for (const { controller } of this.inFlight.values()) controller.abort();
    await Promise.all([...this.inFlight.values()].map(({ done }) => done));
  }

  // Incoming events

  /** Stores events and starts, cancels and resumes runs as they dictate; returns the event ids. */
  async sendEvents(incoming: IncomingEvent[]): Promise<string[]> {
    const events = incoming.map(normaliseEvent);
    await this.store.transaction((q) => this.ingest(q, events));
    this.wake();
    return events.map((event) => event.id);
  }

  private async ingest(q: Queries, events: WorkflowEvent[]): Promise<void> {
    const functions = await q.listFunctions();
    // One statement each for storing the batch and finding its waits, whatever its size.
    const received = await q.insertEvents(events);
    const waits = await q.listWaitsFor([...new Set(events.map((event) => event.name))]);
    for (const event of events) {
      // A repeated event id (a sender's retry, or twice in one batch) is accepted and acted on once.
      if (!received.delete(event.id)) continue;
      await this.cancelRuns(q, functions, event);
      await this.resolveWaits(q, event, waits);
      for (const fn of functions) {
        if (isTriggeredBy(fn.config, event, this.options.log)) await this.createRun(q, fn, event);
      }
    }
  }

  private async createRun(q: Queries, fn: StoredFunction, event: WorkflowEvent): Promise<string> {
    const id = randomUUID();
    await q.insertRun({ id, functionId: fn.id, event, concurrency: concurrencySlots(fn, event) });
    return id;
  }

  private async cancelRuns(q: Queries, functions: StoredFunction[], event: WorkflowEvent): Promise<void> {
    const cancellable = functions.filter((fn) => fn.config.cancel?.some((rule) => rule.event === event.name));
    if (cancellable.length === 0) return;
    const rulesByFunction = new Map(cancellable.map((fn) => [fn.id, fn.config.cancel ?? []]));
    for (const run of await q.lockActiveRuns(cancellable.map((fn) => fn.id))) {
      const cancelled = rulesByFunction.get(run.functionId)!.some((rule) => {
        if (rule.event !== event.name) return false;
        const window = rule.timeout ? parseDuration(rule.timeout) : undefined;
        if (window !== undefined && Date.now() > run.createdAt.getTime() + window) return false;
        return !rule.if || safeMatches(rule.if, { event: run.event, async: event }, this.options.log);
      });
      if (cancelled) {
        await q.finishRun(run.id, { status: "cancelled" });
        this.options.log(`workflow executor: run ${run.id} (${run.functionId}) cancelled by ${event.name}`);
      }
    }
  }

  /** Resumes the waits for this event among `waits`; one that an earlier event of the batch resumed is gone and skipped. */
  private async resolveWaits(q: Queries, event: WorkflowEvent, waits: (Job & { runEvent: WorkflowEvent })[]): Promise<void> {
    for (const wait of waits) {
      if (wait.waitEvent !== event.name) continue;
      if (wait.waitIf && !safeMatches(wait.waitIf, { event: wait.runEvent, async: event }, this.options.log)) continue;
      // Runs are locked before their jobs everywhere, so concurrent transactions cannot deadlock.
      const run = await q.getRun(wait.runId!, { lock: true });
      if (!run || TERMINAL_STATUSES.has(run.status)) continue;
      if (!(await q.lockUnleasedJob(wait.id))) continue;
      await this.resumeRun(q, wait, { data: event });
    }
  }

  /** Memoises a sleep/wait result and queues the call that continues the run. */
  private async resumeRun(q: Queries, job: Job, result: { data: unknown }): Promise<void> {
    await q.deleteJob(job.id);
    await q.memoiseStep(job.runId!, { id: job.opId!, name: job.opName, data: result.data });
    await q.insertRunJob({ kind: "call", runId: job.runId! });
    await q.refreshRunStatus(job.runId!);
  }

  /** Starts a new run of the run's function with the same event. */
  async rerun(runId: string): Promise<{ runId: string } | { error: "run-not-found" | "function-not-found" }> {
    const result = await this.store.transaction(async (q) => {
      const run = await q.getRun(runId);
      if (!run) return { error: "run-not-found" as const };
      const fn = await q.getFunction(run.functionId);
      if (!fn) return { error: "function-not-found" as const };
      return { runId: await this.createRun(q, fn, run.event) };
    });
    this.wake();
    return result;
  }

  // Polling and leases

  private poll(): void {
    if (this.pollLoop) {
      this.pollRequested = true;
      return;
    }
    this.pollLoop = this.leaseAndDispatch()
      .catch((err: Error) => this.options.log(`workflow executor: polling for due jobs failed: ${err.message}`))
      .finally(() => {
        this.pollLoop = undefined;
        if (!this.stopped) {
          clearTimeout(this.pollTimer);
          this.pollTimer = setTimeout(() => this.poll(), this.options.pollIntervalMs);
        }
      });
  }

  private async leaseAndDispatch(): Promise<void> {
    do {
      this.pollRequested = false;
      let free = MAX_IN_FLIGHT - this.inFlight.size;
      if (free <= 0) return;
      const jobs = await this.store.queries.leaseDueJobs(this.owner, free, LEASE_MS);
      if (!(await this.dispatchAll(jobs))) return;
      free -= jobs.length;
      if (free === 0) {
        this.pollRequested = true;
        continue;
      }
      const limited = await this.store.transaction((q) => q.leaseDueLimitedJobs(this.owner, free, LEASE_MS));
      if (!(await this.dispatchAll(limited))) return;
      if (limited.length === free) this.pollRequested = true;
    } while (this.pollRequested);
  }

  /** Starts processing leased jobs; false (leases handed back) if the runner stopped meanwhile. */
  private async dispatchAll(jobs: Job[]): Promise<boolean> {
    if (this.stopped) {
      if (jobs.length > 0) await this.store.queries.releaseLeases(this.owner, jobs.map((job) => job.id));
      return false;
    }
    for (const job of jobs) this.dispatch(job);
    return true;
  }

  private dispatch(job: Job): void {
    const controller = new AbortController();
    const done = this.process(job, controller.signal)
      .catch(async (err) => {
        if (this.stopped) {
          await this.store.queries.releaseLeases(this.owner, [job.id]).catch(() => undefined);
          return;
        }
        this.options.log(`workflow executor: ${job.kind} job ${job.id} failed: ${(err as Error).message}`);
        // Shorten the lease so the job is retried soon, but not in a tight loop.
        await this.store.queries.renewLeases(this.owner, [job.id], ERROR_RETRY_MS).catch(() => undefined);
      })
      .finally(() => {
        this.inFlight.delete(job.id);
        this.wake();
      });
    this.inFlight.set(job.id, { controller, done });
  }

  private renewLeases(): void {
    const ids = [...this.inFlight.keys()];
    if (ids.length === 0) return;
    this.store.queries.renewLeases(this.owner, ids, LEASE_MS).catch((err: Error) => {
      this.options.log(`workflow executor: renewing job leases failed: ${err.message}`);
    });
  }

  private async process(job: Job, signal: AbortSignal): Promise<void> {
    switch (job.kind) {
      case "call":
        return this.processCall(job, signal);
      case "sleep":
      case "wait": // a wait that comes due has timed out: it resumes with null
        return this.store.transaction(async (q) => {
          const run = await q.getRun(job.runId!, { lock: true });
          if (!(await q.lockLeasedJob(job.id, this.owner))) return;
          if (!run || TERMINAL_STATUSES.has(run.status)) return q.deleteJob(job.id);
          await this.resumeRun(q, job, { data: null });
        });
      case "cron":
        return this.fireCron(job);
    }
  }

  private async fireCron(job: Job): Promise<void> {
    await this.store.transaction(async (q) => {
      if (!(await q.lockLeasedJob(job.id, this.owner))) return;
      const fn = await q.getFunction(job.functionId);
      if (!fn || !fn.config.triggers.some((trigger) => trigger.cron === job.cron)) {
        return q.deleteJob(job.id);
      }
      const event = normaliseEvent({ name: SCHEDULED_TIMER_EVENT, data: { cron: job.cron } });
      await q.insertEvent(event);
      await this.createRun(q, fn, event);
      // Ticks missed while no executor ran are not replayed: the schedule resumes from now.
      const now = new Date();
      const next = parseCron(job.cron!).next(job.dueAt > now ? job.dueAt : now);
      await q.rescheduleJob(job.id, next, 0);
    });
  }

  // Calling functions

  private async processCall(job: Job, signal: AbortSignal): Promise<void> {
    const queries = this.store.queries;
    const [run, fn, steps, jobs] = await Promise.all([
      queries.getRun(job.runId!),
      queries.getFunction(job.functionId),
      queries.listSteps(job.runId!),
      queries.listRunJobs(job.runId!),
      queries.markRunStarted(job.runId!),
    ]);
    if (!run || TERMINAL_STATUSES.has(run.status) || !fn) {
      await this.store.transaction(async (q) => {
        const current = await q.getRun(job.runId!, { lock: true });
        if (!(await q.lockLeasedJob(job.id, this.owner))) return;
        if (current && !TERMINAL_STATUSES.has(current.status)) {
          const message = `function ${job.functionId} is no longer registered; sync the app that serves it`;
          await this.failRun(q, current, { name: "Error", message });
        } else {
          await q.deleteJob(job.id);
        }
      });
      return;
    }
    // While planned parallel steps are still to run, the SDK must only report new steps,
    // not run one itself: otherwise a step could run here and in its own call.
    const stepsInFlight = jobs.some((other) => other.kind === "call" && other.opId !== null && other.id !== job.id);
    const result = await this.callFunction(fn.config, run, steps, job, stepsInFlight, signal);
    // Aborted by stop(): the step may or may not have run; the next executor calls again.
    if (signal.aborted) return queries.releaseLeases(this.owner, [job.id]);

    await this.store.transaction(async (q) => {
      const current = await q.getRun(run.id, { lock: true });
      const held = await q.lockLeasedJob(job.id, this.owner);
      if (!held) return; // the run was cancelled meanwhile
      if (!current || TERMINAL_STATUSES.has(current.status)) return q.deleteJob(job.id);
      await this.applyResult(q, { config: fn.config, run: current, job: held, knownSteps: steps.length }, result);
    });
  }

  private async callFunction(
    config: FunctionConfig,
    run: Run,
    steps: StepMemo[],
    job: Job,
    disableImmediateExecution: boolean,
    signal: AbortSignal,
  ): Promise<CallResult> {
    const stack = steps.map((step) => step.id);
    const body = {
      version: 2,
      event: run.event,
      events: [run.event],
      steps: Object.fromEntries(steps.map((step) => [step.id, step.error ? { error: step.error } : { data: step.data }])),
      ctx: {
        run_id: run.id,
        attempt: job.attempt,
        max_attempts: maxAttempts(config),
        disable_immediate_execution: disableImmediateExecution,
        use_api: false,
        stack: { stack, current: stack.length - 1 },
      },
    };
    const url = new URL(stepUrl(config));
    url.searchParams.set("stepId", job.opId ?? "step");
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", "x-inngest-server-kind": "dev" },
        body: JSON.stringify(body),
        signal: AbortSignal.any([signal, AbortSignal.timeout(CALL_TIMEOUT_MS)]),
      });
      return { kind: "http", status: response.status, headers: response.headers, body: await response.text() };
    } catch (err) {
      const cause = (err as Error & { cause?: Error }).cause;
      return { kind: "network", message: `calling ${url.origin}${url.pathname} failed: ${cause?.message ?? (err as Error).message}` };
    }
  }

  private async applyResult(q: Queries, call: Call, result: CallResult): Promise<void> {
    if (result.kind === "network") return this.retryOrFail(q, call, { name: "Error", message: result.message }, {});
    const parsed = parseJson(result.body);
    if (result.status === 200) {
      await q.finishRun(call.run.id, { status: "completed", output: parsed.ok ? parsed.value : result.body });
      return;
    }
    const retry = {
      noRetry: result.headers.get("x-inngest-no-retry") === "true",
      retryAfter: result.headers.get("retry-after") ?? undefined,
    };
    if (result.status === 206) {
      const ops = parsed.ok ? opsSchema.safeParse(parsed.value) : undefined;
      if (ops?.success) return this.applyOps(q, call, ops.data, retry);
      const message = `the function answered 206 without a valid list of step ops: ${result.body.slice(0, 300)}`;
      return this.retryOrFail(q, call, { name: "Error", message }, retry);
    }
    const error = toSerializedError(parsed.ok ? parsed.value : result.body, `the function answered HTTP ${result.status}`);
    return this.retryOrFail(q, call, error, retry);
  }

  private async applyOps(q: Queries, call: Call, ops: StepOp[], retry: RetrySignal): Promise<void> {
    const { run, job, config } = call;
    for (const op of ops) {
      const name = op.displayName ?? op.name ?? null;
      const opError = () => toSerializedError(op.error, `step ${name ?? op.id} failed`);
      switch (op.op) {
        case "StepRun":
          await q.memoiseStep(run.id, { id: op.id, name, data: op.data ?? null });
          break;
        case "StepError":
        case "StepFailed": {
          const final = op.op === "StepFailed" || retry.noRetry || job.attempt + 1 >= maxAttempts(config);
          if (op.id === RUN_COMPLETE_OP_ID) return this.retryOrFail(q, call, opError(), { ...retry, noRetry: final });
          if (!final) return this.retryOrFail(q, call, opError(), retry);
          // The step is out of attempts: memoise the error so the function can handle it.
          await q.memoiseStep(run.id, { id: op.id, name, error: opError() });
          break;
        }
        case "RunComplete":
          return q.finishRun(run.id, { status: "completed", output: op.data ?? null });
        case "StepPlanned":
          await q.insertRunJob({ kind: "call", runId: run.id, opId: op.id, opName: name });
          break;
        case "Sleep": {
          const until = op.name === undefined ? undefined : sleepTarget(op.name, new Date());
          if (!until) return this.failRun(q, run, { name: "Error", message: `sleep ${name ?? op.id} has an invalid duration or date: ${op.name}` });
          await q.insertRunJob({ kind: "sleep", runId: run.id, opId: op.id, opName: name, dueAt: until });
          break;
        }
        case "WaitForEvent": {
          const timeout = typeof op.opts?.timeout === "string" ? parseDuration(op.opts.timeout) : undefined;
          const condition = typeof op.opts?.if === "string" ? op.opts.if : null;
          const problem =
            !op.name ? "has no event name" : timeout === undefined ? `has an invalid timeout ${JSON.stringify(op.opts?.timeout)}` : expressionProblem(condition);
          if (problem) return this.failRun(q, run, { name: "Error", message: `waitForEvent ${name ?? op.id} ${problem}` });
          await q.insertRunJob({
            kind: "wait",
            runId: run.id,
            opId: op.id,
            opName: name,
            dueAt: new Date(Date.now() + timeout!),
            waitEvent: op.name,
            waitIf: condition,
          });
          break;
        }
        default:
          return this.failRun(q, run, {
            name: "Error",
            message: `step ${name ?? op.id} uses ${op.op}, which the embedded workflow executor does not support`,
          });
      }
    }
    await q.deleteJob(job.id);
    // Continue whenever the run has results this call did not see, whether this answer
    // added them or parallel calls did (their own continuation may have been merged into
    // this call's, which was queued at the time).
    if ((await q.countSteps(run.id)) > call.knownSteps) await q.insertRunJob({ kind: "call", runId: run.id });
    if (!(await q.refreshRunStatus(run.id))) {
      await this.failRun(q, run, { name: "Error", message: "the function reported no finished or pending steps, so the run cannot continue" });
    }
  }

  private async retryOrFail(q: Queries, call: Call, error: SerializedError, retry: Partial<RetrySignal>): Promise<void> {
    const { run, job, config } = call;
    const nextAttempt = job.attempt + 1;
    if (retry.noRetry || nextAttempt >= maxAttempts(config)) return this.failRun(q, run, error);
    const delay = retryDelay(retry.retryAfter, job.attempt, this.options.retryBaseDelayMs);
    await q.recordRunError(run.id, { ...error, attempt: job.attempt });
    await q.rescheduleJob(job.id, new Date(Date.now() + delay), nextAttempt);
    this.options.log(`workflow executor: run ${run.id} attempt ${nextAttempt} failed (${error.message}); retrying in ${delay} ms`);
  }

  /** Fails the run and emits `inngest/function.failed`, which triggers the function's onFailure handler. */
  private async failRun(q: Queries, run: Run, error: SerializedError): Promise<void> {
    await q.finishRun(run.id, { status: "failed", error });
    this.options.log(`workflow executor: run ${run.id} (${run.functionId}) failed: ${error.message}`);
    const failed = normaliseEvent({
      name: FUNCTION_FAILED_EVENT,
      data: { function_id: run.functionId, run_id: run.id, error, event: run.event },
    });
    await this.ingest(q, [failed]);
  }
}

function normaliseEvent(event: IncomingEvent): WorkflowEvent {
  return { ...event, id: event.id ?? randomUUID(), name: event.name, data: event.data ?? {}, ts: event.ts ?? Date.now() };
}

function isTriggeredBy(config: FunctionConfig, event: WorkflowEvent, log: (line: string) => void): boolean {
  return config.triggers.some(
    (trigger) =>
      trigger.event === event.name && (!trigger.expression || safeMatches(trigger.expression, { event }, log, ["event"])),
  );
}

/** Expressions were checked at sync; a failure here is logged and counts as no match. */
function safeMatches(source: string, vars: Record<string, unknown>, log: (line: string) => void, roots?: string[]): boolean {
  try {
    return compileExpression(source, roots).matches(vars);
  } catch (err) {
    log(`workflow executor: ${(err as Error).message}`);
    return false;
  }
}

function expressionProblem(source: string | null): string | undefined {
  if (!source) return undefined;
  try {
    compileExpression(source);
    return undefined;
  } catch (err) {
    return `has an invalid condition: ${(err as Error).message}`;
  }
}

/** Concurrency constraints as the SDK registers them: a number, one object or a list. */
export function concurrencySlots(fn: StoredFunction, event: WorkflowEvent): ConcurrencySlot[] {
  const setting = fn.config.concurrency;
  if (setting === undefined || setting === null) return [];
  const items = typeof setting === "number" ? [{ limit: setting }] : Array.isArray(setting) ? setting : [setting];
  return items
    .filter((item) => item.limit > 0) // 0 means "no limit" in Inngest
    .map((item) => {
      const value = item.key ? compileExpression(item.key, ["event"]).evaluate({ event }) : null;
      const scope = item.scope ?? "fn";
      const prefix = scope === "fn" ? `fn:${fn.id}` : scope;
      return { key: `${prefix}:${JSON.stringify(value ?? null)}`, limit: item.limit };
    });
}

/** Retry-After (seconds or a date) wins; otherwise exponential backoff from the base delay. */
function retryDelay(retryAfter: string | undefined, attempt: number, baseMs: number): number {
  if (retryAfter) {
    const ms = /^\d+$/.test(retryAfter) ? Number(retryAfter) * 1000 : Date.parse(retryAfter) - Date.now();
    if (Number.isFinite(ms)) return Math.min(Math.max(ms, 0), MAX_RETRY_DELAY_MS);
  }
  return Math.min(baseMs * 2 ** attempt, MAX_RETRY_DELAY_MS);
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text.trim() === "") return { ok: true, value: null };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}
