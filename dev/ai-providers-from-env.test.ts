import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { resolveAnswerModel } from "@/lib/ai/resolve";
import { decryptSecret, keyRingFromEnv } from "@/lib/crypto/encryption";
import { createDatabaseClient, type Database } from "@/lib/db/client";
import { setupTestDatabase } from "@/tests/helpers/db";
import { ensureAiProvidersFromEnv, readAiProvidersEnv } from "./ai-providers-from-env";

const KEY = randomBytes(32).toString("base64");
const ring = keyRingFromEnv({ ENCRYPTION_KEY: KEY });
const keyRing = async () => ring;

const testDb = setupTestDatabase();
let db: Database;

const previousKey = process.env.ENCRYPTION_KEY;

beforeAll(() => {
  db = testDb.db;
});
afterAll(() => {
  process.env.ENCRYPTION_KEY = previousKey;
});
beforeEach(async () => {
  await db.account.deleteMany();
});

async function createWorkspaces() {
  const oldest = await db.account.create({ data: { name: "Acme Outfitters", slug: "acme", createdAt: new Date("2024-01-01T00:00:00Z") } });
  await db.account.create({ data: { name: "Second Shop", slug: "second", createdAt: new Date("2024-06-01T00:00:00Z") } });
  await db.aiProvider.create({ data: { accountId: oldest.id, name: "Offline (knowledge base)", kind: "offline", model: "offline-kb", priority: 100 } });
  return oldest;
}

const providersOf = (accountId: string) => db.aiProvider.findMany({ where: { accountId }, orderBy: { priority: "asc" } });

describe("readAiProvidersEnv", () => {
  it("declares nothing without keys, and each provider with its defaults", () => {
    expect(readAiProvidersEnv({})).toEqual([]);
    expect(readAiProvidersEnv({ OPENAI_API_KEY: "", OPENAI_MODEL: "gpt-4.1" })).toEqual([]);
    expect(
      readAiProvidersEnv({
        OPENAI_API_KEY: "sk-openai",
        GOOGLE_GENERATIVE_AI_API_KEY: "g-key",
        GOOGLE_MODEL: "gemini-2.5-pro",
        ANTHROPIC_API_KEY: "a-key",
        OPENROUTER_API_KEY: "or-key",
        OPENAI_COMPATIBLE_BASE_URL: "http://127.0.0.1:11434/v1/",
        OPENAI_COMPATIBLE_MODEL: "qwen2.5",
      }),
    ).toEqual([
      { kind: "openai", name: "OpenAI (environment)", model: "gpt-4o-mini", baseUrl: null, apiKey: "sk-openai" },
      { kind: "anthropic", name: "Anthropic (environment)", model: "claude-haiku-4-5", baseUrl: null, apiKey: "a-key" },
      { kind: "google", name: "Google Gemini (environment)", model: "gemini-2.5-pro", baseUrl: null, apiKey: "g-key" },
      { kind: "openrouter", name: "OpenRouter (environment)", model: "openai/gpt-4o-mini", baseUrl: null, apiKey: "or-key" },
      { kind: "openai_compatible", name: "OpenAI-compatible server (environment)", model: "qwen2.5", baseUrl: "http://127.0.0.1:11434/v1", apiKey: null },
    ]);
  });

  it("names the variable and the fix when a value is wrong", () => {
    expect(() => readAiProvidersEnv({ OPENAI_API_KEY: "sk", OPENAI_BASE_URL: "api.example.test" })).toThrow(/^OPENAI_BASE_URL must be an http\(s\) URL/);
    expect(() => readAiProvidersEnv({ OPENAI_COMPATIBLE_MODEL: "llama3.2" })).toThrow(/OPENAI_COMPATIBLE_BASE_URL is not/);
  });
});

