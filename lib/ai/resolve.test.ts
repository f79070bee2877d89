import { randomBytes } from "node:crypto";
import { streamText } from "ai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { encryptSecret } from "@/lib/crypto/encryption";
import type { Database } from "@/lib/db/client";
import { setupTestDatabase } from "@/tests/helpers/db";
import { startFakeOpenAI, type FakeOpenAI } from "@/tests/helpers/fake-openai";
import { createAccountWithStaff } from "@/tests/helpers/factories";
import { buildGroundedInstructions } from "./grounding";
import { resolveAnswerModel } from "./resolve";

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
beforeEach(async () => {
  await db.aiProvider.deleteMany();
});
afterAll(async () => {
  await fake.close();
  process.env.ENCRYPTION_KEY = previousKey;
});

const instructions = buildGroundedInstructions({
  systemPrompt: "",
  sources: [{ documentId: "doc_1", title: "Returns", url: "/help/acme/returns", heading: null, content: "You can return unworn items within 30 days of delivery." }],
  files: [],
  contactName: null,
});

async function answer(model: Awaited<ReturnType<typeof resolveAnswerModel>>["model"]) {
  const result = streamText({ model, instructions, prompt: "Can I return unworn items?", maxRetries: 0 });
  return { text: await result.text, metadata: (await result.providerMetadata)?.switchboard as Record<string, unknown> };
}

async function addProvider(data: { name: string; kind: "openai" | "anthropic" | "offline" | "openai_compatible"; model: string; priority: number; active?: boolean; apiKey?: string; encryptedApiKey?: string }) {
  const key = data.apiKey ? encryptSecret(data.apiKey) : null;
  await db.aiProvider.create({
    data: {
      accountId,
      name: data.name,
      kind: data.kind,
      model: data.model,
      priority: data.priority,
      active: data.active ?? true,
      baseUrl: data.kind === "offline" ? null : fake.baseUrl,
      encryptedApiKey: data.encryptedApiKey ?? key?.ciphertext ?? null,
      keyVersion: key?.keyVersion ?? null,
    },
  });
}

describe("resolveAnswerModel", () => {
  it("answers with the offline model when the account has no provider", async () => {
    const resolved = await resolveAnswerModel(db, accountId);
    expect(resolved).toMatchObject({ labels: ["Offline (knowledge base)"], supportsImages: false });
    expect(resolved.model.provider).toBe("switchboard");
    const { text, metadata } = await answer(resolved.model);
    expect(text).toBe("You can return unworn items within 30 days of delivery [1].");
    expect(metadata).toMatchObject({ citations: ["doc_1"] });
  });

  it("chains the active providers by priority, decrypting their keys, with the offline model as the last resort", async () => {
    await addProvider({ name: "Offline", kind: "offline", model: "offline-kb", priority: 30 });
    await addProvider({ name: "Backup", kind: "openai", model: "backup-model", priority: 20, apiKey: "sk-backup" });
    await addProvider({ name: "Primary", kind: "openai", model: "status-500", priority: 10, apiKey: "sk-primary" });
    await addProvider({ name: "Switched off", kind: "openai", model: "never", priority: 1, active: false, apiKey: "sk-off" });

    const resolved = await resolveAnswerModel(db, accountId);
    expect(resolved.labels).toEqual(["Primary", "Backup", "Offline"]);
    expect(resolved.supportsImages).toBe(true);
    fake.requests.length = 0;
    const { text, metadata } = await answer(resolved.model);
    expect(text).toBe("Answer from backup-model.");
    expect(metadata).toMatchObject({ answeredBy: { label: "Backup" }, attempts: [{ label: "Primary", kind: "server" }] });
    expect(fake.requests.map((r) => r.headers.authorization)).toEqual(["Bearer sk-primary", "Bearer sk-backup"]);
  });

  it("turns a key that cannot be decrypted into a failing link and answers with the next", async () => {
    const otherKey = encryptSecret("sk-lost", { currentVersion: 9, keys: new Map([[9, randomBytes(32)]]) });
    await addProvider({ name: "Lost key", kind: "anthropic", model: "claude", priority: 10, encryptedApiKey: otherKey.ciphertext });
    await addProvider({ name: "Offline", kind: "offline", model: "offline-kb", priority: 20 });
    const { text, metadata } = await answer((await resolveAnswerModel(db, accountId)).model);
    expect(text).toContain("30 days");
    expect(metadata).toMatchObject({
      answeredBy: { label: "Offline" },
      attempts: [{ label: "Lost key", kind: "config", error: expect.stringContaining("The API key of Lost key cannot be read") }],
    });
  });
});
