import type { Database } from "@/lib/db/client";
import { embedTexts, resolveEmbedder } from "@/lib/ai/embeddings";

/** Chunks sent to the provider per request; embeddings APIs cap a request's inputs. */
const EMBED_BATCH = 64;
/** A provider that stops answering must not hold the document's save or processing for long. */
const BATCH_TIMEOUT_MS = 30_000;

/** What a chunk is embedded as: its heading gives its text the context a passage lacks alone. */
const embeddedText = (chunk: { heading: string | null; content: string }) => (chunk.heading ? `${chunk.heading}\n\n${chunk.content}` : chunk.content);

/**
 * Gives a freshly indexed document's chunks vectors from the account's embedding model,
 * when it has one (chunks already embedded by that model are left alone). Never throws:
 * a provider that fails leaves the document searchable by full text, and its chunks
 * get vectors at the next reindex. Returns how many chunks were embedded.
 */
export async function embedDocumentChunks(db: Database, accountId: string, documentId: string): Promise<number> {
  try {
    const embedder = await resolveEmbedder(db, accountId);
    if (!embedder) return 0;
    const chunks = await db.knowledgeChunk.findMany({
      where: { accountId, documentId, OR: [{ embeddingModel: null }, { embeddingModel: { not: embedder.modelId } }] },
      orderBy: { position: "asc" },
      select: { id: true, heading: true, content: true },
    });
    for (let start = 0; start < chunks.length; start += EMBED_BATCH) {
      const batch = chunks.slice(start, start + EMBED_BATCH);
      const vectors = await embedTexts(embedder, batch.map(embeddedText), { abortSignal: AbortSignal.timeout(BATCH_TIMEOUT_MS) });
      await db.$transaction(
        batch.map((chunk, i) => db.knowledgeChunk.updateMany({ where: { id: chunk.id, accountId }, data: { embedding: vectors[i], embeddingModel: embedder.modelId } })),
      );
    }
    return chunks.length;
  } catch (error) {
    console.error(`Embedding the chunks of knowledge document ${documentId} failed; it stays searchable by full text: ${error instanceof Error ? error.message : String(error)}`);
    return 0;
  }
}
