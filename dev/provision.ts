import { createDatabaseClient } from "@/lib/db/client";
import { seedDemoWorkspace, type DemoLogin } from "@/lib/seed/demo-workspace";
import { readSeedSettings } from "@/lib/seed/settings";
import { ensureChannelsFromEnv } from "./channels-from-env";

/**
 * First-run data on one connection: the demo workspace (created once; its logins are
 * returned for the banner) and channels declared by environment variables such as
 * API_CHANNEL_SECRET (with their webhook URLs).
 */
export async function provisionWorkspace(databaseUrl: string, appUrl: string): Promise<{ logins: DemoLogin[]; channelLines: string[] }> {
  const settings = readSeedSettings({ ...process.env, DATABASE_URL: databaseUrl });
  const db = createDatabaseClient(databaseUrl);
  try {
    const result = await seedDemoWorkspace(db, settings);
    if (result.created) console.log('Created the demo workspace "Acme Outfitters".');
    return { logins: result.logins, channelLines: await ensureChannelsFromEnv(db, { appUrl }) };
  } finally {
    await db.$disconnect();
  }
}
