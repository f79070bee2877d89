import { createDatabaseClient, type Database } from "@/lib/db/client";
import { seedDemoWorkspace } from "@/lib/seed/demo-workspace";
import { readSeedSettings } from "@/lib/seed/settings";
import { ensureChannelsFromEnv } from "./channels-from-env";

async function withDatabase<T>(databaseUrl: string, work: (db: Database) => Promise<T>): Promise<T> {
  const db = createDatabaseClient(databaseUrl);
  try {
    return await work(db);
  } finally {
    await db.$disconnect();
  }
}

/** Creates the demo workspace the first time and returns its logins for the banner. */
export function seedOnFirstRun(databaseUrl: string) {
  const settings = readSeedSettings({ ...process.env, DATABASE_URL: databaseUrl });
  return withDatabase(databaseUrl, async (db) => {
    const result = await seedDemoWorkspace(db, settings);
    if (result.created) console.log('Created the demo workspace "Acme Outfitters".');
    return result.logins;
  });
}

/** Channels declared by environment variables (e.g. API_CHANNEL_SECRET), with their webhook URLs. */
export function ensureEnvChannels(databaseUrl: string, appUrl: string): Promise<string[]> {
  return withDatabase(databaseUrl, (db) => ensureChannelsFromEnv(db, { appUrl }));
}
