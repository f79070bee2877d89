/** "350 ms", "4.2 s", "3 min 5 s", "2 h 10 min": coarse enough to read at a glance. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "—";
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const totalSeconds = Math.floor(ms / 1_000);
  const hours = Math.floor(totalSeconds / 3_600);
  const minutes = Math.floor((totalSeconds % 3_600) / 60);
  const seconds = totalSeconds % 60;
  if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  return seconds > 0 ? `${minutes} min ${seconds} s` : `${minutes} min`;
}

/** How long a run took, or has been going for while it is still active. */
export function runDuration(run: { startedAt: Date | null; endedAt: Date | null }, now: Date): string {
  if (!run.startedAt) return "—";
  return formatDuration((run.endedAt ?? now).getTime() - run.startedAt.getTime());
}

const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });

export function formatDateTime(date: Date | null): string {
  return date ? dateTimeFormat.format(date) : "—";
}

/** Step outputs, run outputs and event payloads as indented JSON. */
export function formatJson(value: unknown): string {
  return JSON.stringify(value ?? null, null, 2);
}
