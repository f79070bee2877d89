import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";
import { offlineSchemaEnginePath, runPrisma } from "./run-prisma.mjs";

// The Prisma CLI end to end on the offline engine (forced, even where a native
// engine is installed), in a temporary project with its own schema.

const SCHEMA = `datasource db {
  provider = "postgresql"
}

model Customer {
  id    Int    @id @default(autoincrement())
  email String @unique
  kind  Kind   @default(PERSON)
}

enum Kind {
  PERSON
  COMPANY
}
`;

const TICKET_MODEL = `
model Ticket {
  id         Int    @id @default(autoincrement())
  subject    String
  customerId Int
}
`;

// Semicolons inside a function body: the script must reach the server whole.
const FUNCTION_MIGRATION = `CREATE FUNCTION "lowercase_email"() RETURNS trigger AS $$
BEGIN
  NEW."email" := lower(NEW."email");
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
`;

// No imports, so the CLI can load it from a folder outside the repository.
const CONFIG = `export default {
  schema: "schema.prisma",
  migrations: { path: "migrations" },
  datasource: { url: process.env.DATABASE_URL },
};
`;

let project: string;
let server: TestDatabase;
/** Created by `migrate dev` itself (the engine's create-database). */
let devUrl: string;
/** Receives migrations through `migrate deploy` only. */
let deployUrl: string;

function prisma(args: string[], databaseUrl: string, env: Record<string, string> = {}) {
  return runPrisma([...args, "--config", "prisma.config.mjs"], {
    DATABASE_URL: databaseUrl,
    PRISMA_SCHEMA_ENGINE_BINARY: offlineSchemaEnginePath,
    CHECKPOINT_DISABLE: "1",
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    ...env,
  }, { cwd: project });
}

async function query<Row>(databaseUrl: string, sql: string): Promise<Row[]> {
  const client = new pg.Client({ connectionString: databaseUrl.replace(/\?.*$/, "") });
  await client.connect();
  try {
    return (await client.query(sql)).rows as Row[];
  } finally {
    await client.end();
  }
}

async function tablesIn(databaseUrl: string, schema = "public"): Promise<string[]> {
  const rows = await query<{ table_name: string }>(
    databaseUrl,
    `SELECT table_name FROM information_schema.tables WHERE table_schema = '${schema}' ORDER BY table_name`,
  );
  return rows.map((row) => row.table_name);
}

function withDatabase(url: string, database: string): string {
  const copy = new URL(url);
  copy.pathname = `/${database}`;
  return copy.toString();
}

beforeAll(async () => {
  server = await createTestDatabase();
  devUrl = withDatabase(server.url, `${server.name}_dev`);
  // A schema of its own inside the cloned test database: also covers `?schema=`.
  deployUrl = `${server.url}?schema=engine_deploy`;
  project = await mkdtemp(path.join(tmpdir(), "prisma-engine-test-"));
  await writeFile(path.join(project, "schema.prisma"), SCHEMA);
  await writeFile(path.join(project, "prisma.config.mjs"), CONFIG);
});

afterAll(async () => {
  await query(server.url, `DROP DATABASE IF EXISTS "${server.name}_dev" WITH (FORCE)`);
  await server.drop();
  await rm(project, { recursive: true, force: true });
});

