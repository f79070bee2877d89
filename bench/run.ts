/**
 * `npm run bench [name…]`: runs each benchmark in bench/ in its own process, one after
 * another, so they do not disturb each other's figures.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";

const benchDir = import.meta.dirname;
const available = readdirSync(benchDir)
  .filter((file) => file.endsWith(".ts") && file !== "run.ts")
  .map((file) => file.replace(/\.ts$/, ""))
  .sort();
const requested = process.argv.slice(2);
const unknown = requested.filter((name) => !available.includes(name));
if (unknown.length) {
  console.error(`Unknown benchmark ${unknown.join(", ")}: choose from ${available.join(", ")}.`);
  process.exit(2);
}

let failed = false;
for (const name of requested.length ? requested : available) {
  console.log(`\n=== bench/${name}\n`);
  const result = spawnSync(process.execPath, ["--import", "tsx", path.join(benchDir, `${name}.ts`)], { stdio: "inherit" });
  if (result.status !== 0) {
    console.error(`bench/${name} failed (exit ${result.status ?? result.signal}).`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
