/**
 * The embedding model of one account: its first active provider (in answering order)
 * whose kind has an embeddings API and that names an embedding model. None: the
 * knowledge base is searched by full text alone.
 */
import { embedMany } from "ai";
import type { EmbeddingModelV4 } from "@ai-sdk/provider";
import { decryptSecret } from "@/lib/crypto/encryption";
import type { Database } from "@/lib/db/client";
import { PROVIDER_KINDS, createEmbeddingModel } from "./providers";
import type { AiProviderKind } from "./provider-kinds";

export interface Embedder {
  /** The embedding model's name, stored with each vector: vectors of different models do not compare. */
  modelId: string;
  model: EmbeddingModelV4;
}

const EMBEDDING_KINDS = (Object.keys(PROVIDER_KINDS) as AiProviderKind[]).filter((kind) => PROVIDER_KINDS[kind].supportsEmbeddings);

export async function resolveEmbedder(db: Database, accountId: string): Promise<Embedder | null> {
  const row = await db.aiProvider.findFirst({
    where: { accountId, active: true, kind: { in: EMBEDDING_KINDS }, embeddingModel: { not: null } },
    orderBy: [{ priority: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    select: { name: true, kind: true, embeddingModel: true, baseUrl: true, encryptedApiKey: true },
  });
  if (!row?.embeddingModel) return null;
  let apiKey: string | null = null;
  try {
    apiKey = row.encryptedApiKey ? decryptSecret(row.encryptedApiKey) : null;
  } catch (error) {
    console.error(`The API key of ${row.name} cannot be read; searching the knowledge base by full text only:`, error);
    return null;
  }
  const model = createEmbeddingModel({ kind: row.kind, name: row.name, model: row.embeddingModel, baseUrl: row.baseUrl, apiKey });
  return model ? { modelId: row.embeddingModel, model } : null;
}

/** Unit length, so the dot product of two vectors is their cosine similarity. */
function normalized(vector: number[]): number[] {
  const length = Math.hypot(...vector);
  return length > 0 ? vector.map((value) => value / length) : vector;
}

/** One unit vector per value, in order. Throws what the provider throws. */
export async function embedTexts(embedder: Embedder, values: string[], options: { abortSignal?: AbortSignal; maxRetries?: number } = {}): Promise<number[][]> {
  if (values.length === 0) return [];
  const { embeddings } = await embedMany({ model: embedder.model, values, abortSignal: options.abortSignal, maxRetries: options.maxRetries });
  return embeddings.map(normalized);
}
