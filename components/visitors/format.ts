import type { LiveVisitor } from "@/lib/widget/visitors";

export function visitorName(visitor: Pick<LiveVisitor, "contact">): string {
  return visitor.contact?.name || visitor.contact?.email || "Anonymous visitor";
}

/** "45 s", "12 min", "1 h 05 min". */
export function formatTimeOnSite(milliseconds: number): string {
  const seconds = Math.max(0, Math.floor(milliseconds / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")} min`;
}
