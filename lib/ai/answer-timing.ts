/**
 * Where the time to a widget answer's first token goes: each stage of the message route
 * (authentication, limits, storing the message, the answer gate, retrieval, the model's
 * first token) is published on the `switchboard:answer-stage` diagnostics channel as it
 * ends, with its start and end on the `performance.now()` clock, for profilers and the
 * latency benchmark (`npm run bench -- ai`). Stages of concurrent requests interleave;
 * stages of one request may overlap. Nothing is measured while nobody subscribes.
 */
import { channel } from "node:diagnostics_channel";

export type AnswerStage = "auth" | "limits" | "ingest" | "session" | "gate" | "retrieval" | "model";

export interface AnswerStageTiming {
  stage: AnswerStage;
  /** performance.now() when the stage started and ended. */
  start: number;
  end: number;
}

/** The diagnostics channel's name, to subscribe with `diagnostics_channel.subscribe`. */
export const ANSWER_STAGE_CHANNEL = "switchboard:answer-stage";

const answerStageChannel = channel(ANSWER_STAGE_CHANNEL);

/** Publishes `stage` as having run from `start` until now. */
export function endStage(stage: AnswerStage, start: number): void {
  if (answerStageChannel.hasSubscribers) answerStageChannel.publish({ stage, start, end: performance.now() } satisfies AnswerStageTiming);
}

/** Runs `work`, publishing how long it took as `stage` (also when it fails). */
export async function timedStage<T>(stage: AnswerStage, work: () => Promise<T>): Promise<T> {
  if (!answerStageChannel.hasSubscribers) return work();
  const start = performance.now();
  try {
    return await work();
  } finally {
    endStage(stage, start);
  }
}
