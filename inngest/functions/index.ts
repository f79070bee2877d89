import { purgeLoginAttempts } from "./purge-login-attempts";
import { relayOutbox } from "./relay-outbox";

/** Every function the app serves at /api/inngest. */
export const functions = [purgeLoginAttempts, relayOutbox];
