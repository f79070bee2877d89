import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { setupTestDatabase } from "@/tests/helpers/db";
import { createAccountWithStaff } from "@/tests/helpers/factories";
import { decryptSecret, encryptSecret, keyRingFromEnv } from "./encryption";
import { rotateEncryptedSecrets } from "./rotate";

const OLD_KEY = randomBytes(32).toString("base64");
const NEW_KEY = randomBytes(32).toString("base64");
const oldRing = keyRingFromEnv({ ENCRYPTION_KEY: OLD_KEY });
const rotatingRing = keyRingFromEnv({ ENCRYPTION_KEY: NEW_KEY, ENCRYPTION_KEY_VERSION: "2", ENCRYPTION_PREVIOUS_KEYS: `1:${OLD_KEY}` });
const newOnlyRing = keyRingFromEnv({ ENCRYPTION_KEY: NEW_KEY, ENCRYPTION_KEY_VERSION: "2" });

const testDb = setupTestDatabase();
let db: Database;
let accountId: string;

beforeAll(async () => {
  db = testDb.db;
  ({ account: { id: accountId } } = await createAccountWithStaff(db));
});

describe("rotateEncryptedSecrets", () => {
  it("re-encrypts AI keys and channel credentials under the new key, in batches, and is idempotent", async () => {
    const keys = Array.from({ length: 7 }, (_, i) => `sk-provider-${i}-${randomBytes(6).toString("hex")}`);
    for (const [i, key] of keys.entries()) {
      const encrypted = encryptSecret(key, i === 0 ? rotatingRing : oldRing);
      await db.aiProvider.create({ data: { accountId, name: `P${i}`, kind: "openai", model: "gpt-4o-mini", encryptedApiKey: encrypted.ciphertext, keyVersion: encrypted.keyVersion } });
    }
    await db.aiProvider.create({ data: { accountId, name: "Offline", kind: "offline", model: "offline-kb" } });
    const credentials = JSON.stringify({ botToken: "123:telegram-secret" });
    const channelSecret = encryptSecret(credentials, oldRing);
    const channel = await db.channel.create({ data: { accountId, type: "telegram", name: "Telegram", credentials: channelSecret.ciphertext, keyVersion: 1 } });

    const report = await rotateEncryptedSecrets(db, rotatingRing, { batchSize: 3 });
    expect(report).toMatchObject({
      currentVersion: 2,
      aiProviders: { scanned: 7, rotated: 6, alreadyCurrent: 1, skipped: 0, failed: 0 },
      channels: { scanned: 1, rotated: 1, alreadyCurrent: 0, failed: 0 },
    });

    // Readable with the new key alone: version 1 is gone.
    const rows = await db.aiProvider.findMany({ where: { accountId, kind: "openai" }, orderBy: { name: "asc" } });
    expect(rows.map((row) => row.keyVersion)).toEqual(Array(7).fill(2));
    expect(rows.map((row) => decryptSecret(row.encryptedApiKey!, newOnlyRing))).toEqual(keys);
    const storedChannel = await db.channel.findUniqueOrThrow({ where: { id: channel.id } });
    expect(storedChannel.keyVersion).toBe(2);
    expect(decryptSecret(storedChannel.credentials!, newOnlyRing)).toBe(credentials);

    const again = await rotateEncryptedSecrets(db, rotatingRing, { batchSize: 3 });
    expect(again.aiProviders).toMatchObject({ scanned: 7, rotated: 0, alreadyCurrent: 7 });
    expect(again.channels).toMatchObject({ scanned: 1, rotated: 0, alreadyCurrent: 1 });
  });

  it("reports rows it cannot read and rotates the rest", async () => {
    const lost = encryptSecret("sk-lost", keyRingFromEnv({ ENCRYPTION_KEY: randomBytes(32).toString("base64"), ENCRYPTION_KEY_VERSION: "7" }));
    const unreadable = await db.aiProvider.create({ data: { accountId, name: "Lost", kind: "openai", model: "gpt-4o-mini", encryptedApiKey: lost.ciphertext, keyVersion: 7 } });
    const readable = encryptSecret("sk-fine", oldRing);
    await db.aiProvider.create({ data: { accountId, name: "Fine", kind: "openai", model: "gpt-4o-mini", encryptedApiKey: readable.ciphertext, keyVersion: 1 } });

    const report = await rotateEncryptedSecrets(db, rotatingRing, { batchSize: 2 });
    expect(report.aiProviders).toMatchObject({ rotated: 1, failed: 1 });
    expect(report.aiProviders.failures).toEqual([{ id: unreadable.id, error: expect.stringContaining("key version 7, which is not configured") }]);
  });
});
