"use client";

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Bell, CheckCheck } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import * as React from "react";
import { formatRelativeTime } from "@/components/inbox/format";
import { useNow } from "@/components/inbox/inbox-context";
import { useTRPC } from "@/components/providers/trpc-provider";
import { useRealtimeEvent, useRealtimeIdentity } from "@/components/realtime/realtime-provider";
import { Button } from "@/components/ui/button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { Spinner } from "@/components/ui/spinner";
import { ToastAction } from "@/components/ui/toast";
import { toast } from "@/components/ui/use-toast";
import { defaultNotificationPreferences, notificationEventSchema, notificationHref } from "@/lib/notifications/schema";
import { realtimeChannels } from "@/lib/realtime/channels";
import { cn } from "@/lib/utils";
import { playNotificationChime } from "./chime";
import { showDesktopNotification, useDesktopNotificationPermission } from "./desktop";

const PAGE_SIZE = 20;

/** Badge text: the count, capped so the badge stays small. */
function badgeText(count: number): string {
  return count > 99 ? "99+" : String(count);
}

/**
 * Listens on the user's private channel: each `notification.created` refreshes the bell
 * and is announced as the user chose for that kind (toast, chime, desktop notification).
 */
function useLiveNotifications() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const { userId } = useRealtimeIdentity();
  const preferences = useQuery(trpc.notifications.getPreferences.queryOptions());

  useRealtimeEvent(realtimeChannels.user(userId), "notification.created", (data: unknown) => {
    void queryClient.invalidateQueries({ queryKey: trpc.notifications.pathKey() });
    const parsed = notificationEventSchema.safeParse(data);
    if (!parsed.success) return;
    const notification = parsed.data;
    const delivery = (preferences.data ?? defaultNotificationPreferences)[notification.type];
    const href = notificationHref(notification.conversationId);
    if (delivery.inApp) {
      toast({
        title: notification.title,
        description: notification.body,
        action: (
          <ToastAction altText="Open the conversation" onClick={() => router.push(href)}>
            Open
          </ToastAction>
        ),
      });
    }
    if (delivery.sound) playNotificationChime();
    if (delivery.desktop) showDesktopNotification({ title: notification.title, body: notification.body, href, tag: notification.id });
  });
}

/** The header's bell: unread count, the latest notifications, live announcements. */
export function NotificationBell() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const now = useNow();
  const [open, setOpen] = React.useState(false);
  const desktop = useDesktopNotificationPermission();
  useLiveNotifications();

  const unread = useQuery(trpc.notifications.unreadCount.queryOptions());
  const list = useInfiniteQuery({
    ...trpc.notifications.list.infiniteQueryOptions({ limit: PAGE_SIZE }, { getNextPageParam: (page) => page.nextCursor ?? undefined }),
    enabled: open,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.notifications.pathKey() });
  const markRead = useMutation(trpc.notifications.markRead.mutationOptions({ onSettled: refresh }));
  const markAllRead = useMutation(trpc.notifications.markAllRead.mutationOptions({ onSettled: refresh }));

  const unreadCount = unread.data ?? 0;
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <DropdownMenu open={open} onOpenChange={setOpen}>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="icon-sm" className="relative" aria-label={unreadCount ? `Notifications, ${unreadCount} unread` : "Notifications"}>
          <Bell aria-hidden />
          {unreadCount > 0 ? (
            <span
              aria-hidden
              className="absolute -top-0.5 -right-0.5 flex h-4 min-w-4 items-center justify-center rounded-full bg-destructive px-1 text-[10px] leading-none font-semibold text-white tabular-nums"
            >
              {badgeText(unreadCount)}
            </span>
          ) : null}
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="w-80 p-0 sm:w-96">
        <div className="flex items-center justify-between gap-2 px-3 py-2">
          <DropdownMenuLabel className="p-0 text-sm">Notifications</DropdownMenuLabel>
          <Button variant="ghost" size="sm" disabled={unreadCount === 0 || markAllRead.isPending} onClick={() => markAllRead.mutate()}>
            <CheckCheck aria-hidden />
            Mark all read
          </Button>
        </div>
        <DropdownMenuSeparator className="my-0" />
        <div className="max-h-96 overflow-y-auto p-1">
          {list.isPending ? (
            <div className="flex justify-center py-6" role="status" aria-label="Loading notifications">
              <Spinner />
            </div>
          ) : list.isError ? (
            <p className="px-3 py-6 text-center text-sm text-destructive">
              Could not load notifications.{" "}
              <button type="button" className="underline" onClick={() => void list.refetch()}>
                Try again
              </button>
            </p>
          ) : items.length === 0 ? (
            <p className="px-3 py-6 text-center text-sm text-muted-foreground">No notifications yet. Assignments and @mentions show up here.</p>
          ) : (
            items.map((notification) => (
              <DropdownMenuItem key={notification.id} asChild className="items-start gap-2 px-2 py-2">
                <Link
                  href={notificationHref(notification.conversationId)}
                  onClick={() => {
                    if (!notification.readAt) markRead.mutate({ notificationId: notification.id });
                  }}
                >
                  <span
                    aria-hidden
                    className={cn("mt-1.5 size-2 shrink-0 rounded-full", notification.readAt ? "bg-transparent" : "bg-primary")}
                  />
                  <span className="grid min-w-0 flex-1 gap-0.5">
                    <span className={cn("text-sm", notification.readAt ? "text-muted-foreground" : "font-medium")}>
                      {notification.title}
                      {notification.readAt ? null : <span className="sr-only"> (unread)</span>}
                    </span>
                    {notification.body ? <span className="line-clamp-2 text-xs text-muted-foreground">{notification.body}</span> : null}
                  </span>
                  <time dateTime={notification.createdAt.toISOString()} className="shrink-0 text-xs text-muted-foreground">
                    {formatRelativeTime(notification.createdAt, now)}
                  </time>
                </Link>
              </DropdownMenuItem>
            ))
          )}
          {list.hasNextPage ? (
            <Button
              variant="ghost"
              size="sm"
              className="w-full"
              disabled={list.isFetchingNextPage}
              onClick={() => void list.fetchNextPage()}
            >
              {list.isFetchingNextPage ? <Spinner size="sm" /> : null}
              Show older
            </Button>
          ) : null}
        </div>
        {desktop.permission === "default" ? (
          <>
            <DropdownMenuSeparator className="my-0" />
            <div className="p-2">
              <Button variant="outline" size="sm" className="w-full" onClick={() => void desktop.request()}>
                Enable desktop notifications
              </Button>
            </div>
          </>
        ) : null}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
