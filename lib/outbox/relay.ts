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

/** The outside world the relay talks to; tests inject failing or recording versions. */
export interface OutboxRelayDeps {
  /** Pushes one realtime event to some channels (pusher SDK `trigger`). */
  trigger(channels: string[], event: string, data: Record<string, unknown>): Promise<void>;
  /** Sends one Inngest event. */
  sendEvent(event: { name: string; data: Record<string, unknown> }): Promise<void>;
  getChannelAdapter(type: ChannelType): ChannelAdapter<Channel> | undefined;
}

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
    sendEvent: async (event) => {
      await inngest.send(event);
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
}

/** Publishes one event that writes nothing to the database (realtime push or Inngest event). */
async function publishExternal(event: ClaimedEvent, deps: OutboxRelayDeps): Promise<void> {
  if ((realtimeTopics as readonly string[]).includes(event.topic)) {
    const { channels, data } = realtimePayloadSchema.parse(event.payload);
    await deps.trigger(channels, event.topic as RealtimeTopic, data);
    return;
  }
  if (event.topic === "message.received") {
    await deps.sendEvent({ name: event.topic, data: messageReceivedPayloadSchema.parse(event.payload) });
    return;
  }
  throw new Error(`Unknown outbox topic "${event.topic}": no publisher handles it.`);
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

/**
 * Claims one batch with FOR UPDATE SKIP LOCKED (so concurrent relays split the work
 * and never publish the same event twice), publishes it and records the outcome in the
 * same transaction. Events never tried before are eligible at once even if the clocks
 * of app and database disagree. Pushes and Inngest events go out concurrently, started
 * in creation order, so a message's event never waits for its conversation's event to be
 * received; deliveries (which write to the database) run one after another beside them.
 */
async function publishBatch(db: Database, ids: string[] | undefined, batchSize: number, deps: OutboxRelayDeps): Promise<PublishResult & { claimed: number }> {
  return db.$transaction(
    async (tx) => {
      const claimed = await tx.$queryRawUnsafe<ClaimedEvent[]>(
        `SELECT id, topic, payload, attempts FROM outbox_events
          WHERE published_at IS NULL AND (next_attempt_at <= now() OR attempts = 0)
            ${ids ? "AND id = ANY($2::text[])" : ""}
          ORDER BY created_at, id
          LIMIT $1
          FOR UPDATE SKIP LOCKED`,
        batchSize,
        ...(ids ? [ids] : []),
      );
      const deliveries = claimed.filter((event) => event.topic === "message.outbound");
      const deliveryOutcomes = (async () => {
        const outcomes = new Map<string, PromiseSettledResult<void>>();
        for (const event of deliveries) {
          outcomes.set(
            event.id,
            await deliverInSavepoint(tx, event, deps).then(
              (value): PromiseSettledResult<void> => ({ status: "fulfilled", value }),
              (reason: unknown): PromiseSettledResult<void> => ({ status: "rejected", reason }),
            ),
          );
        }
        return outcomes;
      })();
      const external = claimed.filter((event) => event.topic !== "message.outbound");
      const externalOutcomes = await Promise.allSettled(external.map((event) => publishExternal(event, deps)));
      const outcomes = await deliveryOutcomes;
      external.forEach((event, index) => outcomes.set(event.id, externalOutcomes[index]!));

      const publishedIds: string[] = [];
      let failed = 0;
      for (const event of claimed) {
        const outcome = outcomes.get(event.id)!;
        if (outcome.status === "fulfilled") {
          publishedIds.push(event.id);
          continue;
        }
        const attempts = event.attempts + 1;
        await tx.outboxEvent.update({
          where: { id: event.id },
          data: { attempts, nextAttemptAt: new Date(Date.now() + retryDelayMs(attempts)), lastError: describeError(outcome.reason) },
        });
        failed += 1;
      }
      if (publishedIds.length) {
        await tx.$executeRaw`UPDATE outbox_events SET published_at = now(), last_error = NULL WHERE id = ANY(${publishedIds}::text[])`;
      }
      return { published: publishedIds.length, failed, claimed: claimed.length };
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
  const batchSize = options.batchSize ?? 50;
  const maxBatches = options.maxBatches ?? 20;
  const total: PublishResult = { published: 0, failed: 0 };
  for (let batch = 0; batch < maxBatches; batch += 1) {
    const result = await publishBatch(db, ids, batchSize, publishers);
    total.published += result.published;
    total.failed += result.failed;
    // A short batch means nothing else is due (failed events are not due again yet).
    if (result.claimed < batchSize) break;
  }
  return total;
}

const inFlight = new Set<Promise<void>>();

/**
 * Publishes freshly committed events without making the caller wait: a webhook answers
 * as soon as its transaction commits. Whatever this misses, the cron sweep publishes.
 */
export function relayAfterCommit(db: Database, ids: string[]): void {
  if (ids.length === 0) return;
  const run: Promise<void> = publishOutboxEvents(db, ids)
    .then(() => undefined)
    .catch((error: unknown) => console.error(`Outbox fast path failed (the sweep will retry): ${describeError(error)}`))
    .finally(() => inFlight.delete(run));
  inFlight.add(run);
}

/** Waits for every fast-path publish started so far (graceful shutdown, tests). */
export async function settleOutboxFastPath(): Promise<void> {
  while (inFlight.size > 0) await Promise.all([...inFlight]);
}
