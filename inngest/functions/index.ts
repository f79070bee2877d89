import { purgeLoginAttempts } from "./purge-login-attempts";

/** Every function the app serves at /api/inngest. */
export const functions = [purgeLoginAttempts];
