/**
 * The AI assistant's admin settings: how it answers (prompt, memory, thresholds,
 * messages) and which providers answer, in which order. Provider keys are write-only:
 * they are encrypted on the way in and nothing here ever returns them.
 */
import { z } from "zod";
import { encryptSecret } from "@/lib/crypto/encryption";
import type { Database } from "@/lib/db/client";
import { AiProviderKind, type ProviderHealth } from "@/lib/db/generated/enums";
import type { Prisma } from "@/lib/db/generated/client";
import { UserFacingError } from "@/lib/errors";
import { PROVIDER_KINDS } from "./provider-kinds";

// ── Settings ────────────────────────────────────────────────────────────────

export const AI_SETTINGS_DEFAULTS = {
  enabled: true,
  systemPrompt: "",
  contextWindow: 5,
  welcomeMessage: "",
  imagePrompt: "",
  confidenceThreshold: 0.55,
  maxBotTurns: 3,
  fallbackMessage: "",
} as const;

export const aiSettingsInput = z.object({
  enabled: z.boolean(),
  systemPrompt: z.string().trim().max(8_000, "Keep the system prompt under 8,000 characters."),
  contextWindow: z
    .number({ error: "Enter how many recent messages the assistant reads." })
    .int("Use a whole number of messages.")
    .min(1, "The assistant needs at least the last message (1).")
    .max(50, "At most 50 messages: more slows answers and costs more."),
  welcomeMessage: z.string().trim().max(1_000, "Keep the welcome message under 1,000 characters."),
  imagePrompt: z.string().trim().max(4_000, "Keep the image-analysis prompt under 4,000 characters."),
  confidenceThreshold: z
    .number({ error: "Enter a confidence threshold between 0 and 1." })
    .min(0, "The threshold is between 0 and 1.")
    .max(1, "The threshold is between 0 and 1."),
  maxBotTurns: z
    .number({ error: "Enter how many answers the assistant may give before a person takes over." })
    .int("Use a whole number of answers.")
    .min(1, "Allow at least one answer.")
    .max(20, "At most 20 answers in a row."),
  fallbackMessage: z.string().trim().max(1_000, "Keep the fallback message under 1,000 characters."),
});
export type AiSettingsInput = z.infer<typeof aiSettingsInput>;
export type AiSettingsView = AiSettingsInput & { updatedAt: Date | null };

const SETTINGS_SELECT = {
  enabled: true,
  systemPrompt: true,
  contextWindow: true,
  welcomeMessage: true,
  imagePrompt: true,
  confidenceThreshold: true,
  maxBotTurns: true,
  fallbackMessage: true,
  updatedAt: true,
} as const;

/** The account's settings, or the defaults when it never saved any. */
export async function getAiSettings(db: Database, accountId: string): Promise<AiSettingsView> {
  const row = await db.aiSettings.findUnique({ where: { accountId }, select: SETTINGS_SELECT });
  return row ?? { ...AI_SETTINGS_DEFAULTS, updatedAt: null };
}

export async function updateAiSettings(db: Database, accountId: string, input: AiSettingsInput): Promise<AiSettingsView> {
  const data = aiSettingsInput.parse(input);
  return db.aiSettings.upsert({ where: { accountId }, create: { accountId, ...data }, update: data, select: SETTINGS_SELECT });
}

// ── Providers ───────────────────────────────────────────────────────────────

/** A provider as the browser sees it: whether a key is stored, never the key. */
export interface ProviderView {
  id: string;
  name: string;
  kind: AiProviderKind;
  model: string;
  embeddingModel: string | null;
  baseUrl: string | null;
  priority: number;
  active: boolean;
  hasApiKey: boolean;
  health: ProviderHealth;
  lastCheckedAt: Date | null;
  lastLatencyMs: number | null;
  lastError: string | null;
}

const PROVIDER_SELECT = {
  id: true,
  name: true,
  kind: true,
  model: true,
  embeddingModel: true,
  baseUrl: true,
  priority: true,
  active: true,
  encryptedApiKey: true,
  health: true,
  lastCheckedAt: true,
  lastLatencyMs: true,
  lastError: true,
} as const satisfies Prisma.AiProviderSelect;

function toView({ encryptedApiKey, ...row }: Prisma.AiProviderGetPayload<{ select: typeof PROVIDER_SELECT }>): ProviderView {
  return { ...row, hasApiKey: encryptedApiKey !== null };
}

