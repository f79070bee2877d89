"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { messageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Spinner } from "@/components/ui/spinner";
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
    <Dialog open={target !== null} onOpenChange={(open) => { if (!open) { remove.reset(); onClose(); } }}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Delete “{target?.title}”?</DialogTitle>
          <DialogDescription>The document, its indexed text and any uploaded original are removed. Answers stop citing it, and its public page disappears.</DialogDescription>
        </DialogHeader>
        {remove.error ? <p role="alert" className="text-sm text-destructive">{messageOf(remove.error)}</p> : null}
        <DialogFooter>
          <Button type="button" variant="outline" onClick={onClose}>Cancel</Button>
          <Button type="button" variant="destructive" disabled={remove.isPending} onClick={() => target && remove.mutate({ id: target.id })}>
            {remove.isPending ? <Spinner size="sm" /> : null}
            Delete
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
