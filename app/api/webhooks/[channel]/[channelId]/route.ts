import { answerHandshake, receiveWebhook, withChannel } from "@/lib/channels/webhook";

export const dynamic = "force-dynamic";

/** Inbound messages from a platform or an external system, signed per channel; active channels' lookups are reused. */
export const POST = withChannel(receiveWebhook, { reuseLookups: true });

/** The platform's check of the webhook URL (Meta hub.challenge, X CRC) where it has one. */
export const GET = withChannel(answerHandshake);
