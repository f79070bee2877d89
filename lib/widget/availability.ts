import type { Database } from "@/lib/db/client";
import type { WebChannelSettings } from "./settings";

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/** Day of week (0 = Sunday) and minutes since midnight of `now` in `timezone` (UTC when the zone is unknown). */
function localTime(now: Date, timezone: string): { day: number; minutes: number } {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat("en-US", { timeZone: timezone, weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(now);
  } catch {
    return localTime(now, "UTC");
  }
  const part = (type: string) => parts.find((candidate) => candidate.type === type)?.value ?? "";
  return { day: WEEKDAYS.indexOf(part("weekday")), minutes: Number(part("hour")) * 60 + Number(part("minute")) };
}

const minutesOf = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

/** Whether `now` falls in the channel's business hours; always true when hours are off. */
export function withinBusinessHours(hours: WebChannelSettings["businessHours"], now = new Date()): boolean {
  if (!hours.enabled) return true;
  const { day, minutes } = localTime(now, hours.timezone);
  return hours.days.some((range) => range.day === day && minutes >= minutesOf(range.open) && minutes < minutesOf(range.close));
}

export type Availability = { online: true } | { online: false; reason: "outside_hours" | "nobody_available" };

/**
 * Whether the widget offers live chat or the offline form: offline outside business
 * hours, and when the AI is switched off and no agent is available to answer.
 */
export async function widgetAvailability(db: Database, accountId: string, settings: WebChannelSettings, now = new Date()): Promise<Availability> {
  if (!withinBusinessHours(settings.businessHours, now)) return { online: false, reason: "outside_hours" };
  const ai = await db.aiSettings.findUnique({ where: { accountId }, select: { enabled: true } });
  if (ai?.enabled !== false) return { online: true };
  const available = await db.agentProfile.count({
    where: { accountId, status: "available", user: { memberships: { some: { accountId, deactivatedAt: null } } } },
  });
  return available > 0 ? { online: true } : { online: false, reason: "nobody_available" };
}
