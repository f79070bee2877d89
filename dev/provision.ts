import { createDatabaseClient } from "@/lib/db/client";
import { seedDemoWorkspace, type DemoLogin } from "@/lib/seed/demo-workspace";
import { readSeedSettings } from "@/lib/seed/settings";
import { ensureAiProvidersFromEnv } from "./ai-providers-from-env";
import { ensureChannelsFromEnv } from "./channels-from-env";
import { localKeyRing } from "./key-ring";

/**
 * First-run data on one connection: the demo workspace (created once; its logins are
 * returned for the banner), channels declared by environment variables such as
 * API_CHANNEL_SECRET (with their webhook URLs) and AI providers declared by their keys.
 */
export async function provisionWorkspace(databaseUrl: string, appUrl: string): Promise<{ logins: DemoLogin[]; channelLines: string[] }> {
  const settings = readSeedSettings({ ...process.env, DATABASE_URL: databaseUrl });
  const db = createDatabaseClient(databaseUrl);
  try {
    const result = await seedDemoWorkspace(db, settings);
    if (result.created) console.log('Created the demo workspace "Acme Outfitters".');
    const channelLines = await ensureChannelsFromEnv(db, { appUrl });
    const aiProviderLines = await ensureAiProvidersFromEnv(db, { keyRing: () => localKeyRing() });
    return { logins: result.logins, channelLines: [...channelLines, ...aiProviderLines] };
  } finally {
    await db.$disconnect();
  }
}
