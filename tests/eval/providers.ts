/**
 * Which model the evaluation runs against, configured the way an admin would: as the
 * demo account's only ai_providers row. No row means the offline model.
 *
 * For a real provider the key comes from the variable Switchboard reads for that kind
 * (OPENAI_API_KEY, GOOGLE_GENERATIVE_AI_API_KEY, ANTHROPIC_API_KEY, OPENROUTER_API_KEY;
 * an OpenAI-compatible server takes OPENAI_COMPATIBLE_BASE_URL and, if it wants one,
 * OPENAI_COMPATIBLE_API_KEY). EVAL_MODEL picks the model, else the kind's default.
 */
import { randomBytes } from "node:crypto";
import { PROVIDER_KINDS } from "@/lib/ai/provider-kinds";
import { encryptSecret } from "@/lib/crypto/encryption";
import type { Database } from "@/lib/db/client";

export const EVAL_PROVIDER_KINDS = ["offline", "openai", "google", "anthropic", "openrouter", "openai_compatible"] as const;
export type EvalProviderKind = (typeof EVAL_PROVIDER_KINDS)[number];

function required(variable: string, kind: string): string {
  const value = process.env[variable]?.trim();
  if (!value) throw new Error(`--provider ${kind} needs ${variable} in the environment.`);
  return value;
}

/** Replaces the account's providers with the one to evaluate; returns how to name it in the report. */
export async function configureEvalProvider(db: Database, accountId: string, kind: EvalProviderKind): Promise<string> {
  await db.aiProvider.deleteMany({ where: { accountId } });
  const info = PROVIDER_KINDS[kind];
  if (kind === "offline") return `${info.label}, the only provider`;

  const baseUrl = kind === "openai_compatible" ? required("OPENAI_COMPATIBLE_BASE_URL", kind) : null;
  const apiKey = kind === "openai_compatible" ? process.env.OPENAI_COMPATIBLE_API_KEY?.trim() || null : required(info.envKey!, kind);
  // The database is thrown away after the run; a throwaway key encrypts the secret in it.
  process.env.ENCRYPTION_KEY ||= randomBytes(32).toString("base64");
  const encrypted = apiKey ? encryptSecret(apiKey) : null;
  const model = process.env.EVAL_MODEL?.trim() || info.defaultModel;
  await db.aiProvider.create({
    data: {
      accountId,
      name: `${info.label} (evaluation)`,
      kind,
      model,
      baseUrl,
      encryptedApiKey: encrypted?.ciphertext ?? null,
      keyVersion: encrypted?.keyVersion ?? null,
      priority: 1,
    },
  });
  return `${info.label}, model ${model}${baseUrl ? ` at ${baseUrl}` : ""}`;
}
