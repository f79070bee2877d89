import pg from "pg";
import type { FunctionConfig, SerializedError, WorkflowEvent } from "./protocol";

/**
 * PostgreSQL state of the workflow executor, in its own schema. Every durable thing
 * lives here: synced apps and functions, received events, runs, memoised step results
 * and the `jobs` queue (calls to make, sleeps, event waits, cron ticks), so any executor
 * process on the same database can pick up where another stopped.
 */

export const SCHEMA = "workflow_executor";

/** Versioned DDL; append new entries, never edit applied ones. */
const MIGRATIONS: string[] = [
  `
  CREATE TABLE ${SCHEMA}.apps (
    id text PRIMARY KEY,
    url text NOT NULL,
    framework text,
    sdk text,
    synced_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE TABLE ${SCHEMA}.functions (
    id text PRIMARY KEY,
    app_id text NOT NULL REFERENCES ${SCHEMA}.apps (id) ON DELETE CASCADE,
    name text NOT NULL,
    config jsonb NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE TABLE ${SCHEMA}.events (
    id text PRIMARY KEY,
    name text NOT NULL,
    event jsonb NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE INDEX events_received_idx ON ${SCHEMA}.events (received_at);
  CREATE TABLE ${SCHEMA}.runs (
    id text PRIMARY KEY,
    function_id text NOT NULL,
    event jsonb NOT NULL,
    status text NOT NULL CHECK (status IN ('queued', 'running', 'sleeping', 'waiting', 'completed', 'failed', 'cancelled')),
    output jsonb,
    error jsonb,
    concurrency jsonb NOT NULL DEFAULT '[]',
    created_at timestamptz NOT NULL DEFAULT now(),
    started_at timestamptz,
    ended_at timestamptz
  );
  CREATE INDEX runs_created_idx ON ${SCHEMA}.runs (created_at DESC);
  CREATE INDEX runs_status_idx ON ${SCHEMA}.runs (status, created_at DESC);
  CREATE INDEX runs_function_idx ON ${SCHEMA}.runs (function_id, created_at DESC);
  CREATE TABLE ${SCHEMA}.steps (
    run_id text NOT NULL REFERENCES ${SCHEMA}.runs (id) ON DELETE CASCADE,
    id text NOT NULL,
    seq bigserial,
    name text,
    data jsonb,
    error jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (run_id, id)
  );
  CREATE TABLE ${SCHEMA}.jobs (
    id bigserial PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('call', 'sleep', 'wait', 'cron')),
    run_id text REFERENCES ${SCHEMA}.runs (id) ON DELETE CASCADE,
    function_id text NOT NULL,
    op_id text,
    op_name text,
    due_at timestamptz NOT NULL DEFAULT now(),
    attempt integer NOT NULL DEFAULT 0,
    leased_until timestamptz,
    lease_owner text,
    wait_event text,
    wait_if text,
    cron text,
    concurrency jsonb NOT NULL DEFAULT '[]',
    created_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE UNIQUE INDEX jobs_run_op_key ON ${SCHEMA}.jobs (run_id, (coalesce(op_id, ''))) WHERE run_id IS NOT NULL;
  CREATE UNIQUE INDEX jobs_cron_key ON ${SCHEMA}.jobs (function_id, cron) WHERE kind = 'cron';
  CREATE INDEX jobs_due_idx ON ${SCHEMA}.jobs (due_at, id);
  CREATE INDEX jobs_wait_idx ON ${SCHEMA}.jobs (wait_event) WHERE kind = 'wait';
  `,
];

