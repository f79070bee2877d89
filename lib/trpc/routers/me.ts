import { listUserAccounts } from "@/lib/auth/membership";
import { changeOwnPassword, changePasswordInput, getProfile } from "@/lib/users/users";
import { createTRPCRouter, memberProcedure } from "../init";

export const meRouter = createTRPCRouter({
  get: memberProcedure.query(async ({ ctx }) => ({
    ...(await getProfile(ctx.db, ctx.userId)),
    accountId: ctx.caller.accountId,
    role: ctx.caller.role,
  })),
  accounts: memberProcedure.query(({ ctx }) => listUserAccounts(ctx.db, ctx.userId)),
  changePassword: memberProcedure.input(changePasswordInput).mutation(({ ctx, input }) => changeOwnPassword(ctx.db, ctx.userId, input)),
});
