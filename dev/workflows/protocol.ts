import { createHash } from "node:crypto";
import { z } from "zod";

/**
 * The parts of the Inngest SDK wire format the executor reads, validated on the way in.
 * Unknown fields are kept (`loose`) so newer SDKs still sync; what the executor does
 * not implement is reported by `unsupportedConfig`.
 */

const jsonObject = z.record(z.string(), z.unknown());

export const eventSchema = z.looseObject({
  name: z.string().min(1, "event name must be a non-empty string"),
  data: jsonObject.optional(),
  id: z.string().min(1).optional(),
  ts: z.number().int().nonnegative().optional(),
  user: jsonObject.optional(),
  v: z.string().optional(),
});
export type IncomingEvent = z.infer<typeof eventSchema>;

/** An event as stored and handed to functions. */
export interface WorkflowEvent {
  id: string;
  name: string;
  data: Record<string, unknown>;
  ts: number;
  user?: Record<string, unknown>;
  v?: string;
}

const triggerSchema = z
  .looseObject({ event: z.string().min(1).optional(), expression: z.string().optional(), cron: z.string().min(1).optional() })
  .refine((trigger) => (trigger.event === undefined) !== (trigger.cron === undefined), "a trigger needs either event or cron");

const concurrencyItemSchema = z.looseObject({
  limit: z.number().int(),
  key: z.string().optional(),
  scope: z.enum(["fn", "env", "account"]).optional(),
});
const concurrencySchema = z.union([z.number().int(), concurrencyItemSchema, z.array(concurrencyItemSchema)]);

const cancelSchema = z.looseObject({
  event: z.string().min(1),
  if: z.string().optional(),
  timeout: z.string().optional(),
});

const functionConfigSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string().optional(),
  triggers: z.array(triggerSchema).default([]),
  steps: z.record(
    z.string(),
    z.looseObject({
      runtime: z.looseObject({ url: z.url() }),
      retries: z.looseObject({ attempts: z.number().int().min(0).max(20) }).optional(),
    }),
  ),
  concurrency: concurrencySchema.optional().nullable(),
  cancel: z.array(cancelSchema).optional().nullable(),
});
export type FunctionConfig = z.infer<typeof functionConfigSchema>;

export const registerBodySchema = z.looseObject({
  url: z.url(),
  appName: z.string().min(1),
  framework: z.string().optional(),
  sdk: z.string().optional(),
  functions: z.array(functionConfigSchema),
});

/** Options the SDK may send that this executor does not enforce. */
const UNSUPPORTED_OPTIONS = ["idempotency", "batchEvents", "rateLimit", "throttle", "debounce", "priority", "timeouts", "singleton"];

export function unsupportedConfig(config: FunctionConfig): string[] {
  return UNSUPPORTED_OPTIONS.filter((key) => config[key] !== undefined && config[key] !== null);
}

/** Attempts = retries + 1; the SDK's default is 3 retries. */
export function maxAttempts(config: FunctionConfig): number {
  const retries = Object.values(config.steps)[0]?.retries?.attempts ?? 3;
  return retries + 1;
}

export function stepUrl(config: FunctionConfig): string {
  const step = Object.values(config.steps)[0];
  if (!step) throw new Error(`function ${config.id} has no step runtime URL`);
  return step.runtime.url;
}

const opSchema = z.looseObject({
  op: z.string(),
  id: z.string().min(1),
  name: z.string().optional(),
  displayName: z.string().optional(),
  data: z.unknown().optional(),
  error: z.unknown().optional(),
  opts: jsonObject.optional().nullable(),
});
export type StepOp = z.infer<typeof opSchema>;
export const opsSchema = z.array(opSchema);

/**
 * The id the SDK gives to function-level results when it has to answer with ops
 * (`RunComplete`, or `StepError`/`StepFailed` for the function itself).
 */
export const RUN_COMPLETE_OP_ID = createHash("sha1").update("complete").digest("hex");

const DURATION_UNITS: Record<string, number> = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000, ms: 1 };

/** Parses the SDK's duration strings (`"30s"`, `"1h30m"`, `"2d"`) into milliseconds. */
export function parseDuration(text: string): number | undefined {
  if (!/^(\d+(ms|[wdhms]))+$/.test(text)) return undefined;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+)(ms|[wdhms])/g)) total += Number(amount) * DURATION_UNITS[unit!]!;
  return total;
}

/** A Sleep op's `name`: a duration (`step.sleep`) or an ISO date (`step.sleepUntil`). */
export function sleepTarget(name: string, now: Date): Date | undefined {
  const duration = parseDuration(name);
  if (duration !== undefined) return new Date(now.getTime() + duration);
  const until = Date.parse(name);
  return Number.isNaN(until) ? undefined : new Date(until);
}

/** A serialized error in the shape the SDK sends and expects back. */
export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  [key: string]: unknown;
}

export function toSerializedError(value: unknown, fallbackMessage: string): SerializedError {
  if (typeof value === "object" && value !== null) {
    const record = value as Record<string, unknown>;
    const message = typeof record.message === "string" ? record.message : typeof record.error === "string" ? record.error : undefined;
    if (message !== undefined) return { ...record, name: typeof record.name === "string" ? record.name : "Error", message };
  }
  if (typeof value === "string" && value.length > 0) return { name: "Error", message: value };
  return { name: "Error", message: fallbackMessage };
}
