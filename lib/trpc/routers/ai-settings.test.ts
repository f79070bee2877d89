import { randomBytes } from "node:crypto";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import type { Database } from "@/lib/db/client";
import { setupTestDatabase } from "@/tests/helpers/db";
import { startFakeOpenAI, type FakeOpenAI } from "@/tests/helpers/fake-openai";
import { createTwoTenants, type StaffedAccount } from "@/tests/helpers/factories";
import { contextForUser } from "../context";
import { createCaller } from "../root";

const PLAINTEXT_KEY = "sk-test-PLAINTEXT-4f9c2a7e1b";
const testDb = setupTestDatabase();
let db: Database;
let acme: StaffedAccount;
let globex: StaffedAccount;
let fake: FakeOpenAI;
const previousKey = process.env.ENCRYPTION_KEY;

/** The field messages of a rejected call, as the form receives them (path → messages). */
async function fieldErrors(call: Promise<unknown>): Promise<Record<string, string[]>> {
  const error = (await call.then(
    () => {
      throw new Error("expected the call to be rejected");
    },
    (rejection: unknown) => rejection,
  )) as { code?: string; cause?: ZodError };
  expect(error.code).toBe("BAD_REQUEST");
  expect(error.cause).toBeInstanceOf(ZodError);
  const byPath: Record<string, string[]> = {};
  for (const issue of error.cause!.issues) (byPath[issue.path.join(".")] ??= []).push(issue.message);
  return byPath;
}

const callerFor = async (userId: string) => createCaller(await contextForUser(db, userId));
/** Everything the browser received, as it travels. */
const received: string[] = [];
const seen = <T>(value: T): T => {
  received.push(JSON.stringify(superjson.serialize(value)));
  return value;
};

beforeAll(async () => {
  process.env.ENCRYPTION_KEY = randomBytes(32).toString("base64");
  db = testDb.db;
  ({ acme, globex } = await createTwoTenants(db));
  await db.aiProvider.create({ data: { accountId: acme.account.id, name: "Offline (knowledge base)", kind: "offline", model: "offline-kb", priority: 100 } });
  fake = await startFakeOpenAI();
});
afterAll(async () => {
  await fake.close();
  process.env.ENCRYPTION_KEY = previousKey;
});

