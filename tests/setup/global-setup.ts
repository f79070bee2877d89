import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import path from "node:path";
import type { TestProject } from "vitest/node";
import pg from "pg";
import { startEmbeddedPostgres, type RunningPostgres } from "@/dev/postgres/embedded-postgres";
import { freePort } from "@/tests/helpers/ports";
import { migrateDatabase } from "@/dev/migrate";

export const TEMPLATE_DATABASE = "switchboard_template";

declare module "vitest" {
  export interface ProvidedContext {
    testPostgresAdminUrl: string;
    testTemplateDatabase: string;
  }
}

/**
 * One PostgreSQL server per test run (embedded, or the server named by
 * TEST_DATABASE_URL), with the migrations applied once to a template database that
 * every test file clones.
 */
export default async function setup(project: TestProject) {
  let server: RunningPostgres | undefined;
  let adminUrl = process.env.TEST_DATABASE_URL;
  const dataDir = path.resolve(".test-data", `pg-${process.pid}`);
  if (!adminUrl) {
    await rm(dataDir, { recursive: true, force: true });
    server = await startEmbeddedPostgres({
      dataDir,
      port: await freePort(),
      password: randomBytes(12).toString("hex"),
      unsafeNoSync: true,
    });
    adminUrl = server.urlFor("postgres");
  }

  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${TEMPLATE_DATABASE}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  await admin.end();
  await migrateDatabase(templateUrl.toString());

  project.provide("testPostgresAdminUrl", adminUrl);
  project.provide("testTemplateDatabase", TEMPLATE_DATABASE);

  return async () => {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