describe("ensureAiProvidersFromEnv", () => {
  it("adds the declared providers to the oldest workspace ahead of the offline model, keys encrypted", async () => {
    const workspace = await createWorkspaces();
    const env = { OPENAI_API_KEY: "sk-openai-123", OPENAI_MODEL: "gpt-4.1-mini", OPENAI_BASE_URL: "https://proxy.example.test/v1", ANTHROPIC_API_KEY: "sk-ant-456" };
    const lines = await ensureAiProvidersFromEnv(db, { env, keyRing });
    expect(lines).toEqual([
      'AI provider "OpenAI (environment)" (gpt-4.1-mini) added in "Acme Outfitters".',
      'AI provider "Anthropic (environment)" (claude-haiku-4-5) added in "Acme Outfitters".',
    ]);
    const rows = await providersOf(workspace.id);
    expect(rows.map((row) => [row.name, row.kind, row.model, row.baseUrl])).toEqual([
      ["OpenAI (environment)", "openai", "gpt-4.1-mini", "https://proxy.example.test/v1"],
      ["Anthropic (environment)", "anthropic", "claude-haiku-4-5", null],
      ["Offline (knowledge base)", "offline", "offline-kb", null],
    ]);
    expect(rows[0]!.encryptedApiKey).not.toContain("sk-openai");
    expect(decryptSecret(rows[0]!.encryptedApiKey!, ring)).toBe("sk-openai-123");
    expect(decryptSecret(rows[1]!.encryptedApiKey!, ring)).toBe("sk-ant-456");
    expect(await db.aiProvider.count({ where: { accountId: { not: workspace.id } } })).toBe(0);

    process.env.ENCRYPTION_KEY = KEY;
    expect((await resolveAnswerModel(db, workspace.id)).labels).toEqual(["OpenAI (environment)", "Anthropic (environment)", "Offline (knowledge base)"]);
  });

  it("is idempotent across restarts, follows the environment and keeps the admin's order and switch", async () => {
    const workspace = await createWorkspaces();
    const env = { OPENAI_API_KEY: "sk-one", OPENAI_COMPATIBLE_BASE_URL: "http://127.0.0.1:11434/v1" };
    await ensureAiProvidersFromEnv(db, { env, keyRing });
    const local = (await providersOf(workspace.id)).find((row) => row.kind === "openai_compatible")!;
    expect(local.encryptedApiKey).toBeNull();
    // The admin moves the local server first and switches OpenAI off.
    await db.aiProvider.update({ where: { id: local.id }, data: { priority: 1 } });
    await db.aiProvider.updateMany({ where: { accountId: workspace.id, kind: "openai" }, data: { active: false } });

    expect(await ensureAiProvidersFromEnv(db, { env, keyRing })).toEqual([
      'AI provider "OpenAI (environment)" (gpt-4o-mini) ready in "Acme Outfitters".',
      'AI provider "OpenAI-compatible server (environment)" (llama3.2) ready in "Acme Outfitters".',
    ]);
    const before = await providersOf(workspace.id);

    const lines = await ensureAiProvidersFromEnv(db, { env: { ...env, OPENAI_API_KEY: "sk-two", OPENAI_MODEL: "gpt-4.1" }, keyRing });
    expect(lines[0]).toBe('AI provider "OpenAI (environment)" (gpt-4.1) updated in "Acme Outfitters".');
    const after = await providersOf(workspace.id);
    expect(after.map((row) => row.id)).toEqual(before.map((row) => row.id));
    const openai = after.find((row) => row.kind === "openai")!;
    expect(openai).toMatchObject({ model: "gpt-4.1", active: false });
    expect(decryptSecret(openai.encryptedApiKey!, ring)).toBe("sk-two");
    expect(after).toHaveLength(3);
  });

  it("says so when there is no workspace yet, and needs no key when nothing is declared", async () => {
    expect(await ensureAiProvidersFromEnv(db, { env: { OPENAI_API_KEY: "sk" }, keyRing })).toEqual([expect.stringContaining("no workspace yet")]);
    const refuse = async () => {
      throw new Error("no key needed");
    };
    expect(await ensureAiProvidersFromEnv(db, { env: {}, keyRing: refuse })).toEqual([]);
  });

  it("creates each provider once when several instances start at once", async () => {
    await createWorkspaces();
    const others = Array.from({ length: 4 }, () => createDatabaseClient(testDb.url));
    try {
      await Promise.all(others.map((client) => client.$queryRaw`SELECT 1`));
      const env = { OPENAI_API_KEY: "sk-race" };
      await Promise.all([db, ...others].map((client) => ensureAiProvidersFromEnv(client, { env, keyRing })));
      expect(await db.aiProvider.count({ where: { kind: "openai" } })).toBe(1);
    } finally {
      await Promise.all(others.map((client) => client.$disconnect()));
    }
  });
});
