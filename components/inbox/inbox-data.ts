"use client";

import { useInfiniteQuery, useQueryClient, type InfiniteData, type QueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import * as React from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import type { DeliveryStatus, MessageDirection, SenderType } from "@/lib/db/generated/enums";
import type { AppRouter } from "@/lib/trpc/root";
import type { InboxView } from "./inbox-url";

type Outputs = inferRouterOutputs<AppRouter>;
export type ConversationPage = Outputs["conversations"]["list"];
export type ConversationRow = ConversationPage["rows"][number];
export type ConversationDetail = Outputs["conversations"]["get"];
type ApiMessage = Outputs["conversations"]["messages"]["messages"][number];

const LIST_PAGE_SIZE = 25;
const THREAD_PAGE_SIZE = 40;

export interface Attachment {
  url: string;
  name?: string;
  contentType?: string;
  size?: number;
}

/** A message as the thread shows it, whether it came from a page query or a realtime push. */
export interface ThreadMessage {
  id: string;
  direction: MessageDirection;
  senderType: SenderType;
  senderName: string | null;
  isPrivate: boolean;
  content: string;
  attachments: Attachment[];
  deliveryStatus: DeliveryStatus;
  deliveryError: string | null;
  createdAt: Date;
}

export interface ThreadPage {
  messages: ThreadMessage[];
  olderCursor: string | null;
}

/** Attachments are JSON in the database and in pushes: keep only well-formed entries. */
export function toAttachments(value: unknown): Attachment[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item): Attachment[] => {
    if (!item || typeof item !== "object" || typeof (item as Attachment).url !== "string") return [];
    const { url, name, contentType, size } = item as Attachment;
    return [{ url, name: typeof name === "string" ? name : undefined, contentType: typeof contentType === "string" ? contentType : undefined, size: typeof size === "number" ? size : undefined }];
  });
}

export function toThreadMessage(message: ApiMessage): ThreadMessage {
  return {
    id: message.id,
    direction: message.direction,
    senderType: message.senderType,
    senderName: message.senderUser?.name ?? null,
    isPrivate: message.isPrivate,
    content: message.content,
    attachments: toAttachments(message.attachments),
    deliveryStatus: message.deliveryStatus,
    deliveryError: message.deliveryError,
    createdAt: message.createdAt,
  };
}

export function listInput(view: InboxView) {
  return {
    tab: view.tab,
    sort: view.sort,
    status: view.status,
    channelId: view.channelId,
    teamId: view.teamId,
    label: view.label,
    priority: view.priority,
    assigneeId: view.assigneeId,
    limit: LIST_PAGE_SIZE,
  };
}

export function useConversationList(view: InboxView) {
  const trpc = useTRPC();
  return useInfiniteQuery(
    trpc.conversations.list.infiniteQueryOptions(listInput(view), { getNextPageParam: (page) => page.nextCursor ?? undefined }),
  );
}

export const threadQueryKey = (conversationId: string) => ["inbox", "thread", conversationId] as const;

/** The thread, newest page first in `pages`; each page is in reading order. */
export function useThreadMessages(conversationId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useInfiniteQuery({
    queryKey: threadQueryKey(conversationId),
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }): Promise<ThreadPage> => {
      // Fetched through the tRPC client, cached only here (gcTime 0 drops the single-page copy).
      const page = await queryClient.fetchQuery({
        ...trpc.conversations.messages.queryOptions({ conversationId, before: pageParam, limit: THREAD_PAGE_SIZE }),
        staleTime: 0,
        gcTime: 0,
      });
      return { messages: page.messages.map(toThreadMessage), olderCursor: page.olderCursor };
    },
    getNextPageParam: (page) => page.olderCursor ?? undefined,
  });
}

/** Adds a message at the end of a loaded thread unless it is already there (a push after our own send). */
export function appendThreadMessage(queryClient: QueryClient, conversationId: string, message: ThreadMessage): void {
  queryClient.setQueryData<InfiniteData<ThreadPage, string | undefined>>(threadQueryKey(conversationId), (data) => {
    if (!data || data.pages.length === 0) return data;
    if (data.pages.some((page) => page.messages.some((known) => known.id === message.id))) return data;
    const [newest, ...older] = data.pages;
    return { ...data, pages: [{ ...newest!, messages: [...newest!.messages, message] }, ...older] };
  });
}

export function threadHasMessage(queryClient: QueryClient, conversationId: string, messageId: string): boolean {
  const data = queryClient.getQueryData<InfiniteData<ThreadPage>>(threadQueryKey(conversationId));
  return Boolean(data?.pages.some((page) => page.messages.some((message) => message.id === messageId)));
}

/** Applies a change to every cached list row of one conversation (all tabs and filters). */
export function useListRowPatcher() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return React.useCallback(
    (conversationId: string, patch: (row: ConversationRow) => ConversationRow) => {
      queryClient.setQueriesData<InfiniteData<ConversationPage>>({ queryKey: trpc.conversations.list.pathKey() }, (data) => {
        if (!data?.pages) return data;
        let changed = false;
        const pages = data.pages.map((page) => ({
          ...page,
          rows: page.rows.map((row) => {
            if (row.id !== conversationId) return row;
            changed = true;
            return patch(row);
          }),
        }));
        return changed ? { ...data, pages } : data;
      });
    },
    [queryClient, trpc],
  );
}

export function useInvalidateConversation() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return React.useCallback(
    (conversationId: string) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: trpc.conversations.get.queryKey({ conversationId }) }),
        queryClient.invalidateQueries({ queryKey: trpc.conversations.list.pathKey() }),
      ]),
    [queryClient, trpc],
  );
}
