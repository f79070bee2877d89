// Seeds the "Acme Outfitters" demo workspace: `tsx prisma/seed.ts` (or `npm run db:seed`).
// Environment: DATABASE_URL (required), SEED_ADMIN_EMAIL, SEED_ADMIN_PASSWORD (at least
// 10 characters), SEED_AGENT_PASSWORD. Running it again changes nothing.
import { createDatabaseClient } from "@/lib/db/client";
import { seedDemoWorkspace } from "@/lib/seed/demo-workspace";
import { readSeedSettings } from "@/lib/seed/settings";

async function main(): Promise<void> {
  const settings = readSeedSettings(process.env);
  const db = createDatabaseClient(settings.databaseUrl);
  try {
    const started = performance.now();
    const result = await seedDemoWorkspace(db, settings);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      result.created
        ? `Created the demo workspace "Acme Outfitters" (acme) in ${seconds} s.`
        : `The demo workspace "Acme Outfitters" (acme) already exists; nothing was changed.`,
    );
    console.log(result.created ? "Sign in with:" : "Demo logins (passwords as configured now; the stored ones were set by the first seed):");
    const width = Math.max(...result.logins.map((login) => login.email.length));
    for (const login of result.logins) {
      console.log(`  ${login.role.padEnd(5)}  ${login.email.padEnd(width)}  ${login.password}  (${login.name})`);
    }
  } finally {
    await db.$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(`Seeding failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
