/**
 * The AI accuracy log: every assistant answer, hand-off and failure (ai_interactions),
 * agents' good/bad marks on them, and the containment rate.
 *
 * Containment: of the conversations the assistant handled in a period (it answered or
 * handed off at least once), the share that ended resolved or closed with no agent
 * message, no assignee and no hand-off.
 */
import { z } from "zod";
import type { Database } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import type { AiFeedback, AiOutcome } from "@/lib/db/generated/enums";
import { UserFacingError } from "@/lib/errors";
import { isTimeZone } from "@/lib/time-zone";

const DAY_MS = 24 * 60 * 60 * 1000;
/** The longest period the summary covers, so one request never scans years of log. */
const MAX_PERIOD_DAYS = 366;

export const aiOutcomes = ["answered", "escalated", "failed"] as const satisfies readonly AiOutcome[];
export const feedbackFilters = ["good", "bad", "none"] as const;

export const periodInput = z
  .object({
    from: z.date({ error: "from must be a date." }),
    to: z.date({ error: "to must be a date." }),
    /** IANA zone whose calendar days the trend is counted in (the reader's); the account's when left out. */
    timeZone: z.string().max(64).refine(isTimeZone, { error: "timeZone must be an IANA time zone such as Europe/Paris." }).optional(),
  })
  .refine((period) => period.from < period.to, { error: "from must be before to.", path: ["from"] })
  .refine((period) => period.to.getTime() - period.from.getTime() <= MAX_PERIOD_DAYS * DAY_MS, {
    error: `Choose a period of at most ${MAX_PERIOD_DAYS} days.`,
    path: ["from"],
  });
export type Period = z.infer<typeof periodInput>;

export const interactionFilters = z.object({
  from: z.date().optional(),
  to: z.date().optional(),
  outcome: z.enum(aiOutcomes).optional(),
  feedback: z.enum(feedbackFilters).optional(),
  provider: z.string().trim().min(1).max(200).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(100).default(25),
});
export type InteractionFilters = z.input<typeof interactionFilters>;

export interface InteractionSource {
  documentId: string;
  title: string;
  url: string | null;
}

export interface InteractionRow {
  id: string;
  conversationId: string;
  messageId: string | null;
  createdAt: Date;
  outcome: AiOutcome;
  provider: string;
  model: string;
  latencyMs: number;
  firstTokenMs: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  confidence: number | null;
  question: string;
  answer: string;
  escalationReason: string | null;
  sources: InteractionSource[];
  toolCalls: Array<{ name: string }>;
  attempts: Array<{ provider: string; error: string }>;
  feedback: AiFeedback | null;
  feedbackBy: string | null;
}

function jsonArray(value: Prisma.JsonValue): Record<string, unknown>[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => (item && typeof item === "object" && !Array.isArray(item) ? [item as Record<string, unknown>] : []));
}

const text = (value: unknown) => (typeof value === "string" ? value : "");

/** Sources as stored ({ documentId, title, slug, url? }); the link is the public help page when known. */
function toSources(value: Prisma.JsonValue): InteractionSource[] {
  return jsonArray(value).map((source) => ({ documentId: text(source.documentId), title: text(source.title) || "Untitled", url: text(source.url) || null }));
}

const interactionSelect = {
  id: true,
  conversationId: true,
  messageId: true,
  createdAt: true,
  outcome: true,
  provider: true,
  model: true,
  latencyMs: true,
  firstTokenMs: true,
  inputTokens: true,
  outputTokens: true,
  confidence: true,
  question: true,
  answer: true,
  escalationReason: true,
  sources: true,
  toolCalls: true,
  attempts: true,
  feedback: true,
  feedbackBy: { select: { name: true } },
} as const satisfies Prisma.AiInteractionSelect;

type SelectedInteraction = Prisma.AiInteractionGetPayload<{ select: typeof interactionSelect }>;

function toRow(row: SelectedInteraction): InteractionRow {
  return {
    ...row,
    sources: toSources(row.sources),
    toolCalls: jsonArray(row.toolCalls).map((call) => ({ name: text(call.name) })),
    attempts: jsonArray(row.attempts).map((attempt) => ({ provider: text(attempt.provider), error: text(attempt.error) })),
    feedbackBy: row.feedbackBy?.name ?? null,
  };
}

function encodeCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(JSON.stringify([row.createdAt.toISOString(), row.id])).toString("base64url");
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as [string, string];
    const createdAt = new Date(at);
    if (typeof id === "string" && !Number.isNaN(createdAt.getTime())) return { createdAt, id };
  } catch {
    // reported below
  }
  throw new UserFacingError("invalid", "cursor is not a page cursor of the AI answer log: load the list again from the first page.");
}

/** One page of the log, newest first, filtered by period, outcome, feedback and provider. */
export async function listAiInteractions(db: Database, accountId: string, filters: InteractionFilters): Promise<{ rows: InteractionRow[]; nextCursor: string | null }> {
  const input = interactionFilters.parse(filters);
  const where: Prisma.AiInteractionWhereInput = { accountId };
  if (input.from || input.to) where.createdAt = { ...(input.from ? { gte: input.from } : {}), ...(input.to ? { lt: input.to } : {}) };
  if (input.outcome) where.outcome = input.outcome;
  if (input.feedback) where.feedback = input.feedback === "none" ? null : input.feedback;
  if (input.provider) where.provider = input.provider;
  if (input.cursor) {
    const after = decodeCursor(input.cursor);
    where.AND = [{ OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] }];
  }
  const rows = await db.aiInteraction.findMany({ where, select: interactionSelect, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: input.limit + 1 });
  const page = rows.slice(0, input.limit).map(toRow);
  return { rows: page, nextCursor: rows.length > input.limit ? encodeCursor(page.at(-1)!) : null };
}

export interface AiAnswerSummary {
  interactions: number;
  byOutcome: Record<AiOutcome, number>;
  feedback: { good: number; bad: number };
  latency: { p50: number | null; p95: number | null };
  /** Conversations the assistant handled in the period, and those it resolved alone. */
  containment: { handled: number; contained: number; rate: number | null };
  /** One entry per day of the period (in the requested time zone), oldest first. */
  days: Array<{ day: string; interactions: number; handled: number; contained: number }>;
  /** Every provider name in the account's log, for the filter. */
  providers: string[];
}

