"use client";

import * as React from "react";
import type { InboxAgentOption, InboxChannelOption, InboxOptions, InboxTeamOption } from "@/lib/conversations/inbox-options";

interface InboxContextValue {
  currentUserId: string;
  options: InboxOptions;
  agentsById: ReadonlyMap<string, InboxAgentOption>;
  channelsById: ReadonlyMap<string, InboxChannelOption>;
  teamsById: ReadonlyMap<string, InboxTeamOption>;
}

const InboxContext = React.createContext<InboxContextValue | null>(null);

/** The account's channels, teams and agents (loaded once by the page) and who is looking. */
export function InboxContextProvider({ currentUserId, options, children }: { currentUserId: string; options: InboxOptions; children: React.ReactNode }) {
  const value = React.useMemo<InboxContextValue>(
    () => ({
      currentUserId,
      options,
      agentsById: new Map(options.agents.map((agent) => [agent.id, agent])),
      channelsById: new Map(options.channels.map((channel) => [channel.id, channel])),
      teamsById: new Map(options.teams.map((team) => [team.id, team])),
    }),
    [currentUserId, options],
  );
  return <InboxContext.Provider value={value}>{children}</InboxContext.Provider>;
}

export function useInboxContext(): InboxContextValue {
  const value = React.useContext(InboxContext);
  if (!value) throw new Error("useInboxContext must be used inside <InboxContextProvider>.");
  return value;
}

const NOW_TICK_MS = 30_000;
const nowListeners = new Set<() => void>();
let nowSnapshot = Date.now();
let nowTimer: ReturnType<typeof setInterval> | undefined;

function subscribeNow(listener: () => void) {
  nowListeners.add(listener);
  if (!nowTimer) {
    nowTimer = setInterval(() => {
      nowSnapshot = Date.now();
      for (const notify of nowListeners) notify();
    }, NOW_TICK_MS);
  }
  return () => {
    nowListeners.delete(listener);
    if (nowListeners.size === 0 && nowTimer) {
      clearInterval(nowTimer);
      nowTimer = undefined;
    }
  };
}

/** The current time, refreshed every 30 s by one shared timer, for relative times and waits. */
export function useNow(): Date {
  const ms = React.useSyncExternalStore(subscribeNow, () => nowSnapshot, () => nowSnapshot);
  return React.useMemo(() => new Date(ms), [ms]);
}
