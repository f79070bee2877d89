import { searchConversations, searchInput } from "@/lib/search/search";
import { createTRPCRouter, memberProcedure } from "../init";

/** Every member searches the whole account's conversations, as the inbox's "All" tab shows them. */
export const searchRouter = createTRPCRouter({
  conversations: memberProcedure
    .input(searchInput)
    .query(({ ctx, input }) => searchConversations(ctx.db, ctx.caller.accountId, input.query, { limit: input.limit })),
});
