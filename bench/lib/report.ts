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
