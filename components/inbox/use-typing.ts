"use client";

import * as React from "react";
import { z } from "zod";
import { useClientEventSender, useRealtimeEvent, useRealtimeIdentity } from "@/components/realtime/realtime-provider";
import { realtimeChannels } from "@/lib/realtime/channels";

export const TYPING_EVENT = "client-typing";
/** At most one typing event per this long while someone keeps typing. */
const SEND_EVERY_MS = 2_500;
/** A typer disappears this long after their last event. */
const SHOW_FOR_MS = 5_000;

const typingSchema = z.object({
  userId: z.string().max(64).optional(),
  name: z.string().max(100).optional(),
  senderType: z.enum(["agent", "contact"]).default("agent"),
});

export interface Typer {
  key: string;
  name: string;
}

/**
 * Typing indicators on the conversation's channel, both ways: `notifyTyping()` tells
 * others (throttled) that this agent types; `typers` lists who else does right now
 * (colleagues, or the customer when their client sends the same event).
 */
export function useTypingIndicator(conversationId: string) {
  const channelName = realtimeChannels.conversation(conversationId);
  const { userId, userName } = useRealtimeIdentity();
  const send = useClientEventSender(channelName);
  const lastSent = React.useRef(0);
  const [typers, setTypers] = React.useState<ReadonlyMap<string, { name: string; until: number }>>(new Map());

  const notifyTyping = React.useCallback(() => {
    const now = Date.now();
    if (now - lastSent.current < SEND_EVERY_MS) return;
    if (send(TYPING_EVENT, { userId, name: userName, senderType: "agent" })) lastSent.current = now;
  }, [send, userId, userName]);

  useRealtimeEvent(channelName, TYPING_EVENT, (data: unknown) => {
    const parsed = typingSchema.safeParse(data);
    if (!parsed.success || parsed.data.userId === userId) return;
    const { senderType, name } = parsed.data;
    const key = senderType === "contact" ? "contact" : (parsed.data.userId ?? name ?? "agent");
    // Colleagues by first name; the customer by full name, as the thread shows them.
    const label = senderType === "contact" ? name || "The customer" : (name?.split(/\s+/)[0] ?? "A colleague");
    setTypers((previous) => new Map(previous).set(key, { name: label, until: Date.now() + SHOW_FOR_MS }));
  });

  // Expire typers once their time is up.
  React.useEffect(() => {
    if (typers.size === 0) return;
    const nextExpiry = Math.min(...[...typers.values()].map((typer) => typer.until));
    const timer = setTimeout(() => {
      const now = Date.now();
      setTypers((previous) => new Map([...previous].filter(([, typer]) => typer.until > now)));
    }, Math.max(0, nextExpiry - Date.now()) + 50);
    return () => clearTimeout(timer);
  }, [typers]);

  // A different conversation starts with nobody typing.
  const [shownFor, setShownFor] = React.useState(conversationId);
  if (shownFor !== conversationId) {
    setShownFor(conversationId);
    setTypers(new Map());
  }

  return { notifyTyping, typers: [...typers].map(([key, typer]): Typer => ({ key, name: typer.name })) };
}

/** "Priya is typing…", "Priya and Sam are typing…". */
export function typingSentence(typers: readonly Typer[]): string | null {
  if (typers.length === 0) return null;
  const names = typers.map((typer) => typer.name);
  return names.length === 1 ? `${names[0]} is typing…` : `${names.slice(0, -1).join(", ")} and ${names.at(-1)} are typing…`;
}
