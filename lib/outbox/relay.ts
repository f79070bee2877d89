import type { ChannelAdapter } from "@/lib/channels/types";
import type { Database } from "@/lib/db/client";
import type { Channel, Prisma } from "@/lib/db/generated/client";
import type { ChannelType } from "@/lib/db/generated/enums";
import { DeliveryFailure, deliverOutboundMessage, recordDeliveryFailure } from "./deliver";
import {
  messageOutboundPayloadSchema,
  messageReceivedPayloadSchema,
  realtimePayloadSchema,
  realtimeTopics,
  type RealtimeTopic,
} from "./outbox";

export interface RealtimeBatchEvent {
  channel: string;
  event: string;
  data: Record<string, unknown>;
}

export interface InngestEvent {
  name: string;
  data: Record<string, unknown>;
}

/** The outside world the relay talks to; tests inject failing or recording versions. */
export interface OutboxRelayDeps {
  /** Pushes one realtime event to some channels (pusher SDK `trigger`). */
  trigger(channels: string[], event: string, data: Record<string, unknown>): Promise<void>;
  /**
   * Pushes several realtime events, each to one channel, in one call (pusher SDK
   * `triggerBatch`; the relay passes at most 10, Pusher's limit). Optional: without it
   * each event goes out with `trigger`.
   */
  triggerBatch?(events: RealtimeBatchEvent[]): Promise<void>;
  /** Sends one Inngest event. */
  sendEvent(event: InngestEvent): Promise<void>;
  /** Sends several Inngest events in one call. Optional: without it each goes out with `sendEvent`. */
  sendEvents?(events: InngestEvent[]): Promise<void>;
  getChannelAdapter(type: ChannelType): ChannelAdapter<Channel> | undefined;
}

/** How a sweep (a call without ids) works through the due events. */
export interface PublishOptions {
  /** Events claimed per transaction. Default 50. */
  batchSize?: number;
  /** Upper bound on batches per call, so one sweep cannot run forever. Default 20. */
  maxBatches?: number;
}

export interface PublishResult {
  published: number;
  failed: number;
}

const FIRST_RETRY_DELAY_MS = 5_000;
const MAX_RETRY_DELAY_MS = 60 * 60_000;
const MAX_ERROR_LENGTH = 1_000;

/** Exponential backoff: 5 s after the first failure, doubling, at most an hour. Never gives up. */
export function retryDelayMs(attempts: number): number {
  return Math.min(FIRST_RETRY_DELAY_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_DELAY_MS);
}

async function productionDeps(): Promise<OutboxRelayDeps> {
  // Loaded on first use so that importing the relay never requires PUSHER_* or Inngest settings.
  const [{ getRealtime }, { inngest }, { getChannelAdapter }] = await Promise.all([
    import("@/lib/realtime/config"),
    import("@/inngest/client"),
    import("@/lib/channels/registry"),
  ]);
  return {
    trigger: async (channels, event, data) => {
      await getRealtime().trigger(channels, event, data);
    },
    triggerBatch: async (events) => {
      await getRealtime().triggerBatch(events.map(({ channel, event, data }) => ({ channel, name: event, data })));
    },
    sendEvent: async (event) => {
      await inngest.send(event);
    },
    sendEvents: async (events) => {
      await inngest.send(events);
    },
    getChannelAdapter,
  };
}

let defaultDepsOverride: OutboxRelayDeps | undefined;

/**
 * Replaces the publishers used when a call passes none (the after-commit fast path and
 * the cron sweep); `undefined` restores the real ones. Meant for tests and embedding.
 */
export function setOutboxRelayDefaults(deps: OutboxRelayDeps | undefined): void {
  defaultDepsOverride = deps;
}

interface ClaimedEvent {
  id: string;
  topic: string;
  payload: unknown;
  attempts: number;
  created_at: Date;
}

/** Pusher accepts at most 10 events per batch call. */
const REALTIME_BATCH_LIMIT = 10;

type Outcome = PromiseSettledResult<void>;

function settle(publish: Promise<void>): Promise<Outcome> {
  return publish.then(
    (value): Outcome => ({ status: "fulfilled", value }),
    (reason: unknown): Outcome => ({ status: "rejected", reason }),
  );
}

