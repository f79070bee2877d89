import { z } from "zod";
import { feedbackInput, interactionFilters, listAiInteractions, listConversationAnswers, periodInput, setAnswerFeedback, summarizeAiAnswers } from "@/lib/ai/accuracy";
import { setAiPaused } from "@/lib/conversations/actions";
import { adminProcedure, createTRPCRouter, memberProcedure } from "../init";

const conversationInput = z.object({ conversationId: z.string().trim().min(1, "conversationId is required.").max(64, "conversationId is not a valid id.") });

/**
 * The assistant as agents and admins steer it: pause and resume it on a conversation,
 * mark its answers good or bad from the thread (any member), and read the accuracy log
 * and its summary (admins).
 */
export const aiRouter = createTRPCRouter({
  pause: memberProcedure.input(conversationInput).mutation(({ ctx, input }) => setAiPaused(ctx.db, ctx.caller.accountId, ctx.userId, input.conversationId, true)),
  resume: memberProcedure.input(conversationInput).mutation(({ ctx, input }) => setAiPaused(ctx.db, ctx.caller.accountId, ctx.userId, input.conversationId, false)),
  conversationAnswers: memberProcedure.input(conversationInput).query(({ ctx, input }) => listConversationAnswers(ctx.db, ctx.caller.accountId, input.conversationId)),
  setFeedback: memberProcedure.input(feedbackInput).mutation(({ ctx, input }) => setAnswerFeedback(ctx.db, ctx.caller.accountId, ctx.userId, input)),
  interactions: adminProcedure.input(interactionFilters).query(({ ctx, input }) => listAiInteractions(ctx.db, ctx.caller.accountId, input)),
  summary: adminProcedure.input(periodInput).query(({ ctx, input }) => summarizeAiAnswers(ctx.db, ctx.caller.accountId, input)),
});
