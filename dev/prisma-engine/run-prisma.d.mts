/** The real Prisma CLI entry point (node_modules/prisma/build/index.js). */
export declare const prismaCliPath: string;

/** The offline schema engine executable (schema-engine.mjs). */
export declare const offlineSchemaEnginePath: string;

/** Whether a native schema-engine binary was installed where the Prisma CLI looks for it. */
export declare function nativeSchemaEngineAvailable(): boolean;

/**
 * `env` plus PRISMA_SCHEMA_ENGINE_BINARY pointing at schema-engine.mjs when
 * neither that variable nor a native engine is there.
 */
export declare function prismaEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv;

/**
 * Runs the Prisma CLI with `args` (stdin closed) and collects its output.
 * `env` is added to process.env; `options.cwd` is the working directory.
 */
export declare function runPrisma(
  args: string[],
  env?: Record<string, string>,
  options?: { cwd?: string },
): Promise<{ code: number; stdout: string; stderr: string }>;
