import type { AiOutcome } from "@/lib/db/generated/enums";

export const outcomeLabels: Record<AiOutcome, string> = { answered: "Answered", escalated: "Handed off", failed: "Failed" };

/** "1.2 s", "340 ms", "—" */
export function formatLatency(ms: number | null): string {
  if (ms === null) return "—";
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** 0.823 → "82%"; null → "—" */
export function formatPercent(share: number | null): string {
  return share === null ? "—" : `${Math.round(share * 100)}%`;
}

/** A date input's value (YYYY-MM-DD) for a day in local time. */
function dateInputValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export interface DateRange {
  /** First day shown, YYYY-MM-DD. */
  from: string;
  /** Last day shown, YYYY-MM-DD (inclusive). */
  to: string;
}

/** The last `days` days, today included. */
export function lastDays(days: number, today = new Date()): DateRange {
  const start = new Date(today.getFullYear(), today.getMonth(), today.getDate() - (days - 1));
  return { from: dateInputValue(start), to: dateInputValue(today) };
}

/** The period a range covers: from the first day's midnight to the midnight after the last day (local time). Null when it does not parse or is reversed. */
export function rangePeriod(range: DateRange): { from: Date; to: Date } | null {
  const parse = (value: string) => {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    return match ? new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : null;
  };
  const from = parse(range.from);
  const last = parse(range.to);
  if (!from || !last || last < from) return null;
  return { from, to: new Date(last.getFullYear(), last.getMonth(), last.getDate() + 1) };
}
