"use client";

import PusherClient, { type Channel, type PresenceChannel } from "pusher-js";
import * as React from "react";
import { realtimeChannels } from "@/lib/realtime/channels";
import type { BrowserRealtimeConfig } from "@/lib/realtime/config";

/** The connection states pusher-js reports, as the UI shows them. */
export type RealtimeConnectionState = "disabled" | "initialized" | "connecting" | "connected" | "unavailable" | "failed" | "disconnected";

/** Someone in the account's presence channel, as the channel auth endpoint describes them. */
export interface OnlineMember {
  userId: string;
  name: string;
  role: string;
}

interface RealtimeContextValue {
  client: PusherClient | null;
  accountId: string;
  userId: string;
  userName: string;
  /** Subscribes (or reuses the subscription) and counts the user of the channel. */
  acquire(channelName: string): Channel | null;
  /** Drops one user of the channel; the last one unsubscribes. */
  release(channelName: string): void;
  onlineMembers: ReadonlyMap<string, OnlineMember>;
}

const RealtimeContext = React.createContext<RealtimeContextValue | null>(null);

export interface RealtimeProviderProps {
  /** From `browserRealtimeConfig()` on the server; null when realtime is not configured (pages then work without live updates). */
  config: BrowserRealtimeConfig | null;
  accountId: string;
  user: { id: string; name: string };
  children: React.ReactNode;
}

interface PresenceMemberData {
  id: string;
  info?: { name?: unknown; role?: unknown };
}

function toOnlineMember(id: string, info: PresenceMemberData["info"]): OnlineMember {
  return { userId: id, name: typeof info?.name === "string" ? info.name : "", role: typeof info?.role === "string" ? info.role : "" };
}

/**
 * One pusher-js connection for the signed-in page, shared by every component through
 * `useRealtimeEvent`. Subscriptions are reference-counted, so two components listening
 * on the same channel share one subscription and the last to unmount unsubscribes.
 * Also keeps the account's presence channel joined, which both announces this user as
 * online and tells the UI who else is.
 */
export function RealtimeProvider({ config, accountId, user, children }: RealtimeProviderProps) {
  const [client, setClient] = React.useState<PusherClient | null>(null);
  const [onlineMembers, setOnlineMembers] = React.useState<ReadonlyMap<string, OnlineMember>>(new Map());
  const subscriberCounts = React.useRef(new Map<string, number>());

  // Created after mount: never during server rendering, and torn down with the page.
  // Keyed on the values, not the object, which is new each time the layout renders.
  const { key, cluster, forceTLS, wsHost, wsPort } = config ?? {};
  React.useEffect(() => {
    if (!key || !cluster) return;
    const next = new PusherClient(key, {
      cluster,
      forceTLS,
      ...(wsHost ? { wsHost, wsPort, wssPort: wsPort } : {}),
      enabledTransports: ["ws", "wss"],
      channelAuthorization: { endpoint: "/api/realtime/auth", transport: "ajax" },
    });
    const counts = subscriberCounts.current;
    // The connection is an external system that exists only after mount; state hands it to the hooks.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setClient(next);
    return () => {
      counts.clear();
      next.disconnect();
      setClient(null);
    };
  }, [key, cluster, forceTLS, wsHost, wsPort]);

  const acquire = React.useCallback(
    (channelName: string) => {
      if (!client) return null;
      const counts = subscriberCounts.current;
      const count = counts.get(channelName) ?? 0;
      counts.set(channelName, count + 1);
      return count === 0 ? client.subscribe(channelName) : (client.channel(channelName) ?? client.subscribe(channelName));
    },
    [client],
  );

  const release = React.useCallback(
    (channelName: string) => {
      if (!client) return;
      const counts = subscriberCounts.current;
      const count = (counts.get(channelName) ?? 0) - 1;
      if (count > 0) {
        counts.set(channelName, count);
        return;
      }
      counts.delete(channelName);
      client.unsubscribe(channelName);
    },
    [client],
  );

  // Presence: who of the account is online right now.
  React.useEffect(() => {
    const presenceName = realtimeChannels.accountPresence(accountId);
    const channel = acquire(presenceName) as PresenceChannel | null;
    if (!channel) return;
    const readMembers = () => {
      const members = new Map<string, OnlineMember>();
      channel.members.each((member: PresenceMemberData) => members.set(member.id, toOnlineMember(member.id, member.info)));
      setOnlineMembers(members);
    };
    channel.bind("pusher:subscription_succeeded", readMembers);
    channel.bind("pusher:member_added", readMembers);
    channel.bind("pusher:member_removed", readMembers);
    if (channel.subscribed) readMembers();
    return () => {
      channel.unbind("pusher:subscription_succeeded", readMembers);
      channel.unbind("pusher:member_added", readMembers);
      channel.unbind("pusher:member_removed", readMembers);
      release(presenceName);
      setOnlineMembers(new Map());
    };
  }, [acquire, release, accountId]);

  const value = React.useMemo<RealtimeContextValue>(
    () => ({ client, accountId, userId: user.id, userName: user.name, acquire, release, onlineMembers }),
    [client, accountId, user.id, user.name, acquire, release, onlineMembers],
  );
  return <RealtimeContext.Provider value={value}>{children}</RealtimeContext.Provider>;
}

