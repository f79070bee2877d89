import http from "node:http";
import { z } from "zod";
import { eventSchema } from "./protocol";
import { RegistrationError, registerApp } from "./registry";
import type { WorkflowRunner } from "./runner";
import { RUN_STATUSES, type WorkflowStore } from "./store";

/**
 * The executor's HTTP surface: what the Inngest SDK calls in dev mode (`POST /e/:key`,
 * `POST /fn/register`) and a small read API for the admin page (`/v1/runs`, `/v1/functions`).
 */

const MAX_BODY_BYTES = 4 * 1024 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

interface Route {
  method: string;
  pattern: RegExp;
  handle: (params: string[], request: { url: URL; body: () => Promise<unknown> }) => Promise<{ status?: number; body: unknown }>;
}

const runListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  status: z.enum(RUN_STATUSES).optional(),
  functionId: z.string().min(1).optional(),
});

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HttpError(413, `request body exceeds ${MAX_BODY_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const text = await readBody(req);
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, "request body must be JSON");
  }
}

export function createHttpServer(options: { store: WorkflowStore; runner: WorkflowRunner; log: (line: string) => void }) {
  const { store, runner, log } = options;

  const routes: Route[] = [
    {
      method: "POST",
      pattern: /^\/e\/([^/]+)$/, // any event key is accepted locally
      handle: async (_params, request) => {
        const body = await request.body();
        const parsed = (Array.isArray(body) ? z.array(eventSchema) : eventSchema).safeParse(body);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          throw new HttpError(400, `invalid event: ${issue ? `${issue.path.join(".") || "body"}: ${issue.message}` : "unknown problem"}`);
        }
        const ids = await runner.sendEvents(Array.isArray(parsed.data) ? parsed.data : [parsed.data]);
        return { body: { ids, status: 200 } };
      },
    },
    {
      method: "POST",
      pattern: /^\/fn\/register$/,
      handle: async (_params, request) => {
        try {
          const modified = await registerApp(store, await request.body(), log);
          runner.wake();
          return { body: { ok: true, modified } };
        } catch (err) {
          if (err instanceof RegistrationError) throw new HttpError(400, err.message);
          throw err;
        }
      },
    },
    {
      method: "GET",
      pattern: /^\/v1\/runs$/,
      handle: async (_params, request) => {
        const query = runListQuery.safeParse(Object.fromEntries(request.url.searchParams));
        if (!query.success) {
          const issue = query.error.issues[0]!;
          throw new HttpError(400, `invalid query parameter ${issue.path.join(".")}: ${issue.message}`);
        }
        return { body: { data: await store.queries.listRuns(query.data) } };
      },
    },
    {
      method: "GET",
      pattern: /^\/v1\/runs\/([^/]+)$/,
      handle: async ([id]) => {
        const run = await store.queries.getRun(id!);
        if (!run) throw new HttpError(404, `run ${id} not found`);
        const [steps, pending, fn] = await Promise.all([
          store.queries.listSteps(run.id),
          store.queries.listRunJobs(run.id),
          store.queries.getFunction(run.functionId),
        ]);
        return {
          body: {
            data: {
              ...run,
              functionName: fn?.name ?? null,
              steps,
              pending: pending.map((job) => ({
                kind: job.kind,
                stepId: job.opId,
                name: job.opName,
                dueAt: job.dueAt,
                attempt: job.attempt,
                waitEvent: job.waitEvent,
                waitIf: job.waitIf,
              })),
            },
          },
        };
      },
    },
    {
      method: "POST",
      pattern: /^\/v1\/runs\/([^/]+)\/rerun$/,
      handle: async ([id]) => {
        const result = await runner.rerun(id!);
        if ("error" in result) {
          if (result.error === "run-not-found") throw new HttpError(404, `run ${id} not found`);
          throw new HttpError(409, `the function of run ${id} is no longer registered; sync its app first`);
        }
        return { status: 201, body: { data: { id: result.runId } } };
      },
    },
    {
      method: "GET",
      pattern: /^\/v1\/functions$/,
      handle: async () => {
        const [functions, crons] = await Promise.all([store.queries.listFunctions(), store.queries.listCronJobs()]);
        return {
          body: {
            data: functions.map((fn) => ({
              id: fn.id,
              appId: fn.appId,
              name: fn.name,
              triggers: fn.config.triggers,
              nextCronRuns: crons.filter((job) => job.functionId === fn.id).map((job) => ({ cron: job.cron, dueAt: job.dueAt })),
            })),
          },
        };
      },
    },
    {
      method: "GET",
      pattern: /^\/$/,
      handle: async () => ({ body: { service: "switchboard-workflow-executor", ok: true } }),
    },
  ];

  return http.createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      if (res.headersSent) return;
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    const url = new URL(req.url ?? "/", "http://executor.local");
    const matches = routes
      .map((route) => ({ route, params: route.pattern.exec(url.pathname) }))
      .filter((candidate) => candidate.params !== null);
    const match = matches.find((candidate) => candidate.route.method === req.method);
    if (!match) {
      if (matches.length > 0) return send(405, { error: `${req.method} is not allowed on ${url.pathname}`, status: 405 });
      return send(404, { error: `${url.pathname} is not part of the embedded workflow executor's API`, status: 404 });
    }
    Promise.resolve()
      .then(() => {
        const params = match.params!.slice(1).map((param) => {
          try {
            return decodeURIComponent(param);
          } catch {
            throw new HttpError(400, `malformed path segment ${param}`);
          }
        });
        return match.route.handle(params, { url, body: () => readJson(req) });
      })
      .then(({ status = 200, body }) => send(status, body))
      .catch((err: unknown) => {
        if (err instanceof HttpError) return send(err.status, { error: err.message, status: err.status });
        log(`workflow executor: ${req.method} ${url.pathname} failed: ${(err as Error).message}`);
        send(500, { error: "internal error in the workflow executor; see its log", status: 500 });
      });
  });
}
