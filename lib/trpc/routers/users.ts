import { z } from "zod";
import { passwordSchema } from "@/lib/auth/password";
import { createMember, createUserInput, getMember, listMembers, resetMemberPassword, setMemberActive, setMemberRole } from "@/lib/users/users";
import { adminProcedure, createTRPCRouter, memberProcedure } from "../init";

const userIdInput = z.object({ userId: z.string().min(1, "userId is required.") });

export const usersRouter = createTRPCRouter({
  /** Everyone sees their colleagues (assignment pickers need them). */
  list: memberProcedure.query(({ ctx }) => listMembers(ctx.db, ctx.caller.accountId)),
  get: memberProcedure.input(userIdInput).query(({ ctx, input }) => getMember(ctx.db, ctx.caller.accountId, input.userId)),
  create: adminProcedure.input(createUserInput).mutation(({ ctx, input }) => createMember(ctx.db, ctx.caller.accountId, input)),
  setRole: adminProcedure
    .input(userIdInput.extend({ role: z.enum(["admin", "agent"]) }))
    .mutation(({ ctx, input }) => setMemberRole(ctx.db, ctx.caller.accountId, input.userId, input.role)),
  setActive: adminProcedure
    .input(userIdInput.extend({ active: z.boolean() }))
    .mutation(({ ctx, input }) => setMemberActive(ctx.db, ctx.caller.accountId, ctx.userId, input.userId, input.active)),
  resetPassword: adminProcedure
    .input(userIdInput.extend({ password: passwordSchema }))
    .mutation(({ ctx, input }) => resetMemberPassword(ctx.db, ctx.caller.accountId, input.userId, input.password)),
});
