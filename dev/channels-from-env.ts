/**
 * Channels declared by environment variables, ensured at start-up in the default
 * workspace (the oldest account). Uses only Prisma, so it behaves the same on the
 * embedded database and on an external DATABASE_URL.
 */
import { z } from "zod";
import { httpUrlSchema } from "@/lib/channels/api/adapter";
import type { Database } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";

export const ENV_API_CHANNEL_NAME = "API";

const apiChannelEnvSchema = z.object({
  API_CHANNEL_SECRET: z
    .string()
    .trim()
    .min(32, "must be at least 32 characters: use a long random value (openssl rand -hex 32), or unset it to declare no API channel.")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  API_CHANNEL_CALLBACK_URL: z
    .string()
    .trim()
    .pipe(httpUrlSchema)
    .optional()
    .or(z.literal("").transform(() => undefined)),
});

/** The API channel the environment declares, or null when API_CHANNEL_SECRET is unset. */
export function readApiChannelEnv(env: Record<string, string | undefined>): { secret: string; callbackUrl?: string } | null {
  const parsed = apiChannelEnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${issue.path.join(".")} ${issue.message}`);
  }
  const { API_CHANNEL_SECRET: secret, API_CHANNEL_CALLBACK_URL: callbackUrl } = parsed.data;
  if (!secret) {
    if (callbackUrl) throw new Error("API_CHANNEL_CALLBACK_URL is set but API_CHANNEL_SECRET is not: set the secret too to declare the API channel.");
    return null;
  }
  return { secret, callbackUrl };
}

/** Serializes concurrent start-ups of several instances on the same database. */
const ENV_CHANNELS_LOCK_KEY = "switchboard:env-channels";

/**
 * Creates or updates the env-declared channels and returns lines for the start-up
 * banner (their webhook URLs). The environment is the source of truth for an
 * env-managed channel's secret and callback URL; its other settings are kept.
 */
export async function ensureChannelsFromEnv(
  db: Database,
  options: { appUrl: string; env?: Record<string, string | undefined> },
): Promise<string[]> {
  const declared = readApiChannelEnv(options.env ?? process.env);
  if (!declared) return [];

  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${ENV_CHANNELS_LOCK_KEY}))`;
    const workspace = await tx.account.findFirst({ orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true, name: true } });
    if (!workspace) return ["API_CHANNEL_SECRET is set but there is no workspace yet: the API channel will be created on the next start."];

    const existing = await tx.channel.findFirst({
      where: { accountId: workspace.id, type: "api", envManaged: true },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    const webhookUrl = (id: string) => `${options.appUrl.replace(/\/+$/, "")}/api/webhooks/api/${id}`;

    if (!existing) {
      const created = await tx.channel.create({
        data: {
          accountId: workspace.id,
          type: "api",
          name: ENV_API_CHANNEL_NAME,
          envManaged: true,
          webhookSecret: declared.secret,
          settings: declared.callbackUrl ? { callbackUrl: declared.callbackUrl } : {},
        },
      });
      return [`API channel created in "${workspace.name}": webhook URL ${webhookUrl(created.id)}`];
    }

    const previousSettings = existing.settings && typeof existing.settings === "object" && !Array.isArray(existing.settings) ? existing.settings : {};
    const { callbackUrl: previousCallbackUrl, ...otherSettings } = previousSettings;
    const changed = existing.webhookSecret !== declared.secret || (previousCallbackUrl ?? undefined) !== declared.callbackUrl;
    if (changed) {
      const settings: Prisma.InputJsonObject = declared.callbackUrl ? { ...otherSettings, callbackUrl: declared.callbackUrl } : otherSettings;
      await tx.channel.update({ where: { id: existing.id }, data: { webhookSecret: declared.secret, settings } });
    }
    return [`API channel ${changed ? "updated" : "ready"} in "${workspace.name}": webhook URL ${webhookUrl(existing.id)}`];
  });
}
