import { getDb } from "@/lib/db/client";
import { publishOutboxEvents } from "@/lib/outbox/relay";
import { inngest } from "../client";

/**
 * Publishes what the after-commit fast path missed: events of a process that stopped
 * between commit and publish, and failed events whose retry time has come.
 */
export const relayOutbox = inngest.createFunction(
  { id: "relay-outbox", name: "Publish pending outbox events", triggers: [{ cron: "* * * * *" }] },
  async ({ step }) => step.run("publish due events", () => publishOutboxEvents(getDb())),
);
