import { z } from "zod";
import { testProviderConnection } from "@/lib/ai/provider-health";
import {
  aiSettingsInput,
  createProvider,
  deleteProvider,
  getAiSettings,
  listProviders,
  moveProvider,
  providerCreateInput,
  providerUpdateInput,
  setProviderActive,
  updateAiSettings,
  updateProvider,
} from "@/lib/ai/settings";
import { adminProcedure, createTRPCRouter } from "../init";

const idInput = z.object({ id: z.string().min(1, "id is required.") });

/**
 * The AI assistant's settings and providers: admins only, since they decide what
 * customers are told and hold the workspace's provider keys (which never come back out).
 */
export const aiSettingsRouter = createTRPCRouter({
  get: adminProcedure.query(({ ctx }) => getAiSettings(ctx.db, ctx.caller.accountId)),
  update: adminProcedure.input(aiSettingsInput).mutation(({ ctx, input }) => updateAiSettings(ctx.db, ctx.caller.accountId, input)),
  providers: adminProcedure.query(({ ctx }) => listProviders(ctx.db, ctx.caller.accountId)),
  createProvider: adminProcedure.input(providerCreateInput).mutation(({ ctx, input }) => createProvider(ctx.db, ctx.caller.accountId, input)),
  updateProvider: adminProcedure
    .input(idInput.extend({ patch: providerUpdateInput }))
    .mutation(({ ctx, input }) => updateProvider(ctx.db, ctx.caller.accountId, input.id, input.patch)),
  setProviderActive: adminProcedure
    .input(idInput.extend({ active: z.boolean() }))
    .mutation(({ ctx, input }) => setProviderActive(ctx.db, ctx.caller.accountId, input.id, input.active)),
  moveProvider: adminProcedure
    .input(idInput.extend({ direction: z.enum(["up", "down"]) }))
    .mutation(({ ctx, input }) => moveProvider(ctx.db, ctx.caller.accountId, input.id, input.direction)),
  deleteProvider: adminProcedure.input(idInput).mutation(({ ctx, input }) => deleteProvider(ctx.db, ctx.caller.accountId, input.id)),
  testProvider: adminProcedure.input(idInput).mutation(({ ctx, input }) => testProviderConnection(ctx.db, ctx.caller.accountId, input.id)),
});