/** Counts, latency percentiles, containment and a per-day trend over the period. */
export async function summarizeAiAnswers(db: Database, accountId: string, period: Period): Promise<AiAnswerSummary> {
  const { from, to, timeZone } = periodInput.parse(period);
  // Timestamps are `timestamp(3)` holding UTC: compare with the ISO strings cast the same way.
  const fromAt = from.toISOString();
  const toAt = to.toISOString();
  const zone = timeZone ?? (await db.account.findUniqueOrThrow({ where: { id: accountId }, select: { timezone: true } })).timezone;
  const [totals, days, providers] = await Promise.all([
    db.$queryRaw<Array<{ outcome: AiOutcome; count: number; good: number; bad: number; p50: number | null; p95: number | null }>>`
      SELECT outcome, count(*)::int AS count,
             count(*) FILTER (WHERE feedback = 'good')::int AS good, count(*) FILTER (WHERE feedback = 'bad')::int AS bad,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms)::float8 AS p50,
             percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms)::float8 AS p95
        FROM ai_interactions WHERE account_id = ${accountId} AND created_at >= ${fromAt}::timestamp AND created_at < ${toAt}::timestamp
       GROUP BY ROLLUP (outcome)`,
    db.$queryRaw<Array<{ day: string; interactions: number; handled: number; contained: number }>>`
      WITH period AS (
        SELECT conversation_id, min(created_at) AS first_at, count(*)::int AS interactions
          FROM ai_interactions WHERE account_id = ${accountId} AND created_at >= ${fromAt}::timestamp AND created_at < ${toAt}::timestamp
         GROUP BY conversation_id
      ), handled AS (
        SELECT p.conversation_id, p.first_at, p.interactions,
               c.status IN ('resolved', 'closed') AND c.assignee_id IS NULL
               AND NOT EXISTS (SELECT 1 FROM ai_interactions e WHERE e.conversation_id = c.id AND e.outcome <> 'answered')
               AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.sender_type = 'agent' AND NOT m.is_private) AS contained
          FROM period p JOIN conversations c ON c.id = p.conversation_id AND c.account_id = ${accountId}
      ), daily AS (
        SELECT to_char((first_at AT TIME ZONE 'UTC') AT TIME ZONE ${zone}, 'YYYY-MM-DD') AS day,
               sum(interactions)::int AS interactions, count(*)::int AS handled, count(*) FILTER (WHERE contained)::int AS contained
          FROM handled GROUP BY 1
      )
      SELECT to_char(d, 'YYYY-MM-DD') AS day, coalesce(daily.interactions, 0) AS interactions,
             coalesce(daily.handled, 0) AS handled, coalesce(daily.contained, 0) AS contained
        FROM generate_series(((${fromAt}::timestamp AT TIME ZONE 'UTC') AT TIME ZONE ${zone})::date,
                             (((${toAt}::timestamp - interval '1 millisecond') AT TIME ZONE 'UTC') AT TIME ZONE ${zone})::date,
                             interval '1 day') AS d
        LEFT JOIN daily ON daily.day = to_char(d, 'YYYY-MM-DD')
       ORDER BY 1`,
    db.aiInteraction.findMany({ where: { accountId }, distinct: ["provider"], select: { provider: true }, orderBy: { provider: "asc" } }),
  ]);

  const byOutcome: Record<AiOutcome, number> = { answered: 0, escalated: 0, failed: 0 };
  let all = { count: 0, good: 0, bad: 0, p50: null as number | null, p95: null as number | null };
  for (const row of totals) {
    if (row.outcome === null) all = row;
    else byOutcome[row.outcome] = row.count;
  }
  const handled = days.reduce((sum, day) => sum + day.handled, 0);
  const contained = days.reduce((sum, day) => sum + day.contained, 0);
  return {
    interactions: all.count,
    byOutcome,
    feedback: { good: all.good, bad: all.bad },
    latency: { p50: all.p50 === null ? null : Math.round(all.p50), p95: all.p95 === null ? null : Math.round(all.p95) },
    containment: { handled, contained, rate: handled === 0 ? null : contained / handled },
    days,
    providers: providers.map((row) => row.provider),
  };
}

export const feedbackInput = z.object({
  messageId: z.string().trim().min(1, "messageId is required.").max(64),
  /** null clears the mark. */
  feedback: z.enum(["good", "bad"]).nullable(),
});

/** Marks the answer behind a bot message good or bad (or clears the mark), recording who did. */
export async function setAnswerFeedback(db: Database, accountId: string, userId: string, input: z.input<typeof feedbackInput>): Promise<{ messageId: string; feedback: AiFeedback | null }> {
  const { messageId, feedback } = feedbackInput.parse(input);
  const { count } = await db.aiInteraction.updateMany({
    where: { accountId, messageId },
    data: { feedback, feedbackById: feedback ? userId : null },
  });
  if (count === 0) throw new UserFacingError("not_found", "No assistant answer with that message id in this workspace.");
  return { messageId, feedback };
}

export interface ConversationAnswer {
  messageId: string;
  interactionId: string;
  outcome: AiOutcome;
  provider: string;
  model: string;
  confidence: number | null;
  latencyMs: number;
  escalationReason: string | null;
  sources: InteractionSource[];
  feedback: AiFeedback | null;
}

/** The logged answers of one conversation, by bot message, for the thread's feedback buttons and details. */
export async function listConversationAnswers(db: Database, accountId: string, conversationId: string): Promise<ConversationAnswer[]> {
  const conversation = await db.conversation.findFirst({ where: { id: conversationId, accountId }, select: { id: true } });
  if (!conversation) throw new UserFacingError("not_found", "No such conversation in this workspace.");
  const rows = await db.aiInteraction.findMany({
    where: { accountId, conversationId, messageId: { not: null } },
    select: { id: true, messageId: true, outcome: true, provider: true, model: true, confidence: true, latencyMs: true, escalationReason: true, sources: true, feedback: true },
    orderBy: { createdAt: "asc" },
  });
  return rows.map(({ id, messageId, sources, ...row }) => ({ ...row, interactionId: id, messageId: messageId!, sources: toSources(sources) }));
}
