import { z } from "zod";
import {
  MAX_IMPORT_BYTES,
  cannedResponseInput,
  cannedResponseUpdate,
  createCannedResponse,
  deleteCannedResponse,
  importCannedResponses,
  listCannedInput,
  listCannedResponses,
  renderCannedResponseForConversation,
  updateCannedResponse,
} from "@/lib/canned/canned";
import { adminProcedure, createTRPCRouter, memberProcedure } from "../init";

const idInput = z.object({ id: z.string().min(1, "id is required.") });

const importInput = z.object({
  fileName: z.string().trim().min(1, "fileName is required.").max(255),
  /** The file's bytes, base64-encoded (JSON carries no binary). */
  contentBase64: z
    .string()
    .max(Math.ceil((MAX_IMPORT_BYTES * 4) / 3) + 4, `The file is larger than the ${MAX_IMPORT_BYTES / 1024 / 1024} MB import limit.`)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, "contentBase64 must be base64-encoded file content."),
});

/**
 * Canned responses are shared by the whole workspace: every member lists and renders
 * them in the composer; only admins create, edit, delete and import them, so the
 * team's wording stays curated.
 */
export const cannedRouter = createTRPCRouter({
  list: memberProcedure.input(listCannedInput.optional()).query(({ ctx, input }) => listCannedResponses(ctx.db, ctx.caller.accountId, input)),
  render: memberProcedure
    .input(z.object({ id: z.string().min(1, "id is required."), conversationId: z.string().min(1, "conversationId is required.") }))
    .query(({ ctx, input }) =>
      renderCannedResponseForConversation(ctx.db, ctx.caller.accountId, { cannedResponseId: input.id, conversationId: input.conversationId, agentUserId: ctx.userId }),
    ),
  create: adminProcedure.input(cannedResponseInput).mutation(({ ctx, input }) => createCannedResponse(ctx.db, ctx.caller.accountId, ctx.userId, input)),
  update: adminProcedure
    .input(idInput.extend({ patch: cannedResponseUpdate }))
    .mutation(({ ctx, input }) => updateCannedResponse(ctx.db, ctx.caller.accountId, input.id, input.patch)),
  delete: adminProcedure.input(idInput).mutation(({ ctx, input }) => deleteCannedResponse(ctx.db, ctx.caller.accountId, input.id)),
  import: adminProcedure
    .input(importInput)
    .mutation(({ ctx, input }) =>
      importCannedResponses(ctx.db, ctx.caller.accountId, { fileName: input.fileName, bytes: Buffer.from(input.contentBase64, "base64") }, ctx.userId),
    ),
});
