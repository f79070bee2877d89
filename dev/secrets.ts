import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

/** Secrets a one-machine install needs but the user did not give, kept in the data folder. */
export interface LocalSecrets {
  authSecret: string;
  postgresPassword: string;
  encryptionKey: string;
  realtime: { appId: string; key: string; secret: string };
}

const token = (bytes: number) => randomBytes(bytes).toString("base64url");

function generate(): LocalSecrets {
  return {
    authSecret: token(32),
    postgresPassword: token(18),
    encryptionKey: randomBytes(32).toString("base64"),
    realtime: { appId: String(100000 + (randomBytes(3).readUIntBE(0, 3) % 900000)), key: token(12), secret: token(24) },
  };
}

/** Reads `<dataDir>/secrets.json`, creating it (mode 0600) on first run and filling any missing entry. */
export async function loadOrCreateSecrets(dataDir: string): Promise<LocalSecrets> {
  const file = path.join(dataDir, "secrets.json");
  const fresh = generate();
  const stored = existsSync(file) ? (JSON.parse(await readFile(file, "utf8")) as Partial<LocalSecrets>) : {};
  const secrets: LocalSecrets = { ...fresh, ...stored, realtime: { ...fresh.realtime, ...stored.realtime } };
  if (JSON.stringify(secrets) !== JSON.stringify(stored)) {
    await mkdir(dataDir, { recursive: true });
    await writeFile(file, JSON.stringify(secrets, null, 2) + "\n", { mode: 0o600 });
  }
  return secrets;
}
