import type { Database } from "@/lib/db/client";
import { rowIdsBefore } from "./outbox";

/** Published events are kept this long, to look into what was sent, then deleted. */
export const PUBLISHED_EVENT_RETENTION_MS = 7 * 24 * 60 * 60_000;
/** Rows deleted per statement, so no purge holds many row locks or one long transaction. */
const PURGE_BATCH = 5_000;
/** Batches per call at most; an hourly purge catches up over a few runs after a long pause. */
const MAX_PURGE_BATCHES = 100;

/**
 * Deletes published outbox events older than the retention period; returns how many.
 * Events never published (still retrying) are kept whatever their age: nothing
 * acknowledged may be lost. The age comes from the id (rowIdsBefore), so each batch is a
 * range of the primary key rather than a scan of the table.
 */
export async function purgePublishedOutboxEvents(db: Database, now = new Date()): Promise<number> {
  const before = rowIdsBefore(new Date(now.getTime() - PUBLISHED_EVENT_RETENTION_MS));
  let deleted = 0;
  for (let batch = 0; batch < MAX_PURGE_BATCHES; batch += 1) {
    const count = await db.$executeRaw`
      DELETE FROM outbox_events WHERE id IN (
        SELECT id FROM outbox_events WHERE id < ${before} AND published_at IS NOT NULL ORDER BY id LIMIT ${PURGE_BATCH})`;
    deleted += count;
    if (count < PURGE_BATCH) break;
  }
  return deleted;
}
