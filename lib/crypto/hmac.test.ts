import { describe, expect, it } from "vitest";
import { constantTimeEqual, hmacSha256Hex } from "./hmac";

describe("hmacSha256Hex", () => {
  it("matches RFC 4231 test case 2", () => {
    expect(hmacSha256Hex("Jefe", "what do ya want for nothing?")).toBe("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  });
});

describe("constantTimeEqual", () => {
  it("is true only for identical strings, whatever their lengths", () => {
    expect(constantTimeEqual("sha256=abc", "sha256=abc")).toBe(true);
    expect(constantTimeEqual("sha256=abc", "sha256=abd")).toBe(false);
    expect(constantTimeEqual("sha256=abc", "sha256=ab")).toBe(false);
    expect(constantTimeEqual("", "x")).toBe(false);
    expect(constantTimeEqual("", "")).toBe(true);
  });
});
