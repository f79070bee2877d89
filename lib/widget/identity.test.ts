import { createHmac } from "node:crypto";
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { identifyInput, identityHash, verifyIdentity } from "./identity";

const SECRET = "3f1e9a7c5b2d4f6e8a0c1e3b5d7f9a1c3e5b7d9f";

const hashOf = (id: string, secret = SECRET) => createHmac("sha256", secret).update(id).digest("hex");

function token(claims: Record<string, unknown>, options: { secret?: string; expiresIn?: string | number | null; algorithm?: "HS256" | "HS512" } = {}) {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: options.algorithm ?? "HS256" }).setIssuedAt();
  if (options.expiresIn !== null) jwt.setExpirationTime(options.expiresIn ?? "10m");
  return jwt.sign(new TextEncoder().encode(options.secret ?? SECRET));
}

describe("identify with an HMAC hash", () => {
  it("accepts hex HMAC-SHA256 of the id in either case", async () => {
    expect(identityHash(SECRET, "user-42")).toBe(hashOf("user-42"));
    await expect(verifyIdentity(SECRET, { id: "user-42", name: "Maya Lopez", email: "maya@example.com", hash: hashOf("user-42") })).resolves.toEqual({
      externalUserId: "user-42",
      name: "Maya Lopez",
      email: "maya@example.com",
    });
    await expect(verifyIdentity(SECRET, { id: "user-42", hash: hashOf("user-42").toUpperCase() })).resolves.toMatchObject({ externalUserId: "user-42" });
  });

  it("refuses the hash of another id, a hash with another secret, and a channel without a secret", async () => {
    await expect(verifyIdentity(SECRET, { id: "user-43", hash: hashOf("user-42") })).rejects.toMatchObject({ kind: "forbidden", message: /hash does not match/ });
    await expect(verifyIdentity(SECRET, { id: "user-42", hash: hashOf("user-42", "some-other-secret") })).rejects.toMatchObject({ kind: "forbidden" });
    await expect(verifyIdentity(null, { id: "user-42", hash: hashOf("user-42") })).rejects.toThrow(/no identity secret/);
  });

  it("names a malformed hash before checking it", () => {
    const parsed = identifyInput.safeParse({ id: "user-42", hash: "abc" });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.message).join()).toMatch(/64 hex characters/);
  });
});

describe("identify with a token", () => {
  it("accepts an HS256 token with sub and exp, taking name and email from its claims", async () => {
    const signed = await token({ sub: "user-7", name: "Ana", email: "ana@example.com" });
    await expect(verifyIdentity(SECRET, { token: signed })).resolves.toEqual({ externalUserId: "user-7", name: "Ana", email: "ana@example.com" });
  });

  it("refuses an expired token, one signed with another secret, and one without exp", async () => {
    await expect(verifyIdentity(SECRET, { token: await token({ sub: "user-7" }, { expiresIn: Math.floor(Date.now() / 1000) - 120 }) })).rejects.toThrow(/expired/);
    await expect(verifyIdentity(SECRET, { token: await token({ sub: "user-7" }, { secret: "not-the-channel-secret-0123456789" }) })).rejects.toMatchObject({ kind: "forbidden" });
    await expect(verifyIdentity(SECRET, { token: await token({ sub: "user-7" }, { expiresIn: null }) })).rejects.toMatchObject({ kind: "forbidden" });
    await expect(verifyIdentity(SECRET, { token: await token({ name: "no subject" }) })).rejects.toMatchObject({ kind: "forbidden" });
  });

  it("refuses tokens that live longer than an hour and other algorithms", async () => {
    await expect(verifyIdentity(SECRET, { token: await token({ sub: "user-7" }, { expiresIn: "3h" }) })).rejects.toThrow(/more than 60 minutes/);
    await expect(verifyIdentity(SECRET, { token: await token({ sub: "user-7" }, { algorithm: "HS512" }) })).rejects.toMatchObject({ kind: "forbidden" });
  });
});
