"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Merge } from "lucide-react";
import * as React from "react";
import { messageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Spinner } from "@/components/ui/spinner";
import { toast } from "@/components/ui/use-toast";
import { threadQueryKey, useInvalidateConversation } from "./inbox-data";

interface MergeConversationButtonProps {
  /** The open conversation, which keeps everything. */
  conversationId: string;
  /** The earlier conversation of the same contact that is merged into it. */
  mergeId: string;
  mergeTitle: string;
  disabledReason: string | null;
}

/**
 * "Merge into this conversation" for one previous conversation: asks first, then moves its
 * messages into the open one (which the server closes and marks as merged) and refreshes
 * the thread, the details and the list.
 */
export function MergeConversationButton({ conversationId, mergeId, mergeTitle, disabledReason }: MergeConversationButtonProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const invalidate = useInvalidateConversation();
  const [open, setOpen] = React.useState(false);
  const merge = useMutation(
    trpc.contacts.mergeConversations.mutationOptions({
      onSuccess: async ({ movedMessages }) => {
        setOpen(false);
        toast({
          variant: "success",
          title: "Conversations merged",
          description: `${movedMessages} message${movedMessages === 1 ? "" : "s"} moved into this conversation.`,
        });
        await Promise.all([
          invalidate(conversationId),
          invalidate(mergeId),
          queryClient.invalidateQueries({ queryKey: threadQueryKey(conversationId) }),
          queryClient.invalidateQueries({ queryKey: threadQueryKey(mergeId) }),
        ]);
      },
      onError: (error) => toast({ variant: "destructive", title: "Not merged", description: messageOf(error) }),
    }),
  );

  return (
    <>
      <Button
        type="button"
        variant="ghost"
        size="icon-sm"
        className="shrink-0"
        aria-label={`Merge “${mergeTitle}” into this conversation`}
        title={disabledReason ?? "Merge into this conversation"}
        disabled={Boolean(disabledReason)}
        onClick={() => setOpen(true)}
      >
        <Merge aria-hidden />
      </Button>
      <Dialog open={open} onOpenChange={(next) => !merge.isPending && setOpen(next)}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Merge into this conversation?</DialogTitle>
            <DialogDescription>
              All messages of “{mergeTitle}” move into this conversation, which keeps the labels of both. “{mergeTitle}” is then closed and
              points here. This cannot be undone.
            </DialogDescription>
          </DialogHeader>
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" variant="outline" disabled={merge.isPending}>
                Cancel
              </Button>
            </DialogClose>
            <Button type="button" disabled={merge.isPending} onClick={() => merge.mutate({ keepId: conversationId, mergeId })}>
              {merge.isPending ? <Spinner size="sm" /> : <Merge aria-hidden />}
              Merge
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </>
  );
}
