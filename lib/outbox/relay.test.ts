import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChannelAdapter } from "@/lib/channels/types";
import { replyToConversation } from "@/lib/conversations/actions";
import { ingestInbound } from "@/lib/conversations/ingest";
import { createChannel, inbound, recordingRelay } from "@/lib/conversations/test-helpers";
import type { Database } from "@/lib/db/client";
import type { Channel } from "@/lib/db/generated/client";
import { realtimeChannels } from "@/lib/realtime/channels";
import { setupTestDatabase } from "@/tests/helpers/db";
import { createAccountWithStaff } from "@/tests/helpers/factories";
import { writeOutboxEvents } from "./outbox";
import { publishOutboxEvents, type OutboxRelayDeps, relayAfterCommit, retryDelayMs, setOutboxRelayDefaults, settleOutboxFastPath } from "./relay";

const testDb = setupTestDatabase();
let db: Database;
let acme: Awaited<ReturnType<typeof createAccountWithStaff>>;
let accountId: string;

/** Fast-path publishes go nowhere here: each test drives the relay itself. */
const parked: OutboxRelayDeps = {
  trigger: () => Promise.reject(new Error("parked")),
  sendEvent: () => Promise.reject(new Error("parked")),
  getChannelAdapter: () => undefined,
};

async function writeRealtimeEvents(count: number, label: string) {
  return db.$transaction((tx) =>
    writeOutboxEvents(
      tx,
      accountId,
      Array.from({ length: count }, (_, index) => ({
        topic: "conversation.updated" as const,
        payload: { channels: [realtimeChannels.account(accountId)], data: { id: `${label}-${index}` } },
      })),
    ),
  );
}

beforeAll(async () => {
  db = testDb.db;
  acme = await createAccountWithStaff(db, "Acme");
  accountId = acme.account.id;
  setOutboxRelayDefaults(parked);
});
afterAll(async () => {
  await settleOutboxFastPath();
  setOutboxRelayDefaults(undefined);
});