const optionalText = (max: number, message: string) =>
  z
    .string()
    .trim()
    .max(max, message)
    .optional()
    .transform((value) => value || undefined);

const baseUrlField = z
  .string()
  .trim()
  .max(500, "Keep the base URL under 500 characters.")
  .refine((value) => value === "" || /^https?:\/\/[^\s/]+/i.test(value), "Enter an http(s) URL, e.g. http://127.0.0.1:11434/v1.")
  // Nullish, so parsing an already-parsed value again is a no-op.
  .nullish()
  .transform((value) => value?.replace(/\/+$/, "") || null);

const providerFields = {
  name: z.string().trim().min(1, "Give the provider a name, e.g. \"OpenAI\".").max(80, "Keep the name under 80 characters."),
  kind: z.enum(AiProviderKind, { error: "Choose a provider type." }),
  model: z.string().trim().max(200, "Keep the model name under 200 characters."),
  /** Empty: the knowledge base is searched by full text only. */
  embeddingModel: z
    .string()
    .trim()
    .max(200, "Keep the embedding model name under 200 characters.")
    .nullish()
    .transform((value) => value || null),
  baseUrl: baseUrlField,
  /** Write-only. Empty or absent keeps the stored key. */
  apiKey: optionalText(500, "That key is too long to be an API key."),
  active: z.boolean().default(true),
};

function requireKindFields(value: { kind: AiProviderKind; baseUrl?: string | null; embeddingModel?: string | null }, context: z.RefinementCtx) {
  if (value.kind === "openai_compatible" && !value.baseUrl) {
    context.addIssue({ code: "custom", path: ["baseUrl"], message: "Enter the server's base URL, e.g. http://127.0.0.1:11434/v1 for Ollama." });
  }
  if (value.embeddingModel && !PROVIDER_KINDS[value.kind].supportsEmbeddings) {
    context.addIssue({ code: "custom", path: ["embeddingModel"], message: `${PROVIDER_KINDS[value.kind].label} has no embeddings API: leave the embedding model empty.` });
  }
}

export const providerCreateInput = z.object(providerFields).superRefine((value, context) => {
  requireKindFields(value, context);
  if (PROVIDER_KINDS[value.kind].apiKey === "required" && !value.apiKey) {
    context.addIssue({ code: "custom", path: ["apiKey"], message: `Paste the API key for ${PROVIDER_KINDS[value.kind].label}.` });
  }
});
export type ProviderCreateInput = z.input<typeof providerCreateInput>;

export const providerUpdateInput = z
  .object({ ...providerFields, removeApiKey: z.boolean().default(false) })
  .superRefine((value, context) => {
    requireKindFields(value, context);
    if (value.removeApiKey && value.apiKey) context.addIssue({ code: "custom", path: ["apiKey"], message: "Either paste a new key or remove the key, not both." });
  });
export type ProviderUpdateInput = z.input<typeof providerUpdateInput>;

const PRIORITY_STEP = 10;

/** Rewrites priorities as 10, 20, 30… in the given order. */
async function renumber(tx: Prisma.TransactionClient, ids: string[]) {
  for (const [i, id] of ids.entries()) await tx.aiProvider.update({ where: { id }, data: { priority: (i + 1) * PRIORITY_STEP } });
}

