/**
 * An error whose message is meant for the person using Switchboard. The tRPC layer
 * maps `kind` to a status; anything else is logged and reported as an internal error.
 */
export class UserFacingError extends Error {
  constructor(
    readonly kind: "not_found" | "forbidden" | "conflict" | "invalid",
    message: string,
  ) {
    super(message);
    this.name = "UserFacingError";
  }
}
