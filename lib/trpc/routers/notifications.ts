import { z } from "zod";
import {
  countUnreadNotifications,
  getNotificationPreferences,
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  NOTIFICATION_PAGE_MAX,
  setNotificationPreferences,
} from "@/lib/notifications/notifications";
import { notificationPreferencesSchema } from "@/lib/notifications/schema";
import { createTRPCRouter, memberProcedure } from "../init";

/** Every procedure acts on the caller's own notifications in the account they have open. */
const ownerOf = (ctx: { caller: { accountId: string; userId: string } }) => ({ accountId: ctx.caller.accountId, userId: ctx.caller.userId });

export const notificationsRouter = createTRPCRouter({
  list: memberProcedure
    .input(
      z.object({
        cursor: z.string().min(1).nullish(),
        limit: z.number().int().min(1).max(NOTIFICATION_PAGE_MAX).optional(),
      }),
    )
    .query(({ ctx, input }) => listNotifications(ctx.db, ownerOf(ctx), { cursor: input.cursor ?? undefined, limit: input.limit })),
  unreadCount: memberProcedure.query(({ ctx }) => countUnreadNotifications(ctx.db, ownerOf(ctx))),
  markRead: memberProcedure
    .input(z.object({ notificationId: z.string().min(1, "notificationId is required.") }))
    .mutation(({ ctx, input }) => markNotificationRead(ctx.db, ownerOf(ctx), input.notificationId)),
  markAllRead: memberProcedure.mutation(({ ctx }) => markAllNotificationsRead(ctx.db, ownerOf(ctx))),
  getPreferences: memberProcedure.query(({ ctx }) => getNotificationPreferences(ctx.db, ownerOf(ctx))),
  setPreferences: memberProcedure
    .input(notificationPreferencesSchema)
    .mutation(({ ctx, input }) => setNotificationPreferences(ctx.db, ownerOf(ctx), input)),
});
