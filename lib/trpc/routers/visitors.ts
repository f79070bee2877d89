import { listLiveVisitors } from "@/lib/widget/visitors";
import { proactiveChatInput, startProactiveChat } from "@/lib/widget/proactive";
import { createTRPCRouter, memberProcedure } from "../init";

/** Every member sees who is on the account's sites and may reach out to them. */
export const visitorsRouter = createTRPCRouter({
  live: memberProcedure.query(({ ctx }) => listLiveVisitors(ctx.db, ctx.caller.accountId)),
  startChat: memberProcedure.input(proactiveChatInput).mutation(({ ctx, input }) => startProactiveChat(ctx.db, ctx.caller.accountId, ctx.userId, input)),
});
