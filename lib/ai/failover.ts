/**
 * One model over an ordered chain of providers. Each call tries the links in order; a
 * link fails when it throws, when its stream reports an error before any content, or
 * when no content arrives within the first-token timeout. Once a link produces content
 * its stream is passed through unchanged, so the customer never sees two half answers.
 * The answer's providerMetadata.switchboard says who answered and what failed first.
 */
import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamPart,
  LanguageModelV4StreamResult,
  SharedV4ProviderMetadata,
} from "@ai-sdk/provider";
import { APICallError } from "ai";

export interface FailoverLink {
  /** Shown in the log and settings, e.g. the provider row's name. */
  label: string;
  model: LanguageModelV4;
}

export interface FailoverOptions {
  /** How long a link may take to produce its first token when streaming. Default 8000. */
  firstTokenTimeoutMs?: number;
  /** How long a link may take for a whole non-streamed answer. Default 30000. */
  generateTimeoutMs?: number;
}

export type ProviderErrorKind = "auth" | "not_found" | "quota" | "bad_request" | "server" | "timeout" | "network" | "stream" | "config" | "unknown";

export interface ClassifiedProviderError {
  kind: ProviderErrorKind;
  statusCode: number | null;
  /** One line for the log, without secrets. */
  message: string;
}

/** A link that failed before the one that answered. */
export interface FailoverAttempt {
  label: string;
  provider: string;
  modelId: string;
  error: string;
  kind: ProviderErrorKind;
  statusCode: number | null;
  latencyMs: number;
}

export interface AnsweredBy {
  label: string;
  provider: string;
  modelId: string;
}

export class AllProvidersFailedError extends Error {
  constructor(readonly attempts: FailoverAttempt[]) {
    super(
      attempts.length === 0
        ? "No AI provider is configured."
        : `Every AI provider failed: ${attempts.map((attempt) => `${attempt.label} (${attempt.error})`).join("; ")}`,
    );
    this.name = "AllProvidersFailedError";
  }
}

/** A link whose configuration is unusable (no key, undecryptable key): it fails with this message. */
export class ProviderConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProviderConfigError";
  }
}

export class FirstTokenTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`No response within ${timeoutMs / 1000} s.`);
    this.name = "FirstTokenTimeoutError";
  }
}

class StreamPartError extends Error {
  constructor(readonly original: unknown) {
    super(`The stream reported an error before any content: ${describe(original)}`);
    this.name = "StreamPartError";
  }
}

const NETWORK_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "ECONNRESET", "ETIMEDOUT", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "EPIPE", "UND_ERR_SOCKET", "UND_ERR_CONNECT_TIMEOUT"]);

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === "string") return error;
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}

/** The errno-style code of an error or of any error in its cause chain. */
export function networkCodeOf(error: unknown): string | null {
  for (let current = error, depth = 0; current && depth < 6; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && NETWORK_CODES.has(code)) return code;
    const errors = (current as { errors?: unknown }).errors;
    if (Array.isArray(errors)) for (const inner of errors) if (networkCodeOf(inner)) return networkCodeOf(inner);
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

/** Masks anything that looks like an API key (providers sometimes echo part of it). */
export function redactSecrets(text: string): string {
  return text.replace(/\b(sk|pk|rk|key|AIza)[-_A-Za-z0-9]{12,}/g, (match) => `${match.slice(0, 4)}…`);
}

/** Sorts an error into what an admin can act on: a refused key, quota, a timeout, the network… */
export function classifyProviderError(error: unknown): ClassifiedProviderError {
  const source = error instanceof StreamPartError ? error.original : error;
  const line = (text: string) => redactSecrets(text.replace(/\s+/g, " ").trim()).slice(0, 300);
  if (source instanceof ProviderConfigError) return { kind: "config", statusCode: null, message: line(source.message) };
  if (source instanceof FirstTokenTimeoutError) return { kind: "timeout", statusCode: null, message: line(source.message) };
  if (APICallError.isInstance(source)) {
    const status = source.statusCode ?? null;
    const body = `${source.message} ${source.responseBody ?? ""}`;
    const kind: ProviderErrorKind =
      status === 401 || status === 403
        ? "auth"
        : status === 404
          ? "not_found"
          : status === 429 || /quota|rate.?limit|insufficient_quota|resource.?exhausted/i.test(body)
            ? "quota"
            : status === 408 || status === 504
              ? "timeout"
              : status !== null && status >= 500
                ? "server"
                : status !== null && status >= 400
                  ? "bad_request"
                  : networkCodeOf(source) || /cannot connect to api|fetch failed/i.test(source.message)
                    ? "network"
                    : "unknown";
    return { kind, statusCode: status, message: line(status ? `HTTP ${status}: ${source.message}` : source.message) };
  }
  const name = (source as { name?: unknown } | null)?.name;
  if (name === "TimeoutError" || name === "AbortError") return { kind: "timeout", statusCode: null, message: line(describe(source)) };
  const code = networkCodeOf(source);
  if (code) return { kind: "network", statusCode: null, message: line(`${code}: ${describe(source)}`) };
  if (source instanceof TypeError && /fetch failed|network/i.test(source.message)) return { kind: "network", statusCode: null, message: line(source.message) };
  if (error instanceof StreamPartError) return { kind: "stream", statusCode: null, message: line(error.message) };
  return { kind: "unknown", statusCode: null, message: line(describe(source)) };
}

/** Content parts: once one arrives, the link has answered. */
const CONTENT_PARTS = new Set<LanguageModelV4StreamPart["type"]>(["text-delta", "reasoning-delta", "tool-input-start", "tool-call", "file", "source", "tool-result"]);

function withSwitchboardMetadata(metadata: SharedV4ProviderMetadata | undefined, answeredBy: AnsweredBy, attempts: FailoverAttempt[]): SharedV4ProviderMetadata {
  return {
    ...metadata,
    switchboard: { ...metadata?.switchboard, answeredBy: { ...answeredBy }, attempts: attempts.map((attempt) => ({ ...attempt })) },
  };
}

/** Rejects when the signal aborts, so a link that ignores its abort signal cannot hold the chain. */
function untilAborted<T>(promise: PromiseLike<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    Promise.resolve(promise).then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

interface AttemptContext {
  signal: AbortSignal;
  options: LanguageModelV4CallOptions;
  done(): void;
}

function startAttempt(options: LanguageModelV4CallOptions, timeoutMs: number): AttemptContext {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new FirstTokenTimeoutError(timeoutMs)), timeoutMs);
  const signal = options.abortSignal ? AbortSignal.any([options.abortSignal, controller.signal]) : controller.signal;
  return { signal, options: { ...options, abortSignal: signal }, done: () => clearTimeout(timer) };
}

