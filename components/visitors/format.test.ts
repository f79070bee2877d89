import { describe, expect, it } from "vitest";
import { formatTimeOnSite, visitorName } from "./format";

describe("formatTimeOnSite", () => {
  it("shows seconds, then minutes, then hours and minutes", () => {
    expect(formatTimeOnSite(-5_000)).toBe("0 s");
    expect(formatTimeOnSite(45_900)).toBe("45 s");
    expect(formatTimeOnSite(12 * 60_000 + 30_000)).toBe("12 min");
    expect(formatTimeOnSite(65 * 60_000)).toBe("1 h 05 min");
  });
});

describe("visitorName", () => {
  it("prefers the contact's name, then email, else calls them anonymous", () => {
    expect(visitorName({ contact: { id: "c", name: "Ada", email: "ada@example.com" } })).toBe("Ada");
    expect(visitorName({ contact: { id: "c", name: null, email: "ada@example.com" } })).toBe("ada@example.com");
    expect(visitorName({ contact: null })).toBe("Anonymous visitor");
  });
});
