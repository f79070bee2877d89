/**
 * Key rotation: re-encrypts every stored secret that is not under the current key
 * version, in batches. Safe to run again (rows already current are left alone) and next
 * to a running app (a row changed meanwhile is skipped, not overwritten).
 */
import type { Database } from "@/lib/db/client";
import { ciphertextKeyVersion, currentKeyRing, decryptSecret, encryptSecret, type KeyRing } from "./encryption";

export interface RotationCounts {
  /** Rows holding a secret. */
  scanned: number;
  rotated: number;
  alreadyCurrent: number;
  /** Changed by someone else between read and write; the new value is theirs. */
  skipped: number;
  failed: number;
  failures: Array<{ id: string; error: string }>;
}

export interface RotationReport {
  currentVersion: number;
  aiProviders: RotationCounts;
  channels: RotationCounts;
}

interface StoredSecret {
  id: string;
  ciphertext: string;
  keyVersion: number | null;
}

interface SecretColumn {
  /** Secrets with id greater than `after`, in id order. */
  read(db: Database, after: string, take: number): Promise<StoredSecret[]>;
  /** Replaces the ciphertext if it is still `previous`; returns whether it did. */
  replace(db: Database, id: string, previous: string, next: { ciphertext: string; keyVersion: number }): Promise<boolean>;
}

const aiProviderKeys: SecretColumn = {
  read: async (db, after, take) =>
    (
      await db.aiProvider.findMany({
        where: { encryptedApiKey: { not: null }, id: { gt: after } },
        orderBy: { id: "asc" },
        take,
        select: { id: true, encryptedApiKey: true, keyVersion: true },
      })
    ).map((row) => ({ id: row.id, ciphertext: row.encryptedApiKey!, keyVersion: row.keyVersion })),
  replace: async (db, id, previous, next) =>
    (await db.aiProvider.updateMany({ where: { id, encryptedApiKey: previous }, data: { encryptedApiKey: next.ciphertext, keyVersion: next.keyVersion } })).count === 1,
};

const channelCredentials: SecretColumn = {
  read: async (db, after, take) =>
    (
      await db.channel.findMany({
        where: { credentials: { not: null }, id: { gt: after } },
        orderBy: { id: "asc" },
        take,
        select: { id: true, credentials: true, keyVersion: true },
      })
    ).map((row) => ({ id: row.id, ciphertext: row.credentials!, keyVersion: row.keyVersion })),
  replace: async (db, id, previous, next) =>
    (await db.channel.updateMany({ where: { id, credentials: previous }, data: { credentials: next.ciphertext, keyVersion: next.keyVersion } })).count === 1,
};

async function rotateColumn(db: Database, column: SecretColumn, ring: KeyRing, batchSize: number): Promise<RotationCounts> {
  const counts: RotationCounts = { scanned: 0, rotated: 0, alreadyCurrent: 0, skipped: 0, failed: 0, failures: [] };
  // Walk by id so rows that cannot be rotated are reported once instead of read forever.
  for (let after = ""; ; ) {
    const batch = await column.read(db, after, batchSize);
    if (batch.length === 0) return counts;
    after = batch.at(-1)!.id;
    for (const row of batch) {
      counts.scanned++;
      if (ciphertextKeyVersion(row.ciphertext) === ring.currentVersion && row.keyVersion === ring.currentVersion) {
        counts.alreadyCurrent++;
        continue;
      }
      try {
        const next = encryptSecret(decryptSecret(row.ciphertext, ring), ring);
        if (await column.replace(db, row.id, row.ciphertext, next)) counts.rotated++;
        else counts.skipped++;
      } catch (error) {
        counts.failed++;
        counts.failures.push({ id: row.id, error: error instanceof Error ? error.message : String(error) });
      }
    }
  }
}

export async function rotateEncryptedSecrets(db: Database, ring: KeyRing = currentKeyRing(), options: { batchSize?: number } = {}): Promise<RotationReport> {
  const batchSize = options.batchSize ?? 200;
  return {
    currentVersion: ring.currentVersion,
    aiProviders: await rotateColumn(db, aiProviderKeys, ring, batchSize),
    channels: await rotateColumn(db, channelCredentials, ring, batchSize),
  };
}
