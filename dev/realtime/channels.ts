/**
 * Who is subscribed to what: channel membership, presence members, fan-out.
 * Channels exist only while they have subscribers.
 */
import { channelKind, encodeEvent } from "./protocol";

export interface Subscriber {
  readonly socketId: string;
  /** Sends encoded messages in this order, written to the socket together. */
  sendFrames(frames: readonly Buffer[]): void;
}

/** One encoded message for every subscriber of `channel` except `exceptSocketId`. */
export interface ChannelMessage {
  channel: string;
  message: string;
  exceptSocketId?: string;
}

export interface PresenceMember {
  userId: string;
  userInfo: unknown;
}

interface PresenceUser {
  userInfo: unknown;
  /** A user with several sockets on the channel counts once; this counts the sockets. */
  socketCount: number;
}

interface ChannelState {
  subscribers: Map<string, Subscriber>;
  /** Presence channels only: socket id → user id, and the distinct users. */
  userIdBySocket: Map<string, string>;
  users: Map<string, PresenceUser>;
}

export interface PresenceSnapshot {
  ids: string[];
  hash: Record<string, unknown>;
  count: number;
}

export class ChannelRegistry {
  private readonly channels = new Map<string, ChannelState>();

  isSubscribed(channel: string, socketId: string): boolean {
    return this.channels.get(channel)?.subscribers.has(socketId) ?? false;
  }

  /** Presence channels: the user id a subscribed socket joined as. */
  userIdOf(channel: string, socketId: string): string | undefined {
    return this.channels.get(channel)?.userIdBySocket.get(socketId);
  }

  /**
   * Adds a subscriber. On presence channels `member` is required, and the other
   * subscribers hear `pusher_internal:member_added` when the user is new there.
   */
  subscribe(channel: string, subscriber: Subscriber, member?: PresenceMember): void {
    const state = this.stateFor(channel);
    state.subscribers.set(subscriber.socketId, subscriber);
    if (!member) return;
    state.userIdBySocket.set(subscriber.socketId, member.userId);
    const existing = state.users.get(member.userId);
    if (existing) {
      existing.socketCount += 1;
      return;
    }
    state.users.set(member.userId, { userInfo: member.userInfo, socketCount: 1 });
    this.broadcast(
      channel,
      encodeEvent({
        event: "pusher_internal:member_added",
        channel,
        data: { user_id: member.userId, user_info: member.userInfo },
      }),
      subscriber.socketId,
    );
  }

  /** Removes a subscriber; announces `member_removed` when a presence user's last socket leaves. */
  unsubscribe(channel: string, socketId: string): void {
    const state = this.channels.get(channel);
    if (!state?.subscribers.delete(socketId)) return;
    const userId = state.userIdBySocket.get(socketId);
    if (userId !== undefined) {
      state.userIdBySocket.delete(socketId);
      const user = state.users.get(userId);
      if (user && --user.socketCount === 0) {
        state.users.delete(userId);
        this.broadcast(
          channel,
          encodeEvent({ event: "pusher_internal:member_removed", channel, data: { user_id: userId } }),
        );
      }
    }
    if (state.subscribers.size === 0) this.channels.delete(channel);
  }

  /** Sends one already-encoded message to every subscriber except `exceptSocketId`. */
  broadcast(channel: string, message: string, exceptSocketId?: string): void {
    const state = this.channels.get(channel);
    if (!state) return;
    // Encode once: converting the string per recipient dominates fan-out to many sockets.
    const frames = [Buffer.from(message, "utf8")];
    for (const [socketId, subscriber] of state.subscribers) {
      if (socketId !== exceptSocketId) subscriber.sendFrames(frames);
    }
  }

  /**
   * Sends several messages, each to its channel, handing every subscriber all of its
   * messages at once, in the given order: a subscriber's last message does not wait
   * for the earlier ones to reach every other subscriber first.
   */
  broadcastAll(messages: readonly ChannelMessage[]): void {
    if (messages.length === 1) {
      const [{ channel, message, exceptSocketId }] = messages as [ChannelMessage];
      this.broadcast(channel, message, exceptSocketId);
      return;
    }
    const framesBySubscriber = new Map<Subscriber, Buffer[]>();
    for (const { channel, message, exceptSocketId } of messages) {
      const state = this.channels.get(channel);
      if (!state) continue;
      const frame = Buffer.from(message, "utf8");
      for (const [socketId, subscriber] of state.subscribers) {
        if (socketId === exceptSocketId) continue;
        const frames = framesBySubscriber.get(subscriber);
        if (frames) frames.push(frame);
        else framesBySubscriber.set(subscriber, [frame]);
      }
    }
    for (const [subscriber, frames] of framesBySubscriber) subscriber.sendFrames(frames);
  }

  presenceSnapshot(channel: string): PresenceSnapshot {
    const users = this.channels.get(channel)?.users ?? new Map<string, PresenceUser>();
    const hash: Record<string, unknown> = {};
    for (const [userId, user] of users) hash[userId] = user.userInfo;
    return { ids: [...users.keys()], hash, count: users.size };
  }

  subscriptionCount(channel: string): number {
    return this.channels.get(channel)?.subscribers.size ?? 0;
  }

  userCount(channel: string): number {
    return this.channels.get(channel)?.users.size ?? 0;
  }

  userIds(channel: string): string[] {
    return [...(this.channels.get(channel)?.users.keys() ?? [])];
  }

  /** Names of channels that currently have at least one subscriber. */
  occupiedChannels(prefix = ""): string[] {
    return [...this.channels.keys()].filter((name) => name.startsWith(prefix));
  }

  private stateFor(channel: string): ChannelState {
    let state = this.channels.get(channel);
    if (!state) {
      state = { subscribers: new Map(), userIdBySocket: new Map(), users: new Map() };
      this.channels.set(channel, state);
    }
    return state;
  }
}

/** Attributes a channel-info request may ask for, and which channels they apply to. */
export type ChannelAttribute = "user_count" | "subscription_count";

export function channelAttributes(
  registry: ChannelRegistry,
  channel: string,
  attributes: readonly ChannelAttribute[],
): Partial<Record<ChannelAttribute, number>> {
  const result: Partial<Record<ChannelAttribute, number>> = {};
  for (const attribute of attributes) {
    if (attribute === "subscription_count") result.subscription_count = registry.subscriptionCount(channel);
    else if (channelKind(channel) === "presence") result.user_count = registry.userCount(channel);
  }
  return result;
}
