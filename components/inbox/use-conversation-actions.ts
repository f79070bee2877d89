"use client";

import { useMutation } from "@tanstack/react-query";
import { messageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc-provider";
import { toast } from "@/components/ui/use-toast";
import type { ConversationStatus } from "@/lib/db/generated/enums";
import { statusLabels } from "./format";
import { useInboxContext } from "./inbox-context";
import { useInvalidateConversation, useListRowPatcher } from "./inbox-data";

interface ChangedConversation {
  id: string;
  status: ConversationStatus;
  priority: "low" | "medium" | "high" | "urgent";
  labels: string[];
  assigneeId: string | null;
  teamId: string | null;
  unreadCount: number;
  waitingSince: Date | null;
}

/**
 * The side panel's and the keyboard's actions on one conversation. Each updates the list
 * rows at once from the returned conversation, refetches the details, and says what
 * happened (or why not) in a toast.
 */
export function useConversationActions() {
  const trpc = useTRPC();
  const { agentsById } = useInboxContext();
  const patchRows = useListRowPatcher();
  const invalidate = useInvalidateConversation();

  const applied = (conversation: ChangedConversation) => {
    patchRows(conversation.id, (row) => ({
      ...row,
      status: conversation.status,
      priority: conversation.priority,
      labels: conversation.labels,
      assigneeId: conversation.assigneeId,
      assigneeName: conversation.assigneeId ? (agentsById.get(conversation.assigneeId)?.name ?? row.assigneeName) : null,
      teamId: conversation.teamId,
      unreadCount: conversation.unreadCount,
      waitingSince: conversation.waitingSince,
    }));
    return invalidate(conversation.id);
  };
  const failed = (title: string) => (error: unknown) => toast({ variant: "destructive", title, description: messageOf(error) });

  const assign = useMutation(
    trpc.conversations.assign.mutationOptions({
      onSuccess: async ({ conversation, warning }) => {
        await applied(conversation);
        const name = conversation.assigneeId ? (agentsById.get(conversation.assigneeId)?.name ?? "the agent") : "the agent";
        toast(warning ? { title: `Assigned to ${name}, but…`, description: warning } : { variant: "success", title: `Assigned to ${name}` });
      },
      onError: failed("Not assigned"),
    }),
  );
  const unassign = useMutation(
    trpc.conversations.unassign.mutationOptions({
      onSuccess: async (conversation) => {
        await applied(conversation);
        toast({ title: "Unassigned", description: "The conversation is back in the queue." });
      },
      onError: failed("Not unassigned"),
    }),
  );
  const transfer = useMutation(
    trpc.conversations.transfer.mutationOptions({
      onSuccess: async ({ conversation, warning }) => {
        await applied(conversation);
        if (warning) toast({ title: "Transferred, but…", description: warning });
      },
      onError: failed("Not transferred"),
    }),
  );
  const setLabels = useMutation(trpc.conversations.setLabels.mutationOptions({ onSuccess: applied, onError: failed("Labels not saved") }));
  const setPriority = useMutation(trpc.conversations.setPriority.mutationOptions({ onSuccess: applied, onError: failed("Priority not changed") }));
  const changeStatus = useMutation(
    trpc.conversations.changeStatus.mutationOptions({
      onSuccess: async (conversation) => {
        await applied(conversation);
        toast({ variant: "success", title: `Conversation ${statusLabels[conversation.status].toLowerCase()}` });
      },
      onError: failed("Status not changed"),
    }),
  );
  return { assign, unassign, transfer, setLabels, setPriority, changeStatus };
}

export type ConversationActions = ReturnType<typeof useConversationActions>;