export function createFailoverModel(links: FailoverLink[], options: FailoverOptions = {}): LanguageModelV4 {
  const firstTokenTimeoutMs = options.firstTokenTimeoutMs ?? 8_000;
  const generateTimeoutMs = options.generateTimeoutMs ?? 30_000;
  const primary = links[0];

  const recordFailure = (attempts: FailoverAttempt[], link: FailoverLink, error: unknown, startedAt: number) => {
    const classified = classifyProviderError(error);
    attempts.push({
      label: link.label,
      provider: link.model.provider,
      modelId: link.model.modelId,
      error: classified.message,
      kind: classified.kind,
      statusCode: classified.statusCode,
      latencyMs: Math.round(performance.now() - startedAt),
    });
  };
  const answeredByOf = (link: FailoverLink): AnsweredBy => ({ label: link.label, provider: link.model.provider, modelId: link.model.modelId });

  return {
    specificationVersion: "v4",
    provider: primary?.model.provider ?? "switchboard",
    modelId: primary?.model.modelId ?? "failover",
    // Only URLs every link can fetch itself may be passed through; otherwise the SDK downloads them.
    supportedUrls: {},

    async doGenerate(callOptions): Promise<LanguageModelV4GenerateResult> {
      const attempts: FailoverAttempt[] = [];
      for (const link of links) {
        const startedAt = performance.now();
        const attempt = startAttempt(callOptions, generateTimeoutMs);
        try {
          const result = await untilAborted(link.model.doGenerate(attempt.options), attempt.signal);
          return { ...result, providerMetadata: withSwitchboardMetadata(result.providerMetadata, answeredByOf(link), attempts) };
        } catch (error) {
          if (callOptions.abortSignal?.aborted) throw error;
          recordFailure(attempts, link, error, startedAt);
        } finally {
          attempt.done();
        }
      }
      throw new AllProvidersFailedError(attempts);
    },

    async doStream(callOptions): Promise<LanguageModelV4StreamResult> {
      const attempts: FailoverAttempt[] = [];
      for (const link of links) {
        const startedAt = performance.now();
        const attempt = startAttempt(callOptions, firstTokenTimeoutMs);
        let reader: ReadableStreamDefaultReader<LanguageModelV4StreamPart> | undefined;
        try {
          const result = await untilAborted(link.model.doStream(attempt.options), attempt.signal);
          reader = result.stream.getReader();
          const held: LanguageModelV4StreamPart[] = [];
          let finished = false;
          // Hold everything up to the first content part; an error before it means "try the next link".
          for (;;) {
            const next = await untilAborted(reader.read(), attempt.signal);
            if (next.done) {
              if (!held.some((part) => part.type === "finish")) throw new StreamPartError("the stream ended without an answer");
              finished = true;
              break;
            }
            if (next.value.type === "error") throw new StreamPartError(next.value.error);
            held.push(next.value);
            if (CONTENT_PARTS.has(next.value.type) || next.value.type === "finish") break;
          }
          attempt.done();
          const answeredBy = answeredByOf(link);
          const mark = (part: LanguageModelV4StreamPart): LanguageModelV4StreamPart =>
            part.type === "finish" ? { ...part, providerMetadata: withSwitchboardMetadata(part.providerMetadata, answeredBy, attempts) } : part;
          const source = reader;
          const stream = new ReadableStream<LanguageModelV4StreamPart>({
            start(controller) {
              for (const part of held) controller.enqueue(mark(part));
              if (finished) controller.close();
            },
            async pull(controller) {
              if (finished) return;
              const next = await source.read();
              if (next.done) controller.close();
              else controller.enqueue(mark(next.value));
            },
            cancel(reason) {
              return source.cancel(reason);
            },
          });
          return { ...result, stream };
        } catch (error) {
          attempt.done();
          reader?.cancel().catch(() => {});
          if (callOptions.abortSignal?.aborted) throw error;
          recordFailure(attempts, link, error, startedAt);
        }
      }
      throw new AllProvidersFailedError(attempts);
    },
  };
}
