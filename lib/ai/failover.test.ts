import type { LanguageModelV4, LanguageModelV4CallOptions, LanguageModelV4StreamPart } from "@ai-sdk/provider";
import { APICallError, generateText, streamText } from "ai";
import { MockLanguageModelV4, simulateReadableStream } from "ai/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeOpenAI } from "@/tests/helpers/fake-openai";
import { AllProvidersFailedError, classifyProviderError, createFailoverModel, type FailoverAttempt } from "./failover";
import { createOfflineModel } from "./offline-model";
import { createLanguageModel } from "./providers";

const usage = {
  inputTokens: { total: 3, noCache: 3, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 2, text: 2, reasoning: undefined },
};

function answeringModel(text: string, modelId = "good"): MockLanguageModelV4 {
  const chunks: LanguageModelV4StreamPart[] = [
    { type: "stream-start", warnings: [] },
    { type: "text-start", id: "t" },
    ...text.split(" ").map((word, i): LanguageModelV4StreamPart => ({ type: "text-delta", id: "t", delta: i ? ` ${word}` : word })),
    { type: "text-end", id: "t" },
    { type: "finish", finishReason: { unified: "stop", raw: "stop" }, usage, providerMetadata: { mock: { tag: modelId } } },
  ];
  return new MockLanguageModelV4({
    provider: "mock",
    modelId,
    doStream: async () => ({ stream: simulateReadableStream({ chunks }) }),
    doGenerate: async () => ({ content: [{ type: "text", text }], finishReason: { unified: "stop", raw: "stop" }, usage, warnings: [] }),
  });
}

const apiError = (statusCode: number, message: string, responseBody?: string) =>
  new APICallError({ message, url: "https://api.example.test/v1/chat/completions", requestBodyValues: {}, statusCode, responseBody, isRetryable: statusCode >= 500 || statusCode === 429 });

function failingModel(error: unknown, modelId = "broken"): MockLanguageModelV4 {
  return new MockLanguageModelV4({
    provider: "mock",
    modelId,
    doStream: async () => {
      throw error;
    },
    doGenerate: async () => {
      throw error;
    },
  });
}

/** A model that never answers, but lets go when its abort signal fires (like a real fetch). */
function silentModel(): MockLanguageModelV4 & { aborted: () => boolean } {
  let signal: AbortSignal | undefined;
  const model = new MockLanguageModelV4({
    provider: "mock",
    modelId: "silent",
    doStream: async (options: LanguageModelV4CallOptions) => {
      signal = options.abortSignal;
      return { stream: new ReadableStream<LanguageModelV4StreamPart>({ start: (controller) => controller.enqueue({ type: "stream-start", warnings: [] }) }) };
    },
  });
  return Object.assign(model, { aborted: () => signal?.aborted ?? false });
}

async function streamAnswer(model: LanguageModelV4) {
  const startedAt = performance.now();
  const result = streamText({ model, prompt: "Where is my parcel?", maxRetries: 0 });
  const text = await result.text;
  const metadata = (await result.providerMetadata)?.switchboard as { answeredBy: { label: string }; attempts: FailoverAttempt[] } | undefined;
  return { text, metadata, ms: performance.now() - startedAt };
}

