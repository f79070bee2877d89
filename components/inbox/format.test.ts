import { describe, expect, it } from "vitest";
import { formatRelativeTime, formatWaiting, initials, presenceOf, waitSeverity } from "./format";
import { activeFilterCount, inboxViewSearch, parseInboxView } from "./inbox-url";

const now = new Date("2030-03-10T12:00:00Z");
const ago = (ms: number) => new Date(now.getTime() - ms);
const MIN = 60_000;

describe("inbox formatting", () => {
  it("shows row ages coarsely", () => {
    expect(formatRelativeTime(ago(20_000), now)).toBe("now");
    expect(formatRelativeTime(ago(5 * MIN), now)).toBe("5 min");
    expect(formatRelativeTime(ago(3 * 60 * MIN + 5 * MIN), now)).toBe("3 h");
    expect(formatRelativeTime(ago(2 * 24 * 60 * MIN), now)).toBe("2 d");
    // A clock slightly ahead of the server never shows a negative age.
    expect(formatRelativeTime(new Date(now.getTime() + 5_000), now)).toBe("now");
  });

  it("states how long the customer has waited and how bad that is", () => {
    expect(formatWaiting(ago(30_000), now)).toBe("waiting <1 min");
    expect(formatWaiting(ago(12 * MIN), now)).toBe("waiting 12 min");
    expect(formatWaiting(ago(125 * MIN), now)).toBe("waiting 2 h 5 min");
    expect(formatWaiting(ago(120 * MIN), now)).toBe("waiting 2 h");
    expect(formatWaiting(ago(3 * 24 * 60 * MIN), now)).toBe("waiting 3 d");
    expect(waitSeverity(ago(4 * MIN), now)).toBe("ok");
    expect(waitSeverity(ago(10 * MIN), now)).toBe("warning");
    expect(waitSeverity(ago(16 * MIN), now)).toBe("late");
  });

  it("derives initials and presence", () => {
    expect(initials("Priya Patel")).toBe("PP");
    expect(initials("  cher ")).toBe("C");
    expect(initials("Mary Ann de la Cruz")).toBe("MC");
    expect(initials(null)).toBe("?");
    expect(presenceOf(true, "available")).toBe("online");
    expect(presenceOf(true, "break")).toBe("away");
    expect(presenceOf(false, "available")).toBe("offline");
  });
});

describe("inbox view in the URL", () => {
  it("round-trips a view and leaves defaults out", () => {
    const view = parseInboxView(new URLSearchParams("tab=mine&sort=priority&status=pending&channel=ch_1&label=vip&priority=urgent&c=conv_9"));
    expect(view).toEqual({
      tab: "mine",
      sort: "priority",
      status: "pending",
      channelId: "ch_1",
      teamId: undefined,
      label: "vip",
      priority: "urgent",
      assigneeId: undefined,
      conversationId: "conv_9",
    });
    expect(inboxViewSearch(view)).toBe("?tab=mine&sort=priority&status=pending&channel=ch_1&label=vip&priority=urgent&c=conv_9");
    expect(inboxViewSearch({ tab: "all", sort: "latest" })).toBe("");
    expect(activeFilterCount(view)).toBe(4);
  });

  it("ignores malformed values instead of failing", () => {
    const view = parseInboxView(new URLSearchParams("tab=everything&sort=random&status=lost&channel=<script>&priority=meh&c=a%20b"));
    expect(view).toEqual({ tab: "all", sort: "latest", status: undefined, channelId: undefined, teamId: undefined, label: undefined, priority: undefined, assigneeId: undefined, conversationId: undefined });
  });
});
