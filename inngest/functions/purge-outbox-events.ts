import { getDb } from "@/lib/db/client";
import { purgePublishedOutboxEvents } from "@/lib/outbox/retention";
import { inngest } from "../client";

/** Every message writes a few outbox events; once published they are kept a week, then dropped hourly. */
export const purgeOutboxEvents = inngest.createFunction(
  { id: "purge-outbox-events", name: "Purge published outbox events", triggers: [{ cron: "41 * * * *" }] },
  async ({ step }) => step.run("delete old published events", () => purgePublishedOutboxEvents(getDb())),
);
