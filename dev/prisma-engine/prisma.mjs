#!/usr/bin/env node
// `prisma` for Switchboard: runs the real Prisma CLI with the given arguments,
// using the offline schema engine when Prisma's native one is not installed.
// Usage: node dev/prisma-engine/prisma.mjs <prisma arguments>
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { prismaCliPath, prismaEnv } from "./run-prisma.mjs";

const args = process.argv.slice(2);

// `generate` runs on every install, including before the schema exists.
const DEFAULT_SCHEMA_LOCATIONS = ["prisma/schema.prisma", "prisma/schema", "schema.prisma"];
if (
  args[0] === "generate" &&
  !args.some((arg) => arg === "--schema" || arg.startsWith("--schema=")) &&
  !DEFAULT_SCHEMA_LOCATIONS.some((location) => existsSync(path.resolve(location)))
) {
  console.log("prisma/schema.prisma does not exist yet: skipping prisma generate.");
  process.exit(0);
}

const child = spawn(process.execPath, [prismaCliPath, ...args], { stdio: "inherit", env: prismaEnv(process.env) });
// Pass stop requests on and let the CLI finish; its exit decides ours.
/** @type {NodeJS.Signals[]} */
const FORWARDED_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"];
const forward = (/** @type {NodeJS.Signals} */ signal) => child.kill(signal);
for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
child.on("error", (error) => {
  console.error(`Could not start the Prisma CLI (${prismaCliPath}): ${error.message}`);
  process.exit(1);
});
child.on("close", (code, signal) => {
  if (!signal) process.exit(code ?? 1);
  for (const forwarded of FORWARDED_SIGNALS) process.off(forwarded, forward);
  process.kill(process.pid, signal);
});
