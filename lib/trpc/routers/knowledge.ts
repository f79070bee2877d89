import { z } from "zod";
import {
  articleInput,
  createArticle,
  deleteKnowledgeDocument,
  documentPatch,
  getKnowledgeDocument,
  listDocumentsInput,
  listKnowledgeDocuments,
  reprocessKnowledgeDocument,
  updateKnowledgeDocument,
} from "@/lib/knowledge/documents";
import { createTRPCRouter, memberProcedure } from "../init";

const idInput = z.object({ id: z.string().min(1, "id is required.") });

/**
 * The knowledge base is curated by the whole support team: agents meet the gaps in it
 * first, so every member reads, writes, uploads and deletes (as in most help desks).
 */
export const knowledgeRouter = createTRPCRouter({
  list: memberProcedure.input(listDocumentsInput.optional()).query(({ ctx, input }) => listKnowledgeDocuments(ctx.db, ctx.caller.accountId, input)),
  get: memberProcedure.input(idInput).query(({ ctx, input }) => getKnowledgeDocument(ctx.db, ctx.caller.accountId, input.id)),
  createArticle: memberProcedure.input(articleInput).mutation(({ ctx, input }) => createArticle(ctx.db, ctx.caller.accountId, input)),
  update: memberProcedure
    .input(idInput.extend({ patch: documentPatch }))
    .mutation(({ ctx, input }) => updateKnowledgeDocument(ctx.db, ctx.caller.accountId, input.id, input.patch)),
  delete: memberProcedure.input(idInput).mutation(({ ctx, input }) => deleteKnowledgeDocument(ctx.db, ctx.caller.accountId, input.id)),
  reprocess: memberProcedure.input(idInput).mutation(({ ctx, input }) => reprocessKnowledgeDocument(ctx.db, ctx.caller.accountId, input.id)),
});