/**
 * How long a push or an Inngest send may take before it counts as failed. The publishers
 * set no timeout of their own, and one call that never answers would hold the relay pass,
 * its row locks and its connection, and with it every event queued behind. A call that
 * times out but did arrive is published again on retry, as after any lost answer.
 */
const PUBLISH_TIMEOUT_MS = 30_000;

/** `settle` for a call to the outside world, which fails after PUBLISH_TIMEOUT_MS. */
function settleWithin(what: string, publish: Promise<void>): Promise<Outcome> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${PUBLISH_TIMEOUT_MS / 1000} s.`)), PUBLISH_TIMEOUT_MS);
  });
  return settle(Promise.race([publish, timeout]).finally(() => clearTimeout(timer)));
}

/** An event succeeds only when every call carrying a part of it did. */
function allOf(outcomes: Outcome[]): Outcome {
  return outcomes.find((outcome) => outcome.status === "rejected") ?? { status: "fulfilled", value: undefined };
}

type ExternalPublish = { kind: "realtime"; channels: string[]; event: RealtimeTopic; data: Record<string, unknown> } | { kind: "inngest"; event: InngestEvent };

/** What an event that writes nothing to the database publishes: a realtime push or an Inngest event. */
function externalPublish(event: ClaimedEvent): ExternalPublish {
  if ((realtimeTopics as readonly string[]).includes(event.topic)) {
    const { channels, data } = realtimePayloadSchema.parse(event.payload);
    return { kind: "realtime", channels, event: event.topic as RealtimeTopic, data };
  }
  if (event.topic === "message.received") return { kind: "inngest", event: { name: event.topic, data: messageReceivedPayloadSchema.parse(event.payload) } };
  throw new Error(`Unknown outbox topic "${event.topic}": no publisher handles it.`);
}

/**
 * Publishes realtime pushes and Inngest events in as few calls as the publishers allow
 * (batches of pushes, one send for every Inngest event): the pushes concurrently,
 * started in creation order, then the Inngest events. Resolves with each event's
 * outcome, in the given order.
 */
async function publishExternal(events: ClaimedEvent[], deps: OutboxRelayDeps): Promise<Outcome[]> {
  const outcomes: Promise<Outcome>[] = [];
  const pushes: { index: number; publish: Extract<ExternalPublish, { kind: "realtime" }> }[] = [];
  const sends: { index: number; event: InngestEvent }[] = [];
  events.forEach((event, index) => {
    try {
      const publish = externalPublish(event);
      if (publish.kind === "realtime") pushes.push({ index, publish });
      else sends.push({ index, event: publish.event });
    } catch (error) {
      outcomes[index] = Promise.resolve({ status: "rejected", reason: error });
    }
  });

  const { triggerBatch, sendEvents } = deps;
  if (triggerBatch && pushes.length > 1) {
    const entries = pushes.flatMap(({ index, publish }) => publish.channels.map((channel) => ({ index, channel, event: publish.event, data: publish.data })));
    const calls: { indexes: Set<number>; outcome: Promise<Outcome> }[] = [];
    for (let start = 0; start < entries.length; start += REALTIME_BATCH_LIMIT) {
      const chunk = entries.slice(start, start + REALTIME_BATCH_LIMIT);
      calls.push({
        indexes: new Set(chunk.map((entry) => entry.index)),
        outcome: settleWithin("The realtime batch push", triggerBatch(chunk.map(({ channel, event, data }) => ({ channel, event, data })))),
      });
    }
    for (const { index } of pushes) {
      outcomes[index] = Promise.all(calls.filter((call) => call.indexes.has(index)).map((call) => call.outcome)).then(allOf);
    }
  } else {
    for (const { index, publish } of pushes) outcomes[index] = settleWithin("The realtime push", deps.trigger(publish.channels, publish.event, publish.data));
  }

  // Inngest events go out once the pushes are done: on one machine the workflow executor shares the CPU
  // with the realtime server, and an agent waiting to see a message matters more than a bot starting a few ms later.
  await Promise.all(pushes.map(({ index }) => outcomes[index]));
  if (sendEvents && sends.length > 1) {
    const outcome = settleWithin("The Inngest send", sendEvents(sends.map((send) => send.event)));
    for (const { index } of sends) outcomes[index] = outcome;
  } else {
    for (const { index, event } of sends) outcomes[index] = settleWithin("The Inngest send", deps.sendEvent(event));
  }
  return Promise.all(outcomes);
}

/** Delivers one reply; a savepoint keeps a failed delivery's partial writes out while the failure itself is recorded. */
async function deliverInSavepoint(tx: Prisma.TransactionClient, event: ClaimedEvent, deps: OutboxRelayDeps): Promise<void> {
  await tx.$executeRawUnsafe("SAVEPOINT outbox_event");
  try {
    await deliverOutboundMessage(tx, messageOutboundPayloadSchema.parse(event.payload).messageId, deps);
  } catch (error) {
    await tx.$executeRawUnsafe("ROLLBACK TO SAVEPOINT outbox_event");
    if (error instanceof DeliveryFailure) await recordDeliveryFailure(tx, error);
    throw error;
  }
  await tx.$executeRawUnsafe("RELEASE SAVEPOINT outbox_event");
}

function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, MAX_ERROR_LENGTH);
}

/** What a pass claims: the given events (the after-commit fast path), or the oldest due ones (the sweep). */
type Claim = { ids: string[] } | { oldest: number };

/**
 * The statement that claims and marks published in one go; a failed event is set back
 * afterwards, and a pass that does not commit (a crash, a lost connection) leaves every
 * claimed event unpublished. Events never tried before are due at once even if the
 * clocks of app and database disagree.
 */
function claimStatement(claim: Claim): [sql: string, parameter: string[] | number] {
  if ("ids" in claim) {
    // Through the primary key alone. With "published_at IS NULL" in the locking scan the planner may read the
    // pending index in order and filter it by id, which costs the whole backlog under load when its statistics
    // (taken while little was pending) say the index is nearly empty.
    return [
      `WITH wanted AS (
         SELECT id, published_at, next_attempt_at, attempts FROM outbox_events WHERE id = ANY($1::text[]) FOR UPDATE SKIP LOCKED
       )
       UPDATE outbox_events SET published_at = now(), last_error = NULL
         FROM wanted
        WHERE outbox_events.id = wanted.id AND wanted.published_at IS NULL AND (wanted.next_attempt_at <= now() OR wanted.attempts = 0)
       RETURNING outbox_events.id, outbox_events.topic, outbox_events.payload, outbox_events.attempts, outbox_events.created_at`,
      claim.ids,
    ];
  }
  return [
    `UPDATE outbox_events SET published_at = now(), last_error = NULL
      WHERE id IN (
        SELECT id FROM outbox_events
         WHERE published_at IS NULL AND (next_attempt_at <= now() OR attempts = 0)
         ORDER BY created_at, id
         LIMIT $1
         FOR UPDATE SKIP LOCKED)
      RETURNING id, topic, payload, attempts, created_at`,
    claim.oldest,
  ];
}

/**
 * Claims one batch with FOR UPDATE SKIP LOCKED (so concurrent relays split the work
 * and never publish the same event twice), publishes it and sets the failed events
 * back, all in one transaction. Pushes go out concurrently, started in creation order,
 * so a message's event never waits for its conversation's event to be received, and
 * Inngest events right after them; deliveries (which write to the database) run one
 * after another beside them.
 */
async function publishBatch(db: Database, claim: Claim, deps: OutboxRelayDeps): Promise<PublishResult & { claimed: number }> {
  return db.$transaction(
    async (tx) => {
      const claimed = await tx.$queryRawUnsafe<ClaimedEvent[]>(...claimStatement(claim));
      // RETURNING keeps no order: publish in creation order.
      claimed.sort((a, b) => a.created_at.getTime() - b.created_at.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      const deliveries = claimed.filter((event) => event.topic === "message.outbound");
      const deliveryOutcomes = (async () => {
        const outcomes = new Map<string, Outcome>();
        for (const event of deliveries) outcomes.set(event.id, await settle(deliverInSavepoint(tx, event, deps)));
        return outcomes;
      })();
      const external = claimed.filter((event) => event.topic !== "message.outbound");
      const externalOutcomes = await publishExternal(external, deps);
      const outcomes = await deliveryOutcomes;
      external.forEach((event, index) => outcomes.set(event.id, externalOutcomes[index]!));

      let failed = 0;
      for (const event of claimed) {
        const outcome = outcomes.get(event.id)!;
        if (outcome.status === "fulfilled") continue;
        const attempts = event.attempts + 1;
        await tx.outboxEvent.update({
          where: { id: event.id },
          data: { publishedAt: null, attempts, nextAttemptAt: new Date(Date.now() + retryDelayMs(attempts)), lastError: describeError(outcome.reason) },
        });
        failed += 1;
      }
      return { published: claimed.length - failed, failed, claimed: claimed.length };
    },
    // Publishing talks to the network while the rows stay locked; give it room.
    { maxWait: 10_000, timeout: 120_000 },
  );
}

/**
 * Publishes pending outbox events: the given ids (the after-commit fast path) or every
 * due event (the sweep). Failures stay in the table with attempts, next_attempt_at and
 * last_error, and are retried by a later call; nothing is dropped.
 */
export async function publishOutboxEvents(db: Database, ids?: string[], deps?: OutboxRelayDeps, options: PublishOptions = {}): Promise<PublishResult> {
  if (ids && ids.length === 0) return { published: 0, failed: 0 };
  const publishers = deps ?? defaultDepsOverride ?? (await productionDeps());
  if (ids) {
    const { published, failed } = await publishBatch(db, { ids }, publishers);
    return { published, failed };
  }
  const batchSize = options.batchSize ?? 50;
  const maxBatches = options.maxBatches ?? 20;
  const total: PublishResult = { published: 0, failed: 0 };
  for (let batch = 0; batch < maxBatches; batch += 1) {
    const result = await publishBatch(db, { oldest: batchSize }, publishers);
    total.published += result.published;
    total.failed += result.failed;
    // A short batch means nothing else is due (failed events are not due again yet).
    if (result.claimed < batchSize) break;
  }
  return total;
}

/** Events one fast-path transaction claims at most. */
const FAST_PATH_MAX_BATCH = 200;

interface FastPathQueue {
  db: Database;
  /** The publishers in effect when the events were committed. */
  deps: OutboxRelayDeps | undefined;
  ids: string[];
  /** The pass that will take `ids` (waiting to start or running); one per queue. */
  pass?: Promise<void>;
}

const fastPathQueues: FastPathQueue[] = [];

async function runFastPath(queue: FastPathQueue): Promise<void> {
  // Commits handled in the same turn of the event loop share this pass; later ones queue up while it runs and
  // share the next, so a burst still costs a few passes, and a lone message is not held back by a timer.
  await new Promise((resolve) => setImmediate(resolve));
  while (queue.ids.length > 0) {
    // At most FAST_PATH_MAX_BATCH events a claim, so each transaction stays short; the loop takes the rest.
    const ids = queue.ids.splice(0, FAST_PATH_MAX_BATCH);
    await publishOutboxEvents(queue.db, ids, queue.deps).catch((error: unknown) =>
      console.error(`Outbox fast path failed (the sweep will retry): ${describeError(error)}`),
    );
  }
}

function startFastPathPass(queue: FastPathQueue): void {
  queue.pass = runFastPath(queue).finally(() => {
    queue.pass = undefined;
    // Events queued between the pass's last look and its end get a pass of their own.
    if (queue.ids.length > 0) startFastPathPass(queue);
    else fastPathQueues.splice(fastPathQueues.indexOf(queue), 1);
  });
}

/**
 * Publishes freshly committed events without making the caller wait: a webhook answers
 * as soon as its transaction commits. Events committed while a pass is waiting or
 * running join it, so a burst costs a few relay passes, not one per request.
 * Whatever this misses, the cron sweep publishes.
 */
export function relayAfterCommit(db: Database, ids: string[]): void {
  if (ids.length === 0) return;
  let queue = fastPathQueues.find((candidate) => candidate.db === db && candidate.deps === defaultDepsOverride);
  if (!queue) {
    queue = { db, deps: defaultDepsOverride, ids: [] };
    fastPathQueues.push(queue);
  }
  queue.ids.push(...ids);
  if (!queue.pass) startFastPathPass(queue);
}

/** Waits for every fast-path publish started so far (graceful shutdown, tests). */
export async function settleOutboxFastPath(): Promise<void> {
  for (;;) {
    const passes = fastPathQueues.flatMap((queue) => (queue.pass ? [queue.pass] : []));
    if (passes.length === 0) return;
    await Promise.all(passes);
  }
}