export const RUN_STATUSES = ["queued", "running", "sleeping", "waiting", "completed", "failed", "cancelled"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
const ACTIVE_STATUSES: readonly RunStatus[] = ["queued", "running", "sleeping", "waiting"];
export type JobKind = "call" | "sleep" | "wait" | "cron";

/** One concurrency constraint a call job counts against. */
export interface ConcurrencySlot {
  key: string;
  limit: number;
}

export interface StoredFunction {
  id: string;
  appId: string;
  name: string;
  config: FunctionConfig;
}

export interface Run {
  id: string;
  functionId: string;
  event: WorkflowEvent;
  status: RunStatus;
  output: unknown;
  error: SerializedError | null;
  createdAt: Date;
  startedAt: Date | null;
  endedAt: Date | null;
}

export interface StepMemo {
  id: string;
  name: string | null;
  data: unknown;
  error: SerializedError | null;
  createdAt: Date;
}

export interface Job {
  id: string;
  kind: JobKind;
  runId: string | null;
  functionId: string;
  opId: string | null;
  opName: string | null;
  dueAt: Date;
  attempt: number;
  waitEvent: string | null;
  waitIf: string | null;
  cron: string | null;
  concurrency: ConcurrencySlot[];
}

export interface NewRunJob {
  kind: Exclude<JobKind, "cron">;
  runId: string;
  opId?: string | null;
  opName?: string | null;
  dueAt?: Date;
  waitEvent?: string;
  waitIf?: string | null;
}

export interface RunListFilter {
  limit: number;
  status?: RunStatus;
  functionId?: string;
}

export interface RunSummary extends Omit<Run, "output" | "error"> {
  functionName: string | null;
}

type Row = Record<string, unknown>;

const toRun = (row: Row): Run => ({
  id: row.id as string,
  functionId: row.function_id as string,
  event: row.event as WorkflowEvent,
  status: row.status as RunStatus,
  output: row.output ?? null,
  error: (row.error as SerializedError | null) ?? null,
  createdAt: row.created_at as Date,
  startedAt: (row.started_at as Date | null) ?? null,
  endedAt: (row.ended_at as Date | null) ?? null,
});

const toJob = (row: Row): Job => ({
  id: String(row.id),
  kind: row.kind as JobKind,
  runId: (row.run_id as string | null) ?? null,
  functionId: row.function_id as string,
  opId: (row.op_id as string | null) ?? null,
  opName: (row.op_name as string | null) ?? null,
  dueAt: row.due_at as Date,
  attempt: row.attempt as number,
  waitEvent: (row.wait_event as string | null) ?? null,
  waitIf: (row.wait_if as string | null) ?? null,
  cron: (row.cron as string | null) ?? null,
  concurrency: row.concurrency as ConcurrencySlot[],
});

/** jsonb parameters: pg would turn a JS array into a Postgres array, so send JSON text. */
const json = (value: unknown) => JSON.stringify(value ?? null);

/** Queries, bound either to the pool or to one transaction's client. */
export class Queries {
  constructor(private readonly db: pg.Pool | pg.PoolClient) {}

  private async rows(sql: string, params: unknown[] = []): Promise<Row[]> {
    return (await this.db.query(sql, params)).rows as Row[];
  }

  // Apps and functions

  async upsertApp(app: { id: string; url: string; framework?: string; sdk?: string }): Promise<void> {
    await this.rows(
      `INSERT INTO ${SCHEMA}.apps (id, url, framework, sdk) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET url = $2, framework = $3, sdk = $4, synced_at = now()`,
      [app.id, app.url, app.framework ?? null, app.sdk ?? null],
    );
  }

  /** Replaces an app's functions; returns whether anything changed. */
  async replaceAppFunctions(appId: string, functions: FunctionConfig[]): Promise<boolean> {
    const removed = await this.rows(`DELETE FROM ${SCHEMA}.functions WHERE app_id = $1 AND NOT (id = ANY($2)) RETURNING id`, [
      appId,
      functions.map((fn) => fn.id),
    ]);
    let modified = removed.length > 0;
    for (const fn of functions) {
      const changed = await this.rows(
        `INSERT INTO ${SCHEMA}.functions (id, app_id, name, config) VALUES ($1, $2, $3, $4)
         ON CONFLICT (id) DO UPDATE SET app_id = $2, name = $3, config = $4, updated_at = now()
         WHERE functions.config IS DISTINCT FROM $4::jsonb OR functions.app_id <> $2 OR functions.name <> $3
         RETURNING id`,
        [fn.id, appId, fn.name ?? fn.id, json(fn)],
      );
      modified ||= changed.length > 0;
    }
    return modified;
  }

  async listFunctions(): Promise<StoredFunction[]> {
    return this.selectFunctions("true", []);
  }

  async getFunction(id: string): Promise<StoredFunction | undefined> {
    return (await this.selectFunctions("id = $1", [id]))[0];
  }

  private async selectFunctions(where: string, params: unknown[]): Promise<StoredFunction[]> {
    const rows = await this.rows(`SELECT id, app_id, name, config FROM ${SCHEMA}.functions WHERE ${where} ORDER BY id`, params);
    return rows.map((row) => ({
      id: row.id as string,
      appId: row.app_id as string,
      name: row.name as string,
      config: row.config as FunctionConfig,
    }));
  }

  /** Keeps exactly the given cron schedules for the app's functions, adding new ones due at `dueAt`. */
  async syncCronJobs(appId: string, schedules: { functionId: string; cron: string; dueAt: Date }[]): Promise<void> {
    await this.rows(
      `DELETE FROM ${SCHEMA}.jobs j WHERE j.kind = 'cron'
         AND (j.function_id IN (SELECT id FROM ${SCHEMA}.functions WHERE app_id = $1)
              OR NOT EXISTS (SELECT 1 FROM ${SCHEMA}.functions f WHERE f.id = j.function_id))
         AND NOT ((j.function_id, j.cron) IN (SELECT * FROM unnest($2::text[], $3::text[])))`,
      [appId, schedules.map((s) => s.functionId), schedules.map((s) => s.cron)],
    );
    for (const schedule of schedules) {
      await this.rows(
        `INSERT INTO ${SCHEMA}.jobs (kind, function_id, cron, due_at) VALUES ('cron', $1, $2, $3)
         ON CONFLICT (function_id, cron) WHERE kind = 'cron' DO NOTHING`,
        [schedule.functionId, schedule.cron, schedule.dueAt],
      );
    }
  }

  // Events

  /** Stores an event; false when an event with this id was already received. */
  async insertEvent(event: WorkflowEvent): Promise<boolean> {
    return (await this.insertEvents([event])).has(event.id);
  }

  /** Stores events in one statement; returns the ids that were not received before. */
  async insertEvents(events: WorkflowEvent[]): Promise<Set<string>> {
    const rows = await this.rows(
      `INSERT INTO ${SCHEMA}.events (id, name, event)
       SELECT e->>'id', e->>'name', e FROM jsonb_array_elements($1::jsonb) AS e
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [json(events)],
    );
    return new Set(rows.map((row) => row.id as string));
  }

  // Runs

  /** Creates a queued run together with the call job that starts it. */
  async insertRun(run: { id: string; functionId: string; event: WorkflowEvent; concurrency: ConcurrencySlot[] }) {
    await this.rows(
      `WITH run AS (
         INSERT INTO ${SCHEMA}.runs (id, function_id, event, concurrency, status) VALUES ($1, $2, $3, $4, 'queued')
         RETURNING id, function_id, concurrency)
       INSERT INTO ${SCHEMA}.jobs (kind, run_id, function_id, concurrency) SELECT 'call', id, function_id, concurrency FROM run`,
      [run.id, run.functionId, json(run.event), json(run.concurrency)],
    );
  }

  async getRun(id: string, options: { lock?: boolean } = {}): Promise<Run | undefined> {
    const rows = await this.rows(`SELECT * FROM ${SCHEMA}.runs WHERE id = $1${options.lock ? " FOR UPDATE" : ""}`, [id]);
    return rows[0] && toRun(rows[0]);
  }

  async listRuns(filter: RunListFilter): Promise<RunSummary[]> {
    const rows = await this.rows(
      `SELECT r.id, r.function_id, r.event, r.status, r.created_at, r.started_at, r.ended_at, f.name AS function_name
       FROM ${SCHEMA}.runs r LEFT JOIN ${SCHEMA}.functions f ON f.id = r.function_id
       WHERE ($1::text IS NULL OR r.status = $1) AND ($2::text IS NULL OR r.function_id = $2)
       ORDER BY r.created_at DESC, r.id LIMIT $3`,
      [filter.status ?? null, filter.functionId ?? null, filter.limit],
    );
    return rows.map((row) => {
      const { output: _output, error: _error, ...run } = toRun(row);
      return { ...run, functionName: (row.function_name as string | null) ?? null };
    });
  }

  /** Active runs of the given functions, locked in id order (the order every lock on runs follows). */
  async lockActiveRuns(functionIds: string[]): Promise<Run[]> {
    const rows = await this.rows(
      `SELECT * FROM ${SCHEMA}.runs WHERE function_id = ANY($1) AND status = ANY($2) ORDER BY id FOR UPDATE`,
      [functionIds, ACTIVE_STATUSES],
    );
    return rows.map(toRun);
  }

  async markRunStarted(id: string): Promise<void> {
    await this.rows(
      `UPDATE ${SCHEMA}.runs SET status = 'running', started_at = coalesce(started_at, now()) WHERE id = $1 AND status = 'queued'`,
      [id],
    );
  }

  /**
   * Derives an active run's status from what it has pending (a call → queued/running, else
   * an event wait → waiting, else a sleep → sleeping). Returns false if nothing is pending.
   */
  async refreshRunStatus(id: string): Promise<boolean> {
    const rows = await this.rows(
      `WITH pending AS (SELECT kind FROM ${SCHEMA}.jobs WHERE run_id = $1)
       UPDATE ${SCHEMA}.runs SET status = CASE
           WHEN EXISTS (SELECT 1 FROM pending WHERE kind = 'call') THEN CASE WHEN started_at IS NULL THEN 'queued' ELSE 'running' END
           WHEN EXISTS (SELECT 1 FROM pending WHERE kind = 'wait') THEN 'waiting'
           WHEN EXISTS (SELECT 1 FROM pending WHERE kind = 'sleep') THEN 'sleeping'
           ELSE status END
       WHERE id = $1 RETURNING EXISTS (SELECT 1 FROM pending) AS pending`,
      [id],
    );
    return rows[0]?.pending === true;
  }

  async recordRunError(id: string, error: SerializedError): Promise<void> {
    await this.rows(`UPDATE ${SCHEMA}.runs SET error = $2 WHERE id = $1`, [id, json(error)]);
  }

  /** Ends a run and drops whatever it still had pending. */
  async finishRun(id: string, outcome: { status: "completed" | "failed" | "cancelled"; output?: unknown; error?: SerializedError }) {
    await this.rows(
      `UPDATE ${SCHEMA}.runs SET status = $2, output = $3, error = coalesce($4, error), ended_at = now(),
         started_at = coalesce(started_at, now()) WHERE id = $1`,
      [id, outcome.status, json(outcome.output), outcome.error ? json(outcome.error) : null],
    );
    await this.rows(`DELETE FROM ${SCHEMA}.jobs WHERE run_id = $1`, [id]);
  }

  // Steps

  async listSteps(runId: string): Promise<StepMemo[]> {
    const rows = await this.rows(`SELECT * FROM ${SCHEMA}.steps WHERE run_id = $1 ORDER BY seq`, [runId]);
    return rows.map((row) => ({
      id: row.id as string,
      name: (row.name as string | null) ?? null,
      data: row.data ?? null,
      error: (row.error as SerializedError | null) ?? null,
      createdAt: row.created_at as Date,
    }));
  }

  /** Memoises a step result once; false if the step already had one. */
  async memoiseStep(runId: string, step: { id: string; name?: string | null; data?: unknown; error?: SerializedError }) {
    const rows = await this.rows(
      `INSERT INTO ${SCHEMA}.steps (run_id, id, name, data, error) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (run_id, id) DO NOTHING RETURNING id`,
      [runId, step.id, step.name ?? null, step.error ? null : json(step.data), step.error ? json(step.error) : null],
    );
    return rows.length > 0;
  }

  async countSteps(runId: string): Promise<number> {
    const rows = await this.rows(`SELECT count(*)::int AS n FROM ${SCHEMA}.steps WHERE run_id = $1`, [runId]);
    return rows[0]!.n as number;
  }

  // Jobs

  /**
   * Queues a job for a run, carrying the run's concurrency slots. Skipped when the run
   * already has a job for the op or the op already has a memoised result.
   */
  async insertRunJob(job: NewRunJob): Promise<void> {
    await this.rows(
      `INSERT INTO ${SCHEMA}.jobs (kind, run_id, function_id, op_id, op_name, due_at, wait_event, wait_if, concurrency)
       SELECT $1, r.id, r.function_id, $3, $4, coalesce($5, now()), $6, $7, r.concurrency FROM ${SCHEMA}.runs r
       WHERE r.id = $2 AND NOT EXISTS (SELECT 1 FROM ${SCHEMA}.steps s WHERE s.run_id = r.id AND s.id = $3)
       ON CONFLICT (run_id, (coalesce(op_id, ''))) WHERE run_id IS NOT NULL DO NOTHING`,
      [job.kind, job.runId, job.opId ?? null, job.opName ?? null, job.dueAt ?? null, job.waitEvent ?? null, job.waitIf ?? null],
    );
  }

  async listRunJobs(runId: string): Promise<Job[]> {
    return (await this.rows(`SELECT * FROM ${SCHEMA}.jobs WHERE run_id = $1 ORDER BY due_at, id`, [runId])).map(toJob);
  }

  async listCronJobs(): Promise<Job[]> {
    return (await this.rows(`SELECT * FROM ${SCHEMA}.jobs WHERE kind = 'cron' ORDER BY due_at`)).map(toJob);
  }

  /**
   * Leases up to `limit` due jobs that no concurrency limit applies to, in one statement.
   * FOR UPDATE SKIP LOCKED makes concurrent executors pick disjoint jobs.
   */
  async leaseDueJobs(owner: string, limit: number, leaseMs: number): Promise<Job[]> {
    const rows = await this.rows(
      `UPDATE ${SCHEMA}.jobs SET leased_until = now() + make_interval(secs => $3 / 1000.0), lease_owner = $2
       WHERE id IN (
         SELECT id FROM ${SCHEMA}.jobs
         WHERE due_at <= now() AND (leased_until IS NULL OR leased_until < now()) AND (kind <> 'call' OR concurrency = '[]')
         ORDER BY due_at, id LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [limit, owner, leaseMs],
    );
    return rows.map(toJob).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  }

  /**
   * Leases due call jobs whose concurrency keys are below their limits; run inside a
   * transaction. Keys are advisory-locked in sorted order, so executors count in-flight
   * calls consistently without deadlocking; candidates over the limit stay queued in order.
   */
  async leaseDueLimitedJobs(owner: string, limit: number, leaseMs: number): Promise<Job[]> {
    const candidates = (
      await this.rows(
        `SELECT * FROM ${SCHEMA}.jobs
         WHERE due_at <= now() AND (leased_until IS NULL OR leased_until < now()) AND kind = 'call' AND concurrency <> '[]'
         ORDER BY due_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit * 4 + 16],
      )
    ).map(toJob);
    if (candidates.length === 0) return [];
    const keys = [...new Set(candidates.flatMap((job) => job.concurrency.map((slot) => slot.key)))].sort();
    await this.rows(`SELECT pg_advisory_xact_lock(hashtext('${SCHEMA}:' || k)) FROM unnest($1::text[]) AS k`, [keys]);
    const counts = await this.rows(
      `SELECT slot->>'key' AS key, count(*)::int AS n FROM ${SCHEMA}.jobs, jsonb_array_elements(concurrency) AS slot
       WHERE kind = 'call' AND leased_until > now() AND slot->>'key' = ANY($1) GROUP BY 1`,
      [keys],
    );
    const inUse = new Map(counts.map((row) => [row.key as string, row.n as number]));
    const leased: Job[] = [];
    for (const job of candidates) {
      if (leased.length >= limit) break;
      if (job.concurrency.some((slot) => (inUse.get(slot.key) ?? 0) >= slot.limit)) continue;
      for (const slot of job.concurrency) inUse.set(slot.key, (inUse.get(slot.key) ?? 0) + 1);
      leased.push(job);
    }
    if (leased.length > 0) {
      await this.rows(
        `UPDATE ${SCHEMA}.jobs SET leased_until = now() + make_interval(secs => $3 / 1000.0), lease_owner = $2 WHERE id = ANY($1::bigint[])`,
        [leased.map((job) => job.id), owner, leaseMs],
      );
    }
    return leased;
  }

  async renewLeases(owner: string, jobIds: string[], leaseMs: number): Promise<void> {
    await this.rows(
      `UPDATE ${SCHEMA}.jobs SET leased_until = now() + make_interval(secs => $3 / 1000.0) WHERE lease_owner = $1 AND id = ANY($2::bigint[])`,
      [owner, jobIds, leaseMs],
    );
  }

  async releaseLeases(owner: string, jobIds: string[]): Promise<void> {
    await this.rows(
      `UPDATE ${SCHEMA}.jobs SET leased_until = NULL, lease_owner = NULL WHERE lease_owner = $1 AND id = ANY($2::bigint[])`,
      [owner, jobIds],
    );
  }

  /** Locks a job this owner still holds; undefined if it was removed (run cancelled) or taken over. */
  async lockLeasedJob(id: string, owner: string): Promise<Job | undefined> {
    const rows = await this.rows(`SELECT * FROM ${SCHEMA}.jobs WHERE id = $1 AND lease_owner = $2 FOR UPDATE`, [id, owner]);
    return rows[0] && toJob(rows[0]);
  }

  async deleteJob(id: string): Promise<void> {
    await this.rows(`DELETE FROM ${SCHEMA}.jobs WHERE id = $1`, [id]);
  }

  /** Puts a job back in the queue, e.g. for a retry or the next cron tick. */
  async rescheduleJob(id: string, dueAt: Date, attempt: number): Promise<void> {
    await this.rows(
      `UPDATE ${SCHEMA}.jobs SET due_at = $2, attempt = $3, leased_until = NULL, lease_owner = NULL WHERE id = $1`,
      [id, dueAt, attempt],
    );
  }

  /** Waits for any of the event names, with their run's triggering event (not locked: see lockUnleasedJob). */
  async listWaitsFor(eventNames: string[]): Promise<(Job & { runEvent: WorkflowEvent })[]> {
    const rows = await this.rows(
      `SELECT j.*, r.event AS run_event FROM ${SCHEMA}.jobs j JOIN ${SCHEMA}.runs r ON r.id = j.run_id
       WHERE j.kind = 'wait' AND j.wait_event = ANY($1::text[]) ORDER BY j.id`,
      [eventNames],
    );
    return rows.map((row) => ({ ...toJob(row), runEvent: row.run_event as WorkflowEvent }));
  }

  /** Locks a job nobody holds a live lease on (e.g. a wait an executor is timing out right now). */
  async lockUnleasedJob(id: string): Promise<Job | undefined> {
    const rows = await this.rows(
      `SELECT * FROM ${SCHEMA}.jobs WHERE id = $1 AND (leased_until IS NULL OR leased_until < now()) FOR UPDATE SKIP LOCKED`,
      [id],
    );
    return rows[0] && toJob(rows[0]);
  }
}

export class WorkflowStore {
  readonly queries: Queries;

  private constructor(private readonly pool: pg.Pool) {
    this.queries = new Queries(pool);
  }

  /** Connects and brings the schema up to date (safe to run from several processes at once). */
  static async open(databaseUrl: string, log: (line: string) => void): Promise<WorkflowStore> {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
    // An idle client losing its connection must not take the process down.
    pool.on("error", (err) => log(`workflow executor: database connection error: ${err.message}`));
    const store = new WorkflowStore(pool);
    try {
      await store.migrate();
    } catch (err) {
      await pool.end();
      throw new Error(`workflow executor: cannot prepare schema ${SCHEMA} in databaseUrl: ${(err as Error).message}`, {
        cause: err,
      });
    }
    return store;
  }

  private async migrate(): Promise<void> {
    await this.transaction(async (_queries, client) => {
      await client.query(`SELECT pg_advisory_xact_lock(hashtext('${SCHEMA}:migrate'))`);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${SCHEMA}`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${SCHEMA}.schema_version (version integer NOT NULL)`);
      const { rows } = await client.query<{ version: number }>(`SELECT version FROM ${SCHEMA}.schema_version`);
      const current = rows[0]?.version ?? 0;
      if (current > MIGRATIONS.length) {
        throw new Error(`schema version ${current} is newer than this executor (${MIGRATIONS.length}); upgrade Switchboard`);
      }
      for (const ddl of MIGRATIONS.slice(current)) await client.query(ddl);
      if (rows.length === 0) await client.query(`INSERT INTO ${SCHEMA}.schema_version VALUES ($1)`, [MIGRATIONS.length]);
      else await client.query(`UPDATE ${SCHEMA}.schema_version SET version = $1`, [MIGRATIONS.length]);
    });
  }

  /** Runs `work` in a transaction, retried a few times if Postgres aborts it as a deadlock victim. */
  async transaction<T>(work: (queries: Queries, client: pg.PoolClient) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool.connect();
      try {
        await client.query("BEGIN");
        const result = await work(new Queries(client), client);
        await client.query("COMMIT");
        return result;
      } catch (err) {
        await client.query("ROLLBACK").catch(() => undefined);
        const code = (err as { code?: string }).code;
        if (attempt >= 3 || (code !== "40P01" && code !== "40001")) throw err;
      } finally {
        client.release();
      }
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
