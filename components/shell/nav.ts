import type * as React from "react";

export type ShellRole = "admin" | "agent";

export interface NavItem {
  href: string;
  label: string;
  /** An icon element, e.g. `<Inbox />`; elements (unlike components) can be passed from a server layout. */
  icon?: React.ReactNode;
  /** Hidden from agents. */
  adminOnly?: boolean;
  /** Keys pressed one after another, separated by spaces, e.g. "G I". Shown in the UI and bound globally. */
  shortcut?: string;
}

export interface ShellUser {
  name: string;
  email: string;
  role: ShellRole;
  image?: string | null;
}

export function visibleNavItems(items: readonly NavItem[], role: ShellRole): NavItem[] {
  return items.filter((item) => role === "admin" || !item.adminOnly);
}

/**
 * The href of the item the pathname belongs to: an exact match or the longest prefix
 * ending at a path segment, so "/settings/profile" picks "/settings/profile" over
 * "/settings", and "/tickets-archive" does not match "/tickets".
 */
export function activeNavHref(pathname: string, items: readonly Pick<NavItem, "href">[]): string | undefined {
  let best: string | undefined;
  for (const { href } of items) {
    const base = href.length > 1 ? href.replace(/\/+$/, "") : href;
    // The root item ("/") is only active on the root page, not as everyone's prefix.
    const matches = pathname === base || (base !== "/" && pathname.startsWith(`${base}/`));
    if (matches && (best === undefined || base.length > best.length)) best = href;
  }
  return best;
}

/** "G I" → ["g", "i"]; returns [] for an empty or missing shortcut. */
export function parseShortcut(shortcut: string | undefined): string[] {
  return (shortcut ?? "").trim().split(/\s+/).filter(Boolean).map((key) => key.toLowerCase());
}

/** Longest gap allowed between two keys of one sequence. */
export const SHORTCUT_SEQUENCE_TIMEOUT_MS = 1000;

/**
 * Matches typed keys against the items' shortcut sequences. Feed each key press with its
 * timestamp; returns the href whose sequence was just completed, if any.
 */
export function createShortcutMatcher(items: readonly NavItem[]): (key: string, timeMs: number) => string | undefined {
  const sequences = items
    .map((item) => ({ href: item.href, keys: parseShortcut(item.shortcut) }))
    .filter((s) => s.keys.length > 0);
  const longest = Math.max(0, ...sequences.map((s) => s.keys.length));
  let typed: string[] = [];
  let lastTime = -Infinity;

  return (key, timeMs) => {
    if (timeMs - lastTime > SHORTCUT_SEQUENCE_TIMEOUT_MS) typed = [];
    lastTime = timeMs;
    typed = [...typed, key.toLowerCase()].slice(-longest);
    const hit = sequences.find(
      (s) => s.keys.length <= typed.length && s.keys.every((k, i) => typed[typed.length - s.keys.length + i] === k),
    );
    if (hit) typed = [];
    return hit?.href;
  };
}
