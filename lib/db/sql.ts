import pg from "pg";
import type { Prisma } from "./generated/client";

/**
 * Raw SQL on the node-postgres pool under the Prisma client (`sqlPool`), for hot paths
 * where Prisma's per-query and interactive-transaction overhead dominates. Statements
 * are still written as `Prisma.sql` templates; values and results follow Prisma's
 * conventions: `timestamp(3)` columns hold UTC, Dates go in and come out as UTC.
 */

export type Queryable = pg.Pool | pg.PoolClient;

const TIMESTAMP_OID = 1114;

/** `timestamp` values are UTC wall times ("2026-03-02 15:30:00.123"); node-postgres alone would read them as local time. */
const parseUtcTimestamp = (value: string) => new Date(`${value.replace(" ", "T")}Z`);

const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === TIMESTAMP_OID && format !== "binary" ? parseUtcTimestamp : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig["getTypeParser"],
};

/** A Date as an ISO string in UTC: node-postgres alone would send local time, which a `timestamp` column takes literally. */
const toParameter = (value: unknown) => (value instanceof Date ? value.toISOString() : value);

export interface QueryOptions {
  /**
   * Prepares the statement under this name once per connection, so later runs skip
   * parsing and, once PostgreSQL settles on a generic plan, planning (which costs more
   * than executing the large CTE statements of a hot path). Only for statements whose
   * text is always the same; PgBouncer in transaction mode needs max_prepared_statements.
   */
  prepareAs?: string;
}

/** Runs one statement and returns its rows. */
export async function queryRows<T>(db: Queryable, statement: Prisma.Sql, options: QueryOptions = {}): Promise<T[]> {
  const result = await db.query({ name: options.prepareAs, text: statement.text, values: statement.values.map(toParameter), types });
  return result.rows as T[];
}

export interface BatchStatement {
  statement: Prisma.Sql;
  /** The name it is prepared under on each connection; unique among every statement prepared anywhere. */
  prepareAs: string;
}

/** Statement text prepared under each name with SQL `PREPARE`, per connection (the pool reuses client objects; a replaced connection starts empty). */
const preparedByBatch = new WeakMap<pg.ClientBase, Map<string, string>>();

/** node-postgres' own conversion of a value to its text parameter (exported, missing from @types/pg). */
const prepareValue = (pg as unknown as { utils: { prepareValue(value: unknown): unknown } }).utils.prepareValue;

/** `value` as a SQL literal spelling the text the extended protocol would send for it. */
function sqlLiteral(value: unknown): string {
  const text = prepareValue(toParameter(value));
  if (text === null || text === undefined) return "NULL";
  if (Buffer.isBuffer(text)) throw new Error("queryBatch takes no binary values; send them with queryRows.");
  return pg.escapeLiteral(String(text));
}

export interface BatchOptions {
  /** Opens a transaction before the first statement, in the same round trip. */
  begin?: boolean;
  /** Commits after the last statement, in the same round trip (nothing is committed if a statement fails). */
  commit?: boolean;
}

/**
 * Runs several statements in one round trip and returns each one's rows: a round trip
 * to PostgreSQL can cost more CPU (socket writes and wake-ups, notably on virtual
 * machines) than running a hot path's statements, and node-postgres sends one statement
 * per round trip. Each statement is prepared once per connection with SQL `PREPARE`, so it
 * keeps its cached plan, then run with `EXECUTE` and its values as escaped literals, in
 * one simple-protocol query. After a failed statement the rest are skipped; run it
 * through onConnection, which rolls back what a failure left open.
 */
export async function queryBatch(client: pg.PoolClient, statements: BatchStatement[], options: BatchOptions = {}): Promise<Record<string, unknown>[][]> {
  let prepared = preparedByBatch.get(client);
  if (!prepared) preparedByBatch.set(client, (prepared = new Map()));
  for (const { prepareAs, statement } of statements) {
    if (prepared.get(prepareAs) === statement.text) continue;
    // One query each, before any transaction, so the record always matches what the connection holds
    // (PREPARE is not undone when a later statement fails). A name prepared with another text (code
    // reloaded in development) is replaced, never run as it was.
    const name = pg.escapeIdentifier(prepareAs);
    if (prepared.delete(prepareAs)) await client.query(`DEALLOCATE ${name}`);
    await client.query(`PREPARE ${name} AS ${statement.text}`);
    prepared.set(prepareAs, statement.text);
  }
  const executes = statements.map(({ statement, prepareAs }) => {
    const values = statement.values.length > 0 ? `(${statement.values.map(sqlLiteral).join(", ")})` : "";
    return `EXECUTE ${pg.escapeIdentifier(prepareAs)}${values}`;
  });
  const text = [...(options.begin ? ["BEGIN"] : []), ...executes, ...(options.commit ? ["COMMIT"] : [])].join(";\n");
  const results = (await client.query({ text, types })) as unknown as pg.QueryResult | pg.QueryResult[];
  const list = Array.isArray(results) ? results : [results];
  const first = options.begin ? 1 : 0;
  return statements.map((_, index) => list[first + index]!.rows as Record<string, unknown>[]);
}

/**
 * Runs `work` on one connection of the pool, rolling back whatever transaction it left
 * open when it throws (and rethrowing). For work that opens and commits its transaction
 * inside its own batches (queryBatch's `begin` and `commit`).
 */
export async function onConnection<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    return await work(client);
  } catch (error) {
    // Outside a transaction ROLLBACK only warns.
    await client.query("ROLLBACK").catch((rollbackError: Error) => (broken = rollbackError));
    throw error;
  } finally {
    // A connection that could not even roll back is closed rather than handed to the next caller.
    client.release(broken);
  }
}

/** The unique index or constraint a statement violated, if that is what `error` is. */
export function violatedUniqueConstraint(error: unknown): string | undefined {
  if (!(error instanceof pg.DatabaseError) || error.code !== "23505") return undefined;
  return error.constraint ?? "";
}