describe("failover over mock models", () => {
  const cases: Array<[string, () => LanguageModelV4, FailoverAttempt["kind"]]> = [
    ["a 5xx error", () => failingModel(apiError(503, "Service Unavailable")), "server"],
    ["a 429 quota error", () => failingModel(apiError(429, "You exceeded your current quota", '{"error":{"code":"insufficient_quota"}}')), "quota"],
    ["a 401 refused key", () => failingModel(apiError(401, "Incorrect API key provided: sk-proj-abcdefghijklmnopqrstuvwxyz")), "auth"],
    [
      "a network error",
      () => failingModel(new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" }) })),
      "network",
    ],
    [
      "an error part before any content",
      () =>
        new MockLanguageModelV4({
          doStream: async () => ({
            stream: simulateReadableStream<LanguageModelV4StreamPart>({ chunks: [{ type: "stream-start", warnings: [] }, { type: "error", error: { message: "overloaded" } }] }),
          }),
        }),
      "stream",
    ],
  ];

  for (const [name, makeFailing, kind] of cases) {
    it(`moves on to the next provider after ${name}`, async () => {
      const second = answeringModel("Your parcel left the warehouse today.");
      const model = createFailoverModel([
        { label: "Primary", model: makeFailing() },
        { label: "Backup", model: second },
      ]);
      const { text, metadata } = await streamAnswer(model);
      expect(text).toBe("Your parcel left the warehouse today.");
      expect(metadata?.answeredBy).toEqual({ label: "Backup", provider: "mock", modelId: "good" });
      expect(metadata?.attempts).toHaveLength(1);
      expect(metadata?.attempts[0]).toMatchObject({ label: "Primary", kind });
      // Key material a provider echoes back never reaches the log.
      expect(JSON.stringify(metadata)).not.toContain("abcdefghijklmnop");
    });
  }

  it("gives up on a silent provider after the first-token timeout and aborts its request", async () => {
    const silent = silentModel();
    const model = createFailoverModel(
      [
        { label: "Slow", model: silent },
        { label: "Backup", model: answeringModel("Here to help.") },
      ],
      { firstTokenTimeoutMs: 150 },
    );
    const { text, metadata, ms } = await streamAnswer(model);
    expect(text).toBe("Here to help.");
    expect(metadata?.attempts[0]).toMatchObject({ label: "Slow", kind: "timeout" });
    expect(metadata?.attempts[0]!.latencyMs).toBeGreaterThanOrEqual(140);
    expect(ms).toBeLessThan(1_000);
    expect(silent.aborted()).toBe(true);
  });

  it("passes a stream through once content started, even if it fails later", async () => {
    const backup = answeringModel("unused");
    const model = createFailoverModel([
      {
        label: "Primary",
        model: new MockLanguageModelV4({
          doStream: async () => ({
            stream: simulateReadableStream<LanguageModelV4StreamPart>({
              chunks: [
                { type: "text-start", id: "t" },
                { type: "text-delta", id: "t", delta: "Partial" },
                { type: "error", error: new Error("connection reset") },
              ],
            }),
          }),
        }),
      },
      { label: "Backup", model: backup },
    ]);
    const parts: string[] = [];
    const result = streamText({ model, prompt: "hi", maxRetries: 0, onError: () => {} });
    for await (const part of result.fullStream) parts.push(part.type === "text-delta" ? `text:${part.text}` : part.type);
    expect(parts).toContain("text:Partial");
    expect(parts).toContain("error");
    expect(backup.doStreamCalls).toHaveLength(0);
  });

  it("throws AllProvidersFailedError with every attempt when no provider answers", async () => {
    const model = createFailoverModel([
      { label: "One", model: failingModel(apiError(500, "boom")) },
      { label: "Two", model: failingModel(apiError(401, "bad key")) },
    ]);
    const error = await Promise.resolve(model.doStream({ prompt: [{ role: "user", content: [{ type: "text", text: "hi" }] }] })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AllProvidersFailedError);
    expect((error as AllProvidersFailedError).attempts.map((a) => [a.label, a.kind, a.statusCode])).toEqual([
      ["One", "server", 500],
      ["Two", "auth", 401],
    ]);
  });

  it("does not fail over when the caller aborts", async () => {
    const backup = answeringModel("unused");
    const model = createFailoverModel([
      { label: "Slow", model: silentModel() },
      { label: "Backup", model: backup },
    ]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("customer left")), 50);
    await expect(model.doStream({ prompt: [{ role: "user", content: [{ type: "text", text: "hi" }] }], abortSignal: controller.signal })).rejects.toThrow("customer left");
    expect(backup.doStreamCalls).toHaveLength(0);
  });

  it("fails over in doGenerate too and keeps the answering model's own metadata", async () => {
    const model = createFailoverModel([
      { label: "Primary", model: failingModel(apiError(502, "Bad gateway")) },
      { label: "Offline", model: createOfflineModel() },
    ]);
    const result = await generateText({ model, prompt: "hello", maxRetries: 0 });
    expect(result.text).toBe("Hi! How can I help you today?");
    expect(result.providerMetadata?.switchboard).toMatchObject({
      confidence: 1,
      citations: [],
      answeredBy: { label: "Offline", provider: "switchboard", modelId: "offline-kb" },
      attempts: [{ label: "Primary", kind: "server", statusCode: 502 }],
    });
  });
});

describe("classifyProviderError", () => {
  it("names what went wrong", () => {
    expect(classifyProviderError(apiError(404, "model not found"))).toMatchObject({ kind: "not_found", statusCode: 404 });
    expect(classifyProviderError(apiError(400, "RESOURCE_EXHAUSTED: quota"))).toMatchObject({ kind: "quota" });
    expect(classifyProviderError(Object.assign(new Error("getaddrinfo ENOTFOUND api.example.test"), { code: "ENOTFOUND" }))).toMatchObject({ kind: "network" });
    expect(classifyProviderError(new DOMException("The operation timed out.", "TimeoutError"))).toMatchObject({ kind: "timeout" });
    expect(classifyProviderError(new APICallError({ message: "Cannot connect to API: bad port", url: "http://127.0.0.1:9/v1", requestBodyValues: {} }))).toMatchObject({
      kind: "network",
    });
    expect(classifyProviderError(new Error("odd"))).toMatchObject({ kind: "unknown", message: "odd" });
  });
});

