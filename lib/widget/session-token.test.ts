import { SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { signWidgetToken, uploadProof, verifyWidgetToken, WIDGET_TOKEN_TTL_SECONDS } from "./session-token";

const claims = { sessionId: "cm0session000000000000001", channelId: "cm0channel000000000000001", accountId: "cm0account000000000000001" };

beforeAll(() => {
  process.env.AUTH_SECRET = "widget-token-test-secret-0123456789abcdef";
});

describe("widget session tokens", () => {
  it("verifies a token it signed and returns its claims", async () => {
    const { token, expiresAt } = await signWidgetToken(claims);
    expect(await verifyWidgetToken(token)).toEqual(claims);
    expect(expiresAt.getTime() - Date.now()).toBeGreaterThan((WIDGET_TOKEN_TTL_SECONDS - 5) * 1000);
  });

  it("refuses an expired token", async () => {
    const issued = new Date(Date.now() - (WIDGET_TOKEN_TTL_SECONDS + 60) * 1000);
    const { token } = await signWidgetToken(claims, issued);
    expect(await verifyWidgetToken(token)).toBeNull();
    expect(await verifyWidgetToken(token, new Date(issued.getTime() + 60_000))).toEqual(claims);
  });

  it("refuses a token whose payload was changed", async () => {
    const { token } = await signWidgetToken(claims);
    const [header, payload, signature] = token.split(".");
    const forged = JSON.parse(Buffer.from(payload!, "base64url").toString());
    forged.sub = "cm0session000000000000002";
    const tampered = `${header}.${Buffer.from(JSON.stringify(forged)).toString("base64url")}.${signature}`;
    expect(await verifyWidgetToken(tampered)).toBeNull();
    expect(await verifyWidgetToken(`${token.slice(0, -2)}xx`)).toBeNull();
    expect(await verifyWidgetToken("not-a-token")).toBeNull();
  });

  it("refuses a token signed with AUTH_SECRET itself or another secret", async () => {
    const payload = { cid: claims.channelId, aid: claims.accountId };
    const sign = (key: string) =>
      new SignJWT(payload).setProtectedHeader({ alg: "HS256" }).setSubject(claims.sessionId).setIssuer("switchboard").setAudience("switchboard-widget").setIssuedAt().setExpirationTime("10m").sign(new TextEncoder().encode(key));
    expect(await verifyWidgetToken(await sign(process.env.AUTH_SECRET!))).toBeNull();
    expect(await verifyWidgetToken(await sign("another-secret-0123456789abcdef-0123456789"))).toBeNull();
  });

  it("refuses every token once AUTH_SECRET changes", async () => {
    const { token } = await signWidgetToken(claims);
    const original = process.env.AUTH_SECRET;
    process.env.AUTH_SECRET = "a-rotated-secret-0123456789abcdef-0123456789";
    try {
      expect(await verifyWidgetToken(token)).toBeNull();
    } finally {
      process.env.AUTH_SECRET = original;
    }
  });

  it("binds upload proofs to the session and the file", () => {
    const proof = uploadProof(claims.sessionId, "cm0file0000000000000000001");
    expect(uploadProof(claims.sessionId, "cm0file0000000000000000001")).toBe(proof);
    expect(uploadProof("cm0session000000000000002", "cm0file0000000000000000001")).not.toBe(proof);
    expect(uploadProof(claims.sessionId, "cm0file0000000000000000002")).not.toBe(proof);
  });
});
