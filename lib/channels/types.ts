import type { ChannelType } from "@/lib/db/generated/enums";

/** An attachment as a channel delivers it, before or after we store it. */
export interface InboundAttachment {
  url: string;
  name?: string;
  contentType?: string;
  size?: number;
}

/** One customer message in the shape every channel adapter produces. */
export interface NormalizedInboundMessage {
  /** The platform's id for the message; unique per channel, so a redelivery is a no-op. */
  externalId: string;
  contact: {
    /** How the platform identifies the customer (phone number, chat id, email, host-site user id...). */
    identifier: string;
    name?: string;
    email?: string;
    phone?: string;
  };
  text: string;
  attachments: InboundAttachment[];
  /** When the customer sent it, if the platform says; otherwise the time we received it. */
  sentAt?: Date;
}

/** The channel a message came in on, already resolved and scoped to its account. */
export interface ChannelRef {
  id: string;
  accountId: string;
  type: ChannelType;
}

/** A message leaving Switchboard for a customer on some channel. */
export interface OutboundMessage {
  messageId: string;
  conversationId: string;
  contactIdentifier: string;
  text: string;
  attachments: InboundAttachment[];
  senderType: "agent" | "bot" | "system";
  senderName?: string;
}

export interface RawWebhookRequest {
  headers: Headers;
  /** The body exactly as received: signatures are computed over these bytes. */
  rawBody: string;
  receivedAt: Date;
}

export type VerifyResult = { ok: true } | { ok: false; status: 401 | 403; reason: string };

/**
 * What every channel integration implements: verify a webhook before anything is
 * stored, parse it into normalized messages, and send a reply to the customer.
 */
export interface ChannelAdapter<Channel = unknown> {
  type: ChannelType;
  verify(request: RawWebhookRequest, channel: Channel): VerifyResult;
  parse(request: RawWebhookRequest, channel: Channel): NormalizedInboundMessage[];
  send(channel: Channel, message: OutboundMessage): Promise<{ externalId?: string }>;
  /**
   * Answers the platform's GET check of the webhook URL (Meta's hub.challenge, X's CRC).
   * Platforms without one leave it out, and a GET on their webhook URL gets 405.
   */
  handshake?(request: Request, channel: Channel): Response | Promise<Response>;
}
