"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { messageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc-provider";
import { ConfirmDeleteDialog } from "@/components/ui/confirm-delete-dialog";
import { toast } from "@/components/ui/use-toast";

/** Asks before deleting a knowledge document; the assistant stops citing it at once. */
export function DeleteDocumentDialog({ target, onClose, onDeleted }: { target: { id: string; title: string } | null; onClose: () => void; onDeleted?: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const remove = useMutation(
    trpc.knowledge.delete.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.knowledge.list.pathKey() });
        toast({ title: "Document deleted", description: `“${target?.title}” is no longer used in answers.` });
        onClose();
        onDeleted?.();
      },
    }),
  );
  return (
    <ConfirmDeleteDialog
      open={target !== null}
      title={<>Delete “{target?.title}”?</>}
      description="The document, its indexed text and any uploaded original are removed. Answers stop citing it, and its public page disappears."
      pending={remove.isPending}
      error={remove.error ? messageOf(remove.error) : null}
      onConfirm={() => target && remove.mutate({ id: target.id })}
      onClose={() => { remove.reset(); onClose(); }}
    />
  );
}
