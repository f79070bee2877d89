import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";

export type Database = PrismaClient;

/** A Prisma client over node-postgres for one database URL. */
export function createDatabaseClient(databaseUrl: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
}

const globalForDb = globalThis as unknown as { switchboardDb?: PrismaClient };

/** The process-wide client for DATABASE_URL (kept across hot reloads in development). */
export function getDb(): PrismaClient {
  if (!globalForDb.switchboardDb) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: start Switchboard with `npm start` or set DATABASE_URL.");
    globalForDb.switchboardDb = createDatabaseClient(url);
  }
  return globalForDb.switchboardDb;
}
