import { purgeExpiredLoginAttempts } from "@/lib/auth/login";
import { getDb } from "@/lib/db/client";
import { inngest } from "../client";

/** Failed sign-ins only matter inside the rate-limit window; older rows are dropped hourly. */
export const purgeLoginAttempts = inngest.createFunction(
  { id: "purge-login-attempts", name: "Purge expired sign-in attempts", triggers: [{ cron: "17 * * * *" }] },
  async ({ step }) => step.run("delete expired attempts", () => purgeExpiredLoginAttempts(getDb())),
);
