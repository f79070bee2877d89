import { randomBytes } from "node:crypto";
import type { ChannelAdapter, ChannelRef, NormalizedInboundMessage } from "@/lib/channels/types";
import type { Database } from "@/lib/db/client";
import type { Channel } from "@/lib/db/generated/client";
import type { ChannelType } from "@/lib/db/generated/enums";
import type { OutboxRelayDeps } from "@/lib/outbox/relay";

/** Test publishers that remember what they were asked to publish. */
export function recordingRelay(adapters: Partial<Record<ChannelType, ChannelAdapter<Channel>>> = {}) {
  const triggered: { channels: string[]; event: string; data: Record<string, unknown> }[] = [];
  const sent: { name: string; data: Record<string, unknown> }[] = [];
  const deps: OutboxRelayDeps = {
    trigger: async (channels, event, data) => {
      triggered.push({ channels, event, data });
    },
    sendEvent: async (event) => {
      sent.push(event);
    },
    getChannelAdapter: (type) => adapters[type],
  };
  return { deps, triggered, sent };
}

export async function createChannel(db: Database, accountId: string, type: ChannelType = "api"): Promise<ChannelRef> {
  const channel = await db.channel.create({ data: { accountId, type, name: `${type} channel` } });
  return { id: channel.id, accountId, type };
}

/** A customer message with a fresh provider id unless one is given. */
export function inbound(identifier: string, text: string, overrides: Partial<NormalizedInboundMessage> = {}): NormalizedInboundMessage {
  return { externalId: `ext-${randomBytes(6).toString("hex")}`, contact: { identifier }, text, attachments: [], ...overrides };
}
