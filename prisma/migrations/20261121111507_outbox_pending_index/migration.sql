-- Pending outbox events through a partial index: marking an event published takes it out
-- of the index instead of adding an entry, so the index holds only what is left to publish
-- and serves the relay's sweep in its own order (created_at, id).
DROP INDEX "outbox_events_published_at_next_attempt_at_idx";

CREATE INDEX "outbox_events_pending_idx" ON "outbox_events" ("created_at", "id") WHERE "published_at" IS NULL;
