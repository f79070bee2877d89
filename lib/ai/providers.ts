/**
 * Language models for each provider kind Switchboard supports. A provider row's base URL
 * overrides the default, which lets admins use proxies or self-hosted servers and lets
 * tests point real provider packages at a local fake.
 */
import { createAnthropic } from "@ai-sdk/anthropic";
import { createGoogle } from "@ai-sdk/google";
import { createOpenAI } from "@ai-sdk/openai";
import type { EmbeddingModelV4, LanguageModelV4 } from "@ai-sdk/provider";
import { ProviderConfigError } from "./failover";
import { createOfflineModel } from "./offline-model";
import { PROVIDER_KINDS, effectiveBaseUrl, type AiProviderKind } from "./provider-kinds";

export { PROVIDER_KINDS, effectiveBaseUrl, supportsImages } from "./provider-kinds";

export interface ProviderConfig {
  kind: AiProviderKind;
  /** The row's name; used in error messages. */
  name: string;
  model: string;
  baseUrl?: string | null;
  /** The decrypted key, when the row has one. */
  apiKey?: string | null;
}

/** A model that fails every call with the configuration problem, so failover logs it and moves on. */
export function misconfiguredModel(config: Pick<ProviderConfig, "kind" | "model">, message: string): LanguageModelV4 {
  const fail = async (): Promise<never> => {
    throw new ProviderConfigError(message);
  };
  return { specificationVersion: "v4", provider: config.kind, modelId: config.model, supportedUrls: {}, doGenerate: fail, doStream: fail };
}

/** Self-hosted servers often need no key; send no Authorization header rather than an empty bearer. */
const fetchWithoutEmptyBearer: typeof fetch = (input, init) => {
  const headers = new Headers(init?.headers);
  if (headers.get("authorization")?.trim() === "Bearer") headers.delete("authorization");
  return fetch(input, { ...init, headers });
};

interface SdkProvider {
  chat(model: string): LanguageModelV4;
  /** Absent for kinds whose SDK makes no embedding models. */
  embedding?(model: string): EmbeddingModelV4;
}

/**
 * The SDK provider a row's chat and embedding models both come from; null for the
 * offline kind, and for an OpenAI-compatible server without a base URL.
 */
function sdkProvider(kind: ProviderConfig["kind"], apiKey: string | null, baseURL: string | undefined): SdkProvider | null {
  switch (kind) {
    case "openai": {
      // The chat-completions API: what OpenAI-style proxies and gateways implement too.
      const openai = createOpenAI({ apiKey: apiKey!, baseURL });
      return { chat: (model) => openai.chat(model), embedding: (model) => openai.embedding(model) };
    }
    case "google": {
      const google = createGoogle({ apiKey: apiKey!, baseURL });
      return { chat: (model) => google(model), embedding: (model) => google.embedding(model) };
    }
    case "anthropic": {
      const anthropic = createAnthropic({ apiKey: apiKey!, baseURL });
      return { chat: (model) => anthropic(model) };
    }
    case "openrouter": {
      const openrouter = createOpenAI({ apiKey: apiKey!, baseURL, name: "openrouter", headers: { "X-Title": "Switchboard" } });
      return { chat: (model) => openrouter.chat(model), embedding: (model) => openrouter.embedding(model) };
    }
    case "openai_compatible": {
      if (!baseURL) return null;
      const server = createOpenAI({ apiKey: apiKey ?? "", baseURL, name: "openai-compatible", fetch: apiKey ? undefined : fetchWithoutEmptyBearer });
      return { chat: (model) => server.chat(model), embedding: (model) => server.embedding(model) };
    }
    case "offline":
      return null;
  }
}

/** The AI SDK model for a provider row. Configuration problems surface when the model is called. */
export function createLanguageModel(config: ProviderConfig): LanguageModelV4 {
  const info = PROVIDER_KINDS[config.kind];
  const apiKey = config.apiKey?.trim() || null;
  if (config.kind === "offline") return createOfflineModel();
  if (info.apiKey === "required" && !apiKey) {
    return misconfiguredModel(config, `${config.name} has no API key: add one under Settings → AI assistant.`);
  }
  const provider = sdkProvider(config.kind, apiKey, effectiveBaseUrl(config) ?? undefined);
  if (!provider) return misconfiguredModel(config, `${config.name} has no base URL: set the server's URL (e.g. http://127.0.0.1:11434/v1 for Ollama).`);
  return provider.chat(config.model.trim() || info.defaultModel);
}

/**
 * The AI SDK embedding model for a provider row of a kind that `supportsEmbeddings`, or
 * null when it cannot make one (no key where one is required, no base URL).
 */
export function createEmbeddingModel(config: ProviderConfig): EmbeddingModelV4 | null {
  const info = PROVIDER_KINDS[config.kind];
  const apiKey = config.apiKey?.trim() || null;
  if (!info.supportsEmbeddings || (info.apiKey === "required" && !apiKey)) return null;
  return sdkProvider(config.kind, apiKey, effectiveBaseUrl(config) ?? undefined)?.embedding?.(config.model) ?? null;
}
