// Runs the Prisma CLI so that it works with or without Prisma's native schema
// engine: when the native binary was not downloaded (offline install) and the
// user did not choose one, PRISMA_SCHEMA_ENGINE_BINARY points the CLI at
// schema-engine.mjs, which runs Prisma's WebAssembly build of the engine.
import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);

/** The real Prisma CLI entry point. */
export const prismaCliPath = require.resolve("prisma/build/index.js");

/** The offline schema engine executable. */
export const offlineSchemaEnginePath = fileURLToPath(new URL("./schema-engine.mjs", import.meta.url));

const ENGINE_ENV_VARS = ["PRISMA_SCHEMA_ENGINE_BINARY", "PRISMA_MIGRATION_ENGINE_BINARY"];

/**
 * Whether a native schema-engine binary sits where the CLI looks for one
 * (`@prisma/engines`, then beside the CLI package), whatever the platform suffix.
 */
export function nativeSchemaEngineAvailable() {
  const cliPackageDir = path.dirname(path.dirname(prismaCliPath));
  const enginesDir = path.dirname(path.dirname(createRequire(prismaCliPath).resolve("@prisma/engines")));
  const searched = [enginesDir, cliPackageDir, path.dirname(cliPackageDir), path.join(cliPackageDir, "runtime")];
  return searched.some((dir) => {
    try {
      return readdirSync(dir).some((name) => name.startsWith("schema-engine-"));
    } catch {
      return false;
    }
  });
}

/**
 * The environment to run the CLI with: `env` as given, plus
 * PRISMA_SCHEMA_ENGINE_BINARY=schema-engine.mjs when no engine is set or installed.
 * @param {NodeJS.ProcessEnv} env
 * @returns {NodeJS.ProcessEnv}
 */
export function prismaEnv(env) {
  if (ENGINE_ENV_VARS.some((name) => env[name]) || nativeSchemaEngineAvailable()) return env;
  return { ...env, PRISMA_SCHEMA_ENGINE_BINARY: offlineSchemaEnginePath };
}

/**
 * Runs the Prisma CLI with `args` and collects its output.
 * @param {string[]} args e.g. ["migrate", "deploy", "--config", "prisma.config.ts"]
 * @param {Record<string, string>} [env] variables added to (or overriding) process.env
 * @param {{ cwd?: string }} [options]
 * @returns {Promise<{ code: number, stdout: string, stderr: string }>}
 */
export function runPrisma(args, env = {}, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [prismaCliPath, ...args], {
      cwd: options.cwd,
      env: prismaEnv({ ...process.env, ...env }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr }));
  });
}
