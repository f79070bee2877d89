import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, inject } from "vitest";
import { createDatabaseClient, type Database } from "@/lib/db/client";

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

async function withAdmin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject("testPostgresAdminUrl") });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** A fresh, fully migrated database cloned from the run's template. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `test_${randomBytes(6).toString("hex")}`;
  await withAdmin((client) =>
    client.query(`CREATE DATABASE ${name} TEMPLATE ${pg.escapeIdentifier(inject("testTemplateDatabase"))}`),
  );
  const url = new URL(inject("testPostgresAdminUrl"));
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/**
 * A fresh database and Prisma client for one test file: created before its tests,
 * disconnected and dropped after them. Read `db`/`url` inside tests or hooks.
 */
export function setupTestDatabase(): { readonly db: Database; readonly url: string } {
  let database: TestDatabase | undefined;
  let client: Database | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
    client = createDatabaseClient(database.url);
  });
  afterAll(async () => {
    await client?.$disconnect();
    await database?.drop();
  });
  return {
    get db() {
      if (!client) throw new Error("setupTestDatabase(): the database is ready only inside tests and hooks.");
      return client;
    },
    get url() {
      if (!database) throw new Error("setupTestDatabase(): the database is ready only inside tests and hooks.");
      return database.url;
    },
  };
}
