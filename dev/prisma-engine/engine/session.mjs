// One schema-engine process = one session: the WASM SchemaEngine over a
// PostgreSQL driver adapter, created on the first request, answering the
// JSON-RPC methods the Prisma CLI calls.
import { readFile } from "node:fs/promises";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { DatabaseError, PostgresAdapterFactory, checkConnection, createDatabase, parsePostgresUrl } from "./postgres.mjs";
import { isPanic, lastPanicMessage, loadSchemaEngineWasm } from "./wasm.mjs";

/**
 * @typedef {object} Datasource the CLI's `--datasource` JSON
 * @property {string} url
 * @property {string} [shadowDatabaseUrl]
 */

/** An error to report to the CLI as is (already worded for the user). */
export class EngineError extends Error {
  /**
   * @param {string} message
   * @param {string} [code] Prisma error code
   * @param {unknown} [meta]
   */
  constructor(message, code, meta) {
    super(message);
    this.name = "EngineError";
    this.code = code;
    this.meta = meta;
  }
}

/** Used only when neither the CLI nor the request names a schema file. */
const BARE_POSTGRES_DATAMODEL = 'datasource db {\n  provider = "postgresql"\n}\n';

/**
 * Schema files carried by a request (`schema`, diff `from`/`to`, `datasource`).
 * @param {any} params
 * @returns {[string, string][]}
 */
function schemaFilesIn(params) {
  const containers = [params?.schema, params?.from, params?.to, params?.datasource];
  return containers.flatMap((container) =>
    Array.isArray(container?.files)
      ? container.files.filter((/** @type {any} */ file) => typeof file?.path === "string" && typeof file?.content === "string").map((/** @type {any} */ file) => [file.path, file.content])
      : [],
  );
}

/** Drops the Rust span trace the WASM engine appends to its messages. */
function userFacingMessage(/** @type {string} */ message) {
  return message.replace(/\n\s+0: [\w:]+::[\s\S]*$/, "").trimEnd();
}

/**
 * @param {unknown} error
 * @returns {EngineError}
 */
export function toEngineError(error) {
  if (error instanceof EngineError) return error;
  if (error instanceof DatabaseError) return new EngineError(error.message, error.code);
  const { message, code, meta } = /** @type {{ message?: string, code?: unknown, meta?: unknown }} */ (error ?? {});
  return new EngineError(
    userFacingMessage(message ?? String(error)),
    typeof code === "string" && /^P\d{4}$/.test(code) ? code : undefined,
    meta,
  );
}

export class SchemaEngineSession {
  /** @type {Promise<import("@prisma/schema-engine-wasm").SchemaEngine> | undefined} */
  #engine;
  #devDiagnosticDone = false;
  #stopped = false;

  /**
   * @param {object} options
   * @param {string[]} options.datamodelPaths `--datamodels` files
   * @param {Datasource | undefined} options.datasource
   * @param {(content: string) => Promise<void>} options.print asks the CLI to print (migrate diff output)
   * @param {(line: string) => void} options.log receives the engine's own log lines
   */
  constructor({ datamodelPaths, datasource, print, log }) {
    this.datamodelPaths = datamodelPaths;
    this.datasource = datasource;
    this.print = print;
    this.log = log;
  }

