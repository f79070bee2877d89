import { z } from "zod";
import {
  channelNameInput,
  createWebChannel,
  getWebChannel,
  listChannels,
  rotateIdentitySecret,
  setChannelActive,
  updateWebChannel,
  webChannelUpdateInput,
} from "@/lib/widget/channel-admin";
import { adminProcedure, createTRPCRouter } from "../init";

const channelIdInput = z.object({ channelId: z.string().min(1, "channelId is required.") });

/**
 * Channel settings are the admin's: the list of every channel, and the website chat
 * editor. The identity secret is returned only by `rotateIdentitySecret`, once.
 */
export const webChannelsRouter = createTRPCRouter({
  list: adminProcedure.query(({ ctx }) => listChannels(ctx.db, ctx.caller.accountId)),
  get: adminProcedure.input(channelIdInput).query(({ ctx, input }) => getWebChannel(ctx.db, ctx.caller.accountId, input.channelId)),
  create: adminProcedure.input(z.object({ name: channelNameInput })).mutation(({ ctx, input }) => createWebChannel(ctx.db, ctx.caller.accountId, input)),
  update: adminProcedure
    .input(channelIdInput.extend(webChannelUpdateInput.shape))
    .mutation(({ ctx, input: { channelId, ...update } }) => updateWebChannel(ctx.db, ctx.caller.accountId, channelId, update)),
  setActive: adminProcedure
    .input(channelIdInput.extend({ active: z.boolean() }))
    .mutation(({ ctx, input }) => setChannelActive(ctx.db, ctx.caller.accountId, ctx.userId, input.channelId, input.active)),
  rotateIdentitySecret: adminProcedure
    .input(channelIdInput)
    .mutation(({ ctx, input }) => rotateIdentitySecret(ctx.db, ctx.caller.accountId, ctx.userId, input.channelId)),
});
