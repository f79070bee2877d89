#!/usr/bin/env node
// Stand-in for Prisma's native schema-engine binary, for machines where it
// cannot be downloaded: the same command line and stdio protocol, carried out
// by Prisma's own schema engine compiled to WebAssembly over PostgreSQL.
// The Prisma CLI runs it when PRISMA_SCHEMA_ENGINE_BINARY points here
// (see prisma.mjs and README.md).
import { logLine } from "./engine/log.mjs";
import { serveJsonRpc } from "./engine/json-rpc.mjs";
import { checkConnection, createDatabase, dropDatabase, parsePostgresUrl } from "./engine/postgres.mjs";
import { loadSchemaEngineWasm } from "./engine/wasm.mjs";

const USAGE = `Usage: schema-engine.mjs [--datamodels <schema.prisma>]... [--datasource '{"url": "postgresql://…"}'] [cli <can-connect-to-database|create-database|drop-database>]
       schema-engine.mjs --version`;

const CLI_COMMANDS = ["can-connect-to-database", "create-database", "drop-database"];

/**
 * @typedef {object} Arguments
 * @property {boolean} version
 * @property {string[]} datamodelPaths
 * @property {import("./engine/session.mjs").Datasource | undefined} datasource
 * @property {string | undefined} cliCommand
 */

/**
 * Parses the native engine's arguments. Preview features and extension types
 * are accepted for compatibility; the WASM engine takes no such options.
 * @param {string[]} argv
 * @returns {Arguments}
 */
function parseArguments(argv) {
  /** @type {Arguments} */
  const parsed = { version: false, datamodelPaths: [], datasource: undefined, cliCommand: undefined };
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    const value = () => {
      const next = argv[++index];
      if (next === undefined) throw new Error(`${argument} needs a value.\n${USAGE}`);
      return next;
    };
    switch (argument) {
      case "--version":
      case "-V":
        parsed.version = true;
        break;
      case "--datamodels":
        parsed.datamodelPaths.push(value());
        break;
      case "--datasource":
        parsed.datasource = parseDatasource(value());
        break;
      case "--enabled-preview-features":
      case "--extension-types":
        value();
        break;
      case "cli": {
        const command = value();
        if (!CLI_COMMANDS.includes(command)) throw new Error(`Unknown cli command "${command}": expected one of ${CLI_COMMANDS.join(", ")}.`);
        parsed.cliCommand = command;
        break;
      }
      default:
        throw new Error(`Unknown argument "${argument}".\n${USAGE}`);
    }
  }
  return parsed;
}

/**
 * @param {string} json
 * @returns {import("./engine/session.mjs").Datasource}
 */
function parseDatasource(json) {
  let value;
  try {
    value = JSON.parse(json);
  } catch {
    throw new Error('--datasource must be JSON like {"url": "postgresql://…"}.');
  }
  if (value === null || typeof value !== "object" || typeof value.url !== "string") {
    throw new Error('--datasource must be a JSON object with a string "url".');
  }
  if (value.shadowDatabaseUrl !== undefined && value.shadowDatabaseUrl !== null && typeof value.shadowDatabaseUrl !== "string") {
    throw new Error("--datasource: shadowDatabaseUrl must be a string.");
  }
  return { url: value.url, shadowDatabaseUrl: value.shadowDatabaseUrl ?? undefined };
}

/**
 * The one-shot commands. Failures are reported like the native engine: a
 * start line, then an ERROR line with the Prisma error code (the CLI skips
 * the first stderr line and reads the code from the rest), and exit code 1.
 * @param {string} command
 * @param {import("./engine/session.mjs").Datasource | undefined} datasource
 */
async function runCliCommand(command, datasource) {
  logLine("INFO", { message: `Starting schema engine CLI command ${command}` });
  try {
    if (!datasource) throw new Error(`cli ${command} needs --datasource with the database URL.`);
    const target = parsePostgresUrl(datasource.url, "datasource.url");
    if (command === "can-connect-to-database") await checkConnection(target);
    if (command === "create-database") {
      process.stdout.write(`${JSON.stringify({ database_name: await createDatabase(target) })}\n`);
    }
    if (command === "drop-database") await dropDatabase(target, target.database);
    return 0;
  } catch (error) {
    const { code, message } = /** @type {{ code?: string, message: string }} */ (error);
    logLine("ERROR", { is_panic: false, message, ...(code ? { error_code: code } : {}) });
    return 1;
  }
}

async function main() {
  let args;
  try {
    args = parseArguments(process.argv.slice(2));
  } catch (error) {
    logLine("ERROR", { message: /** @type {Error} */ (error).message });
    return 1;
  }
  if (args.version) {
    process.stdout.write(`schema-engine-cli ${(await loadSchemaEngineWasm()).version()}\n`);
    return 0;
  }
  if (args.cliCommand) return runCliCommand(args.cliCommand, args.datasource);
  await serveJsonRpc({ datamodelPaths: args.datamodelPaths, datasource: args.datasource });
  return 0;
}

// Exit explicitly: database pools the engine still holds would keep the process alive.
process.exit(await main());
