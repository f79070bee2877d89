import { TRPCClientError } from "@trpc/client";

/** Field messages from a failed mutation (the server flattens zod errors into `data.fieldErrors`). */
export function fieldErrorsOf(error: unknown): Record<string, string[] | undefined> {
  if (error instanceof TRPCClientError) {
    const data = error.data as { fieldErrors?: Record<string, string[] | undefined> | null } | undefined;
    return data?.fieldErrors ?? {};
  }
  return {};
}

/** Field messages of an input nested under `key` (e.g. `{ id, patch: { email } }` → `{ email }`). */
export function nestedFieldErrorsOf(error: unknown, key: string): Record<string, string[] | undefined> {
  const prefix = `${key}.`;
  return Object.fromEntries(
    Object.entries(fieldErrorsOf(error))
      .filter(([path]) => path.startsWith(prefix))
      .map(([path, messages]) => [path.slice(prefix.length), messages]),
  );
}

/** A sentence to show for a failed request; field errors are shown next to their fields instead. */
export function messageOf(error: unknown): string {
  if (error instanceof TRPCClientError) {
    if (Object.keys(fieldErrorsOf(error)).length) return "Please fix the highlighted fields.";
    return error.message;
  }
  return error instanceof Error ? error.message : "Something went wrong. Try again.";
}
