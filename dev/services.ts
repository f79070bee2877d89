import path from "node:path";
import pg from "pg";
import { startMailCapture } from "./mail/capture-server";
import { assertPortFree, ensureDatabase, startEmbeddedPostgres } from "./postgres/embedded-postgres";
import { startRealtimeServer } from "./realtime/server";
import { startWorkflowExecutor } from "./workflows/executor";
import type { LocalSecrets } from "./secrets";

export interface ServiceContext {
  dataDir: string;
  secrets: LocalSecrets;
  appUrl: string;
  /** Environment gathered so far (services started earlier add to it). */
  env: Record<string, string>;
}

export interface StartedService {
  name: string;
  /** Variables the app needs to reach this service. */
  env: Record<string, string>;
  /** One line for the start-up banner. */
  summary?: string;
  stop(): Promise<void>;
}

type ServiceStarter = (context: ServiceContext) => Promise<StartedService>;

function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
  } catch {
    return "(unparsable URL)";
  }
}

const database: ServiceStarter = async ({ dataDir, secrets }): Promise<StartedService> => {
  const external = process.env.DATABASE_URL;
  if (external) {
    const client = new pg.Client({ connectionString: external, connectionTimeoutMillis: 5_000 });
    try {
      await client.connect();
      const { rows } = await client.query<{ server_version_num: string }>("SHOW server_version_num");
      if (Number(rows[0]?.server_version_num) < 150000) throw new Error("PostgreSQL 15 or later is required");
    } catch (error) {
      throw new Error(
        `Cannot use DATABASE_URL (${describeUrl(external)}): ${error instanceof Error ? error.message : String(error)}. ` +
          "Check the host, port, credentials and that the database exists, or unset DATABASE_URL to use the embedded PostgreSQL.",
      );
    } finally {
      await client.end().catch(() => {});
    }
    return { name: "database", env: { DATABASE_URL: external }, summary: `PostgreSQL: external (${describeUrl(external)})`, stop: async () => {} };
  }

  const port = Number(process.env.EMBEDDED_POSTGRES_PORT ?? 54329);
  const server = await startEmbeddedPostgres({
    dataDir: path.join(dataDir, "postgres"),
    port,
    password: secrets.postgresPassword,
    log: (line) => {
      // Connections ended by a clean shutdown are expected, not worth alarming anyone.
      if (/FATAL|PANIC|ERROR/.test(line) && !line.includes("terminating connection due to administrator command")) console.error(`[postgres] ${line}`);
    },
  });
  const url = server.urlFor("switchboard");
  try {
    await ensureDatabase(url);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    name: "database",
    env: { DATABASE_URL: url, SWITCHBOARD_EMBEDDED_POSTGRES: "1" },
    summary: `PostgreSQL: embedded, 127.0.0.1:${port}, data in ${path.relative(process.cwd(), path.join(dataDir, "postgres"))}`,
    stop: () => server.stop(),
  };
};

function portSetting(name: string, fallback: number): number {
  const raw = process.env[name];
  const port = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${name} must be a port number between 1 and 65535 (got "${raw}").`);
  return port;
}

/** A dependency served elsewhere: nothing to start or stop, one line for the banner. */
function hostedService(name: string, where: string): StartedService {
  return { name, env: {}, summary: `${name}: ${where}`, stop: async () => {} };
}

const realtime: ServiceStarter = async ({ secrets }) => {
  if (process.env.PUSHER_APP_ID || process.env.PUSHER_KEY || process.env.PUSHER_SECRET) {
    return hostedService("Realtime", `hosted (${process.env.PUSHER_HOST ?? `Pusher Channels, cluster ${process.env.PUSHER_CLUSTER ?? "mt1"}`})`);
  }
  const port = portSetting("REALTIME_PORT", 6001);
  await assertPortFree(port, "127.0.0.1", "REALTIME_PORT");
  const server = await startRealtimeServer({ ...secrets.realtime, host: "127.0.0.1", port });
  return {
    name: "realtime",
    env: {
      PUSHER_APP_ID: secrets.realtime.appId,
      PUSHER_KEY: secrets.realtime.key,
      PUSHER_SECRET: secrets.realtime.secret,
      PUSHER_HOST: "127.0.0.1",
      PUSHER_PORT: String(port),
      PUSHER_USE_TLS: "false",
      SWITCHBOARD_EMBEDDED_REALTIME: "1",
    },
    summary: `Realtime: embedded Pusher-protocol server, ws://127.0.0.1:${port}`,
    stop: () => server.close(),
  };
};

const workflows: ServiceStarter = async ({ appUrl, env }) => {
  if (process.env.INNGEST_DEV || process.env.INNGEST_BASE_URL || process.env.INNGEST_EVENT_KEY || process.env.INNGEST_SIGNING_KEY) {
    return hostedService("Workflows", `hosted (${process.env.INNGEST_BASE_URL ?? process.env.INNGEST_DEV ?? "Inngest Cloud"})`);
  }
  const port = portSetting("WORKFLOWS_PORT", 8288);
  await assertPortFree(port, "127.0.0.1", "WORKFLOWS_PORT");
  const executor = await startWorkflowExecutor({
    databaseUrl: env.DATABASE_URL!,
    host: "127.0.0.1",
    port,
    appUrls: [`${appUrl}/api/inngest`],
    log: (line) => console.log(`[workflows] ${line}`),
  });
  return {
    name: "workflows",
    env: { INNGEST_DEV: executor.url, INNGEST_SERVE_ORIGIN: appUrl, SWITCHBOARD_EMBEDDED_WORKFLOWS: "1" },
    summary: `Workflows: embedded Inngest-protocol executor, ${executor.url}`,
    stop: () => executor.close(),
  };
};

const mail: ServiceStarter = async ({ env }) => {
  if (process.env.RESEND_API_KEY) return hostedService("Mail", "Resend");
  const port = portSetting("MAIL_CAPTURE_PORT", 8025);
  await assertPortFree(port, "127.0.0.1", "MAIL_CAPTURE_PORT");
  const capture = await startMailCapture({ databaseUrl: env.DATABASE_URL!, host: "127.0.0.1", port });
  return {
    name: "mail",
    env: { RESEND_BASE_URL: capture.url },
    summary: `Mail: captured locally, see Settings → Mailbox (${capture.url})`,
    stop: () => capture.close(),
  };
};

const starters: ServiceStarter[] = [database, realtime, workflows, mail];

/** Starts each dependency in order; if one fails, those already started are stopped. */
export async function startServices(context: ServiceContext): Promise<StartedService[]> {
  const started: StartedService[] = [];
  try {
    for (const start of starters) {
      const service = await start(context);
      started.push(service);
      Object.assign(context.env, service.env);
    }
    return started;
  } catch (error) {
    for (const service of started.reverse()) await service.stop().catch(() => {});
    throw error;
  }
}
