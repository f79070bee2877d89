import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DecryptionError, EncryptionConfigError, ciphertextKeyVersion, decryptSecret, deriveKey, encryptSecret, keyRingFromEnv } from "./encryption";

const KEY_1 = randomBytes(32).toString("base64");
const KEY_2 = randomBytes(32).toString("base64");

describe("encryptSecret / decryptSecret", () => {
  const ring = keyRingFromEnv({ ENCRYPTION_KEY: KEY_1 });

  it("round-trips, with a fresh IV each time and the key version in the ciphertext", () => {
    const secret = "sk-proj-Ünïcode-🔑-" + "x".repeat(200);
    const first = encryptSecret(secret, ring);
    const second = encryptSecret(secret, ring);
    expect(first.keyVersion).toBe(1);
    expect(first.ciphertext).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(first.ciphertext).not.toBe(second.ciphertext);
    expect(first.ciphertext).not.toContain("sk-proj");
    expect(decryptSecret(first.ciphertext, ring)).toBe(secret);
    expect(decryptSecret(second.ciphertext, ring)).toBe(secret);
    expect(ciphertextKeyVersion(first.ciphertext)).toBe(1);
  });

  it("refuses a ciphertext that was tampered with", () => {
    const { ciphertext } = encryptSecret("sk-live-123", ring);
    const [version, iv, tag, data] = ciphertext.split(".") as [string, string, string, string];
    const flip = (text: string) => {
      const bytes = Buffer.from(text, "base64url");
      bytes[0] = bytes[0]! ^ 1;
      return bytes.toString("base64url");
    };
    for (const altered of [`${version}.${iv}.${tag}.${flip(data)}`, `${version}.${iv}.${flip(tag)}.${data}`, `${version}.${flip(iv)}.${tag}.${data}`]) {
      expect(() => decryptSecret(altered, ring)).toThrow(DecryptionError);
    }
    expect(() => decryptSecret(`${version}.${iv}.${tag.slice(0, 10)}.${data}`, ring)).toThrow(/truncated or altered/);
    expect(() => decryptSecret("plain text", ring)).toThrow(/not in Switchboard's encrypted format/);
  });

  it("refuses the wrong key, and names the missing version", () => {
    const { ciphertext } = encryptSecret("sk-live-123", ring);
    expect(() => decryptSecret(ciphertext, keyRingFromEnv({ ENCRYPTION_KEY: KEY_2 }))).toThrow(/could not be decrypted with key version 1/);
    expect(() => decryptSecret(ciphertext, keyRingFromEnv({ ENCRYPTION_KEY: KEY_2, ENCRYPTION_KEY_VERSION: "2" }))).toThrow(
      /key version 1, which is not configured: add that key to ENCRYPTION_PREVIOUS_KEYS as "1:<key>"/,
    );
  });

  it("reads old versions through ENCRYPTION_PREVIOUS_KEYS and writes with the current one", () => {
    const old = encryptSecret("old secret", ring);
    const rotated = keyRingFromEnv({ ENCRYPTION_KEY: KEY_2, ENCRYPTION_KEY_VERSION: "2", ENCRYPTION_PREVIOUS_KEYS: `1:${KEY_1}` });
    expect(decryptSecret(old.ciphertext, rotated)).toBe("old secret");
    expect(encryptSecret("new", rotated)).toMatchObject({ keyVersion: 2, ciphertext: expect.stringMatching(/^v2\./) });
  });
});

describe("keyRingFromEnv", () => {
  it("names the variable and the fix when the key is missing, short or the version is wrong", () => {
    expect(() => keyRingFromEnv({})).toThrow(EncryptionConfigError);
    expect(() => keyRingFromEnv({})).toThrow(/^ENCRYPTION_KEY is not set/);
    expect(() => keyRingFromEnv({ ENCRYPTION_KEY: "short" })).toThrow(/^ENCRYPTION_KEY is too short: use 32 random bytes in base64/);
    expect(() => keyRingFromEnv({ ENCRYPTION_KEY: KEY_1, ENCRYPTION_KEY_VERSION: "two" })).toThrow(/^ENCRYPTION_KEY_VERSION must be a positive whole number/);
    expect(() => keyRingFromEnv({ ENCRYPTION_KEY: KEY_1, ENCRYPTION_KEY_VERSION: "0" })).toThrow(/ENCRYPTION_KEY_VERSION/);
    expect(() => keyRingFromEnv({ ENCRYPTION_KEY: KEY_2, ENCRYPTION_PREVIOUS_KEYS: KEY_1 })).toThrow(/^ENCRYPTION_PREVIOUS_KEYS must list keys as "<version>:<key>"/);
    expect(() => keyRingFromEnv({ ENCRYPTION_KEY: KEY_2, ENCRYPTION_PREVIOUS_KEYS: "1:tiny" })).toThrow(/^ENCRYPTION_PREVIOUS_KEYS version 1 is too short/);
    expect(() => keyRingFromEnv({ ENCRYPTION_KEY: KEY_2, ENCRYPTION_PREVIOUS_KEYS: `1:${KEY_1}` })).toThrow(/different key for version 1.*higher ENCRYPTION_KEY_VERSION/);
  });

  it("uses 32-byte base64 keys as they are and stretches passphrases of 32+ characters", () => {
    expect(deriveKey(KEY_1, "ENCRYPTION_KEY").equals(Buffer.from(KEY_1, "base64"))).toBe(true);
    const urlSafe = Buffer.from(KEY_1, "base64").toString("base64url");
    expect(deriveKey(urlSafe, "ENCRYPTION_KEY").equals(Buffer.from(KEY_1, "base64"))).toBe(true);
    const passphrase = "correct horse battery staple, and then some";
    const derived = deriveKey(passphrase, "ENCRYPTION_KEY");
    expect(derived).toHaveLength(32);
    expect(derived.equals(deriveKey(passphrase, "ENCRYPTION_KEY"))).toBe(true);
    const ring = keyRingFromEnv({ ENCRYPTION_KEY: passphrase });
    expect(decryptSecret(encryptSecret("hello", ring).ciphertext, keyRingFromEnv({ ENCRYPTION_KEY: passphrase }))).toBe("hello");
  });
});
