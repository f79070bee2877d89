import { describe, expect, it } from "vitest";
import { compileAutoReplies, type AutoReplyCandidate } from "./auto-reply";

const reply = (shortcut: string, title: string, keywords: string[]): AutoReplyCandidate => ({ id: shortcut, shortcut, title, content: `${title}.`, keywords });

const matcher = compileAutoReplies([
  reply("tracking", "Where is my order", ["where is my order", "track my order", "tracking number"]),
  reply("password", "Password reset", ["reset password", "forgot password", "can't log in"]),
  reply("hours", "Support hours", ["opening hours", "are you open"]),
]);

describe("auto-reply matching", () => {
  it("matches exactly, ignoring case, accents and punctuation", () => {
    expect(matcher.match("Where is my order??")).toMatchObject({ reply: { shortcut: "tracking" }, kind: "exact", score: 1 });
    expect(matcher.match("Support hours")).toMatchObject({ reply: { shortcut: "hours" }, kind: "exact" });
    expect(matcher.match("CAN’T LOG IN")).toMatchObject({ reply: { shortcut: "password" }, kind: "exact" });
  });

  it("matches a keyword inside a short message", () => {
    expect(matcher.match("Hi, I forgot password, help")).toMatchObject({ reply: { shortcut: "password" }, kind: "partial", matched: "forgot password" });
    expect(matcher.match("what are your opening hours?")).toMatchObject({ reply: { shortcut: "hours" }, kind: "partial" });
  });

  it("matches every content word of a keyword in any order", () => {
    expect(matcher.match("How can I track an order?")).toMatchObject({ reply: { shortcut: "tracking" }, kind: "keyword", matched: "track my order" });
    expect(matcher.match("reset my password please")).toMatchObject({ reply: { shortcut: "password" }, kind: "keyword" });
  });

  it("leaves long messages that mention a keyword in passing, and unrelated ones, to the AI", () => {
    expect(
      matcher.match("I have my tracking number but the carrier says the parcel was delivered to a neighbour I have never heard of and I need you to investigate"),
    ).toBeNull();
    expect(matcher.match("Do you ship to Canada?")).toBeNull();
    expect(matcher.match("  ")).toBeNull();
    expect(compileAutoReplies([]).match("where is my order")).toBeNull();
  });
});
