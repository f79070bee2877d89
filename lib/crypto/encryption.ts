/**
 * Secrets at rest (AI provider keys, channel credentials): AES-256-GCM with a random
 * 12-byte IV and its 16-byte authentication tag. A ciphertext names the key version it
 * was made with — `v<version>.<iv>.<tag>.<data>`, each part base64url — so old rows stay
 * readable while keys rotate (lib/crypto/rotate.ts re-encrypts them).
 *
 * Keys come from the environment:
 * - ENCRYPTION_KEY: the current key. 32 random bytes in base64 (`openssl rand -base64 32`)
 *   are used as they are; any other value of at least 32 characters is a passphrase,
 *   stretched to 32 bytes with HKDF-SHA256.
 * - ENCRYPTION_KEY_VERSION: the current key's version, a positive integer (default 1).
 * - ENCRYPTION_PREVIOUS_KEYS: older keys still needed to read, as `1:<key>,2:<key>`.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

export interface KeyRing {
  currentVersion: number;
  keys: ReadonlyMap<number, Buffer>;
}

export interface EncryptedSecret {
  ciphertext: string;
  keyVersion: number;
}

/** The key configuration is missing or wrong; the message names the variable and the fix. */
export class EncryptionConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EncryptionConfigError";
  }
}

/** A ciphertext could not be read: altered, truncated, or made with another key. */
export class DecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DecryptionError";
  }
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const MIN_PASSPHRASE_CHARS = 32;
const HKDF_SALT = "switchboard/encryption";
const HKDF_INFO = "aes-256-gcm key";

/** 32 bytes for a key setting: base64 of exactly 32 bytes as is, else a passphrase through HKDF. */
export function deriveKey(value: string, variable: string): Buffer {
  const trimmed = value.trim();
  if (/^[A-Za-z0-9+/_-]{43}={0,1}$/.test(trimmed)) {
    const raw = Buffer.from(trimmed.replace(/-/g, "+").replace(/_/g, "/"), "base64");
    if (raw.length === KEY_BYTES) return raw;
  }
  if (trimmed.length < MIN_PASSPHRASE_CHARS) {
    throw new EncryptionConfigError(
      `${variable} is too short: use 32 random bytes in base64 (openssl rand -base64 32) or a passphrase of at least ${MIN_PASSPHRASE_CHARS} characters.`,
    );
  }
  return Buffer.from(hkdfSync("sha256", Buffer.from(trimmed, "utf8"), HKDF_SALT, HKDF_INFO, KEY_BYTES));
}

function parseVersion(raw: string, variable: string): number {
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < 1 || !Number.isSafeInteger(Number(raw))) {
    throw new EncryptionConfigError(`${variable} must be a positive whole number (got "${raw}").`);
  }
  return Number(raw);
}

/** The key ring described by ENCRYPTION_KEY, ENCRYPTION_KEY_VERSION and ENCRYPTION_PREVIOUS_KEYS. */
export function keyRingFromEnv(env: Record<string, string | undefined> = process.env): KeyRing {
  const current = env.ENCRYPTION_KEY;
  if (!current?.trim()) {
    throw new EncryptionConfigError(
      "ENCRYPTION_KEY is not set: start Switchboard with `npm start` (which generates one) or set it to 32 random bytes in base64 (openssl rand -base64 32).",
    );
  }
  const currentVersion = env.ENCRYPTION_KEY_VERSION?.trim() ? parseVersion(env.ENCRYPTION_KEY_VERSION, "ENCRYPTION_KEY_VERSION") : 1;
  const keys = new Map<number, Buffer>();
  for (const entry of (env.ENCRYPTION_PREVIOUS_KEYS ?? "").split(",").map((item) => item.trim()).filter(Boolean)) {
    const separator = entry.indexOf(":");
    if (separator < 1) throw new EncryptionConfigError('ENCRYPTION_PREVIOUS_KEYS must list keys as "<version>:<key>", separated by commas (e.g. "1:<old key>").');
    const version = parseVersion(entry.slice(0, separator), "ENCRYPTION_PREVIOUS_KEYS version");
    if (keys.has(version)) throw new EncryptionConfigError(`ENCRYPTION_PREVIOUS_KEYS lists version ${version} twice: keep one key per version.`);
    keys.set(version, deriveKey(entry.slice(separator + 1), `ENCRYPTION_PREVIOUS_KEYS version ${version}`));
  }
  const currentKey = deriveKey(current, "ENCRYPTION_KEY");
  const listed = keys.get(currentVersion);
  if (listed && !listed.equals(currentKey)) {
    throw new EncryptionConfigError(
      `ENCRYPTION_PREVIOUS_KEYS has a different key for version ${currentVersion}, the version of ENCRYPTION_KEY: give the new key a higher ENCRYPTION_KEY_VERSION.`,
    );
  }
  keys.set(currentVersion, currentKey);
  return { currentVersion, keys };
}

let cached: { signature: string; ring: KeyRing } | undefined;

/** The process's key ring, re-read when the variables change. */
export function currentKeyRing(): KeyRing {
  const signature = [process.env.ENCRYPTION_KEY, process.env.ENCRYPTION_KEY_VERSION, process.env.ENCRYPTION_PREVIOUS_KEYS].join("\u0000");
  if (cached?.signature !== signature) cached = { signature, ring: keyRingFromEnv(process.env) };
  return cached.ring;
}

export function encryptSecret(plaintext: string, ring: KeyRing = currentKeyRing()): EncryptedSecret {
  const key = ring.keys.get(ring.currentVersion)!;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return {
    ciphertext: `v${ring.currentVersion}.${iv.toString("base64url")}.${tag.toString("base64url")}.${data.toString("base64url")}`,
    keyVersion: ring.currentVersion,
  };
}

/** The key version a ciphertext was made with, or null when it is not one of ours. */
export function ciphertextKeyVersion(ciphertext: string): number | null {
  const match = /^v(\d+)\./.exec(ciphertext);
  return match ? Number(match[1]) : null;
}

export function decryptSecret(ciphertext: string, ring: KeyRing = currentKeyRing()): string {
  const parts = ciphertext.split(".");
  const version = ciphertextKeyVersion(ciphertext);
  if (parts.length !== 4 || version === null) throw new DecryptionError("The stored secret is not in Switchboard's encrypted format (v<version>.<iv>.<tag>.<data>).");
  const key = ring.keys.get(version);
  if (!key) {
    throw new EncryptionConfigError(
      `A stored secret was encrypted with key version ${version}, which is not configured: add that key to ENCRYPTION_PREVIOUS_KEYS as "${version}:<key>".`,
    );
  }
  const [, ivText, tagText, dataText] = parts as [string, string, string, string];
  const iv = Buffer.from(ivText, "base64url");
  const tag = Buffer.from(tagText, "base64url");
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new DecryptionError("The stored secret is truncated or altered.");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(dataText, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new DecryptionError(`The stored secret could not be decrypted with key version ${version}: it was altered, or that version's key is not the one it was encrypted with.`);
  }
}
