import { describe, expect, it } from "vitest";
import { isHexColour, readableTextOn } from "./theme";

describe("readableTextOn", () => {
  it("puts white text on dark brand colours and dark text on light ones", () => {
    expect(readableTextOn("#4f46e5")).toBe("#ffffff");
    expect(readableTextOn("#1f6f4a")).toBe("#ffffff");
    expect(readableTextOn("#facc15")).toBe("#111827");
    expect(readableTextOn("#FFFFFF")).toBe("#111827");
  });

  it("falls back to white while the colour is not a full hex value", () => {
    expect(isHexColour("#12")).toBe(false);
    expect(readableTextOn("#12")).toBe("#ffffff");
  });
});
