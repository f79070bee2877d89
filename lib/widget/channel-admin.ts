import { randomBytes } from "node:crypto";
import { z } from "zod";
import { getChannelAdapter } from "@/lib/channels/registry";
import type { Database } from "@/lib/db/client";
import type { Channel, Prisma } from "@/lib/db/generated/client";
import type { ChannelType } from "@/lib/db/generated/enums";
import { UserFacingError } from "@/lib/errors";
import { readWebChannelSettings, webChannelSettings, type WebChannelSettings } from "./settings";
import { isTimeZone } from "@/lib/time-zone";

export const channelNameInput = z.string().trim().min(1, "Give the channel a name.").max(80, "Keep the name to 80 characters.");

/**
 * Web channel settings as an admin submits them: the stored schema plus the checks that
 * only matter when someone edits them (a stored value that fails these still reads).
 */
const webChannelSettingsInput = webChannelSettings.superRefine((settings, ctx) => {
  const seen = new Set<string>();
  settings.allowedOrigins.forEach((origin, index) => {
    if (seen.has(origin)) ctx.addIssue({ code: "custom", path: ["allowedOrigins", index], message: `${origin} is already in the list.` });
    seen.add(origin);
  });
  const hours = settings.businessHours;
  if (!isTimeZone(hours.timezone)) {
    ctx.addIssue({ code: "custom", path: ["businessHours", "timezone"], message: `"${hours.timezone}" is not a time zone: pick one such as Europe/Berlin.` });
  }
  if (hours.enabled && hours.days.length === 0) {
    ctx.addIssue({ code: "custom", path: ["businessHours", "days"], message: "Add opening hours to at least one day, or turn business hours off." });
  }
  hours.days.forEach((range, index) => {
    if (range.close <= range.open) {
      ctx.addIssue({ code: "custom", path: ["businessHours", "days", index, "close"], message: `Closing time must be after opening time (${range.open}).` });
    }
  });
});

export const webChannelUpdateInput = z.object({ name: channelNameInput, settings: webChannelSettingsInput });
export type WebChannelUpdate = z.infer<typeof webChannelUpdateInput>;

/** One row of the channel list. Never carries a secret: only whether one is set. */
export interface ChannelSummary {
  id: string;
  type: ChannelType;
  name: string;
  active: boolean;
  /** Declared by environment variables: edit those, not the channel. */
  envManaged: boolean;
  /** The widget key (web channels). */
  publicKey: string | null;
  /** `/api/webhooks/{type}/{id}` for channel types Switchboard receives webhooks for; prefix with the public URL. */
  webhookPath: string | null;
  /** Whether the channel has a signing (webhook) or identity (web) secret. */
  secretSet: boolean;
  createdAt: Date;
}

export interface IdentitySecretState {
  set: boolean;
  /** The last four characters, so an admin can tell which secret a server uses. */
  lastFour: string | null;
}

export interface WebChannelDetail {
  id: string;
  name: string;
  active: boolean;
  publicKey: string | null;
  settings: WebChannelSettings;
  identitySecret: IdentitySecretState;
  updatedAt: Date;
}

const TYPE_ORDER: readonly ChannelType[] = ["web", "api", "email", "whatsapp", "telegram", "messenger", "instagram", "twitter", "sms"];

function webhookPath(channel: Pick<Channel, "id" | "type">): string | null {
  return channel.type !== "web" && getChannelAdapter(channel.type) ? `/api/webhooks/${channel.type}/${channel.id}` : null;
}

function toSummary(channel: Channel): ChannelSummary {
  return {
    id: channel.id,
    type: channel.type,
    name: channel.name,
    active: channel.active,
    envManaged: channel.envManaged,
    publicKey: channel.publicKey,
    webhookPath: webhookPath(channel),
    secretSet: Boolean(channel.webhookSecret),
    createdAt: channel.createdAt,
  };
}

function identitySecretState(secret: string | null): IdentitySecretState {
  return secret ? { set: true, lastFour: secret.slice(-4) } : { set: false, lastFour: null };
}

function toDetail(channel: Channel): WebChannelDetail {
  return {
    id: channel.id,
    name: channel.name,
    active: channel.active,
    publicKey: channel.publicKey,
    settings: readWebChannelSettings(channel.settings),
    identitySecret: identitySecretState(channel.webhookSecret),
    updatedAt: channel.updatedAt,
  };
}

const channelNotFound = () => new UserFacingError("not_found", "No such channel in this workspace.");

