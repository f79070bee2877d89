"use client";

import { useRealtimeConnectionState } from "@/components/realtime/realtime-provider";
import { cn } from "@/lib/utils";

/** "Live" while realtime is connected; otherwise says that updates are paused and why. */
export function LiveStatus() {
  const state = useRealtimeConnectionState();
  const live = state === "connected";
  const label = live ? "Live" : state === "disabled" ? "Live updates off" : state === "connecting" || state === "initialized" ? "Connecting…" : "Reconnecting…";
  const title = live
    ? "New conversations and messages appear as they arrive."
    : state === "disabled"
      ? "Realtime is not configured (PUSHER_* settings): reload to see new messages."
      : "The realtime connection is down; the inbox catches up when it is back.";
  return (
    <span role="status" title={title} data-state={state} className="inline-flex items-center gap-1.5 text-xs text-muted-foreground">
      <span aria-hidden className={cn("size-1.5 rounded-full", live ? "bg-success" : "bg-warning")} />
      {label}
    </span>
  );
}