describe("outbox relay", () => {
  it("keeps a failed event with attempts, next_attempt_at and last_error, and publishes it on a later call", async () => {
    const [eventId] = await writeRealtimeEvents(1, "retry");
    const failing: OutboxRelayDeps = { ...recordingRelay().deps, trigger: () => Promise.reject(new Error("realtime server unreachable")) };
    const before = Date.now();
    expect(await publishOutboxEvents(db, [eventId!], failing)).toEqual({ published: 0, failed: 1 });

    const failed = await db.outboxEvent.findUniqueOrThrow({ where: { id: eventId } });
    expect(failed).toMatchObject({ attempts: 1, publishedAt: null, lastError: "Error: realtime server unreachable" });
    expect(failed.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(before + retryDelayMs(1));

    // Not due yet: a sweep leaves it alone.
    const recorder = recordingRelay();
    expect(await publishOutboxEvents(db, undefined, recorder.deps)).toEqual({ published: 0, failed: 0 });
    // Once due, the sweep publishes it, exactly once.
    await db.outboxEvent.update({ where: { id: eventId }, data: { nextAttemptAt: new Date(Date.now() - 1_000) } });
    expect(await publishOutboxEvents(db, undefined, recorder.deps)).toEqual({ published: 1, failed: 0 });
    expect(recorder.triggered).toEqual([{ channels: [realtimeChannels.account(accountId)], event: "conversation.updated", data: { id: "retry-0" } }]);
    expect(await db.outboxEvent.findUniqueOrThrow({ where: { id: eventId } })).toMatchObject({ attempts: 1, lastError: null, publishedAt: expect.any(Date) });
    expect(await publishOutboxEvents(db, undefined, recorder.deps)).toEqual({ published: 0, failed: 0 });
  });

  it("publishes of the given events only those still due: never one already published or waiting for its retry", async () => {
    const [published, waiting, due] = await writeRealtimeEvents(3, "given");
    await db.outboxEvent.update({ where: { id: published }, data: { publishedAt: new Date() } });
    await db.outboxEvent.update({ where: { id: waiting }, data: { attempts: 1, nextAttemptAt: new Date(Date.now() + 60_000) } });
    const recorder = recordingRelay();
    expect(await publishOutboxEvents(db, [published!, waiting!, due!], recorder.deps)).toEqual({ published: 1, failed: 0 });
    expect(recorder.triggered.map((push) => push.data.id)).toEqual(["given-2"]);
    expect(await db.outboxEvent.findUniqueOrThrow({ where: { id: waiting } })).toMatchObject({ publishedAt: null, attempts: 1 });
  });

  it("backs off exponentially up to an hour", () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect(retryDelayMs(30)).toBe(3_600_000);
  });

  it("never publishes an event twice when two relays run at once", async () => {
    await writeRealtimeEvents(60, "race");
    const seen: string[] = [];
    const slow: OutboxRelayDeps = {
      ...recordingRelay().deps,
      trigger: async (_channels, _event, data) => {
        seen.push(String(data.id));
        await new Promise((resolve) => setTimeout(resolve, 2));
      },
    };
    const results = await Promise.all([publishOutboxEvents(db, undefined, slow, { batchSize: 10 }), publishOutboxEvents(db, undefined, slow, { batchSize: 10 })]);
    expect(results[0]!.published + results[1]!.published).toBe(60);
    expect(results.every((result) => result.published > 0)).toBe(true);
    expect(seen).toHaveLength(60);
    expect(new Set(seen).size).toBe(60);
    expect(await db.outboxEvent.count({ where: { publishedAt: null, attempts: 0 } })).toBe(0);
  });

  it("publishes a fast-path backlog larger than one call's batches without leaving a tail for the sweep", async () => {
    // More than publishOutboxEvents takes in one call (20 batches of at most 200).
    const ids = await writeRealtimeEvents(4_500, "backlog");
    const recorder = recordingRelay();
    setOutboxRelayDefaults(recorder.deps);
    try {
      relayAfterCommit(db, ids);
      await settleOutboxFastPath();
    } finally {
      setOutboxRelayDefaults(parked);
    }
    expect(recorder.triggered).toHaveLength(4_500);
    expect(await db.outboxEvent.count({ where: { id: { in: ids }, publishedAt: null } })).toBe(0);
  });

  it("publishes events of a crashed process that never ran its fast path (the sweep)", async () => {
    const ids = await writeRealtimeEvents(3, "crash");
    const recorder = recordingRelay();
    expect((await publishOutboxEvents(db, undefined, recorder.deps)).published).toBeGreaterThanOrEqual(3);
    expect(recorder.triggered.map((push) => push.data.id)).toEqual(expect.arrayContaining(["crash-0", "crash-1", "crash-2"]));
    expect(await db.outboxEvent.count({ where: { id: { in: ids }, publishedAt: null } })).toBe(0);
  });
});