async function findChannel(db: Database | Prisma.TransactionClient, accountId: string, channelId: string): Promise<Channel> {
  const channel = await db.channel.findFirst({ where: { id: channelId, accountId } });
  if (!channel) throw channelNotFound();
  return channel;
}

async function findWebChannel(db: Database | Prisma.TransactionClient, accountId: string, channelId: string): Promise<Channel> {
  const channel = await findChannel(db, accountId, channelId);
  if (channel.type !== "web") throw new UserFacingError("not_found", "No such website chat channel in this workspace.");
  return channel;
}

/** A widget key: public (it sits in the host page), random so keys cannot be guessed from each other. */
function newPublicKey(): string {
  return `pk_${randomBytes(16).toString("hex")}`;
}

/** Every channel of the account, website chat first, then by type and name. */
export async function listChannels(db: Database, accountId: string): Promise<ChannelSummary[]> {
  const channels = await db.channel.findMany({ where: { accountId }, orderBy: [{ name: "asc" }, { createdAt: "asc" }] });
  return channels.map(toSummary).sort((a, b) => TYPE_ORDER.indexOf(a.type) - TYPE_ORDER.indexOf(b.type));
}

export async function getWebChannel(db: Database, accountId: string, channelId: string): Promise<WebChannelDetail> {
  return toDetail(await findWebChannel(db, accountId, channelId));
}

/** A new website chat channel with default settings and its own widget key; no identity secret yet. */
export async function createWebChannel(db: Database, accountId: string, input: { name: string }): Promise<WebChannelDetail> {
  const settings = webChannelSettings.parse({}) as Prisma.InputJsonObject;
  const channel = await db.channel.create({ data: { accountId, type: "web", name: input.name, settings, publicKey: newPublicKey() } });
  return toDetail(channel);
}

/**
 * Replaces a web channel's name and settings. Identity can only be enforced once a
 * secret exists: without one no visitor could ever be verified.
 */
export async function updateWebChannel(db: Database, accountId: string, channelId: string, input: WebChannelUpdate): Promise<WebChannelDetail> {
  const channel = await findWebChannel(db, accountId, channelId);
  if (input.settings.enforceIdentity && !channel.webhookSecret) {
    throw new UserFacingError("invalid", "Enforce identity needs an identity secret: generate one first, then turn enforcement on.");
  }
  const updated = await db.channel.update({
    where: { id: channel.id },
    data: { name: input.name, settings: input.settings as Prisma.InputJsonObject, publicKey: channel.publicKey ?? newPublicKey() },
  });
  return toDetail(updated);
}

/**
 * Turns a channel off or on. An inactive channel takes no new messages; its history
 * stays. Channels declared by environment variables follow those variables instead.
 */
export async function setChannelActive(db: Database, accountId: string, actorUserId: string, channelId: string, active: boolean): Promise<ChannelSummary> {
  return db.$transaction(async (tx) => {
    const channel = await findChannel(tx, accountId, channelId);
    if (channel.envManaged) {
      throw new UserFacingError("invalid", `"${channel.name}" is declared by environment variables: change them and restart to turn it off.`);
    }
    if (channel.active === active) return toSummary(channel);
    const updated = await tx.channel.update({ where: { id: channel.id }, data: { active } });
    await tx.auditLogEntry.create({
      data: { accountId, actorUserId, action: active ? "channel.activated" : "channel.deactivated", targetType: "channel", targetId: channel.id },
    });
    return toSummary(updated);
  });
}

/**
 * Generates a new identity secret for a web channel and returns it: the only time it
 * leaves the server in full. The previous secret stops working at once, so the host
 * site's hashes and tokens must be signed with the new one.
 */
export async function rotateIdentitySecret(
  db: Database,
  accountId: string,
  actorUserId: string,
  channelId: string,
): Promise<{ secret: string; identitySecret: IdentitySecretState }> {
  const secret = randomBytes(32).toString("hex");
  await db.$transaction(async (tx) => {
    const channel = await findWebChannel(tx, accountId, channelId);
    await tx.channel.update({ where: { id: channel.id }, data: { webhookSecret: secret } });
    await tx.auditLogEntry.create({
      data: {
        accountId,
        actorUserId,
        action: channel.webhookSecret ? "channel.identity_secret_rotated" : "channel.identity_secret_created",
        targetType: "channel",
        targetId: channel.id,
        data: { lastFour: secret.slice(-4) },
      },
    });
  });
  return { secret, identitySecret: identitySecretState(secret) };
}