function useRealtimeContext(): RealtimeContextValue {
  const context = React.useContext(RealtimeContext);
  if (!context) throw new Error("Realtime hooks must be used inside <RealtimeProvider> (app/(app)/layout.tsx mounts it).");
  return context;
}

/** The signed-in user and account the realtime connection belongs to. */
export function useRealtimeIdentity(): { accountId: string; userId: string; userName: string } {
  const { accountId, userId, userName } = useRealtimeContext();
  return { accountId, userId, userName };
}

/**
 * Calls `handler` for every `eventName` on `channelName` while mounted; null subscribes
 * to nothing. The latest handler is always used, so it need not be memoised.
 */
export function useRealtimeEvent<T = unknown>(channelName: string | null, eventName: string, handler: (data: T) => void): void {
  const { acquire, release } = useRealtimeContext();
  const onEvent = React.useEffectEvent((data: T) => handler(data));
  React.useEffect(() => {
    if (!channelName) return;
    const channel = acquire(channelName);
    if (!channel) return;
    const listener = (data: T) => onEvent(data);
    channel.bind(eventName, listener);
    return () => {
      channel.unbind(eventName, listener);
      release(channelName);
    };
  }, [acquire, release, channelName, eventName]);
}

/**
 * A function sending a client event (name must start with `client-`) on a private or
 * presence channel this component keeps subscribed. Returns false while the
 * subscription is not ready (the event is dropped, which suits typing indicators).
 */
export function useClientEventSender(channelName: string | null): (eventName: `client-${string}`, data: Record<string, unknown>) => boolean {
  const { client, acquire, release } = useRealtimeContext();
  React.useEffect(() => {
    if (!channelName || !acquire(channelName)) return;
    return () => release(channelName);
  }, [acquire, release, channelName]);
  return React.useCallback(
    (eventName, data) => {
      const channel = channelName ? client?.channel(channelName) : undefined;
      return channel?.subscribed ? channel.trigger(eventName, data) : false;
    },
    [client, channelName],
  );
}

/** Account members currently connected, by user id. */
export function useOnlineMembers(): ReadonlyMap<string, OnlineMember> {
  return useRealtimeContext().onlineMembers;
}

/** The live connection's state; "disabled" when realtime is not configured. */
export function useRealtimeConnectionState(): RealtimeConnectionState {
  const { client } = useRealtimeContext();
  const subscribe = React.useCallback(
    (onChange: () => void) => {
      if (!client) return () => {};
      client.connection.bind("state_change", onChange);
      return () => client.connection.unbind("state_change", onChange);
    },
    [client],
  );
  return React.useSyncExternalStore(
    subscribe,
    () => (client ? (client.connection.state as RealtimeConnectionState) : "disabled"),
    () => "disabled",
  );
}
