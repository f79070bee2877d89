// JSON-RPC 2.0 over stdin/stdout, one JSON object per line, as the Prisma CLI
// speaks it to the schema engine. Requests are answered one at a time, in
// order; the engine's own requests to the CLI (`print`) are matched to the
// CLI's replies by id.
import { once } from "node:events";
import { createInterface } from "node:readline";
import { logLine } from "./log.mjs";
import { SchemaEngineSession, toEngineError } from "./session.mjs";

/** JSON-RPC error code the native engine uses for every engine error. */
const ENGINE_ERROR_CODE = 4466;

/** @param {unknown} message */
function send(message) {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

/** Forwards the WASM engine's log output as stderr JSON lines. */
function forwardEngineLog(/** @type {string} */ text) {
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    try {
      JSON.parse(line);
      process.stderr.write(`${line}\n`);
    } catch {
      logLine("INFO", { message: line });
    }
  }
}

/**
 * Serves until stdin closes, then resolves.
 * @param {{ datamodelPaths: string[], datasource: import("./session.mjs").Datasource | undefined }} options
 */
export async function serveJsonRpc({ datamodelPaths, datasource }) {
  let nextOwnRequestId = 1;
  /** @type {Map<unknown, () => void>} */
  const awaitingReply = new Map();
  const print = (/** @type {string} */ content) =>
    new Promise((resolve) => {
      const id = `print-${nextOwnRequestId++}`;
      awaitingReply.set(id, () => resolve(undefined));
      send({ jsonrpc: "2.0", id, method: "print", params: { content } });
    });
  const session = new SchemaEngineSession({ datamodelPaths, datasource, print, log: forwardEngineLog });

  /** @param {{ id?: unknown, method: string, params?: unknown }} request */
  async function answer({ id, method, params }) {
    const isNotification = id === undefined;
    if (!session.supports(method)) {
      if (!isNotification) send({ jsonrpc: "2.0", id, error: { code: -32601, message: `Method not found: ${method}` } });
      return;
    }
    try {
      const result = await session.call(method, params);
      if (!isNotification) send({ jsonrpc: "2.0", id, result: result === undefined ? {} : result });
    } catch (error) {
      const { message, code, meta } = toEngineError(error);
      logLine("ERROR", { message, ...(code ? { error_code: code } : {}) });
      if (isNotification) return;
      send({
        jsonrpc: "2.0",
        id,
        error: {
          code: ENGINE_ERROR_CODE,
          message: "An error happened. Check the data field for details.",
          // is_panic stays false even for crashes: for panics the CLI prints only
          // the generic message above, not this one.
          data: { is_panic: false, message, meta: meta ?? null, ...(code ? { error_code: code } : {}) },
        },
      });
    }
  }

  let queue = Promise.resolve();
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  lines.on("line", (line) => {
    if (line.trim() === "") return;
    let message;
    try {
      message = JSON.parse(line);
    } catch {
      send({ jsonrpc: "2.0", id: null, error: { code: -32700, message: "Parse error: each line must be one JSON-RPC 2.0 object." } });
      return;
    }
    if (message !== null && typeof message === "object" && typeof message.method !== "string" && "id" in message) {
      awaitingReply.get(message.id)?.();
      awaitingReply.delete(message.id);
      return;
    }
    if (message === null || typeof message !== "object" || typeof message.method !== "string") {
      send({ jsonrpc: "2.0", id: message?.id ?? null, error: { code: -32600, message: "Invalid request: expected {jsonrpc, id, method, params}." } });
      return;
    }
    queue = queue.then(() => answer(message));
  });
  await once(lines, "close");
  // Nobody is left to answer a pending print.
  for (const release of awaitingReply.values()) release();
  await queue;
}