describe("AI provider administration", () => {
  let openaiId: string;

  it("stores a new key encrypted, puts the provider ahead of the offline model and never returns the key", async () => {
    const admin = await callerFor(acme.admin.id);
    const created = seen(await admin.aiSettings.createProvider({ name: "OpenAI", kind: "openai", model: "gpt-4o-mini", baseUrl: fake.baseUrl, apiKey: PLAINTEXT_KEY }));
    openaiId = created.id;
    expect(created).toMatchObject({ name: "OpenAI", kind: "openai", hasApiKey: true, health: "unknown", active: true });
    expect(created).not.toHaveProperty("encryptedApiKey");

    const row = await db.aiProvider.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.encryptedApiKey).toMatch(/^v1\./);
    expect(row.keyVersion).toBe(1);
    expect(row.encryptedApiKey).not.toContain(PLAINTEXT_KEY);

    const list = seen(await admin.aiSettings.providers());
    expect(list.map((p) => [p.name, p.priority])).toEqual([
      ["OpenAI", 10],
      ["Offline (knowledge base)", 20],
    ]);
  });

  it("keeps the key when the field is left empty, replaces it when a new one is pasted", async () => {
    const admin = await callerFor(acme.admin.id);
    const before = (await db.aiProvider.findUniqueOrThrow({ where: { id: openaiId } })).encryptedApiKey;
    seen(await admin.aiSettings.updateProvider({ id: openaiId, patch: { name: "OpenAI (main)", kind: "openai", model: "gpt-4o-mini", baseUrl: fake.baseUrl, apiKey: "" } }));
    expect((await db.aiProvider.findUniqueOrThrow({ where: { id: openaiId } })).encryptedApiKey).toBe(before);

    const replaced = seen(
      await admin.aiSettings.updateProvider({ id: openaiId, patch: { name: "OpenAI (main)", kind: "openai", model: "gpt-4o-mini", baseUrl: fake.baseUrl, apiKey: `${PLAINTEXT_KEY}-2` } }),
    );
    expect(replaced.hasApiKey).toBe(true);
    expect((await db.aiProvider.findUniqueOrThrow({ where: { id: openaiId } })).encryptedApiKey).not.toBe(before);

    // A hosted provider cannot lose its only key.
    await expect(
      admin.aiSettings.updateProvider({ id: openaiId, patch: { name: "OpenAI (main)", kind: "openai", model: "gpt-4o-mini", removeApiKey: true } }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("needs an API key") });
  });

  it("removes a key explicitly where the provider works without one", async () => {
    const admin = await callerFor(acme.admin.id);
    const local = seen(await admin.aiSettings.createProvider({ name: "Ollama", kind: "openai_compatible", model: "llama3.2", baseUrl: "http://127.0.0.1:11434/v1/", apiKey: "local-key" }));
    expect(local).toMatchObject({ hasApiKey: true, baseUrl: "http://127.0.0.1:11434/v1" });
    const removed = seen(await admin.aiSettings.updateProvider({ id: local.id, patch: { name: "Ollama", kind: "openai_compatible", model: "llama3.2", baseUrl: local.baseUrl, removeApiKey: true } }));
    expect(removed.hasApiKey).toBe(false);
    expect((await db.aiProvider.findUniqueOrThrow({ where: { id: local.id } })).encryptedApiKey).toBeNull();
  });

  it("validates with field errors", async () => {
    const admin = await callerFor(acme.admin.id);
    expect(await fieldErrors(admin.aiSettings.createProvider({ name: "OpenAI", kind: "openai", model: "gpt-4o-mini" }))).toEqual({ apiKey: ["Paste the API key for OpenAI."] });
    expect(await fieldErrors(admin.aiSettings.createProvider({ name: "Local", kind: "openai_compatible", model: "llama3.2" }))).toEqual({
      baseUrl: [expect.stringContaining("base URL")],
    });
    expect(await fieldErrors(admin.aiSettings.createProvider({ name: "", kind: "openai_compatible", model: "x", baseUrl: "ftp://nope" }))).toEqual({
      name: [expect.any(String)],
      baseUrl: ["Enter an http(s) URL, e.g. http://127.0.0.1:11434/v1."],
    });
  });

  it("saves an embedding model where the provider kind has an embeddings API, and refuses one elsewhere", async () => {
    const admin = await callerFor(acme.admin.id);
    const local = seen(await admin.aiSettings.createProvider({ name: "Embedder", kind: "openai_compatible", model: "llama3.2", embeddingModel: " nomic-embed-text ", baseUrl: fake.baseUrl }));
    expect(local.embeddingModel).toBe("nomic-embed-text");
    const cleared = await admin.aiSettings.updateProvider({ id: local.id, patch: { name: "Embedder", kind: "openai_compatible", model: "llama3.2", embeddingModel: "", baseUrl: fake.baseUrl } });
    expect(cleared.embeddingModel).toBeNull();
    expect(await fieldErrors(admin.aiSettings.createProvider({ name: "Claude", kind: "anthropic", model: "claude-haiku-4-5", embeddingModel: "x", apiKey: "sk-ant" }))).toEqual({
      embeddingModel: ["Anthropic has no embeddings API: leave the embedding model empty."],
    });
    await admin.aiSettings.deleteProvider({ id: local.id });
  });

  it("reorders, switches off and deletes providers", async () => {
    const admin = await callerFor(acme.admin.id);
    const names = async () => (await admin.aiSettings.providers()).map((p) => p.name);
    expect(await names()).toEqual(["OpenAI (main)", "Ollama", "Offline (knowledge base)"]);
    seen(await admin.aiSettings.moveProvider({ id: openaiId, direction: "down" }));
    expect(await names()).toEqual(["Ollama", "OpenAI (main)", "Offline (knowledge base)"]);
    seen(await admin.aiSettings.moveProvider({ id: openaiId, direction: "up" }));
    seen(await admin.aiSettings.moveProvider({ id: openaiId, direction: "up" }));
    expect(await names()).toEqual(["OpenAI (main)", "Ollama", "Offline (knowledge base)"]);

    const ollama = (await admin.aiSettings.providers()).find((p) => p.name === "Ollama")!;
    expect(seen(await admin.aiSettings.setProviderActive({ id: ollama.id, active: false })).active).toBe(false);
    expect(await admin.aiSettings.deleteProvider({ id: ollama.id })).toEqual({ id: ollama.id });
    expect(await names()).toEqual(["OpenAI (main)", "Offline (knowledge base)"]);
  });

  it("tests a connection and records the outcome on the provider", async () => {
    const admin = await callerFor(acme.admin.id);
    const ok = seen(await admin.aiSettings.testProvider({ id: openaiId }));
    expect(ok).toMatchObject({ ok: true, error: null });
    expect(fake.requests.at(-1)?.headers.authorization).toBe(`Bearer ${PLAINTEXT_KEY}-2`);
    const listed = seen(await admin.aiSettings.providers()).find((p) => p.id === openaiId)!;
    expect(listed).toMatchObject({ health: "healthy", lastError: null, lastLatencyMs: expect.any(Number), lastCheckedAt: expect.any(Date) });

    fake.enqueue({ kind: "status", status: 401 });
    const refused = seen(await admin.aiSettings.testProvider({ id: openaiId }));
    expect(refused).toMatchObject({ ok: false, error: "The API key was refused by OpenAI (401). Paste a new key." });
    expect(seen(await admin.aiSettings.providers()).find((p) => p.id === openaiId)).toMatchObject({ health: "failing", lastError: refused.error });
  });

  it("never sends a key or its ciphertext to the browser", async () => {
    const ciphertexts = (await db.aiProvider.findMany({ where: { encryptedApiKey: { not: null } } })).map((row) => row.encryptedApiKey!);
    expect(received.length).toBeGreaterThan(10);
    const everything = received.join("\n");
    expect(everything).not.toContain(PLAINTEXT_KEY);
    expect(everything).not.toContain("local-key");
    for (const ciphertext of ciphertexts) expect(everything).not.toContain(ciphertext);
    expect(everything).not.toContain("encryptedApiKey");
  });
});

