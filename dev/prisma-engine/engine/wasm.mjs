// Loads Prisma's schema engine compiled to WebAssembly
// (@prisma/schema-engine-wasm). The package's own entry imports the .wasm file
// as an ES module, which Node does not support, so the module is instantiated
// here with the package's wasm-bindgen glue as its import object.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/**
 * Where the glue reports Rust panic messages (it calls
 * `global.PRISMA_WASM_PANIC_REGISTRY.set_message`); a panic itself surfaces as
 * a WebAssembly.RuntimeError carrying no text.
 */
const panicRegistry = {
  message: "",
  /** @param {string} message */
  set_message(message) {
    this.message = message;
  },
  get() {
    return this.message;
  },
};

/** @type {Promise<typeof import("@prisma/schema-engine-wasm")> | undefined} */
let loading;

/** @returns {Promise<typeof import("@prisma/schema-engine-wasm")>} */
export function loadSchemaEngineWasm() {
  loading ??= (async () => {
    /** @type {any} */ (globalThis).PRISMA_WASM_PANIC_REGISTRY = panicRegistry;
    const gluePath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const glue = await import(gluePath);
    const bytes = await readFile(gluePath.replace(/\.js$/, ".wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": glue });
    glue.__wbg_set_wasm(instance.exports);
    /** @type {any} */ (instance.exports).__wbindgen_start?.();
    return glue;
  })();
  return loading;
}

/** @param {unknown} error */
export function isPanic(error) {
  return error instanceof WebAssembly.RuntimeError;
}

/** The message of the last panic, for the error reported in its place. */
export function lastPanicMessage() {
  return panicRegistry.get() || "unknown panic";
}