  /** @returns {import("./postgres.mjs").PostgresTarget} */
  #target() {
    if (!this.datasource) {
      throw new EngineError(
        "No datasource URL was given to the schema engine: set datasource.url in prisma.config.ts (every command of this engine, migrate diff included, needs a reachable PostgreSQL).",
      );
    }
    return parsePostgresUrl(this.datasource.url, "datasource.url");
  }

  /** @param {unknown} params the first request's, for its schema files */
  async #createEngine(params) {
    const target = this.#target();
    const shadowTarget = this.datasource?.shadowDatabaseUrl
      ? parsePostgresUrl(this.datasource.shadowDatabaseUrl, "datasource.shadowDatabaseUrl")
      : undefined;
    const datamodels =
      this.datamodelPaths.length > 0
        ? await Promise.all(this.datamodelPaths.map(async (path) => /** @type {[string, string]} */ ([path, await readFile(path, "utf8")])))
        : schemaFilesIn(params);
    const wasm = await loadSchemaEngineWasm();
    const factory = bindMigrationAwareSqlAdapterFactory(new PostgresAdapterFactory(target, shadowTarget));
    try {
      return await wasm.SchemaEngine.new(
        { datamodels: datamodels.length > 0 ? datamodels : [["schema.prisma", BARE_POSTGRES_DATAMODEL]] },
        (/** @type {string} */ line) => this.log(line),
        factory,
      );
    } catch (error) {
      // The engine words connection failures without their P-code: ask the
      // server directly to report them the way the native engine does.
      await checkConnection(target);
      throw error;
    }
  }

  /** @param {unknown} params */
  #getEngine(params) {
    this.#engine ??= this.#createEngine(params);
    return this.#engine;
  }

  /** @param {string} method */
  supports(method) {
    return Object.hasOwn(this.#methods, method);
  }

  /**
   * Runs one JSON-RPC method (see `supports`); rejects with an EngineError.
   * @param {string} method
   * @param {unknown} params
   */
  async call(method, params) {
    if (this.#stopped) {
      throw new EngineError("The schema engine stopped after an internal error (see above); run the command again.");
    }
    if (params !== undefined && params !== null && (typeof params !== "object" || Array.isArray(params))) {
      throw new EngineError(`Invalid params for ${method}: expected a JSON object.`);
    }
    // Input the WASM engine cannot deserialize is thrown from inside its task
    // queue, out of reach of the call's promise: catch it for this call only.
    let failedUncaught = false;
    /** @type {(error: unknown) => void} */
    let onUncaught = () => {};
    const uncaught = new Promise((_, reject) => {
      onUncaught = (error) => {
        failedUncaught = true;
        reject(new EngineError(`Invalid params for ${method}: ${String(/** @type {Error} */ (error).message).replace(/^Error: /, "")}`));
      };
      process.once("uncaughtException", onUncaught);
    });
    try {
      return await Promise.race([this.#methods[method](params ?? {}), uncaught]);
    } catch (error) {
      if (isPanic(error)) {
        this.#stopped = true;
        throw new EngineError(`The schema engine crashed: ${lastPanicMessage()}`);
      }
      // The engine call behind an uncaught error never settles: do not reuse it.
      if (failedUncaught) this.#stopped = true;
      throw toEngineError(error);
    } finally {
      process.off("uncaughtException", onUncaught);
    }
  }

  /**
   * The WASM engine takes its shadow database from the driver adapter during
   * devDiagnostic; a session that starts with createMigration or
   * evaluateDataLoss ("shadow DB must be provided through an external
   * factory") runs it first, on the same migrations.
   * @param {{ migrationsList: unknown, filters: unknown }} params
   */
  async #ensureShadowDatabaseSetUp({ migrationsList, filters }) {
    if (!this.#devDiagnosticDone) await this.#methods.devDiagnostic({ migrationsList, filters });
  }

  /** @type {Record<string, (params: any) => Promise<unknown>>} */
  #methods = {
    applyMigrations: async (params) => {
      const result = await (await this.#getEngine(params)).applyMigrations(params);
      // The engine lets go of the shadow database it took during devDiagnostic once it has
      // applied migrations (migrate dev on a database that was behind): set it up again.
      this.#devDiagnosticDone = false;
      return result;
    },
    createMigration: async (params) => {
      const engine = await this.#getEngine(params);
      await this.#ensureShadowDatabaseSetUp(params);
      return engine.createMigration(params);
    },
    dbExecute: async (params) => (await this.#getEngine(params)).dbExecute(params).then(() => ({})),
    debugPanic: async (params) => (await this.#getEngine(params)).debugPanic(),
    devDiagnostic: async (params) => {
      const result = await (await this.#getEngine(params)).devDiagnostic(params);
      this.#devDiagnosticDone = true;
      return result;
    },
    diagnoseMigrationHistory: async (params) => (await this.#getEngine(params)).diagnoseMigrationHistory(params),
    ensureConnectionValidity: async (params) => (await this.#getEngine(params)).ensureConnectionValidity(params),
    evaluateDataLoss: async (params) => {
      const engine = await this.#getEngine(params);
      await this.#ensureShadowDatabaseSetUp(params);
      return engine.evaluateDataLoss(params);
    },
    // The datasource is optional here but, when present, must be complete.
    getDatabaseVersion: async (params) => (await this.#getEngine(params)).version(params.datasource ? params : undefined),
    introspect: async (params) => (await this.#getEngine(params)).introspect(params),
    introspectSql: async (params) => (await this.#getEngine(params)).introspectSql(params),
    markMigrationApplied: async (params) => (await this.#getEngine(params)).markMigrationApplied(params),
    markMigrationRolledBack: async (params) => (await this.#getEngine(params)).markMigrationRolledBack(params),
    reset: async (params) => (await this.#getEngine(params)).reset(params).then(() => ({})),
    schemaPush: async (params) => (await this.#getEngine(params)).schemaPush(params),
    // The native engine prints the diff through the CLI and returns only the exit code.
    diff: async (params) => {
      const { exitCode, stdout } = await (await this.#getEngine(params)).diff(params);
      if (stdout) await this.print(stdout.replace(/\n$/, ""));
      return { exitCode };
    },
    // Not part of the WASM engine: done directly on the server.
    createDatabase: async (params) => {
      const target =
        params?.datasource?.tag === "ConnectionString" ? parsePostgresUrl(params.datasource.url, "datasource.url") : this.#target();
      return { databaseName: await createDatabase(target) };
    },
  };
}
