import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z } from "zod";
import type { Caller } from "@/lib/auth/membership";
import type { Database } from "@/lib/db/client";
import { UserFacingError } from "@/lib/errors";

export interface TRPCContext {
  db: Database;
  /** The signed-in user, or null. */
  userId: string | null;
  /** The user's active membership in the open account, or null. */
  caller: Caller | null;
}

function fieldErrorsByPath(error: z.ZodError): Record<string, string[]> {
  const byPath: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String).join(".");
    if (path) (byPath[path] ??= []).push(issue.message);
  }
  return byPath;
}

const t = initTRPC.context<TRPCContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    // Zod failures become { fieldErrors: { email: [...], "patch.name": [...] } } for forms:
    // one entry per field, nested fields by their dotted path.
    const fieldErrors = error.cause instanceof z.ZodError ? fieldErrorsByPath(error.cause) : null;
    return { ...shape, data: { ...shape.data, fieldErrors } };
  },
});

const statusByKind = {
  not_found: "NOT_FOUND",
  forbidden: "FORBIDDEN",
  conflict: "CONFLICT",
  invalid: "BAD_REQUEST",
  too_large: "PAYLOAD_TOO_LARGE",
  unavailable: "SERVICE_UNAVAILABLE",
} as const;

/** Domain code throws UserFacingError; this turns it into the matching tRPC error. */
const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof UserFacingError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: statusByKind[cause.kind], message: cause.message, cause });
  }
  return result;
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

export const publicProcedure = t.procedure.use(mapDomainErrors);

/** Signed in, with an active membership in the account the request is for. */
export const memberProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.userId) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
  if (!ctx.caller) throw new TRPCError({ code: "FORBIDDEN", message: "Your access to this workspace was removed. Ask an admin." });
  return next({ ctx: { ...ctx, userId: ctx.userId, caller: ctx.caller } });
});

/** Members whose role in the open account is admin. */
export const adminProcedure = memberProcedure.use(({ ctx, next }) => {
  if (ctx.caller.role !== "admin") throw new TRPCError({ code: "FORBIDDEN", message: "Only workspace admins can do this." });
  return next();
});
