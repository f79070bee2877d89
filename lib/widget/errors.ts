import { UserFacingError } from "@/lib/errors";

/** A request refused by a sliding-window limit; routes answer 429 with Retry-After. */
export class RateLimitedError extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
    this.name = "RateLimitedError";
  }
}

/** Content over a size limit (the message names it). */
export class PayloadTooLargeError extends UserFacingError {
  constructor(message: string) {
    super("too_large", message);
    this.name = "PayloadTooLargeError";
  }
}
