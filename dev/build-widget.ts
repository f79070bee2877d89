/**
 * Bundles the chat widget's two browser scripts with esbuild into public/ (generated,
 * not committed): the embed loader `widget.js` and the iframe app `widget-app.js`
 * (with `widget-app.css`). `npm start` runs it before `next build`, `npm run dev`
 * keeps it rebuilding on change; `tsx dev/build-widget.ts` runs it alone and
 * `npm run bench -- widget-size` prints the sizes.
 */
import { gzipSync } from "node:zlib";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import * as esbuild from "esbuild";

const ROOT = path.resolve(import.meta.dirname, "..");
const OUT_DIR = path.join(ROOT, "public");

/** The files the build writes, relative to the project root. */
export const WIDGET_ASSETS = { loader: "public/widget.js", app: "public/widget-app.js", appStyles: "public/widget-app.css" } as const;

const options: esbuild.BuildOptions = {
  entryPoints: {
    widget: path.join(ROOT, "lib/widget/loader/loader.ts"),
    "widget-app": path.join(ROOT, "lib/widget/app/main.ts"),
  },
  outdir: OUT_DIR,
  bundle: true,
  minify: true,
  format: "iife",
  platform: "browser",
  target: ["es2020", "chrome90", "firefox90", "safari15"],
  legalComments: "none",
  logLevel: "warning",
  absWorkingDir: ROOT,
};

/** Writes only files whose bytes changed, so an unchanged widget keeps its timestamps (the start-up build fingerprint uses them). */
async function writeChanged(result: esbuild.BuildResult): Promise<void> {
  await mkdir(OUT_DIR, { recursive: true });
  for (const file of result.outputFiles ?? []) {
    const current = await readFile(file.path).catch(() => null);
    if (!current || !Buffer.from(file.contents).equals(current)) await writeFile(file.path, file.contents);
  }
}

export async function buildWidget(): Promise<void> {
  await writeChanged(await esbuild.build({ ...options, write: false }));
}

/** Rebuilds on every source change until the process exits (`npm run dev`). */
export async function watchWidget(): Promise<void> {
  const writer: esbuild.Plugin = { name: "write-changed", setup: (build) => build.onEnd((result) => (result.errors.length ? undefined : writeChanged(result))) };
  const context = await esbuild.context({ ...options, write: false, plugins: [writer] });
  await context.watch();
}

/** Bytes of each built asset, raw and gzipped (level 9, as a CDN would serve them). */
export async function widgetAssetSizes(): Promise<Record<keyof typeof WIDGET_ASSETS, { raw: number; gzip: number }>> {
  const entries = await Promise.all(
    Object.entries(WIDGET_ASSETS).map(async ([name, file]) => {
      const bytes = await readFile(path.join(ROOT, file));
      return [name, { raw: bytes.byteLength, gzip: gzipSync(bytes, { level: 9 }).byteLength }] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<keyof typeof WIDGET_ASSETS, { raw: number; gzip: number }>;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await buildWidget();
