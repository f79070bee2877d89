import type { AgentStatus, ConversationStatus, Priority } from "@/lib/db/generated/enums";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "now", "5 min", "3 h", "2 d", then a date: the age of a list row at a glance. */
export function formatRelativeTime(date: Date, now: Date): string {
  const ms = Math.max(0, now.getTime() - date.getTime());
  if (ms < MINUTE) return "now";
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)} min`;
  if (ms < DAY) return `${Math.floor(ms / HOUR)} h`;
  if (ms < 7 * DAY) return `${Math.floor(ms / DAY)} d`;
  return new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric" }).format(date);
}

/** "waiting 12 min", "waiting 2 h 5 min", "waiting 3 d": how long the customer has waited for an agent. */
export function formatWaiting(since: Date, now: Date): string {
  const ms = Math.max(0, now.getTime() - since.getTime());
  if (ms < MINUTE) return "waiting <1 min";
  if (ms < HOUR) return `waiting ${Math.floor(ms / MINUTE)} min`;
  if (ms < DAY) {
    const minutes = Math.floor((ms % HOUR) / MINUTE);
    return `waiting ${Math.floor(ms / HOUR)} h${minutes ? ` ${minutes} min` : ""}`;
  }
  return `waiting ${Math.floor(ms / DAY)} d`;
}

export type WaitSeverity = "ok" | "warning" | "late";

/** Wait-time colour: fine under 5 minutes, a warning under 15, late after that. */
export function waitSeverity(since: Date, now: Date): WaitSeverity {
  const ms = now.getTime() - since.getTime();
  if (ms < 5 * MINUTE) return "ok";
  return ms < 15 * MINUTE ? "warning" : "late";
}

export function formatMessageTime(date: Date, now: Date): string {
  const sameDay = date.toDateString() === now.toDateString();
  return new Intl.DateTimeFormat(undefined, sameDay ? { timeStyle: "short" } : { dateStyle: "medium", timeStyle: "short" }).format(date);
}

/** "Priya Patel" → "PP", "cher" → "C", "" → "?". */
export function initials(name: string | null | undefined): string {
  const words = (name ?? "").trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return "?";
  return (words.length === 1 ? words[0]!.slice(0, 1) : `${words[0]!.slice(0, 1)}${words.at(-1)!.slice(0, 1)}`).toUpperCase();
}

export const priorityLabels: Record<Priority, string> = { low: "Low", medium: "Medium", high: "High", urgent: "Urgent" };
export const priorities = ["urgent", "high", "medium", "low"] as const satisfies readonly Priority[];

export const statusLabels: Record<ConversationStatus, string> = {
  open: "Open",
  bot: "With the bot",
  assigned: "Assigned",
  pending: "Pending",
  resolved: "Resolved",
  closed: "Closed",
};

export const agentStatusLabels: Record<AgentStatus, string> = {
  available: "Available",
  break: "On a break",
  training: "In training",
  floor_support: "Floor support",
  not_available: "Not available",
};

/** The status as it reads in a sentence: "Marco is on a break". */
export const agentStatusPhrases: Record<AgentStatus, string> = {
  available: "available",
  break: "on a break",
  training: "in training",
  floor_support: "on floor support",
  not_available: "not available",
};

export type Presence = "online" | "away" | "offline";

/** Connected and `available` is online; connected with any other status is away; not connected is offline. */
export function presenceOf(connected: boolean, status: AgentStatus | undefined): Presence {
  if (!connected) return "offline";
  return status === "available" ? "online" : "away";
}
