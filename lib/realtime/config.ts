import Pusher from "pusher";
import { z } from "zod";

const realtimeEnvSchema = z.object({
  PUSHER_APP_ID: z.string().min(1, "PUSHER_APP_ID is not set: start Switchboard with `npm start` or set the PUSHER_* variables."),
  PUSHER_KEY: z.string().min(1, "PUSHER_KEY is not set."),
  PUSHER_SECRET: z.string().min(1, "PUSHER_SECRET is not set."),
  PUSHER_CLUSTER: z.string().min(1).default("mt1"),
  /** Set for soketi or the embedded server; Pusher Channels needs only the cluster. */
  PUSHER_HOST: z.string().min(1).optional(),
  PUSHER_PORT: z.coerce.number().int().positive().optional(),
  PUSHER_USE_TLS: z.enum(["true", "false"]).default("true"),
  /** Where browsers connect, when different from PUSHER_HOST/PORT (e.g. a public soketi address). */
  PUSHER_PUBLIC_HOST: z.string().min(1).optional(),
  PUSHER_PUBLIC_PORT: z.coerce.number().int().positive().optional(),
});

function readRealtimeEnv() {
  const parsed = realtimeEnvSchema.safeParse(process.env);
  if (!parsed.success) throw new Error(parsed.error.issues.map((issue) => issue.message).join(" "));
  return parsed.data;
}

export function realtimeMode(): "embedded" | "hosted" {
  return process.env.SWITCHBOARD_EMBEDDED_REALTIME === "1" ? "embedded" : "hosted";
}

const globalForRealtime = globalThis as unknown as { switchboardPusher?: Pusher };

/** The server SDK, configured from PUSHER_* (the embedded server or Pusher Channels / soketi). */
export function getRealtime(): Pusher {
  if (!globalForRealtime.switchboardPusher) {
    const env = readRealtimeEnv();
    globalForRealtime.switchboardPusher = new Pusher({
      appId: env.PUSHER_APP_ID,
      key: env.PUSHER_KEY,
      secret: env.PUSHER_SECRET,
      cluster: env.PUSHER_CLUSTER,
      useTLS: env.PUSHER_USE_TLS === "true",
      ...(env.PUSHER_HOST ? { host: env.PUSHER_HOST, port: env.PUSHER_PORT ? String(env.PUSHER_PORT) : undefined } : {}),
    });
  }
  return globalForRealtime.switchboardPusher;
}

/** What a browser needs to connect with pusher-js; never includes the secret. */
export interface BrowserRealtimeConfig {
  key: string;
  cluster: string;
  wsHost?: string;
  wsPort?: number;
  forceTLS: boolean;
}

export function browserRealtimeConfig(): BrowserRealtimeConfig {
  const env = readRealtimeEnv();
  const host = env.PUSHER_PUBLIC_HOST ?? env.PUSHER_HOST;
  const port = env.PUSHER_PUBLIC_PORT ?? env.PUSHER_PORT;
  return {
    key: env.PUSHER_KEY,
    cluster: env.PUSHER_CLUSTER,
    forceTLS: env.PUSHER_USE_TLS === "true",
    ...(host ? { wsHost: host, wsPort: port } : {}),
  };
}
