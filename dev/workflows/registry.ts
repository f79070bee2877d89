import { parseCron } from "./cron";
import { compileExpression } from "./expression";
import { parseDuration, registerBodySchema, unsupportedConfig, type FunctionConfig } from "./protocol";
import type { WorkflowStore } from "./store";

/**
 * App sync (`POST /fn/register`, sent by the SDK's serve handler when it receives a PUT):
 * validates the function configs and stores them with their cron schedules.
 */

export class RegistrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RegistrationError";
  }
}

/** Every problem with one function's config, so a bad sync names all of them at once. */
function configProblems(fn: FunctionConfig): string[] {
  const problems: string[] = [];
  const check = (what: string, run: () => unknown) => {
    try {
      run();
    } catch (err) {
      problems.push(`function ${fn.id}: ${what}: ${(err as Error).message}`);
    }
  };
  for (const { cron, event, expression } of fn.triggers) {
    if (cron) check("cron trigger", () => parseCron(cron));
    if (expression) check(`trigger ${event}`, () => compileExpression(expression, ["event"]));
  }
  for (const rule of fn.cancel ?? []) {
    if (rule.if) check(`cancelOn ${rule.event}`, () => compileExpression(rule.if!));
    if (rule.timeout && parseDuration(rule.timeout) === undefined) {
      problems.push(`function ${fn.id}: cancelOn ${rule.event}: invalid timeout ${JSON.stringify(rule.timeout)}`);
    }
  }
  const concurrency = fn.concurrency;
  const slots = typeof concurrency === "object" && concurrency !== null ? (Array.isArray(concurrency) ? concurrency : [concurrency]) : [];
  for (const slot of slots) {
    if (slot.key) check("concurrency key", () => compileExpression(slot.key!, ["event"]));
  }
  return problems;
}

/** Stores an app's functions; returns whether anything changed. Throws RegistrationError. */
export async function registerApp(store: WorkflowStore, body: unknown, log: (line: string) => void): Promise<boolean> {
  const parsed = registerBodySchema.safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`);
    throw new RegistrationError(`invalid app sync payload: ${issues.join("; ")}`);
  }
  const app = parsed.data;
  const problems = app.functions.flatMap(configProblems);
  if (problems.length > 0) throw new RegistrationError(problems.join("; "));
  for (const fn of app.functions) {
    const ignored = unsupportedConfig(fn);
    if (ignored.length > 0) log(`workflow executor: function ${fn.id}: ${ignored.join(", ")} not enforced by the embedded executor`);
  }

  const now = new Date();
  const schedules = app.functions.flatMap((fn) =>
    fn.triggers.flatMap(({ cron }) => (cron ? [{ functionId: fn.id, cron, dueAt: parseCron(cron).next(now) }] : [])),
  );
  const modified = await store.transaction(async (q) => {
    await q.upsertApp({ id: app.appName, url: app.url, framework: app.framework, sdk: app.sdk });
    const changed = await q.replaceAppFunctions(app.appName, app.functions);
    await q.syncCronJobs(app.appName, schedules);
    return changed;
  });
  log(`workflow executor: synced app ${app.appName} (${app.functions.length} functions) from ${app.url}`);
  return modified;
}
