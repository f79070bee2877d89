import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encryptSecret } from "@/lib/crypto/encryption";
import type { Database } from "@/lib/db/client";
import { setupTestDatabase } from "@/tests/helpers/db";
import { startFakeOpenAI, type FakeOpenAI } from "@/tests/helpers/fake-openai";
import { createAccountWithStaff } from "@/tests/helpers/factories";
import { freePort } from "@/tests/helpers/ports";
import { testProviderConnection } from "./provider-health";

const testDb = setupTestDatabase();
let db: Database;
let accountId: string;
let fake: FakeOpenAI;
const previousKey = process.env.ENCRYPTION_KEY;

beforeAll(async () => {
  process.env.ENCRYPTION_KEY = randomBytes(32).toString("base64");
  db = testDb.db;
  ({ account: { id: accountId } } = await createAccountWithStaff(db));
  fake = await startFakeOpenAI();
});
afterAll(async () => {
  await fake.close();
  process.env.ENCRYPTION_KEY = previousKey;
});

async function provider(data: { kind?: "openai" | "openai_compatible" | "offline"; model: string; baseUrl?: string | null; apiKey?: string | null; name?: string }) {
  const key = data.apiKey === null ? null : encryptSecret(data.apiKey ?? "sk-test");
  return db.aiProvider.create({
    data: {
      accountId,
      name: data.name ?? "OpenAI",
      kind: data.kind ?? "openai",
      model: data.model,
      baseUrl: data.baseUrl === undefined ? fake.baseUrl : data.baseUrl,
      encryptedApiKey: key?.ciphertext ?? null,
      keyVersion: key?.keyVersion ?? null,
    },
  });
}

describe("testProviderConnection", () => {
  it("reports ok with the latency and marks the provider healthy", async () => {
    const row = await provider({ model: "gpt-4o-mini" });
    const result = await testProviderConnection(db, accountId, row.id);
    expect(result).toEqual({ ok: true, latencyMs: expect.any(Number), error: null });
    expect(await db.aiProvider.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
      health: "healthy",
      lastLatencyMs: result.latencyMs,
      lastError: null,
      lastCheckedAt: expect.any(Date),
    });
  });

  it("checks the offline model locally", async () => {
    const row = await provider({ kind: "offline", model: "offline-kb", baseUrl: null, apiKey: null, name: "Offline" });
    expect(await testProviderConnection(db, accountId, row.id)).toMatchObject({ ok: true, error: null });
  });

  const failures: Array<[string, Parameters<typeof provider>[0], string | RegExp]> = [
    ["a refused key", { model: "status-401" }, "The API key was refused by OpenAI (401). Paste a new key."],
    ["a forbidden key", { model: "status-403" }, "The API key was refused by OpenAI (403). Paste a new key."],
    ["an unknown model", { model: "status-404" }, 'Model "status-404" was not found at OpenAI.'],
    ["a quota", { model: "status-429" }, /^OpenAI refused the request because of a quota or rate limit \(429\)/],
    ["a server error", { model: "status-500" }, "OpenAI had a server error (500). Try again in a few minutes."],
    ["a missing key", { model: "gpt-4o-mini", apiKey: null }, "OpenAI has no API key: add one under Settings → AI assistant."],
  ];
  for (const [name, data, message] of failures) {
    it(`says what to do about ${name}`, async () => {
      const row = await provider(data);
      const result = await testProviderConnection(db, accountId, row.id);
      expect(result.ok).toBe(false);
      expect(result.error).toMatch(message);
      expect(await db.aiProvider.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ health: "failing", lastError: result.error });
    });
  }

  it("names the address it could not reach", async () => {
    const closed = `http://127.0.0.1:${await freePort()}/v1`;
    const row = await provider({ kind: "openai_compatible", name: "Ollama", model: "llama3.2", baseUrl: closed, apiKey: null });
    expect((await testProviderConnection(db, accountId, row.id)).error).toBe(`Could not reach ${closed} (ECONNREFUSED).`);
  });

  it("gives up after the timeout", async () => {
    const row = await provider({ model: "hang" });
    const result = await testProviderConnection(db, accountId, row.id, 300);
    expect(result).toMatchObject({ ok: false, error: "OpenAI did not answer within 0.3 s." });
    expect(result.latencyMs).toBeLessThan(2_000);
  });

  it("does not test another account's provider", async () => {
    const other = await createAccountWithStaff(db, "Other");
    const row = await provider({ model: "gpt-4o-mini" });
    await expect(testProviderConnection(db, other.account.id, row.id)).rejects.toMatchObject({ kind: "not_found" });
  });
});
