"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { messageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc-provider";
import { toast } from "@/components/ui/use-toast";

/** Re-runs a run with the same event, announces it and refreshes the run list. */
export function useRerun(onStarted?: (newRunId: string) => void) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.workflows.rerun.mutationOptions({
      onSuccess: async ({ id }) => {
        await queryClient.invalidateQueries({ queryKey: trpc.workflows.listRuns.queryKey() });
        toast({ variant: "success", title: "Re-run started", description: `New run ${id} uses the same event.` });
        onStarted?.(id);
      },
      onError: (error) => toast({ variant: "destructive", title: "Could not re-run", description: messageOf(error) }),
    }),
  );
}
