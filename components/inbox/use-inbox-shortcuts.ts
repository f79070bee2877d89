"use client";

import * as React from "react";
import type { ComposerMode } from "./composer";

export interface InboxShortcutHandlers {
  /** j (+1) / k (-1). */
  moveSelection(step: 1 | -1): void;
  /** r (reply) / n (note). */
  focusComposer(mode: ComposerMode): void;
  /** e */
  resolve(): void;
  /** a */
  openAssign(): void;
}

/**
 * Typing in a field, or working in an open menu, list box or dialog, must not trigger
 * single-key shortcuts. A closed select (a button) does not count, so the keys work
 * right after picking an assignee.
 */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  return Boolean(target.closest("input, textarea, select, [role=menu], [role=listbox], [role=dialog]"));
}

/**
 * The inbox's single-key shortcuts: j/k move in the list, r reply, n note, e resolve,
 * a assign. ⌘K stays the global command palette (no modifier combos are taken here).
 */
export function useInboxShortcuts(handlers: InboxShortcutHandlers): void {
  const onKeyDown = React.useEffectEvent((event: KeyboardEvent) => {
    if (event.defaultPrevented || event.metaKey || event.ctrlKey || event.altKey || (event.repeat && event.key !== "j" && event.key !== "k")) return;
    if (isTypingTarget(event.target)) return;
    const act: Record<string, () => void> = {
      j: () => handlers.moveSelection(1),
      k: () => handlers.moveSelection(-1),
      r: () => handlers.focusComposer("reply"),
      n: () => handlers.focusComposer("note"),
      e: () => handlers.resolve(),
      a: () => handlers.openAssign(),
    };
    const action = act[event.key];
    if (!action) return;
    // Keeps the letter out of the composer that r/n focus.
    event.preventDefault();
    action();
  });
  React.useEffect(() => {
    const listener = (event: KeyboardEvent) => onKeyDown(event);
    window.addEventListener("keydown", listener);
    return () => window.removeEventListener("keydown", listener);
  }, []);
}
