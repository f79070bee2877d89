import { getDb } from "@/lib/db/client";
import { purgeExpiredRateLimitEvents } from "@/lib/widget/rate-limit";
import { inngest } from "../client";

/** Counted widget actions only matter inside their limit's window; older rows are dropped hourly. */
export const purgeRateLimitEvents = inngest.createFunction(
  { id: "purge-rate-limit-events", name: "Purge expired rate-limit events", triggers: [{ cron: "23 * * * *" }] },
  async ({ step }) => step.run("delete expired events", () => purgeExpiredRateLimitEvents(getDb())),
);
