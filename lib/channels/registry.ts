import type { ChannelType } from "@/lib/db/generated/enums";
import type { Channel } from "@/lib/db/generated/client";
import { apiChannelAdapter } from "./api/adapter";
import type { ChannelAdapter } from "./types";

/**
 * The adapter of each channel type that has one. `web` is absent on purpose: its
 * delivery is the realtime push to the widget, not an adapter call.
 */
const adapters: Partial<Record<ChannelType, ChannelAdapter<Channel>>> = {
  api: apiChannelAdapter,
};

/** The adapter for a channel type, or undefined while Switchboard has none for it. */
export function getChannelAdapter(type: ChannelType): ChannelAdapter<Channel> | undefined {
  return adapters[type];
}
