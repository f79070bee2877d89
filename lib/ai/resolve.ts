/**
 * The model that answers customers for one account: its active providers in priority
 * order behind failover, or the offline model when none is configured.
 */
import type { LanguageModelV4 } from "@ai-sdk/provider";
import { decryptSecret } from "@/lib/crypto/encryption";
import type { Database } from "@/lib/db/client";
import type { AiProvider } from "@/lib/db/generated/client";
import { createFailoverModel, type FailoverOptions } from "./failover";
import { createOfflineModel } from "./offline-model";
import { PROVIDER_KINDS, createLanguageModel, misconfiguredModel } from "./providers";

export interface AnswerModel {
  model: LanguageModelV4;
  /** The links in the order they are tried. */
  labels: string[];
  /** Some link can read images; the others fail over or hand off. */
  supportsImages: boolean;
}

export const OFFLINE_LABEL = PROVIDER_KINDS.offline.label;

/** The row's model, with its key decrypted; a key that cannot be read becomes a failing link. */
export function modelForProvider(row: Pick<AiProvider, "name" | "kind" | "model" | "baseUrl" | "encryptedApiKey">): LanguageModelV4 {
  let apiKey: string | null = null;
  if (row.encryptedApiKey) {
    try {
      apiKey = decryptSecret(row.encryptedApiKey);
    } catch (error) {
      return misconfiguredModel(row, `The API key of ${row.name} cannot be read: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return createLanguageModel({ kind: row.kind, name: row.name, model: row.model, baseUrl: row.baseUrl, apiKey });
}

export async function resolveAnswerModel(db: Database, accountId: string, options?: FailoverOptions): Promise<AnswerModel> {
  const rows = await db.aiProvider.findMany({
    where: { accountId, active: true },
    orderBy: [{ priority: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    select: { name: true, kind: true, model: true, baseUrl: true, encryptedApiKey: true },
  });
  if (rows.length === 0) return { model: createOfflineModel(), labels: [OFFLINE_LABEL], supportsImages: false };
  const links = rows.map((row) => ({ label: row.name, model: modelForProvider(row) }));
  return {
    model: createFailoverModel(links, options),
    labels: links.map((link) => link.label),
    supportsImages: rows.some((row) => PROVIDER_KINDS[row.kind].supportsImages),
  };
}
