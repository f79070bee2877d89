import { describe, expect, it } from "vitest";

import {
  SHORTCUT_SEQUENCE_TIMEOUT_MS,
  activeNavHref,
  createShortcutMatcher,
  parseShortcut,
  visibleNavItems,
  type NavItem,
} from "./nav";

const items: NavItem[] = [
  { href: "/inbox", label: "Inbox", shortcut: "G I" },
  { href: "/tickets", label: "Tickets", shortcut: "g t" },
  { href: "/settings", label: "Settings", adminOnly: true, shortcut: "G S" },
  { href: "/settings/profile", label: "Profile" },
];

describe("visibleNavItems", () => {
  it("hides admin-only items from agents and shows them to admins", () => {
    expect(visibleNavItems(items, "agent").map((i) => i.href)).toEqual(["/inbox", "/tickets", "/settings/profile"]);
    expect(visibleNavItems(items, "admin")).toHaveLength(4);
  });
});

describe("activeNavHref", () => {
  it("matches exact paths and nested paths on segment boundaries", () => {
    expect(activeNavHref("/inbox", items)).toBe("/inbox");
    expect(activeNavHref("/tickets/42", items)).toBe("/tickets");
    expect(activeNavHref("/tickets-archive", items)).toBeUndefined();
  });

  it("prefers the longest matching href", () => {
    expect(activeNavHref("/settings/profile", items)).toBe("/settings/profile");
    expect(activeNavHref("/settings/channels", items)).toBe("/settings");
  });

  it("marks the root item active on the root page only", () => {
    const withRoot = [{ href: "/" }, ...items];
    expect(activeNavHref("/", withRoot)).toBe("/");
    expect(activeNavHref("/inbox/3", withRoot)).toBe("/inbox");
    expect(activeNavHref("/unknown", withRoot)).toBeUndefined();
  });

  it("treats a trailing slash in an href like none", () => {
    expect(activeNavHref("/inbox/7", [{ href: "/inbox/" }])).toBe("/inbox/");
  });
});

describe("parseShortcut", () => {
  it("splits on whitespace and lowercases", () => {
    expect(parseShortcut(" G  I ")).toEqual(["g", "i"]);
    expect(parseShortcut(undefined)).toEqual([]);
  });
});

describe("createShortcutMatcher", () => {
  it("returns the href once a sequence is completed, case-insensitively", () => {
    const feed = createShortcutMatcher(items);
    expect(feed("g", 0)).toBeUndefined();
    expect(feed("T", 100)).toBe("/tickets");
  });

  it("forgets keys after the timeout", () => {
    const feed = createShortcutMatcher(items);
    feed("g", 0);
    expect(feed("i", SHORTCUT_SEQUENCE_TIMEOUT_MS + 1)).toBeUndefined();
  });

  it("recovers after a wrong key and does not reuse keys of a completed sequence", () => {
    const feed = createShortcutMatcher(items);
    feed("x", 0);
    feed("g", 10);
    expect(feed("i", 20)).toBe("/inbox");
    expect(feed("i", 30)).toBeUndefined();
  });
});
