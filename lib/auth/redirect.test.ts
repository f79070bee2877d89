import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "./redirect";

describe("safeCallbackPath", () => {
  it("keeps same-site paths and reduces absolute URLs to their path", () => {
    expect(safeCallbackPath("/settings/users?tab=1")).toBe("/settings/users?tab=1");
    expect(safeCallbackPath("http://localhost:3000/settings/users")).toBe("/settings/users");
    expect(safeCallbackPath("https://evil.example/steal")).toBe("/steal");
  });

  it("falls back to the home page for anything else", () => {
    for (const value of [undefined, "", 42, "//evil.example", "/login?callbackUrl=/x"]) expect(safeCallbackPath(value)).toBe("/");
  });
});
