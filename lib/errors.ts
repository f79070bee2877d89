/**
 * An error whose message is meant for the person using Switchboard. The tRPC layer
 * maps `kind` to a status; anything else is logged and reported as an internal error.
 */
export class UserFacingError extends Error {
  constructor(
    readonly kind: "not_found" | "forbidden" | "conflict" | "invalid" | "too_large" | "unavailable",
    message: string,
  ) {
    super(message);
    this.name = "UserFacingError";
  }
}

/** The HTTP status a route handler answers for each kind of UserFacingError. */
export const HTTP_STATUS_BY_KIND: Record<UserFacingError["kind"], number> = {
  not_found: 404,
  forbidden: 403,
  conflict: 409,
  invalid: 400,
  too_large: 413,
  unavailable: 503,
};