async function orderedIds(tx: Prisma.TransactionClient, accountId: string) {
  return tx.aiProvider.findMany({
    where: { accountId },
    orderBy: [{ priority: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    select: { id: true, kind: true },
  });
}

/**
 * Gives a just-created provider its place: ahead of the offline model, so the keyless
 * fallback stays last, and behind the providers already configured.
 */
export async function placeNewProvider(tx: Prisma.TransactionClient, accountId: string, created: { id: string; kind: AiProviderKind }) {
  const existing = (await orderedIds(tx, accountId)).filter((row) => row.id !== created.id);
  const ahead = created.kind === "offline" ? existing : existing.filter((row) => row.kind !== "offline");
  const behind = existing.filter((row) => !ahead.includes(row));
  await renumber(tx, [...ahead.map((row) => row.id), created.id, ...behind.map((row) => row.id)]);
}

/** Serializes changes to one account's provider order. */
async function lockProviders(tx: Prisma.TransactionClient, accountId: string) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`switchboard:ai-providers:${accountId}`}))`;
}

async function findProvider(db: Database | Prisma.TransactionClient, accountId: string, id: string) {
  const row = await db.aiProvider.findFirst({ where: { id, accountId }, select: PROVIDER_SELECT });
  if (!row) throw new UserFacingError("not_found", "This AI provider does not exist (it may have been deleted).");
  return row;
}

export async function listProviders(db: Database, accountId: string): Promise<ProviderView[]> {
  const rows = await db.aiProvider.findMany({ where: { accountId }, orderBy: [{ priority: "asc" }, { createdAt: "asc" }, { id: "asc" }], select: PROVIDER_SELECT });
  return rows.map(toView);
}

/** Adds a provider; it answers before the offline model (the keyless fallback stays last). */
export async function createProvider(db: Database, accountId: string, input: ProviderCreateInput): Promise<ProviderView> {
  const data = providerCreateInput.parse(input);
  const key = data.apiKey && PROVIDER_KINDS[data.kind].apiKey !== "none" ? encryptSecret(data.apiKey) : null;
  return db.$transaction(async (tx) => {
    await lockProviders(tx, accountId);
    const created = await tx.aiProvider.create({
      data: {
        accountId,
        name: data.name,
        kind: data.kind,
        model: data.model || PROVIDER_KINDS[data.kind].defaultModel,
        embeddingModel: data.embeddingModel,
        baseUrl: data.kind === "offline" ? null : data.baseUrl,
        encryptedApiKey: key?.ciphertext ?? null,
        keyVersion: key?.keyVersion ?? null,
        active: data.active,
      },
      select: { id: true },
    });
    await placeNewProvider(tx, accountId, { id: created.id, kind: data.kind });
    return toView(await findProvider(tx, accountId, created.id));
  });
}

export async function updateProvider(db: Database, accountId: string, id: string, input: ProviderUpdateInput): Promise<ProviderView> {
  const data = providerUpdateInput.parse(input);
  const current = await findProvider(db, accountId, id);
  const keyless = PROVIDER_KINDS[data.kind].apiKey === "none";
  const key = data.apiKey && !keyless ? encryptSecret(data.apiKey) : null;
  const keepsKey = !key && !data.removeApiKey && !keyless && current.encryptedApiKey !== null;
  if (PROVIDER_KINDS[data.kind].apiKey === "required" && !key && !keepsKey) {
    throw new UserFacingError("invalid", `${PROVIDER_KINDS[data.kind].label} needs an API key: paste one, or keep the stored key.`);
  }
  const connectionChanged = key !== null || data.removeApiKey || data.kind !== current.kind || data.model !== current.model || data.baseUrl !== current.baseUrl;
  await db.aiProvider.update({
    where: { id: current.id },
    data: {
      name: data.name,
      kind: data.kind,
      model: data.model || PROVIDER_KINDS[data.kind].defaultModel,
      embeddingModel: data.embeddingModel,
      baseUrl: keyless ? null : data.baseUrl,
      active: data.active,
      ...(key ? { encryptedApiKey: key.ciphertext, keyVersion: key.keyVersion } : keepsKey ? {} : { encryptedApiKey: null, keyVersion: null }),
      // A new key, model or address has not been tested yet.
      ...(connectionChanged ? { health: "unknown" as const, lastError: null, lastLatencyMs: null, lastCheckedAt: null } : {}),
    },
  });
  return toView(await findProvider(db, accountId, id));
}

export async function setProviderActive(db: Database, accountId: string, id: string, active: boolean): Promise<ProviderView> {
  const current = await findProvider(db, accountId, id);
  await db.aiProvider.update({ where: { id: current.id }, data: { active } });
  return toView(await findProvider(db, accountId, id));
}

/** Moves a provider one place up or down the order in which providers are tried. */
export async function moveProvider(db: Database, accountId: string, id: string, direction: "up" | "down"): Promise<ProviderView[]> {
  await findProvider(db, accountId, id);
  await db.$transaction(async (tx) => {
    await lockProviders(tx, accountId);
    const ids = (await orderedIds(tx, accountId)).map((row) => row.id);
    const from = ids.indexOf(id);
    const to = direction === "up" ? from - 1 : from + 1;
    if (from < 0 || to < 0 || to >= ids.length) return;
    [ids[from], ids[to]] = [ids[to]!, ids[from]!];
    await renumber(tx, ids);
  });
  return listProviders(db, accountId);
}

export async function deleteProvider(db: Database, accountId: string, id: string): Promise<{ id: string }> {
  const { count } = await db.aiProvider.deleteMany({ where: { id, accountId } });
  if (count === 0) throw new UserFacingError("not_found", "This AI provider does not exist (it may have been deleted).");
  return { id };
}
