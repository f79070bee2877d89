/**
 * `npm start` / `npm run dev`: brings up Switchboard on one machine. Each dependency
 * runs embedded unless its environment variables point at an external service; then
 * migrations, the demo seed and Next.js. Ctrl-C or SIGTERM stops everything in reverse.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { z } from "zod";
import { ensureFreshBuild } from "./build";
import { watchWidget } from "./build-widget";
import { migrateDatabase } from "./migrate";
import { assertPortFree } from "./postgres/embedded-postgres";
import { loadOrCreateSecrets } from "./secrets";
import { startServices, type StartedService } from "./services";
import { provisionWorkspace } from "./provision";

const mode = process.argv.includes("--dev") ? "dev" : "production";

const settingsSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  SWITCHBOARD_DATA_DIR: z.string().min(1).default(".data"),
  AUTH_SECRET: z
    .string()
    .min(32, "AUTH_SECRET is too short: use at least 32 random characters (openssl rand -base64 32), or unset it to have one generated.")
    .optional(),
});

function readSettings() {
  const parsed = settingsSchema.safeParse(process.env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const setting = issue.path.join(".");
    throw new Error(issue.message.startsWith(setting) ? issue.message : `${setting}: ${issue.message}`);
  }
  return parsed.data;
}

async function waitForHealthy(url: string, app: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (app.exitCode !== null) throw new Error(`Next.js exited with code ${app.exitCode} before it was healthy.`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`Switchboard did not become healthy within ${timeoutMs / 1000} s (${url}).`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

async function main() {
  const startedAt = performance.now();
  const settings = readSettings();
  const dataDir = path.resolve(settings.SWITCHBOARD_DATA_DIR);
  const secrets = await loadOrCreateSecrets(dataDir);
  const appUrl = `http://${settings.HOST.includes(":") ? `[${settings.HOST}]` : settings.HOST}:${settings.PORT}`;
  await assertPortFree(settings.PORT, settings.HOST, "PORT");

  const services: StartedService[] = [];
  let app: ChildProcess | undefined;
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log("\nStopping Switchboard…");
    if (app) await stopChild(app);
    for (const service of services.reverse()) {
      await service.stop().catch((error: unknown) => console.error(`Stopping ${service.name} failed:`, error));
    }
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));

  try {
    const env: Record<string, string> = {
      AUTH_SECRET: settings.AUTH_SECRET ?? secrets.authSecret,
      AUTH_URL: process.env.AUTH_URL ?? appUrl,
      APP_URL: process.env.APP_URL ?? appUrl,
      ENCRYPTION_KEY: process.env.ENCRYPTION_KEY ?? secrets.encryptionKey,
    };
    services.push(...(await startServices({ dataDir, secrets, appUrl, env })));
    for (const service of services) Object.assign(env, service.env);

    await migrateDatabase(env.DATABASE_URL!);
    const { logins, channelLines } = await provisionWorkspace(env.DATABASE_URL!, appUrl);

    // Offline-first: no telemetry calls home unless the operator opts in.
    const childEnv = { NEXT_TELEMETRY_DISABLED: "1", ...process.env, ...env, PORT: String(settings.PORT), HOSTNAME: settings.HOST };
    if (mode === "production") await ensureFreshBuild(childEnv);
    else await watchWidget();
    const nextBin = path.resolve("node_modules", "next", "dist", "bin", "next");
    app = spawn(process.execPath, [nextBin, mode === "dev" ? "dev" : "start", "-p", String(settings.PORT), "-H", settings.HOST], {
      env: { ...childEnv, NODE_ENV: mode === "dev" ? "development" : "production" },
      // Same process group: a Ctrl-C or a group kill reaches Next.js too, so it never outlives us.
      stdio: ["ignore", "inherit", "inherit"],
    });
    app.once("exit", (code, signal) => {
      if (stopping) return;
      // A clean exit or a signal is Ctrl-C reaching the whole group; anything else is a crash.
      const crashed = code !== 0 && signal === null;
      if (crashed) console.error(`Next.js exited unexpectedly (code ${code}).`);
      void shutdown(crashed ? 1 : 0);
    });
    await waitForHealthy(`${appUrl}/api/health`, app, mode === "dev" ? 180_000 : 120_000);

    const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
    console.log(`\n  Switchboard is ready at ${appUrl}  (${mode}, healthy after ${seconds} s)\n`);
    for (const service of services) if (service.summary) console.log(`  ${service.summary}`);
    for (const line of channelLines) console.log(`  ${line}`);
    if (logins.length) {
      console.log("\n  Demo logins (unless changed since):");
      for (const login of logins) console.log(`    ${login.role.padEnd(5)}  ${login.email.padEnd(24)}  ${login.password}`);
    }
    console.log("\n  Press Ctrl-C to stop.\n");
  } catch (error) {
    console.error(`\nSwitchboard could not start: ${error instanceof Error ? error.message : String(error)}`);
    await shutdown(1);
  }
}

main().catch((error: unknown) => {
  console.error(`Switchboard could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
