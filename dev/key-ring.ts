import path from "node:path";
import { keyRingFromEnv, type KeyRing } from "@/lib/crypto/encryption";
import { loadOrCreateSecrets } from "./secrets";

/**
 * The key ring a one-machine install uses: ENCRYPTION_KEY when set, else the key
 * generated into the data folder's secrets.json (what `npm start` hands the app).
 * ENCRYPTION_KEY_VERSION and ENCRYPTION_PREVIOUS_KEYS apply either way.
 */
export async function localKeyRing(env: Record<string, string | undefined> = process.env): Promise<KeyRing> {
  if (env.ENCRYPTION_KEY?.trim()) return keyRingFromEnv(env);
  const secrets = await loadOrCreateSecrets(path.resolve(env.SWITCHBOARD_DATA_DIR || ".data"));
  return keyRingFromEnv({ ...env, ENCRYPTION_KEY: secrets.encryptionKey });
}
