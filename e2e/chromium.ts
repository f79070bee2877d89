import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * The Chromium the browser tests drive: CHROMIUM_PATH when set, otherwise the build
 * shipped inside the `@sparticuz/chromium` npm package, unpacked once into a folder named
 * after its version (the package itself would reuse any older unpack in /tmp).
 */
export async function resolveChromium(): Promise<string> {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    if (!existsSync(configured)) throw new Error(`CHROMIUM_PATH points at ${configured}, which does not exist: fix the path or unset it.`);
    return configured;
  }
  const packageDir = path.resolve("node_modules", "@sparticuz", "chromium");
  const { version } = JSON.parse(await readFile(path.join(packageDir, "package.json"), "utf8")) as { version: string };
  const target = path.resolve("node_modules", ".cache", "switchboard-chromium", version);
  const marker = path.join(target, ".complete");
  if (existsSync(marker)) return path.join(target, "chromium");

  await mkdir(target, { recursive: true });
  // The package unpacks into os.tmpdir(), which follows TMPDIR.
  const previousTmp = process.env.TMPDIR;
  process.env.TMPDIR = target;
  try {
    const { default: chromium } = await import("@sparticuz/chromium");
    const executable = await chromium.executablePath(path.join(packageDir, "bin"));
    await writeFile(marker, executable);
    return executable;
  } finally {
    if (previousTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previousTmp;
  }
}

/** Flags for a headless run on a machine with no network beyond loopback. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];
