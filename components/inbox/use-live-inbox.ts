"use client";

import { useQueryClient } from "@tanstack/react-query";
import * as React from "react";
import { z } from "zod";
import { useTRPC } from "@/components/providers/trpc-provider";
import { useRealtimeConnectionState, useRealtimeEvent, useRealtimeIdentity } from "@/components/realtime/realtime-provider";
import { realtimeChannels } from "@/lib/realtime/channels";
import { appendThreadMessage, threadHasMessage, threadQueryKey, toAttachments, useListRowPatcher, type ConversationRow } from "./inbox-data";
import { useInboxContext } from "./inbox-context";

const isoDate = z.iso.datetime().transform((value) => new Date(value));

/** conversation.updated on the account channel, and what a message changed in its conversation (lib/conversations/events.ts). */
const conversationChangeSchema = z.object({
  id: z.string(),
  status: z.enum(["open", "bot", "assigned", "pending", "resolved", "closed"]),
  priority: z.enum(["low", "medium", "high", "urgent"]),
  labels: z.array(z.string()),
  assigneeId: z.string().nullable(),
  teamId: z.string().nullable(),
  unreadCount: z.number(),
  lastMessageAt: isoDate,
  waitingSince: isoDate.nullable(),
});
type ConversationChange = z.infer<typeof conversationChangeSchema>;

const messageHeaderSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  direction: z.enum(["inbound", "outbound"]),
  senderType: z.enum(["contact", "agent", "bot", "system"]),
  senderName: z.string().nullable(),
  isPrivate: z.boolean(),
  deliveryStatus: z.enum(["pending", "sent", "delivered", "read", "failed"]),
  createdAt: isoDate,
});

/** message.created on the account channel: a header, a one-line preview and, when the message changed it, its conversation. */
const accountMessageSchema = messageHeaderSchema.extend({ preview: z.string(), conversation: conversationChangeSchema.optional() });

/** message.created on a conversation channel: the whole message, unless too large for one event. */
const threadMessageSchema = messageHeaderSchema.extend({
  attachments: z.unknown(),
  content: z.string().optional(),
  contentTruncated: z.boolean(),
});

/** Re-sorting and new rows come from a refetch, batched so a burst of events costs one request. */
const LIST_REFETCH_DELAY_MS = 400;

/**
 * Keeps the inbox live: rows of every cached list are patched at once from account
 * events (then the lists are refetched, batched, for order, filters and new rows), and
 * the open thread gets pushed messages appended. After a dropped connection everything
 * is refetched, since events sent meanwhile are lost.
 */
export function useLiveInbox(openConversationId: string | undefined) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { accountId } = useRealtimeIdentity();
  const { agentsById } = useInboxContext();
  const patchRows = useListRowPatcher();
  const refetchTimer = React.useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const refetchListsSoon = React.useCallback(() => {
    clearTimeout(refetchTimer.current);
    refetchTimer.current = setTimeout(() => {
      void queryClient.invalidateQueries({ queryKey: trpc.conversations.list.pathKey() });
    }, LIST_REFETCH_DELAY_MS);
  }, [queryClient, trpc]);
  React.useEffect(() => () => clearTimeout(refetchTimer.current), []);

  const accountChannel = realtimeChannels.account(accountId);

  // A conversation started by an agent (proactive chat); customers' new conversations arrive with their first message.
  useRealtimeEvent(accountChannel, "conversation.created", () => refetchListsSoon());

  /** Patches the row at once (order, filters and rows not yet listed come from the refetch) and refreshes the open conversation. */
  const applyConversationChange = (change: ConversationChange, patchRow: (row: ConversationRow) => ConversationRow = (row) => row) => {
    patchRows(change.id, (row) =>
      patchRow({
        ...row,
        status: change.status,
        priority: change.priority,
        labels: change.labels,
        assigneeId: change.assigneeId,
        assigneeName: change.assigneeId ? (agentsById.get(change.assigneeId)?.name ?? row.assigneeName) : null,
        teamId: change.teamId,
        unreadCount: change.unreadCount,
        lastMessageAt: change.lastMessageAt,
        waitingSince: change.waitingSince,
      }),
    );
    if (change.id === openConversationId) void queryClient.invalidateQueries({ queryKey: trpc.conversations.get.queryKey({ conversationId: change.id }) });
    refetchListsSoon();
  };

  useRealtimeEvent(accountChannel, "conversation.updated", (data: unknown) => {
    const parsed = conversationChangeSchema.safeParse(data);
    if (parsed.success) applyConversationChange(parsed.data);
  });

  useRealtimeEvent(accountChannel, "message.created", (data: unknown) => {
    const parsed = accountMessageSchema.safeParse(data);
    if (!parsed.success) return;
    const message = parsed.data;
    const showPreview = (row: ConversationRow): ConversationRow =>
      message.senderType === "system"
        ? row
        : { ...row, preview: message.preview, previewSenderType: message.senderType, previewIsPrivate: message.isPrivate, lastMessageAt: message.createdAt };
    if (message.conversation) applyConversationChange(message.conversation, showPreview);
    else patchRows(message.conversationId, showPreview);
    // The assistant's answers carry sources and feedback buttons, read from the accuracy log.
    if (message.senderType === "bot" && message.conversationId === openConversationId) {
      void queryClient.invalidateQueries({ queryKey: trpc.ai.conversationAnswers.queryKey({ conversationId: message.conversationId }) });
    }
    // Notes and system events never go on the conversation channel: fetch them for the open thread.
    if (message.conversationId === openConversationId && message.isPrivate && !threadHasMessage(queryClient, message.conversationId, message.id)) {
      void queryClient.invalidateQueries({ queryKey: threadQueryKey(message.conversationId) });
    }
  });

  useRealtimeEvent(openConversationId ? realtimeChannels.conversation(openConversationId) : null, "message.created", (data: unknown) => {
    const parsed = threadMessageSchema.safeParse(data);
    if (!parsed.success || parsed.data.conversationId !== openConversationId) return;
    const message = parsed.data;
    if (message.content === undefined || message.contentTruncated) {
      void queryClient.invalidateQueries({ queryKey: threadQueryKey(message.conversationId) });
      return;
    }
    appendThreadMessage(queryClient, message.conversationId, {
      id: message.id,
      direction: message.direction,
      senderType: message.senderType,
      senderName: message.senderName,
      isPrivate: message.isPrivate,
      content: message.content,
      attachments: toAttachments(message.attachments),
      deliveryStatus: message.deliveryStatus,
      deliveryError: null,
      createdAt: message.createdAt,
    });
  });

  const connection = useRealtimeConnectionState();
  const wasConnected = React.useRef(false);
  React.useEffect(() => {
    if (connection !== "connected") return;
    if (wasConnected.current) void queryClient.invalidateQueries();
    wasConnected.current = true;
  }, [connection, queryClient]);
}
