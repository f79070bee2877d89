/**
 * Five-field cron schedules as Inngest accepts them: `minute hour day-of-month month
 * day-of-week`, with `*`, `?`, lists, ranges, steps, month/day names, the `@daily`-style
 * macros and an optional `TZ=Area/City ` (or `CRON_TZ=`) prefix. Without a prefix the
 * schedule runs in UTC.
 */

export class CronError extends Error {
  constructor(source: string, detail: string) {
    super(`Invalid cron ${JSON.stringify(source)}: ${detail}`);
    this.name = "CronError";
  }
}

export interface CronSchedule {
  readonly source: string;
  readonly timezone: string;
  /** The first fire time strictly after `after`, at a whole minute. */
  next(after: Date): Date;
}

const MACROS: Record<string, string> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};

const MONTH_NAMES = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAY_NAMES = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: string[];
  namesStartAt?: number;
}

const FIELDS: FieldSpec[] = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12, names: MONTH_NAMES, namesStartAt: 1 },
  // 7 is accepted as Sunday and folded onto 0 below.
  { name: "day of week", min: 0, max: 7, names: DAY_NAMES, namesStartAt: 0 },
];

interface ParsedField {
  values: Set<number>;
  /** `*` or `?`: matters for the day-of-month / day-of-week OR rule. */
  unrestricted: boolean;
}

function parseField(source: string, text: string, spec: FieldSpec): ParsedField {
  const values = new Set<number>();
  const toNumber = (part: string): number => {
    const upper = part.toUpperCase();
    const named = spec.names?.indexOf(upper) ?? -1;
    if (named >= 0) return named + (spec.namesStartAt ?? 0);
    if (!/^\d+$/.test(part)) throw new CronError(source, `"${part}" is not a valid ${spec.name}`);
    const value = Number(part);
    if (value < spec.min || value > spec.max) {
      throw new CronError(source, `${spec.name} ${value} is outside ${spec.min}-${spec.max}`);
    }
    return value;
  };
  for (const item of text.split(",")) {
    const [range, stepText, extra] = item.split("/");
    if (range === undefined || extra !== undefined) throw new CronError(source, `"${item}" is not a valid ${spec.name}`);
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new CronError(source, `step "${stepText}" must be a positive integer`);
    let from: number;
    let to: number;
    if (range === "*" || range === "?") {
      from = spec.min;
      to = spec.max;
    } else if (range.includes("-")) {
      const [a, b] = range.split("-");
      from = toNumber(a ?? "");
      to = toNumber(b ?? "");
      if (from > to) throw new CronError(source, `range "${range}" runs backwards`);
    } else {
      from = toNumber(range);
      to = stepText === undefined ? from : spec.max;
    }
    for (let v = from; v <= to; v += step) values.add(v);
  }
  if (spec.name === "day of week" && values.delete(7)) values.add(0);
  return { values, unrestricted: text === "*" || text === "?" };
}

interface WallClock {
  month: number;
  day: number;
  weekday: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timezone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timezone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone: timezone,
      hourCycle: "h23",
      month: "numeric",
      day: "numeric",
      weekday: "short",
      hour: "numeric",
      minute: "numeric",
    });
    formatters.set(timezone, formatter);
  }
  return formatter;
}

function wallClock(date: Date, timezone: string): WallClock {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timezone).formatToParts(date)) parts[part.type] = part.value;
  return {
    month: Number(parts.month),
    day: Number(parts.day),
    weekday: DAY_NAMES.indexOf((parts.weekday ?? "").toUpperCase()),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
  };
}

const MINUTE = 60_000;
/** Searching further than this without a match means the schedule can never fire (e.g. 30 February). */
const SEARCH_LIMIT_MS = 5 * 366 * 24 * 60 * MINUTE;

export function parseCron(source: string): CronSchedule {
  let text = source.trim();
  let timezone = "UTC";
  const tz = /^(?:CRON_)?TZ=(\S+)\s+(.*)$/.exec(text);
  if (tz) {
    timezone = tz[1]!;
    text = tz[2]!.trim();
    try {
      formatterFor(timezone);
    } catch {
      throw new CronError(source, `unknown time zone "${timezone}"`);
    }
  }
  text = MACROS[text.toLowerCase()] ?? text;
  const parts = text.split(/\s+/);
  if (parts.length !== 5) throw new CronError(source, `expected 5 fields (minute hour day month weekday), got ${parts.length}`);
  const [minute, hour, dayOfMonth, month, dayOfWeek] = parts.map((part, i) => parseField(source, part, FIELDS[i]!)) as [
    ParsedField,
    ParsedField,
    ParsedField,
    ParsedField,
    ParsedField,
  ];

  // Standard cron: when both day fields are restricted, either one matching is enough.
  const dayMatches = (clock: WallClock) => {
    const byDate = dayOfMonth.values.has(clock.day);
    const byWeekday = dayOfWeek.values.has(clock.weekday);
    if (dayOfMonth.unrestricted || dayOfWeek.unrestricted) return byDate && byWeekday;
    return byDate || byWeekday;
  };

  const next = (after: Date): Date => {
    let t = Math.floor(after.getTime() / MINUTE) * MINUTE + MINUTE;
    const limit = t + SEARCH_LIMIT_MS;
    // Walk forward in UTC and read the wall clock, skipping whole days and hours that
    // cannot match; stepping in real time keeps DST gaps and overlaps correct.
    while (t < limit) {
      const clock = wallClock(new Date(t), timezone);
      if (!month.values.has(clock.month) || !dayMatches(clock)) {
        const minutesToMidnight = (23 - clock.hour) * 60 + (60 - clock.minute);
        // Land an hour short of local midnight so a DST change tonight cannot skip it.
        t += (minutesToMidnight > 120 ? minutesToMidnight - 60 : 60 - clock.minute) * MINUTE;
      } else if (!hour.values.has(clock.hour)) {
        t += (60 - clock.minute) * MINUTE;
      } else if (!minute.values.has(clock.minute)) {
        t += MINUTE;
      } else {
        return new Date(t);
      }
    }
    throw new CronError(source, "it never fires");
  };

  next(new Date());
  return { source, timezone, next };
}
