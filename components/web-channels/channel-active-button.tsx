"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Power, PowerOff } from "lucide-react";
import { useState } from "react";
import { messageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Spinner } from "@/components/ui/spinner";
import { toast } from "@/components/ui/use-toast";

/** Deactivates a channel after a confirmation, or reactivates it at once. */
export function ChannelActiveButton({ channel }: { channel: { id: string; name: string; active: boolean } }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const setActive = useMutation(
    trpc.webChannels.setActive.mutationOptions({
      onSuccess: async (updated) => {
        setConfirming(false);
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.webChannels.list.queryKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.webChannels.get.queryKey({ channelId: updated.id }) }),
        ]);
        toast({
          variant: "success",
          title: updated.active ? "Channel reactivated" : "Channel deactivated",
          description: updated.active ? `"${updated.name}" takes messages again.` : `"${updated.name}" takes no new messages; its conversations stay in the inbox.`,
        });
      },
      onError: (error) => toast({ variant: "destructive", title: "Not changed", description: messageOf(error) }),
    }),
  );

  if (!channel.active) {
    return (
      <Button size="sm" variant="outline" onClick={() => setActive.mutate({ channelId: channel.id, active: true })} disabled={setActive.isPending}>
        {setActive.isPending ? <Spinner size="sm" /> : <Power />}
        Reactivate
      </Button>
    );
  }
  return (
    <>
      <Button size="sm" variant="outline" onClick={() => setConfirming(true)}>
        <PowerOff /> Deactivate
      </Button>
      <Dialog open={confirming} onOpenChange={setConfirming}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Deactivate &ldquo;{channel.name}&rdquo;?</DialogTitle>
            <DialogDescription>
              It stops taking new messages (a website chat disappears from your site). Existing conversations stay in the inbox, and you can reactivate it
              any time.
            </DialogDescription>
          </DialogHeader>
          <DialogFooter>
            <Button variant="outline" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
            <Button variant="destructive" onClick={() => setActive.mutate({ channelId: channel.id, active: false })} disabled={setActive.isPending}>
              {setActive.isPending ? <Spinner size="sm" /> : null}
              Deactivate
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </>
  );
}
