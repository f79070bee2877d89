import type { Database } from "@/lib/db/client";
import { processKnowledgeDocument } from "./process";

/** The Inngest event that asks for one uploaded document to be processed. */
export const KNOWLEDGE_DOCUMENT_UPLOADED = "knowledge/document.uploaded";

export interface KnowledgeDocumentEvent {
  name: typeof KNOWLEDGE_DOCUMENT_UPLOADED;
  data: { accountId: string; documentId: string };
}

type SendEvents = (events: KnowledgeDocumentEvent[]) => Promise<void>;

let sendOverride: SendEvents | undefined;

/** Replaces how events are sent (tests record them); `undefined` restores Inngest. */
export function setKnowledgeEventSender(send: SendEvents | undefined): void {
  sendOverride = send;
}

async function sendWithInngest(events: KnowledgeDocumentEvent[]): Promise<void> {
  // Loaded on first use so importing this module never requires Inngest settings.
  const { inngest } = await import("@/inngest/client");
  await inngest.send(events);
}

/**
 * Asks the workflow engine to process the documents (one event each, so one bad file
 * never holds up the others). When the engine cannot be reached, the documents are
 * processed here, one after another, in the background, so an upload never stays
 * pending for want of a worker.
 */
export async function queueKnowledgeProcessing(db: Database, accountId: string, documentIds: string[]): Promise<void> {
  if (documentIds.length === 0) return;
  const events = documentIds.map((documentId): KnowledgeDocumentEvent => ({ name: KNOWLEDGE_DOCUMENT_UPLOADED, data: { accountId, documentId } }));
  try {
    await (sendOverride ?? sendWithInngest)(events);
  } catch (error) {
    console.error(`Sending ${KNOWLEDGE_DOCUMENT_UPLOADED} failed; processing the documents in this process instead:`, error);
    void (async () => {
      for (const documentId of documentIds) await processKnowledgeDocument(db, accountId, documentId).catch((cause: unknown) => console.error(cause));
    })();
  }
}
