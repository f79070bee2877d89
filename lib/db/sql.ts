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

/**
 * Runs `work` in a transaction on one connection of the pool: committed when it
 * resolves, rolled back when it throws (and the error rethrown).
 */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
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
