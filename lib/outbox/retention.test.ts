import { beforeAll, describe, expect, it } from "vitest";
import { setupTestDatabase } from "@/tests/helpers/db";
import { createAccountWithStaff } from "@/tests/helpers/factories";
import { newRowId, rowIdsBefore } from "./outbox";
import { PUBLISHED_EVENT_RETENTION_MS, purgePublishedOutboxEvents } from "./retention";

const testDb = setupTestDatabase();
let accountId: string;

beforeAll(async () => {
  accountId = (await createAccountWithStaff(testDb.db, "Acme")).account.id;
});

/** An outbox row whose id says it was made `ageMs` ago, as newRowId would have made it then. */
async function eventMadeAgo(ageMs: number, published: boolean): Promise<string> {
  const id = `${rowIdsBefore(new Date(Date.now() - ageMs))}${newRowId().slice(9)}`;
  await testDb.db.outboxEvent.create({
    data: { id, accountId, topic: "conversation.updated", payload: { channels: ["x"], data: {} }, publishedAt: published ? new Date() : null },
  });
  return id;
}

describe("outbox retention", () => {
  it("orders ids by the time they were made", () => {
    const earlier = newRowId();
    expect(earlier < rowIdsBefore(new Date(Date.now() + 1000))).toBe(true);
    expect(earlier > rowIdsBefore(new Date(Date.now() - 1000))).toBe(true);
  });

  it("deletes published events past the retention period and keeps recent ones and every unpublished one", async () => {
    const day = 24 * 60 * 60_000;
    const oldPublished = await Promise.all(Array.from({ length: 3 }, () => eventMadeAgo(PUBLISHED_EVENT_RETENTION_MS + day, true)));
    const oldPending = await eventMadeAgo(PUBLISHED_EVENT_RETENTION_MS + 30 * day, false);
    const recentPublished = await eventMadeAgo(PUBLISHED_EVENT_RETENTION_MS - day, true);
    const fresh = await eventMadeAgo(0, true);

    expect(await purgePublishedOutboxEvents(testDb.db)).toBe(3);
    const left = await testDb.db.outboxEvent.findMany({ select: { id: true } });
    expect(left.map((event) => event.id).sort()).toEqual([oldPending, recentPublished, fresh].sort());
    expect(oldPublished.some((id) => left.some((event) => event.id === id))).toBe(false);
    expect(await purgePublishedOutboxEvents(testDb.db)).toBe(0);
  });
});
