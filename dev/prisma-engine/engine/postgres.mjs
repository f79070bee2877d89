// PostgreSQL side of the offline schema engine: connection settings from a
// Prisma datasource URL, the error codes the Prisma CLI expects, database
// create/drop/probe, and the driver-adapter factory the WASM engine runs on.
import { randomUUID } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import { ColumnTypeEnum } from "@prisma/driver-adapter-utils";
import pg from "pg";

/** An error carrying the Prisma error code (P1001 …) the CLI shows to the user. */
export class DatabaseError extends Error {
  /**
   * @param {string} code
   * @param {string} message
   */
  constructor(code, message) {
    super(message);
    this.name = "DatabaseError";
    this.code = code;
  }
}

/**
 * @typedef {object} PostgresTarget
 * @property {import("pg").ClientConfig} clientConfig discrete connection fields for `pg`
 * @property {string} schema the Prisma `?schema=` (default "public")
 * @property {string} database
 * @property {string} location "host:port" as shown in error messages
 */

const SSL_MODES = new Set(["disable", "allow", "prefer", "require", "verify-ca", "verify-full"]);

/**
 * Parses a Prisma PostgreSQL URL into discrete `pg` fields. Discrete fields
 * (not `connectionString`) so a copy with another `database` really connects
 * there, and `?schema=` becomes the session's search_path.
 * @param {unknown} url
 * @param {string} setting where the URL came from, for error messages
 * @returns {PostgresTarget}
 */
export function parsePostgresUrl(url, setting) {
  if (typeof url !== "string" || url.trim() === "") {
    throw new DatabaseError("P1013", `${setting} is empty: set it to a postgresql:// URL.`);
  }
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    throw new DatabaseError("P1013", `${setting} is not a valid URL: expected postgresql://user:password@host:port/database.`);
  }
  if (parsed.protocol !== "postgresql:" && parsed.protocol !== "postgres:") {
    throw new DatabaseError(
      "P1013",
      `${setting} uses "${parsed.protocol.replace(/:$/, "")}": the offline schema engine only supports PostgreSQL (postgresql://…).`,
    );
  }
  const params = parsed.searchParams;
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, "")) || "postgres";
  const host = params.get("host") ?? (decodeURIComponent(parsed.hostname.replace(/^\[|\]$/g, "")) || "localhost");
  const port = parsed.port ? Number(parsed.port) : Number(params.get("port") ?? 5432);
  const schema = params.get("schema") ?? "public";

  /** @type {import("pg").ClientConfig} */
  const clientConfig = {
    host,
    port,
    database,
    user: decodeURIComponent(parsed.username) || undefined,
    password: decodeURIComponent(parsed.password) || undefined,
    // Backslash-escape characters the server's option parser would split on.
    options: `-c search_path=${schema.replace(/[\\\s]/g, (c) => `\\${c}`)}`,
    application_name: params.get("application_name") ?? "switchboard-schema-engine",
  };

  const connectTimeout = params.get("connect_timeout");
  if (connectTimeout !== null) {
    const seconds = Number(connectTimeout);
    if (!Number.isFinite(seconds) || seconds < 0) {
      throw new DatabaseError("P1013", `${setting}: connect_timeout must be a number of seconds, got "${connectTimeout}".`);
    }
    if (seconds > 0) clientConfig.connectionTimeoutMillis = seconds * 1000;
  }

  const sslMode = params.get("sslmode");
  if (sslMode !== null) {
    if (!SSL_MODES.has(sslMode)) {
      throw new DatabaseError("P1013", `${setting}: sslmode must be one of ${[...SSL_MODES].join(", ")}, got "${sslMode}".`);
    }
    if (sslMode === "require") clientConfig.ssl = { rejectUnauthorized: false };
    if (sslMode === "verify-ca" || sslMode === "verify-full") clientConfig.ssl = { rejectUnauthorized: true };
  }

  return { clientConfig, schema, database, location: `${host}:${port}` };
}