describe("Prisma CLI on the offline schema engine", () => {
  it("migrate dev creates the database and the first migration, non-interactively", async () => {
    const result = await prisma(["migrate", "dev", "--name", "init"], devUrl);

    expect(result.stderr + result.stdout).not.toMatch(/Error/);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`PostgreSQL database ${server.name}_dev created`);
    const [migration] = await readdir(path.join(project, "migrations"));
    expect(migration).toMatch(/^\d{14}_init$/);
    const sql = await readFile(path.join(project, "migrations", migration!, "migration.sql"), "utf8");
    expect(sql).toContain('CREATE TABLE "Customer"');
    expect(sql).toContain(`CREATE TYPE "Kind" AS ENUM ('PERSON', 'COMPANY')`);
    expect(await tablesIn(devUrl)).toEqual(["Customer", "_prisma_migrations"]);
    // The engine's throwaway shadow database is gone again.
    const shadows = await query(devUrl, "SELECT datname FROM pg_database WHERE datname LIKE 'prisma_migrate_shadow_db_%'");
    expect(shadows).toEqual([]);
  });

  it("migrate deploy applies the migrations, a hand-written function included", async () => {
    const folder = path.join(project, "migrations", "99990101000000_lowercase_email");
    await mkdir(folder);
    await writeFile(path.join(folder, "migration.sql"), FUNCTION_MIGRATION);

    const result = await prisma(["migrate", "deploy"], deployUrl);

    expect(result.stderr).not.toMatch(/Error/);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("All migrations have been successfully applied.");
    expect(await tablesIn(deployUrl, "engine_deploy")).toEqual(["Customer", "_prisma_migrations"]);
    const functions = await query<{ proname: string }>(deployUrl, "SELECT proname FROM pg_proc WHERE proname = 'lowercase_email'");
    expect(functions).toHaveLength(1);
  });

  it("migrate diff from the migrations (through a shadow database) shows a schema change as SQL", async () => {
    await writeFile(path.join(project, "schema.prisma"), SCHEMA + TICKET_MODEL);

    const result = await prisma(
      ["migrate", "diff", "--from-migrations", "migrations", "--to-schema", "schema.prisma", "--script"],
      deployUrl,
    );

    expect(result.stderr).not.toMatch(/Error/);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('CREATE TABLE "Ticket"');
    expect(result.stdout).not.toContain('CREATE TABLE "Customer"');
  });

  it("db push brings the database to the changed schema", async () => {
    const result = await prisma(["db", "push"], deployUrl);

    expect(result.stderr).not.toMatch(/Error/);
    expect(result.code).toBe(0);
    expect(await tablesIn(deployUrl, "engine_deploy")).toEqual(["Customer", "Ticket", "_prisma_migrations"]);
  });

  it("migrate status lists the migrations a database has not applied", async () => {
    // The hand-written migration went to the deploy database only.
    const result = await prisma(["migrate", "status"], devUrl);

    expect(result.code).not.toBe(0);
    expect(result.stdout).toContain("Following migration have not yet been applied:\n99990101000000_lowercase_email");
  });

  it("migrate dev on a database that is behind applies what is pending, then creates the next migration", async () => {
    const result = await prisma(["migrate", "dev", "--name", "ticket"], devUrl);

    expect(result.stderr + result.stdout).not.toMatch(/Error/);
    expect(result.code).toBe(0);
    const created = (await readdir(path.join(project, "migrations"))).find((name) => name.endsWith("_ticket"));
    expect(created).toBeDefined();
    expect(await readFile(path.join(project, "migrations", created!, "migration.sql"), "utf8")).toContain('CREATE TABLE "Ticket"');
    expect(await tablesIn(devUrl)).toEqual(["Customer", "Ticket", "_prisma_migrations"]);
  });

  it("fails with the reason and a non-zero exit code when the engine cannot do its job", async () => {
    const [unreachable, crashed] = await Promise.all([
      prisma(["migrate", "deploy"], "postgresql://postgres:postgres@127.0.0.1:1/nowhere"),
      // The CLI's own switch that makes the engine panic on its first request.
      prisma(["migrate", "deploy"], deployUrl, { FORCE_PANIC_SCHEMA_ENGINE: "1" }),
    ]);

    expect(unreachable.code).not.toBe(0);
    expect(unreachable.stderr).toContain("P1001: Can't reach database server at `127.0.0.1:1`");
    expect(crashed.code).not.toBe(0);
    expect(crashed.stderr).toContain("The schema engine crashed");
  });
});
