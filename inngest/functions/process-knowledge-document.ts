import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { processKnowledgeDocument } from "@/lib/knowledge/process";
import { KNOWLEDGE_DOCUMENT_UPLOADED } from "@/lib/knowledge/queue";
import { inngest } from "../client";

const eventData = z.object({ accountId: z.string().min(1), documentId: z.string().min(1) });

/** Extracts and indexes one uploaded knowledge file; a bad file ends as `failed` with its reason, not as a retry. */
export const processKnowledgeDocumentFunction = inngest.createFunction(
  { id: "process-knowledge-document", name: "Extract and index a knowledge file", triggers: [{ event: KNOWLEDGE_DOCUMENT_UPLOADED }] },
  async ({ event, step }) => {
    const { accountId, documentId } = eventData.parse(event.data);
    return step.run("extract and index", () => processKnowledgeDocument(getDb(), accountId, documentId));
  },
);
