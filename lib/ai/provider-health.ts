/**
 * "Test connection": a tiny generation against one provider, with the outcome in words
 * an admin can act on, stored on the provider row (health, latency, last error).
 */
import type { LanguageModelV4 } from "@ai-sdk/provider";
import { generateText } from "ai";
import type { Database } from "@/lib/db/client";
import { UserFacingError } from "@/lib/errors";
import { classifyProviderError, networkCodeOf } from "./failover";
import { PROVIDER_KINDS, effectiveBaseUrl, type AiProviderKind } from "./provider-kinds";
import { modelForProvider } from "./resolve";

export const HEALTH_CHECK_TIMEOUT_MS = 10_000;

export interface HealthCheckResult {
  ok: boolean;
  latencyMs: number;
  /** What went wrong, in words; null when ok. */
  error: string | null;
}

interface CheckedProvider {
  name: string;
  kind: AiProviderKind;
  model: string;
  baseUrl: string | null;
}

/** The provider's name as admins know it: the service for hosted kinds, the row's name for self-hosted ones. */
function providerName(provider: CheckedProvider): string {
  return provider.kind === "openai_compatible" ? provider.name : PROVIDER_KINDS[provider.kind].label;
}

/** A provider error as a sentence that says what to do. */
export function describeProviderError(error: unknown, provider: CheckedProvider, timeoutMs = HEALTH_CHECK_TIMEOUT_MS): string {
  const classified = classifyProviderError(error);
  const name = providerName(provider);
  const status = classified.statusCode;
  switch (classified.kind) {
    case "auth":
      return `The API key was refused by ${name} (${status}). Paste a new key.`;
    case "not_found":
      return `Model "${provider.model}" was not found at ${name}.`;
    case "quota":
      return `${name} refused the request because of a quota or rate limit${status ? ` (${status})` : ""}: check the plan and billing of this key, or try again later.`;
    case "timeout":
      return `${name} did not answer within ${timeoutMs / 1000} s.`;
    case "network": {
      const code = networkCodeOf(error);
      return `Could not reach ${effectiveBaseUrl(provider) ?? name}${code ? ` (${code})` : ""}.`;
    }
    case "server":
      return `${name} had a server error (${status}). Try again in a few minutes.`;
    case "config":
      return classified.message;
    case "bad_request":
      return `${name} rejected the test request (${status}): ${classified.message}`;
    default:
      return `The test failed: ${classified.message}`;
  }
}

/** Runs the tiny generation; never throws. */
export async function checkModelConnection(model: LanguageModelV4, provider: CheckedProvider, timeoutMs = HEALTH_CHECK_TIMEOUT_MS): Promise<HealthCheckResult> {
  const startedAt = performance.now();
  try {
    await generateText({ model, prompt: "Reply with the single word OK.", maxOutputTokens: 16, maxRetries: 0, abortSignal: AbortSignal.timeout(timeoutMs) });
    return { ok: true, latencyMs: Math.round(performance.now() - startedAt), error: null };
  } catch (error) {
    return { ok: false, latencyMs: Math.round(performance.now() - startedAt), error: describeProviderError(error, provider, timeoutMs) };
  }
}

/** Tests one of the account's providers and records the outcome on its row. */
export async function testProviderConnection(db: Database, accountId: string, providerId: string, timeoutMs = HEALTH_CHECK_TIMEOUT_MS) {
  const row = await db.aiProvider.findFirst({ where: { id: providerId, accountId } });
  if (!row) throw new UserFacingError("not_found", "This AI provider does not exist (it may have been deleted).");
  const result = await checkModelConnection(modelForProvider(row), row, timeoutMs);
  await db.aiProvider.update({
    where: { id: row.id },
    data: { health: result.ok ? "healthy" : "failing", lastCheckedAt: new Date(), lastLatencyMs: result.latencyMs, lastError: result.error },
  });
  return result;
}
