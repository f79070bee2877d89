/**
 * What Switchboard knows about each provider kind: defaults, whether it takes a key,
 * whether it reads images. Plain data, safe to import in the browser.
 */
import type { AiProviderKind } from "@/lib/db/generated/enums";

export type { AiProviderKind };

export interface ProviderKindInfo {
  label: string;
  defaultModel: string;
  /** Where requests go when the row sets no base URL (null: the row must set one). */
  defaultBaseUrl: string | null;
  apiKey: "required" | "optional" | "none";
  supportsImages: boolean;
  /** Offers an embeddings API, so it can index the knowledge base as vectors. */
  supportsEmbeddings: boolean;
  /** Environment variable that declares this provider at start-up. */
  envKey: string | null;
}

export const PROVIDER_KINDS: Record<AiProviderKind, ProviderKindInfo> = {
  offline: { label: "Offline (knowledge base)", defaultModel: "offline-kb", defaultBaseUrl: null, apiKey: "none", supportsImages: false, supportsEmbeddings: false, envKey: null },
  openai: { label: "OpenAI", defaultModel: "gpt-4o-mini", defaultBaseUrl: "https://api.openai.com/v1", apiKey: "required", supportsImages: true, supportsEmbeddings: true, envKey: "OPENAI_API_KEY" },
  google: {
    label: "Google Gemini",
    defaultModel: "gemini-2.5-flash",
    defaultBaseUrl: "https://generativelanguage.googleapis.com/v1beta",
    apiKey: "required",
    supportsImages: true,
    supportsEmbeddings: true,
    envKey: "GOOGLE_GENERATIVE_AI_API_KEY",
  },
  anthropic: {
    label: "Anthropic",
    defaultModel: "claude-haiku-4-5",
    defaultBaseUrl: "https://api.anthropic.com/v1",
    apiKey: "required",
    supportsImages: true,
    supportsEmbeddings: false,
    envKey: "ANTHROPIC_API_KEY",
  },
  openrouter: {
    label: "OpenRouter",
    defaultModel: "openai/gpt-4o-mini",
    defaultBaseUrl: "https://openrouter.ai/api/v1",
    apiKey: "required",
    supportsImages: true,
    supportsEmbeddings: true,
    envKey: "OPENROUTER_API_KEY",
  },
  openai_compatible: {
    label: "OpenAI-compatible (Ollama, vLLM…)",
    defaultModel: "llama3.2",
    defaultBaseUrl: null,
    apiKey: "optional",
    // Many self-hosted models are text-only; failover covers those that refuse images.
    supportsImages: false,
    supportsEmbeddings: true,
    envKey: "OPENAI_COMPATIBLE_BASE_URL",
  },
};

export function supportsImages(kind: AiProviderKind): boolean {
  return PROVIDER_KINDS[kind].supportsImages;
}

/** The URL requests go to for a provider (the row's, else the kind's default). */
export function effectiveBaseUrl(config: { kind: AiProviderKind; baseUrl?: string | null }): string | null {
  return config.baseUrl?.trim().replace(/\/+$/, "") || PROVIDER_KINDS[config.kind].defaultBaseUrl;
}
