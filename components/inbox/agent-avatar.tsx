"use client";

import { useOnlineMembers } from "@/components/realtime/realtime-provider";
import { Avatar, AvatarFallback, AvatarImage } from "@/components/ui/avatar";
import { cn } from "@/lib/utils";
import { agentStatusPhrases, initials, presenceOf, type Presence } from "./format";
import { useInboxContext } from "./inbox-context";

const presenceDot: Record<Presence, string> = {
  online: "bg-success",
  away: "bg-warning",
  offline: "bg-muted-foreground/50",
};

const presenceWords: Record<Presence, string> = { online: "online", away: "away", offline: "offline" };

/** Online (connected and available), away (connected, another status) or offline, from the presence channel. */
export function useAgentPresence(userId: string): Presence {
  const online = useOnlineMembers();
  const { agentsById } = useInboxContext();
  return presenceOf(online.has(userId), agentsById.get(userId)?.status);
}

export function PresenceDot({ presence, className }: { presence: Presence; className?: string }) {
  return <span aria-hidden className={cn("inline-block size-2 rounded-full ring-2 ring-background", presenceDot[presence], className)} />;
}

/** An agent's avatar with a presence dot; the title and screen-reader text say who and how available. */
export function AgentAvatar({ userId, name, className }: { userId: string; name: string; className?: string }) {
  const presence = useAgentPresence(userId);
  const { agentsById } = useInboxContext();
  const agent = agentsById.get(userId);
  const description = `${name}, ${presenceWords[presence]}${agent ? ` (${agentStatusPhrases[agent.status]})` : ""}`;
  return (
    <span className="relative inline-flex shrink-0" title={description} data-presence={presence}>
      <Avatar className={cn("size-6", className)}>
        {agent?.avatarUrl ? <AvatarImage src={agent.avatarUrl} alt="" /> : null}
        <AvatarFallback className="text-[10px]">{initials(name)}</AvatarFallback>
      </Avatar>
      <PresenceDot presence={presence} className="absolute -right-0.5 -bottom-0.5" />
      <span className="sr-only">{description}</span>
    </span>
  );
}
