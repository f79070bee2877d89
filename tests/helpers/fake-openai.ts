/**
 * A small server speaking OpenAI's chat-completions API (JSON and SSE streaming), for
 * tests that drive the real provider packages. How it answers is chosen per request:
 * by a queued behaviour, else by the requested model name:
 *   "status-500" (any status), "hang", "malformed", "stream-error", "delay-250" (ms before
 *   answering), anything else → an answer "Answer from <model>.".
 * It also serves `/embeddings` (the same behaviours apply): each input becomes a
 * 64-dimension bag of its words, each word hashed to one dimension after `synonyms`
 * maps it, so tests can make differently worded texts close.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export type FakeBehavior =
  | { kind: "answer"; text?: string; delayMs?: number }
  | { kind: "status"; status: number; delayMs?: number }
  | { kind: "hang" }
  | { kind: "malformed" }
  | { kind: "stream-error" };

export interface RecordedRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: { model?: string; stream?: boolean; messages?: unknown[]; [key: string]: unknown };
}

export interface FakeOpenAIOptions {
  /** For embeddings: word → the word it counts as. */
  synonyms?: Record<string, string>;
}

export const FAKE_EMBEDDING_DIMENSIONS = 64;

/** The fake's vector for `text`: word counts hashed into FAKE_EMBEDDING_DIMENSIONS dimensions (not normalized). */
export function fakeEmbedding(text: string, synonyms: Record<string, string> = {}): number[] {
  const vector = new Array<number>(FAKE_EMBEDDING_DIMENSIONS).fill(0);
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    const canonical = synonyms[word] ?? word;
    let hash = 0;
    for (const character of canonical) hash = (hash * 31 + character.codePointAt(0)!) >>> 0;
    vector[hash % FAKE_EMBEDDING_DIMENSIONS]! += 1;
  }
  return vector;
}

export interface FakeOpenAI {
  /** Base URL for a provider row, ending in /v1. */
  baseUrl: string;
  requests: RecordedRequest[];
  /** Behaviours for the next requests, in order, before the model-name rules apply. */
  enqueue(...behaviors: FakeBehavior[]): void;
  close(): Promise<void>;
}

const ERROR_BODIES: Record<number, { message: string; type: string; code: string | null }> = {
  401: { message: "Incorrect API key provided: sk-test…", type: "invalid_request_error", code: "invalid_api_key" },
  404: { message: "The model does not exist or you do not have access to it.", type: "invalid_request_error", code: "model_not_found" },
  429: { message: "You exceeded your current quota, please check your plan and billing details.", type: "insufficient_quota", code: "insufficient_quota" },
};

function behaviorForModel(model: string): FakeBehavior {
  const status = /^status-(\d{3})$/.exec(model);
  if (status) return { kind: "status", status: Number(status[1]) };
  const delay = /^delay-(\d+)$/.exec(model);
  if (delay) return { kind: "answer", delayMs: Number(delay[1]) };
  if (model === "hang" || model === "malformed" || model === "stream-error") return { kind: model };
  return { kind: "answer" };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function completion(model: string, text: string) {
  return {
    id: "chatcmpl-fake",
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: "stop" }],
    usage: { prompt_tokens: 12, completion_tokens: text.split(" ").length, total_tokens: 12 + text.split(" ").length },
  };
}

function chunk(model: string, delta: Record<string, unknown>, finishReason: string | null, usage?: Record<string, number>) {
  return {
    id: "chatcmpl-fake",
    object: "chat.completion.chunk",
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, delta, finish_reason: finishReason }],
    ...(usage ? { usage } : {}),
  };
}

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const requests: RecordedRequest[] = [];
  const queue: FakeBehavior[] = [];
  const open = new Set<http.ServerResponse>();

  const server = http.createServer(async (request, response) => {
    open.add(response);
    response.on("close", () => open.delete(response));
    const chunks: Buffer[] = [];
    for await (const part of request) chunks.push(part as Buffer);
    let body: RecordedRequest["body"] = {};
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
    } catch {
      // recorded as empty
    }
    requests.push({ path: request.url ?? "", headers: request.headers, body });
    const embeddings = request.url?.endsWith("/embeddings") ?? false;
    if (request.method !== "POST" || !(embeddings || request.url?.endsWith("/chat/completions"))) {
      response.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "Not found", type: "invalid_request_error" } }));
      return;
    }

    const model = body.model ?? "fake-model";
    const behavior = queue.shift() ?? behaviorForModel(model);
    if ("delayMs" in behavior && behavior.delayMs) await sleep(behavior.delayMs);
    switch (behavior.kind) {
      case "hang":
        return; // the client gives up (or the server closes)
      case "status": {
        const error = ERROR_BODIES[behavior.status] ?? { message: `The server had an error (${behavior.status}).`, type: "server_error", code: null };
        response.writeHead(behavior.status, { "content-type": "application/json" }).end(JSON.stringify({ error }));
        return;
      }
      case "malformed":
        response.writeHead(200, { "content-type": body.stream ? "text/event-stream" : "application/json" }).end(body.stream ? "data: {not json\n\n" : "{not json");
        return;
      case "stream-error":
        if (!body.stream) {
          response.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "Upstream failed", type: "server_error" } }));
          return;
        }
        response.writeHead(200, { "content-type": "text/event-stream" });
        response.end(`data: ${JSON.stringify({ error: { message: "The model is overloaded.", type: "server_error", code: "overloaded" } })}\n\n`);
        return;
      case "answer": {
        if (embeddings) {
          const inputs = Array.isArray(body.input) ? (body.input as string[]) : [String(body.input ?? "")];
          const data = inputs.map((input, index) => ({ object: "embedding", index, embedding: fakeEmbedding(input, options.synonyms) }));
          response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ object: "list", data, model, usage: { prompt_tokens: 8, total_tokens: 8 } }));
          return;
        }
        const text = behavior.text ?? `Answer from ${model}.`;
        if (!body.stream) {
          response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(completion(model, text)));
          return;
        }
        response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
        const send = (data: unknown) => response.write(`data: ${JSON.stringify(data)}\n\n`);
        send(chunk(model, { role: "assistant", content: "" }, null));
        for (const word of text.match(/\S+\s*/g) ?? []) send(chunk(model, { content: word }, null));
        send(chunk(model, {}, "stop", { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 }));
        response.end("data: [DONE]\n\n");
        return;
      }
    }
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    enqueue: (...behaviors) => queue.push(...behaviors),
    close: () =>
      new Promise<void>((resolve) => {
        for (const response of open) response.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
