/**
 * `npm run keys:rotate`: re-encrypts every stored secret (AI provider keys, channel
 * credentials) with the current key. Set the new key as ENCRYPTION_KEY with a higher
 * ENCRYPTION_KEY_VERSION and list the old one in ENCRYPTION_PREVIOUS_KEYS, run this,
 * then keep the new settings (the old key can go once this reports no failures).
 *
 * The database is DATABASE_URL, else the embedded one in the data folder: reached where
 * `npm start` serves it, or started for the run and stopped afterwards.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { rotateEncryptedSecrets, type RotationCounts } from "@/lib/crypto/rotate";
import { createDatabaseClient } from "@/lib/db/client";
import { localKeyRing } from "./key-ring";
import { startEmbeddedPostgres, type RunningPostgres } from "./postgres/embedded-postgres";
import { loadOrCreateSecrets } from "./secrets";

const EMBEDDED_DATABASE = "switchboard";

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** The database to rotate, and how to let go of it afterwards. */
async function openDatabase(): Promise<{ url: string; where: string; server?: RunningPostgres }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, where: "DATABASE_URL" };
  const dataDir = path.resolve(process.env.SWITCHBOARD_DATA_DIR || ".data");
  const clusterDir = path.join(dataDir, "postgres");
  if (!existsSync(path.join(clusterDir, "PG_VERSION"))) {
    throw new Error(`No database to rotate: DATABASE_URL is not set and ${clusterDir} holds no embedded PostgreSQL (run npm start once, or set DATABASE_URL).`);
  }
  const secrets = await loadOrCreateSecrets(dataDir);
  const port = Number(process.env.EMBEDDED_POSTGRES_PORT ?? 54329);
  const runningUrl = `postgresql://postgres:${encodeURIComponent(secrets.postgresPassword)}@127.0.0.1:${port}/${EMBEDDED_DATABASE}`;
  if (await canConnect(runningUrl)) return { url: runningUrl, where: `the running embedded PostgreSQL (127.0.0.1:${port})` };
  const server = await startEmbeddedPostgres({ dataDir: clusterDir, port, password: secrets.postgresPassword });
  return { url: server.urlFor(EMBEDDED_DATABASE), where: `the embedded PostgreSQL in ${clusterDir}`, server };
}

function describeCounts(table: string, counts: RotationCounts): string[] {
  const lines = [
    `  ${table}: ${counts.rotated} re-encrypted, ${counts.alreadyCurrent} already current, ${counts.skipped} changed meanwhile, ${counts.failed} failed (of ${counts.scanned})`,
  ];
  for (const failure of counts.failures) lines.push(`    ${failure.id}: ${failure.error}`);
  return lines;
}

async function main() {
  const ring = await localKeyRing();
  const database = await openDatabase();
  const db = createDatabaseClient(database.url);
  try {
    console.log(`Rotating stored secrets to key version ${ring.currentVersion} in ${database.where}…`);
    const report = await rotateEncryptedSecrets(db, ring);
    for (const line of [...describeCounts("ai_providers.encrypted_api_key", report.aiProviders), ...describeCounts("channels.credentials", report.channels)]) console.log(line);
    const failed = report.aiProviders.failed + report.channels.failed;
    if (failed > 0) {
      console.error(`\n${failed} secret(s) could not be read: add the key they were encrypted with to ENCRYPTION_PREVIOUS_KEYS and run again.`);
      process.exitCode = 1;
    } else {
      console.log("\nEvery stored secret is under the current key; older keys are no longer needed.");
    }
  } finally {
    await db.$disconnect();
    await database.server?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`Key rotation failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
