import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/client";

export type Database = PrismaClient;

const globalForDb = globalThis as unknown as { switchboardDb?: PrismaClient; switchboardPools?: WeakMap<PrismaClient, pg.Pool> };

/** The node-postgres pool under each client from createDatabaseClient (kept across hot reloads, like the client). */
const pools = (globalForDb.switchboardPools ??= new WeakMap());

/** A Prisma client over node-postgres for one database URL. */
export function createDatabaseClient(databaseUrl: string): PrismaClient {
  const pool = new pg.Pool({ connectionString: databaseUrl });
  // Prisma listens for idle-connection errors only once it has connected; a hot path may use the pool before that.
  pool.on("error", (error) => console.error(`PostgreSQL connection error: ${error.message}`));
  const client = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  pools.set(client, pool);
  return client;
}

/**
 * The connection pool under `db`, for hot paths that send their SQL without Prisma
 * (lib/db/sql.ts). It is Prisma's own pool, so both share its connections, and it ends
 * with `db.$disconnect()`.
 */
export function sqlPool(db: PrismaClient): pg.Pool {
  const pool = pools.get(db);
  if (!pool) throw new Error("This Prisma client was not made by createDatabaseClient, so it has no pool for raw SQL: create it with createDatabaseClient.");
  return pool;
}

/** The process-wide client for DATABASE_URL (kept across hot reloads in development). */
export function getDb(): PrismaClient {
  if (!globalForDb.switchboardDb) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: start Switchboard with `npm start` or set DATABASE_URL.");
    globalForDb.switchboardDb = createDatabaseClient(url);
  }
  return globalForDb.switchboardDb;
}
