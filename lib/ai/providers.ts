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

/** The AI SDK model for a provider row. Configuration problems surface when the model is called. */
export function createLanguageModel(config: ProviderConfig): LanguageModelV4 {
  const info = PROVIDER_KINDS[config.kind];
  const model = config.model.trim() || info.defaultModel;
  const apiKey = config.apiKey?.trim() || null;
  if (config.kind === "offline") return createOfflineModel();
  if (info.apiKey === "required" && !apiKey) {
    return misconfiguredModel(config, `${config.name} has no API key: add one under Settings → AI assistant.`);
  }
  const baseURL = effectiveBaseUrl(config) ?? undefined;

  switch (config.kind) {
    case "openai":
      // The chat-completions API: what OpenAI-style proxies and gateways implement too.
      return createOpenAI({ apiKey: apiKey!, baseURL }).chat(model);
    case "google":
      return createGoogle({ apiKey: apiKey!, baseURL })(model);
    case "anthropic":
      return createAnthropic({ apiKey: apiKey!, baseURL })(model);
    case "openrouter":
      return createOpenAI({ apiKey: apiKey!, baseURL, name: "openrouter", headers: { "X-Title": "Switchboard" } }).chat(model);
    case "openai_compatible":
      if (!baseURL) return misconfiguredModel(config, `${config.name} has no base URL: set the server's URL (e.g. http://127.0.0.1:11434/v1 for Ollama).`);
      return createOpenAI({ apiKey: apiKey ?? "", baseURL, name: "openai-compatible", fetch: apiKey ? undefined : fetchWithoutEmptyBearer }).chat(model);
  }
}

/**
 * The AI SDK embedding model for a provider row of a kind that `supportsEmbeddings`, or
 * null when it cannot make one (no key where one is required, no base URL).
 */
export function createEmbeddingModel(config: ProviderConfig): EmbeddingModelV4 | null {
  const apiKey = config.apiKey?.trim() || null;
  const baseURL = effectiveBaseUrl(config) ?? undefined;
  if (!PROVIDER_KINDS[config.kind].supportsEmbeddings || (PROVIDER_KINDS[config.kind].apiKey === "required" && !apiKey)) return null;
  switch (config.kind) {
    case "openai":
      return createOpenAI({ apiKey: apiKey!, baseURL }).embedding(config.model);
    case "google":
      return createGoogle({ apiKey: apiKey!, baseURL }).embedding(config.model);
    case "openrouter":
      return createOpenAI({ apiKey: apiKey!, baseURL, name: "openrouter", headers: { "X-Title": "Switchboard" } }).embedding(config.model);
    case "openai_compatible":
      if (!baseURL) return null;
      return createOpenAI({ apiKey: apiKey ?? "", baseURL, name: "openai-compatible", fetch: apiKey ? undefined : fetchWithoutEmptyBearer }).embedding(config.model);
    default:
      return null;
  }
}
