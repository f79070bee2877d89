import { pathToFileURL } from "node:url";

/** The value below which `fraction` of the sorted samples fall (nearest rank). */
export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}

/** Prints a row of right-aligned cells; numbers get two decimals. The first cell is left-aligned. */
export function printRow(cells: readonly (string | number)[], widths: readonly number[]): void {
  console.log(
    cells
      .map((cell, i) => {
        const text = typeof cell === "number" && !Number.isInteger(cell) ? cell.toFixed(2) : String(cell);
        return i === 0 ? text.padEnd(widths[i] ?? 0) : text.padStart(widths[i] ?? 0);
      })
      .join(" "),
  );
}

/** Runs `main` when the file is executed directly (not imported by another benchmark). */
export function runWhenExecuted(moduleUrl: string, main: () => Promise<void>): void {
  if (moduleUrl !== pathToFileURL(process.argv[1] ?? "").href) return;
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

export interface LatencySummary {
  samples: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Nearest-rank percentiles of unsorted latency samples in milliseconds. */
export function summarizeLatencies(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    samples: sorted.length,
    p50Ms: percentile(sorted, 0.5),
    p95Ms: percentile(sorted, 0.95),
    p99Ms: percentile(sorted, 0.99),
    maxMs: sorted.at(-1) ?? Number.NaN,
  };
}

/** Prints the one-line "target / measured / verdict" conclusion of a benchmark. */
export function printVerdict(what: string, target: string, measured: string, met: boolean): void {
  console.log(`${what}: target ${target} / measured ${measured} / ${met ? "MET" : "MISSED"}`);
}

/** Rejects with "`what` took longer than `ms` ms" unless `promise` settles first. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
