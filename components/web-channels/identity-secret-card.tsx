"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { KeyRound, RefreshCw, TriangleAlert } from "lucide-react";
import { useState } from "react";
import { messageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { toast } from "@/components/ui/use-toast";
import type { IdentitySecretState } from "@/lib/widget/channel-admin";
import { CodeBlock } from "./code-block";
import { CopyButton } from "./copy-button";

const HASH_EXAMPLE = `// On your server, for the signed-in user (Node.js):
import { createHmac } from "node:crypto";
const hash = createHmac("sha256", process.env.SWITCHBOARD_IDENTITY_SECRET)
  .update(String(user.id))
  .digest("hex");

// In the page, after the widget script:
Switchboard.identify({ id: "<user id>", name: "<name>", email: "<email>", hash: "<hash>" });`;

const TOKEN_EXAMPLE = `// Or mint a short-lived JWT (HS256, at most 1 hour) with the same secret:
import { SignJWT } from "jose";
const token = await new SignJWT({ name: user.name, email: user.email })
  .setProtectedHeader({ alg: "HS256" })
  .setSubject(String(user.id))
  .setExpirationTime("15m")
  .sign(new TextEncoder().encode(process.env.SWITCHBOARD_IDENTITY_SECRET));

Switchboard.identify({ token });`;

interface IdentitySecretCardProps {
  channelId: string;
  state: IdentitySecretState;
}

/**
 * The secret a host site signs its users' identities with. It is shown in full only in
 * the answer to generating it; afterwards the server reports just its last characters.
 */
export function IdentitySecretCard({ channelId, state }: IdentitySecretCardProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const [revealed, setRevealed] = useState<string | null>(null);
  const rotate = useMutation(
    trpc.webChannels.rotateIdentitySecret.mutationOptions({
      onSuccess: async ({ secret, identitySecret }) => {
        setRevealed(secret);
        setConfirming(false);
        queryClient.setQueryData(trpc.webChannels.get.queryKey({ channelId }), (channel) => (channel ? { ...channel, identitySecret } : channel));
        await queryClient.invalidateQueries({ queryKey: trpc.webChannels.list.queryKey() });
        toast({ variant: "success", title: state.set ? "Identity secret rotated" : "Identity secret generated", description: "Copy it now: it is shown only once." });
      },
      onError: (error) => toast({ variant: "destructive", title: "No new secret", description: messageOf(error) }),
    }),
  );

  return (
    <Card>
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <KeyRound className="size-4" /> Identity secret
        </CardTitle>
        <CardDescription>Lets your site tell the widget who a signed-in visitor is, so their conversations carry a verified identity.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <p className="flex items-center gap-2 text-sm" data-testid="identity-secret-state">
            {state.set ? (
              <>
                <Badge variant="success">Set</Badge>
                <span className="text-muted-foreground">
                  ends in <span className="font-mono text-foreground">…{state.lastFour}</span>
                </span>
              </>
            ) : (
              <Badge variant="outline">Not set</Badge>
            )}
          </p>
          <Button variant={state.set ? "outline" : "default"} onClick={() => (state.set ? setConfirming(true) : rotate.mutate({ channelId }))} disabled={rotate.isPending}>
            {rotate.isPending ? <Spinner size="sm" /> : state.set ? <RefreshCw /> : <KeyRound />}
            {state.set ? "Rotate secret" : "Generate secret"}
          </Button>
        </div>

        {revealed ? (
          <Alert variant="warning">
            <TriangleAlert />
            <AlertTitle>Copy the secret now: it will not be shown again</AlertTitle>
            <AlertDescription className="grid gap-2">
              <p>Keep it on your server (for example as SWITCHBOARD_IDENTITY_SECRET). Never put it in a page or an app.</p>
              <div className="flex gap-2">
                <Input readOnly value={revealed} aria-label="New identity secret" className="font-mono text-xs" onFocus={(event) => event.currentTarget.select()} />
                <CopyButton value={revealed} what="identity secret" />
              </div>
              <Button variant="ghost" size="sm" className="justify-self-start" onClick={() => setRevealed(null)}>
                I have stored it, hide it
              </Button>
            </AlertDescription>
          </Alert>
        ) : null}

        <div className="grid gap-2 text-sm">
          <p>
            Your server computes <code className="rounded bg-muted px-1 font-mono text-[13px]">hash = HMAC-SHA256(user id, secret)</code> as hex and the page passes it
            with the user id. Only the id is proven this way; name and email are taken as given, so to prove them too, sign them in a JWT instead.
          </p>
          <CodeBlock code={HASH_EXAMPLE} label="Identify with a hash" />
          <CodeBlock code={TOKEN_EXAMPLE} label="Identify with a JWT" />
          <p className="text-muted-foreground">
            Rotating the secret makes every hash and token signed with the old one fail at once: update your server right after.
          </p>
        </div>
      </CardContent>

      <Dialog open={confirming} onOpenChange={setConfirming}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Rotate the identity secret?</DialogTitle>
            <DialogDescription>
              The current secret (…{state.lastFour}) stops working immediately. Visitors your site identifies with it are refused until your server signs
              with the new one.
            </DialogDescription>
          </DialogHeader>
          {rotate.error ? <p role="alert" className="text-sm text-destructive">{messageOf(rotate.error)}</p> : null}
          <DialogFooter>
            <Button variant="outline" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
            <Button variant="destructive" onClick={() => rotate.mutate({ channelId })} disabled={rotate.isPending}>
              {rotate.isPending ? <Spinner size="sm" /> : null}
              Rotate secret
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </Card>
  );
}