const UNREACHABLE_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "ETIMEDOUT", "EAI_AGAIN", "ECONNRESET", "ENOENT"]);

/**
 * Turns a `pg` error into the Prisma error code and wording of the native engine.
 * @param {unknown} error
 * @param {PostgresTarget} target
 * @returns {DatabaseError}
 */
export function classifyPostgresError(error, target) {
  if (error instanceof DatabaseError) return error;
  const { code, message } = /** @type {{ code?: string, message?: string }} */ (error ?? {});
  const user = target.clientConfig.user ?? "(default user)";
  if ((code && UNREACHABLE_CODES.has(code)) || /timeout expired|Connection terminated/i.test(message ?? "")) {
    return new DatabaseError(
      "P1001",
      `Can't reach database server at \`${target.location}\`\n\nPlease make sure your database server is running at \`${target.location}\`.`,
    );
  }
  if (code === "3D000") {
    return new DatabaseError("P1003", `Database \`${target.database}\` does not exist on the database server at \`${target.location}\`.`);
  }
  if (code === "28P01" || code === "28000") {
    return new DatabaseError(
      "P1000",
      `Authentication failed against database server at \`${target.location}\`, the provided database credentials for \`${user}\` are not valid.\n\nPlease make sure to provide valid database credentials for the database server at \`${target.location}\`.`,
    );
  }
  if (code === "42501") {
    return new DatabaseError("P1010", `User \`${user}\` was denied access on the database \`${target.database}\``);
  }
  if (code === "42P04") {
    return new DatabaseError("P1009", `Database \`${target.database}\` already exists on the database server at \`${target.location}\``);
  }
  return new DatabaseError("P1000", message ?? String(error));
}

/**
 * Runs `work` on a short-lived client, mapping failures to Prisma codes.
 * @template T
 * @param {PostgresTarget} target
 * @param {(client: import("pg").Client) => Promise<T>} work
 * @param {PostgresTarget} reportAs the database named in error messages
 * @returns {Promise<T>}
 */
async function withClient(target, work, reportAs = target) {
  const client = new pg.Client(target.clientConfig);
  // A dropped connection must reject the pending query, not crash the process.
  client.on("error", () => {});
  try {
    await client.connect();
    return await work(client);
  } catch (error) {
    throw classifyPostgresError(error, reportAs);
  } finally {
    await client.end().catch(() => {});
  }
}

/** @param {string} identifier */
function quoteIdentifier(identifier) {
  return `"${identifier.replace(/"/g, '""')}"`;
}

/**
 * The server-level statements below cannot run inside the target database
 * itself when it is missing (create) or being dropped: use the maintenance one.
 * @param {PostgresTarget} target
 * @returns {PostgresTarget}
 */
function maintenanceTarget(target) {
  const database = target.database === "postgres" ? "template1" : "postgres";
  return { ...target, database, clientConfig: { ...target.clientConfig, database } };
}

/** @param {PostgresTarget} target */
export function checkConnection(target) {
  return withClient(target, (client) => client.query("SELECT 1"));
}

/** @param {PostgresTarget} target */
export async function createDatabase(target) {
  await withClient(maintenanceTarget(target), (client) => client.query(`CREATE DATABASE ${quoteIdentifier(target.database)}`), target);
  return target.database;
}

/**
 * Drops a database even while connections linger (`WITH (FORCE)`, PostgreSQL
 * 13+), falling back to a plain DROP on older servers.
 * @param {PostgresTarget} target
 * @param {string} database
 */
export async function dropDatabase(target, database) {
  const server = maintenanceTarget(target);
  await withClient(server, async (client) => {
    try {
      await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(database)} WITH (FORCE)`);
    } catch (error) {
      if (/** @type {{ code?: string }} */ (error).code !== "42601") throw error;
      await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(database)}`);
    }
  }, { ...server, database });
}

const CHAR_OID = 18;
const TEXT_OID = 25;