describe("failover with the real provider packages against a fake OpenAI server", () => {
  let fake: FakeOpenAI;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
    // Load the provider code and open a connection first, so timings measure the failover alone.
    await generateText({ model: createLanguageModel({ kind: "openai", name: "warm-up", model: "warm-up", baseUrl: fake.baseUrl, apiKey: "sk" }), prompt: "hi" });
  });
  afterAll(async () => {
    await fake.close();
  });

  const provider = (model: string, kind: "openai" | "openrouter" | "openai_compatible" = "openai", apiKey: string | null = "sk-test-key") =>
    createLanguageModel({ kind, name: `${kind} ${model}`, model, baseUrl: fake.baseUrl, apiKey });

  it("switches to the second provider within a fraction of a second after a 500", async () => {
    const model = createFailoverModel([
      { label: "OpenAI", model: provider("status-500") },
      { label: "OpenRouter", model: provider("backup-model", "openrouter") },
    ]);
    const startedAt = performance.now();
    const result = streamText({ model, prompt: "Where is my parcel?", maxRetries: 0 });
    let firstTokenMs: number | null = null;
    for await (const chunk of result.textStream) if (chunk) firstTokenMs ??= performance.now() - startedAt;
    const metadata = (await result.providerMetadata)?.switchboard as unknown as { answeredBy: { label: string; modelId: string }; attempts: FailoverAttempt[] };
    expect(await result.text).toBe("Answer from backup-model.");
    expect(metadata.answeredBy).toMatchObject({ label: "OpenRouter", modelId: "backup-model" });
    expect(metadata.attempts).toEqual([expect.objectContaining({ label: "OpenAI", kind: "server", statusCode: 500 })]);
    // From the request to the backup's first token, the failed provider included.
    expect(firstTokenMs!).toBeLessThan(1_000);
    expect(metadata.attempts[0]!.latencyMs).toBeLessThan(500);
  });

  const failures: Array<[string, string, FailoverAttempt["kind"]]> = [
    ["a 429 quota error", "status-429", "quota"],
    ["a 401 refused key", "status-401", "auth"],
    ["a malformed response", "malformed", "stream"],
    ["an error event in the stream", "stream-error", "server"],
  ];
  for (const [name, failingModelName, kind] of failures) {
    it(`streams from the backup after ${name}`, async () => {
      const model = createFailoverModel([
        { label: "Primary", model: provider(failingModelName) },
        { label: "Backup", model: provider("backup-model") },
      ]);
      const { text, metadata } = await streamAnswer(model);
      expect(text).toBe("Answer from backup-model.");
      expect(metadata?.attempts[0]?.kind).toBe(kind);
    });
  }

  it("times out a provider that accepts the request but never answers", async () => {
    const model = createFailoverModel(
      [
        { label: "Hanging", model: provider("hang") },
        { label: "Backup", model: provider("backup-model") },
      ],
      { firstTokenTimeoutMs: 300 },
    );
    const { text, metadata, ms } = await streamAnswer(model);
    expect(text).toBe("Answer from backup-model.");
    expect(metadata?.attempts[0]).toMatchObject({ kind: "timeout" });
    expect(ms).toBeLessThan(1_500);
  });

  it("fails over in generateText (non-streaming) too", async () => {
    const model = createFailoverModel([
      { label: "Primary", model: provider("status-503") },
      { label: "Backup", model: provider("backup-model") },
    ]);
    const result = await generateText({ model, prompt: "hello", maxRetries: 0 });
    expect(result.text).toBe("Answer from backup-model.");
  });

  it("sends the key as a bearer token, and none for a keyless OpenAI-compatible server", async () => {
    fake.requests.length = 0;
    await generateText({ model: provider("with-key"), prompt: "hi", maxRetries: 0 });
    await generateText({ model: provider("local-llama", "openai_compatible", null), prompt: "hi", maxRetries: 0 });
    expect(fake.requests.map((r) => [r.body.model, r.headers.authorization])).toEqual([
      ["with-key", "Bearer sk-test-key"],
      ["local-llama", undefined],
    ]);
  });

  it("reports a provider without a key as a configuration failure and moves on", async () => {
    const model = createFailoverModel([
      { label: "OpenAI", model: createLanguageModel({ kind: "openai", name: "OpenAI", model: "gpt-4o-mini", apiKey: null }) },
      { label: "Backup", model: provider("backup-model") },
    ]);
    const { text, metadata } = await streamAnswer(model);
    expect(text).toBe("Answer from backup-model.");
    expect(metadata?.attempts[0]).toMatchObject({ kind: "config", error: expect.stringContaining("OpenAI has no API key") });
  });
});