describe("AI settings", () => {
  it("starts from the defaults and saves every field", async () => {
    const admin = await callerFor(globex.admin.id);
    expect(await admin.aiSettings.get()).toMatchObject({ enabled: true, contextWindow: 5, maxBotTurns: 3, confidenceThreshold: 0.55, updatedAt: null });
    const saved = await admin.aiSettings.update({
      enabled: false,
      systemPrompt: "  You help Globex customers.  ",
      contextWindow: 12,
      welcomeMessage: "Hello!",
      imagePrompt: "Describe the damage.",
      confidenceThreshold: 0.7,
      maxBotTurns: 4,
      fallbackMessage: "A person will reply soon.",
    });
    expect(saved).toMatchObject({ enabled: false, systemPrompt: "You help Globex customers.", contextWindow: 12, confidenceThreshold: 0.7, maxBotTurns: 4 });
    expect(await admin.aiSettings.get()).toMatchObject({ welcomeMessage: "Hello!", fallbackMessage: "A person will reply soon." });
    // Another account's settings are untouched.
    expect(await db.aiSettings.findUnique({ where: { accountId: acme.account.id } })).toBeNull();
  });

  it("names the field and the limit when a value is out of range", async () => {
    const admin = await callerFor(globex.admin.id);
    const base = { enabled: true, systemPrompt: "", welcomeMessage: "", imagePrompt: "", fallbackMessage: "", maxBotTurns: 3 };
    expect(await fieldErrors(admin.aiSettings.update({ ...base, contextWindow: 0, confidenceThreshold: 1.5 }))).toEqual({
      contextWindow: [expect.stringContaining("at least")],
      confidenceThreshold: ["The threshold is between 0 and 1."],
    });
    expect(await fieldErrors(admin.aiSettings.update({ ...base, contextWindow: 51, confidenceThreshold: 0.5 }))).toEqual({
      contextWindow: [expect.stringContaining("At most 50")],
    });
  });
});

describe("access to the AI settings router", () => {
  it("gives another account's admin NOT_FOUND for Acme's providers and changes nothing", async () => {
    const acmeProviders = await db.aiProvider.findMany({ where: { accountId: acme.account.id }, orderBy: { id: "asc" } });
    const target = acmeProviders.find((p) => p.kind === "openai")!;
    const other = await callerFor(globex.admin.id);
    const notFound = { code: "NOT_FOUND" };
    expect(await other.aiSettings.providers()).toEqual([]);
    await expect(other.aiSettings.updateProvider({ id: target.id, patch: { name: "Hijacked", kind: "openai", model: "x", apiKey: "sk-evil" } })).rejects.toMatchObject(notFound);
    await expect(other.aiSettings.setProviderActive({ id: target.id, active: false })).rejects.toMatchObject(notFound);
    await expect(other.aiSettings.moveProvider({ id: target.id, direction: "down" })).rejects.toMatchObject(notFound);
    await expect(other.aiSettings.deleteProvider({ id: target.id })).rejects.toMatchObject(notFound);
    await expect(other.aiSettings.testProvider({ id: target.id })).rejects.toMatchObject(notFound);
    expect(await db.aiProvider.findMany({ where: { accountId: acme.account.id }, orderBy: { id: "asc" } })).toEqual(acmeProviders);
  });

  it("refuses agents every procedure", async () => {
    const agent = await callerFor(acme.agent.id);
    const target = (await db.aiProvider.findFirstOrThrow({ where: { accountId: acme.account.id } })).id;
    const forbidden = { code: "FORBIDDEN" };
    await expect(agent.aiSettings.get()).rejects.toMatchObject(forbidden);
    await expect(
      agent.aiSettings.update({ enabled: true, systemPrompt: "", contextWindow: 5, welcomeMessage: "", imagePrompt: "", confidenceThreshold: 0.5, maxBotTurns: 3, fallbackMessage: "" }),
    ).rejects.toMatchObject(forbidden);
    await expect(agent.aiSettings.providers()).rejects.toMatchObject(forbidden);
    await expect(agent.aiSettings.createProvider({ name: "Mine", kind: "offline", model: "" })).rejects.toMatchObject(forbidden);
    await expect(agent.aiSettings.updateProvider({ id: target, patch: { name: "x", kind: "offline", model: "" } })).rejects.toMatchObject(forbidden);
    await expect(agent.aiSettings.setProviderActive({ id: target, active: false })).rejects.toMatchObject(forbidden);
    await expect(agent.aiSettings.moveProvider({ id: target, direction: "up" })).rejects.toMatchObject(forbidden);
    await expect(agent.aiSettings.deleteProvider({ id: target })).rejects.toMatchObject(forbidden);
    await expect(agent.aiSettings.testProvider({ id: target })).rejects.toMatchObject(forbidden);
  });
});