/**
 * Adjusts one adapter (or transaction) from `@prisma/adapter-pg` to what the
 * schema engine needs:
 * - pg_catalog `"char"` columns (OID 18), which the engine reads while
 *   describing a schema, reach it as Character values instead of being refused;
 * - scripts run as one simple-protocol query, like the native engine, instead
 *   of being split on every `;` (which breaks `$$ … $$` function bodies).
 * @template {object} Q
 * @param {Q} queryable
 * @returns {Q}
 */
function adaptQueryable(queryable) {
  const q = /** @type {any} */ (queryable);
  const performIO = q.performIO.bind(q);
  const queryRaw = q.queryRaw;
  q.queryRaw = async (/** @type {unknown} */ query) => {
    /** @type {number[]} */
    let charColumns = [];
    // queryRaw reads `this.performIO`; a per-call view keeps concurrent calls apart.
    const view = Object.create(q, {
      performIO: {
        value: async (/** @type {unknown} */ io) => {
          const result = await performIO(io);
          charColumns = result.fields.flatMap((/** @type {{dataTypeID: number}} */ field, /** @type {number} */ index) =>
            field.dataTypeID === CHAR_OID ? [index] : [],
          );
          for (const index of charColumns) result.fields[index] = { ...result.fields[index], dataTypeID: TEXT_OID };
          return result;
        },
      },
    });
    const result = await queryRaw.call(view, query);
    for (const index of charColumns) result.columnTypes[index] = ColumnTypeEnum.Character;
    return result;
  };
  q.executeScript = async (/** @type {string} */ script) => {
    try {
      await q.client.query(script);
    } catch (error) {
      q.onError(error);
    }
  };
  if (typeof q.startTransaction === "function") {
    const startTransaction = q.startTransaction.bind(q);
    q.startTransaction = async (/** @type {unknown[]} */ ...args) => adaptQueryable(await startTransaction(...args));
  }
  return queryable;
}

/**
 * Driver-adapter factory for the WASM schema engine: the main database, and a
 * shadow database for `migrate dev` / `migrate diff --from-migrations`.
 * Without a configured shadow URL it creates a throwaway database and drops it
 * itself once the engine releases it (after closing its own pool, so the drop
 * does not race open connections).
 */
export class PostgresAdapterFactory {
  provider = "postgres";
  adapterName = "@prisma/adapter-pg";

  /**
   * @param {PostgresTarget} target
   * @param {PostgresTarget | undefined} shadowTarget from `shadowDatabaseUrl`, if set
   */
  constructor(target, shadowTarget) {
    this.target = target;
    this.shadowTarget = shadowTarget;
  }

  /** @param {PostgresTarget} target */
  async #open(target) {
    const adapter = await new PrismaPg(target.clientConfig, { schema: target.schema }).connect();
    return adaptQueryable(adapter);
  }

  connect() {
    return this.#open(this.target);
  }

  async connectToShadowDb() {
    if (this.shadowTarget) return this.#openConfiguredShadow(this.shadowTarget);
    const database = `prisma_migrate_shadow_db_${randomUUID()}`;
    await withClient(this.target, (client) => client.query(`CREATE DATABASE ${quoteIdentifier(database)}`));
    const shadow = { ...this.target, database, clientConfig: { ...this.target.clientConfig, database } };
    const adapter = await this.#open(shadow);
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      await dropDatabase(this.target, database);
    };
    return adapter;
  }

  /**
   * A configured shadow database is emptied before use, as the native engine
   * does, and refused when it is the main database.
   * @param {PostgresTarget} shadow
   */
  async #openConfiguredShadow(shadow) {
    const main = this.target.clientConfig;
    if (shadow.clientConfig.host === main.host && shadow.clientConfig.port === main.port && shadow.database === this.target.database) {
      throw new DatabaseError(
        "P3014",
        "The shadow database you configured appears to be the same as the main database. Set datasource.shadowDatabaseUrl to another database.",
      );
    }
    await withClient(shadow, (client) =>
      client.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(shadow.schema)} CASCADE; CREATE SCHEMA ${quoteIdentifier(shadow.schema)}`),
    );
    return this.#open(shadow);
  }
}
