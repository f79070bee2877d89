import { createDatabaseClient } from "@/lib/db/client";
import { seedDemoWorkspace } from "@/lib/seed/demo-workspace";
import { readSeedSettings } from "@/lib/seed/settings";

/** Creates the demo workspace the first time and returns its logins for the banner. */
export async function seedOnFirstRun(databaseUrl: string) {
  const settings = readSeedSettings({ ...process.env, DATABASE_URL: databaseUrl });
  const db = createDatabaseClient(databaseUrl);
  try {
    const result = await seedDemoWorkspace(db, settings);
    if (result.created) console.log('Created the demo workspace "Acme Outfitters".');
    return result.logins;
  } finally {
    await db.$disconnect();
  }
}