describe("message.outbound delivery", () => {
  async function replyOn(type: "api" | "web" | "telegram") {
    const channel = await createChannel(db, accountId, type);
    const { conversation } = await ingestInbound(db, channel, inbound("customer-42", "hello"));
    const { message } = await replyToConversation(db, accountId, acme.agent.id, conversation.id, { text: "Hi, how can I help?" });
    await settleOutboxFastPath();
    const [event] = await db.outboxEvent.findMany({ where: { topic: "message.outbound", payload: { path: ["messageId"], equals: message.id } } });
    await db.outboxEvent.update({ where: { id: event!.id }, data: { attempts: 0, nextAttemptAt: new Date(), lastError: null } });
    return { channel, conversation, message, eventId: event!.id };
  }

  it("delivers a web reply as the push on the conversation channel", async () => {
    const { conversation, message, eventId } = await replyOn("web");
    const recorder = recordingRelay();
    await publishOutboxEvents(db, [eventId], recorder.deps);
    expect(recorder.triggered).toEqual([
      {
        channels: [realtimeChannels.conversation(conversation.id)],
        event: "message.created",
        data: expect.objectContaining({ id: message.id, content: "Hi, how can I help?", senderName: acme.agent.name, deliveryStatus: "sent" }),
      },
    ]);
    expect(await db.message.findUniqueOrThrow({ where: { id: message.id } })).toMatchObject({ deliveryStatus: "sent" });
  });

  it("sends through the channel's adapter, retries a failed send and records why", async () => {
    const { channel, message, eventId } = await replyOn("api");
    const sends: unknown[] = [];
    let fail = true;
    const adapter: ChannelAdapter<Channel> = {
      type: "api",
      verify: () => ({ ok: true }),
      parse: () => [],
      send: async (target, outbound) => {
        if (fail) throw new Error("callback answered 502");
        sends.push({ channelId: target.id, ...outbound });
        return { externalId: "partner-msg-9" };
      },
    };
    const recorder = recordingRelay({ api: adapter });
    expect(await publishOutboxEvents(db, [eventId], recorder.deps)).toEqual({ published: 0, failed: 1 });
    expect(await db.message.findUniqueOrThrow({ where: { id: message.id } })).toMatchObject({ deliveryStatus: "pending", deliveryError: "callback answered 502" });
    expect(await db.outboxEvent.findUniqueOrThrow({ where: { id: eventId } })).toMatchObject({ attempts: 1, lastError: "DeliveryFailure: callback answered 502" });

    fail = false;
    await db.outboxEvent.update({ where: { id: eventId }, data: { nextAttemptAt: new Date(Date.now() - 1) } });
    expect(await publishOutboxEvents(db, [eventId], recorder.deps)).toEqual({ published: 1, failed: 0 });
    expect(sends).toEqual([
      expect.objectContaining({ channelId: channel.id, messageId: message.id, contactIdentifier: "customer-42", text: "Hi, how can I help?", senderType: "agent", senderName: acme.agent.name }),
    ]);
    expect(await db.message.findUniqueOrThrow({ where: { id: message.id } })).toMatchObject({ deliveryStatus: "sent", deliveryError: null, externalId: "partner-msg-9" });
  });

  it("keeps a reply on a channel type without an adapter pending with a clear error", async () => {
    const { message, eventId } = await replyOn("telegram");
    expect(await publishOutboxEvents(db, [eventId], recordingRelay().deps)).toEqual({ published: 0, failed: 1 });
    expect(await db.message.findUniqueOrThrow({ where: { id: message.id } })).toMatchObject({ deliveryStatus: "pending", deliveryError: "No adapter for telegram yet" });
    expect(await db.outboxEvent.findUniqueOrThrow({ where: { id: eventId } })).toMatchObject({ publishedAt: null, attempts: 1 });
  });
});

describe("batched publishing", () => {
  it("pushes a batch's realtime events in calls of at most 10 and its Inngest events in one send", async () => {
    const ids = await writeRealtimeEvents(12, "batch");
    const received = await db.$transaction((tx) =>
      writeOutboxEvents(tx, accountId, [
        { topic: "message.received", payload: { accountId, conversationId: "c1", messageId: "m1", contactId: "k1", channelId: "h1" } },
        { topic: "message.received", payload: { accountId, conversationId: "c2", messageId: "m2", contactId: "k2", channelId: "h2" } },
      ]),
    );
    const batches: string[][] = [];
    const sends: string[][] = [];
    const deps: OutboxRelayDeps = {
      ...parked,
      triggerBatch: async (events) => {
        batches.push(events.map((event) => String(event.data.id)));
      },
      sendEvents: async (events) => {
        sends.push(events.map((event) => String(event.data.messageId)));
      },
    };
    expect(await publishOutboxEvents(db, [...ids, ...received], deps)).toEqual({ published: 14, failed: 0 });
    expect(batches).toEqual([Array.from({ length: 10 }, (_, index) => `batch-${index}`), ["batch-10", "batch-11"]]);
    expect(sends).toEqual([["m1", "m2"]]);
  });

  it("fails exactly the events of a batch call that failed", async () => {
    const ids = await writeRealtimeEvents(12, "half");
    const deps: OutboxRelayDeps = {
      ...parked,
      triggerBatch: async (events) => {
        if (events.some((event) => event.data.id === "half-11")) throw new Error("realtime server answered 500");
      },
    };
    expect(await publishOutboxEvents(db, ids, deps)).toEqual({ published: 10, failed: 2 });
    const failed = await db.outboxEvent.findMany({ where: { id: { in: ids }, publishedAt: null } });
    expect(failed.map((event) => (event.payload as { data: { id: string } }).data.id).sort()).toEqual(["half-10", "half-11"]);
    expect(failed[0]).toMatchObject({ attempts: 1, lastError: "Error: realtime server answered 500" });
  });
});
