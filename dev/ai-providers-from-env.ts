/**
 * AI providers declared by environment variables, ensured at start-up in the default
 * workspace (the oldest account), ahead of the offline model. The environment is the
 * source of truth for their key, model and base URL; their place in the order and
 * whether they are switched on stay as the admin left them.
 */
import { z } from "zod";
import { PROVIDER_KINDS, type AiProviderKind } from "@/lib/ai/provider-kinds";
import { placeNewProvider } from "@/lib/ai/settings";
import { decryptSecret, encryptSecret, type KeyRing } from "@/lib/crypto/encryption";
import type { Database } from "@/lib/db/client";

export interface EnvProvider {
  kind: Exclude<AiProviderKind, "offline">;
  /** Also how the row is found again on the next start. */
  name: string;
  model: string;
  baseUrl: string | null;
  apiKey: string | null;
}

const text = z
  .string()
  .trim()
  .optional()
  .transform((value) => value || undefined);
const url = z
  .string()
  .trim()
  .optional()
  .transform((value) => value?.replace(/\/+$/, "") || undefined)
  .refine((value) => value === undefined || /^https?:\/\/[^\s/]+/i.test(value), "must be an http(s) URL, e.g. http://127.0.0.1:11434/v1.");

const envSchema = z.object({
  OPENAI_API_KEY: text,
  OPENAI_MODEL: text,
  OPENAI_BASE_URL: url,
  ANTHROPIC_API_KEY: text,
  ANTHROPIC_MODEL: text,
  GOOGLE_GENERATIVE_AI_API_KEY: text,
  GOOGLE_MODEL: text,
  OPENROUTER_API_KEY: text,
  OPENROUTER_MODEL: text,
  OPENAI_COMPATIBLE_BASE_URL: url,
  OPENAI_COMPATIBLE_MODEL: text,
  OPENAI_COMPATIBLE_API_KEY: text,
});

const envName = (kind: EnvProvider["kind"]) => `${kind === "openai_compatible" ? "OpenAI-compatible server" : PROVIDER_KINDS[kind].label} (environment)`;

/** The providers the environment declares, in the order they are tried. */
export function readAiProvidersEnv(env: Record<string, string | undefined>): EnvProvider[] {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${issue.path.join(".")} ${issue.message}`);
  }
  const vars = parsed.data;
  const declared: EnvProvider[] = [];
  const add = (kind: EnvProvider["kind"], apiKey: string | undefined, model: string | undefined, baseUrl: string | undefined) =>
    declared.push({ kind, name: envName(kind), model: model ?? PROVIDER_KINDS[kind].defaultModel, baseUrl: baseUrl ?? null, apiKey: apiKey ?? null });

  if (vars.OPENAI_API_KEY) add("openai", vars.OPENAI_API_KEY, vars.OPENAI_MODEL, vars.OPENAI_BASE_URL);
  if (vars.ANTHROPIC_API_KEY) add("anthropic", vars.ANTHROPIC_API_KEY, vars.ANTHROPIC_MODEL, undefined);
  if (vars.GOOGLE_GENERATIVE_AI_API_KEY) add("google", vars.GOOGLE_GENERATIVE_AI_API_KEY, vars.GOOGLE_MODEL, undefined);
  if (vars.OPENROUTER_API_KEY) add("openrouter", vars.OPENROUTER_API_KEY, vars.OPENROUTER_MODEL, undefined);
  if (vars.OPENAI_COMPATIBLE_BASE_URL) add("openai_compatible", vars.OPENAI_COMPATIBLE_API_KEY, vars.OPENAI_COMPATIBLE_MODEL, vars.OPENAI_COMPATIBLE_BASE_URL);
  else if (vars.OPENAI_COMPATIBLE_MODEL || vars.OPENAI_COMPATIBLE_API_KEY) {
    throw new Error("OPENAI_COMPATIBLE_MODEL or OPENAI_COMPATIBLE_API_KEY is set but OPENAI_COMPATIBLE_BASE_URL is not: set the server's URL too (e.g. http://127.0.0.1:11434/v1).");
  }
  return declared;
}

/** Serializes concurrent start-ups of several instances on the same database. */
const ENV_PROVIDERS_LOCK_KEY = "switchboard:env-ai-providers";

function storedKeyIs(ciphertext: string | null, apiKey: string | null, keyRing: KeyRing): boolean {
  if (!ciphertext || !apiKey) return ciphertext === null && apiKey === null;
  try {
    return decryptSecret(ciphertext, keyRing) === apiKey;
  } catch {
    return false;
  }
}

/**
 * Creates or updates the env-declared providers and returns lines for the start-up
 * banner. `keyRing` is asked for only when a key has to be encrypted or compared.
 */
export async function ensureAiProvidersFromEnv(
  db: Database,
  options: { env?: Record<string, string | undefined>; keyRing: () => Promise<KeyRing> },
): Promise<string[]> {
  const declared = readAiProvidersEnv(options.env ?? process.env);
  if (declared.length === 0) return [];
  const keyRing = declared.some((provider) => provider.apiKey) ? await options.keyRing() : null;

  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${ENV_PROVIDERS_LOCK_KEY}))`;
    const workspace = await tx.account.findFirst({ orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true, name: true } });
    if (!workspace) return ["AI provider variables are set but there is no workspace yet: the providers will be added on the next start."];

    const lines: string[] = [];
    for (const provider of declared) {
      const describe = `AI provider "${provider.name}" (${provider.model})`;
      const encrypted = provider.apiKey ? encryptSecret(provider.apiKey, keyRing!) : null;
      const existing = await tx.aiProvider.findFirst({
        where: { accountId: workspace.id, kind: provider.kind, name: provider.name },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      });
      if (!existing) {
        const created = await tx.aiProvider.create({
          data: {
            accountId: workspace.id,
            name: provider.name,
            kind: provider.kind,
            model: provider.model,
            baseUrl: provider.baseUrl,
            encryptedApiKey: encrypted?.ciphertext ?? null,
            keyVersion: encrypted?.keyVersion ?? null,
          },
        });
        await placeNewProvider(tx, workspace.id, created);
        lines.push(`${describe} added in "${workspace.name}".`);
        continue;
      }
      const sameKey = storedKeyIs(existing.encryptedApiKey, provider.apiKey, keyRing!);
      if (sameKey && existing.model === provider.model && existing.baseUrl === provider.baseUrl) {
        lines.push(`${describe} ready in "${workspace.name}".`);
        continue;
      }
      await tx.aiProvider.update({
        where: { id: existing.id },
        data: {
          model: provider.model,
          baseUrl: provider.baseUrl,
          ...(sameKey ? {} : { encryptedApiKey: encrypted?.ciphertext ?? null, keyVersion: encrypted?.keyVersion ?? null }),
          health: "unknown",
          lastError: null,
          lastCheckedAt: null,
          lastLatencyMs: null,
        },
      });
      lines.push(`${describe} updated in "${workspace.name}".`);
    }
    return lines;
  });
}
