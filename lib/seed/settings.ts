import { z } from "zod";
import { passwordSchema } from "@/lib/auth/password";
import { loginEmailSchema } from "./demo-workspace";

export const DEFAULT_ADMIN_EMAIL = "admin@acme.test";
export const DEFAULT_ADMIN_PASSWORD = "switchboard-demo";
export const DEFAULT_AGENT_PASSWORD = "agent-demo-pass";

export interface SeedSettings {
  databaseUrl: string;
  adminEmail: string;
  adminPassword: string;
  agentPassword: string;
}

/** Reads the seed command's environment; the error names the variable to fix. */
export function readSeedSettings(env: Record<string, string | undefined>): SeedSettings {
  const databaseUrl = env.DATABASE_URL?.trim();
  if (!databaseUrl) throw new Error("DATABASE_URL is not set: point it at the PostgreSQL database to seed.");

  const read = (name: string, schema: z.ZodType<string>, fallback: string) => {
    const value = env[name] || fallback;
    const result = schema.safeParse(value);
    if (!result.success) throw new Error(`${name} is invalid: ${result.error.issues[0]!.message}`);
    return result.data;
  };
  return {
    databaseUrl,
    adminEmail: read("SEED_ADMIN_EMAIL", loginEmailSchema, DEFAULT_ADMIN_EMAIL),
    adminPassword: read("SEED_ADMIN_PASSWORD", passwordSchema, DEFAULT_ADMIN_PASSWORD),
    agentPassword: read("SEED_AGENT_PASSWORD", passwordSchema, DEFAULT_AGENT_PASSWORD),
  };
}
