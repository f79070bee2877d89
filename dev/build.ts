import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { buildWidget } from "./build-widget";

const SOURCES = ["app", "components", "lib", "inngest", "public", "proxy.ts", "next.config.ts", "postcss.config.mjs", "package-lock.json", "tsconfig.json"];
const DIST_DIR = process.env.NEXT_DIST_DIR || ".next";
const STAMP = path.join(DIST_DIR, "switchboard-sources.sha256");

async function fingerprint(entry: string, hash: ReturnType<typeof createHash>): Promise<void> {
  if (!existsSync(entry)) return;
  const info = await stat(entry);
  if (info.isDirectory()) {
    if (entry.endsWith(`${path.sep}generated`) && entry.includes("lib")) {
      // The generated Prisma client follows prisma/schema.prisma.
      return fingerprint(path.join("prisma", "schema.prisma"), hash);
    }
    for (const child of (await readdir(entry)).sort()) await fingerprint(path.join(entry, child), hash);
    return;
  }
  hash.update(`${entry}\0${info.size}\0${info.mtimeMs}\0`);
}

async function sourcesFingerprint(): Promise<string> {
  const hash = createHash("sha256");
  for (const source of SOURCES) await fingerprint(source, hash);
  return hash.digest("hex");
}

/**
 * Nothing when the sources (the widget bundles in public/ among them) are unchanged since
 * the last successful build; otherwise the widget bundles, then `next build`.
 */
export async function ensureFreshBuild(env: NodeJS.ProcessEnv): Promise<void> {
  if (existsSync(path.join(DIST_DIR, "BUILD_ID")) && existsSync(STAMP) && (await readFile(STAMP, "utf8")) === (await sourcesFingerprint())) return;

  await buildWidget();
  const current = await sourcesFingerprint();

  console.log("Building Switchboard for production (first start or sources changed)…");
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [path.resolve("node_modules", "next", "dist", "bin", "next"), "build"], {
      env: { ...env, NODE_ENV: "production" },
      stdio: ["ignore", "inherit", "inherit"],
    });
    child.once("error", reject);
    child.once("exit", resolve);
  });
  if (code !== 0) throw new Error(`next build failed (exit ${code}); see the output above.`);
  await writeFile(STAMP, current);
}
