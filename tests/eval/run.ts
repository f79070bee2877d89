/**
 * `npm run eval`: answer quality of the AI assistant on the labelled customer messages of
 * tests/eval/dataset.ts, through the product's own path. A throwaway PostgreSQL gets the
 * migrations and the demo workspace; each case is a new contact writing on the demo API
 * channel (`ingestInbound`, one call per customer turn), answered by
 * `answerInboundMessage` after every turn. The reply to the last turn is scored for its
 * decision, its citation, the fact it states and its grounding (tests/eval/score.ts).
 *
 *   npm run eval                              offline model (no other ai_providers row)
 *   npm run eval -- --provider openai         a real provider, key from the environment
 *                                             (tests/eval/providers.ts names the variables)
 *   npm run eval -- --strict                  exit 1 below the targets
 *   npm run eval -- --only sizing --verbose   a subset, every reply printed
 *   npm run eval -- --json eval-results.json  every case with its reply and scores
 */
import { randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { printRow, summarizeLatencies } from "@/bench/lib/report";
import { withThrowawayPostgres } from "@/bench/lib/services";
import { answerInboundMessage, AUTO_REPLY_PROVIDER, LOW_CONFIDENCE_NOTE, type AnswerOutcome } from "@/lib/ai/answer";
import { DEFAULT_FALLBACK_MESSAGE, handoffMessage, type EscalationReason } from "@/lib/ai/escalation";
import { OFFLINE_PHRASES } from "@/lib/ai/offline-model";
import { answerFromToolResults } from "@/lib/ai/offline/tool-answers";
import { loadRecentTurns, retrievalQuery } from "@/lib/ai/memory";
import { apiChannelAdapter } from "@/lib/channels/api/adapter";
import { getChannelAdapter } from "@/lib/channels/registry";
import type { ChannelRef, OutboundMessage } from "@/lib/channels/types";
import { ingestInbound, type IngestResult } from "@/lib/conversations/ingest";
import { createDatabaseClient, type Database } from "@/lib/db/client";
import { retrieveKnowledge, type KnowledgeHit } from "@/lib/knowledge/retrieve";
import { setOutboxRelayDefaults, settleOutboxFastPath } from "@/lib/outbox/relay";
import { seedDemoWorkspace } from "@/lib/seed/demo-workspace";
import { EVAL_CATEGORIES, EVAL_DATASET, type EvalCase } from "./dataset";
import { configureEvalProvider, EVAL_PROVIDER_KINDS, type EvalProviderKind } from "./providers";
import {
  checkGrounding,
  meetsTargets,
  OFFLINE_TARGETS,
  scoreCase,
  summarize,
  toolOutputText,
  type CaseScore,
  type Decision,
  type GroundingResult,
  type ScoreSummary,
} from "./score";

interface CaseRun {
  evalCase: EvalCase;
  score: CaseScore;
  /** Every turn's outcome; the last one is scored. */
  turns: AnswerOutcome[];
  citedSlugs: string[];
  grounding: GroundingResult;
  /** Articles of the passages the model was given, best first. */
  passageSlugs: string[];
  /** 1-based position of the first expected article among those passages; 0 when absent, null when none is expected. */
  retrievalRank: number | null;
  /** Cited articles the reconstructed passages do not contain. */
  drift: string[];
  /** What reached the customer through the API channel's adapter for the last turn. */
  delivered: string | null;
  latencyMs: number;
}

const DECISION_OF: Record<AnswerOutcome["outcome"], Decision> = { answered: "answer", escalated: "escalate", failed: "failed", skipped: "skipped" };

// ───────────── what the replies go through ─────────────

/**
 * The outbox relay publishes in this process: realtime pushes and workflow events go
 * nowhere (the evaluation answers each message itself, so the `message.received`
 * function must not answer it a second time), and replies on the API channel are kept
 * instead of being POSTed to the demo's callback URL.
 */
function captureDeliveries(): Map<string, OutboundMessage> {
  const delivered = new Map<string, OutboundMessage>();
  setOutboxRelayDefaults({
    trigger: async () => {},
    sendEvent: async () => {},
    getChannelAdapter: (type) =>
      type === "api"
        ? {
            ...apiChannelAdapter,
            send: async (_channel, message) => {
              delivered.set(message.messageId, message);
              return { externalId: `eval-${message.messageId}` };
            },
          }
        : getChannelAdapter(type),
  });
  return delivered;
}

// ───────────── one case ─────────────

interface EvalContext {
  db: Database;
  accountId: string;
  channel: ChannelRef;
  runId: string;
  slugByDocumentId: Map<string, string>;
  documentText: Map<string, string>;
  delivered: Map<string, OutboundMessage>;
  acceptMultilingualAnswers: boolean;
  /** The workspace's own message for when no provider answers. */
  fallbackMessage: string;
  /** ai_settings.contextWindow: how many earlier messages the answer remembers. */
  contextWindow: number;
}

const CONTACT_NAMES = ["Jordan Blake", "Priscilla Ong", "Tomás Herrera", "Aisha Karim", "Noel Dubois", "Greta Lind"];

/** Passages the answer gives the model (lib/ai/answer.ts: the best five of what it retrieves). */
const GROUNDING_PASSAGES = 5;

/**
 * The passages the model was given for the customer's message: the answer's own
 * retrieval query (the message, with the previous customer turn for a short follow-up)
 * over the same conversation memory.
 */
async function passagesGiven(context: EvalContext, conversationId: string, message: { id: string; createdAt: Date }): Promise<KnowledgeHit[]> {
  const scope = { accountId: context.accountId, conversationId };
  const turns = await loadRecentTurns(context.db, scope, message, context.contextWindow);
  return retrieveKnowledge(context.db, context.accountId, retrievalQuery(turns), { limit: GROUNDING_PASSAGES });
}

/**
 * Everything the reply could be grounded in: the passages the model was given, the
 * tools' outputs (raw, and as the offline model words them), the canned response of an
 * auto-reply, and the contact's name. A cited article missing from the passages means
 * this reconstruction drifted from the answer's own; its whole text is added then, and
 * the drift reported.
 */
async function groundingSources(context: EvalContext, outcome: AnswerOutcome, passages: KnowledgeHit[], contactName: string): Promise<{ texts: string[]; drift: string[] }> {
  const texts = passages.flatMap((hit) => [hit.title, ...(hit.heading ? [hit.heading] : []), hit.content]);
  const drift = outcome.sources.filter((source) => !passages.some((hit) => hit.documentId === source.documentId)).map((source) => source.documentId);
  for (const documentId of drift) texts.push(context.documentText.get(documentId) ?? "");
  if (outcome.interactionId) {
    const interaction = await context.db.aiInteraction.findUnique({ where: { id: outcome.interactionId }, select: { provider: true, model: true, toolCalls: true } });
    const calls = (interaction?.toolCalls ?? []) as Array<{ name: string; input?: unknown; output?: unknown }>;
    for (const call of calls) texts.push(...toolOutputText(call.output));
    // The product's own wording of the same outputs (what the offline model says about an empty order list, say).
    if (calls.length) texts.push(answerFromToolResults(calls.map((call) => ({ toolName: call.name, input: (call.input ?? {}) as Record<string, unknown>, value: call.output, failed: false }))).text);
    if (interaction?.provider === AUTO_REPLY_PROVIDER) {
      const canned = await context.db.cannedResponse.findFirst({ where: { accountId: context.accountId, shortcut: interaction.model.replace(/^\//, "") }, select: { content: true } });
      if (canned) texts.push(canned.content);
    }
  }
  texts.push(contactName);
  return { texts, drift: drift.map((id) => context.slugByDocumentId.get(id) ?? id) };
}

/**
 * The fixed sentences the product adds, which state no fact to ground: the hand-off
 * notice for the reply's reason in the customer's language, the offline model's set
 * phrases, the fallback message and the note appended to a low-confidence answer.
 */
function productSentences(context: EvalContext, outcome: AnswerOutcome, customerText: string): string[] {
  return [
    ...(outcome.escalationReason ? [handoffMessage(outcome.escalationReason as EscalationReason, customerText)] : []),
    ...Object.values(OFFLINE_PHRASES),
    DEFAULT_FALLBACK_MESSAGE,
    ...(context.fallbackMessage ? [context.fallbackMessage] : []),
    LOW_CONFIDENCE_NOTE,
  ];
}

async function runCase(context: EvalContext, evalCase: EvalCase, index: number): Promise<CaseRun> {
  const identifier = `eval-${context.runId}-${evalCase.id}`;
  const contactName = CONTACT_NAMES[index % CONTACT_NAMES.length]!;
  const turns: AnswerOutcome[] = [];
  let latencyMs = 0;
  let lastIngest: IngestResult | undefined;
  for (const [turn, text] of evalCase.turns.entries()) {
    lastIngest = await ingestInbound(context.db, context.channel, {
      externalId: `${identifier}-${turn}`,
      contact: { identifier, name: contactName },
      text,
      attachments: [],
    });
    const started = performance.now();
    turns.push(await answerInboundMessage(context.db, { accountId: context.accountId, conversationId: lastIngest.conversation.id, messageId: lastIngest.message.id }));
    latencyMs = performance.now() - started;
  }
  await settleOutboxFastPath();

  const last = turns.at(-1)!;
  const passages = await passagesGiven(context, lastIngest!.conversation.id, lastIngest!.message);
  const citedSlugs = [...new Set(last.sources.map((source) => context.slugByDocumentId.get(source.documentId) ?? `unknown:${source.documentId}`))];
  const sources = await groundingSources(context, last, passages, contactName);
  const grounding = checkGrounding({
    reply: last.text,
    sources: sources.texts,
    exemptSentences: productSentences(context, last, evalCase.turns.at(-1)!),
  });
  const score = scoreCase(evalCase, { decision: DECISION_OF[last.outcome], text: last.text, citedSlugs, grounding }, { acceptMultilingualAnswers: context.acceptMultilingualAnswers });
  const expectedArticles = evalCase.expected.decision === "answer" ? evalCase.expected.articles : null;
  const retrievalRank = expectedArticles ? passages.findIndex((hit) => (expectedArticles as readonly string[]).includes(hit.slug)) + 1 : null;
  const delivered = last.botMessageId ? (context.delivered.get(last.botMessageId)?.text ?? null) : null;
  return {
    evalCase,
    score,
    turns,
    citedSlugs,
    grounding,
    passageSlugs: passages.map((hit) => hit.slug),
    retrievalRank,
    drift: sources.drift,
    delivered,
    latencyMs,
  };
}

// ───────────── report ─────────────

const WIDTHS = [16, 6, 12, 12, 8, 11, 12];

/** Expected article among the passages given / cases expecting one: separates retrieval from answering. */
function retrievalCell(runs: readonly CaseRun[]): string {
  const expecting = runs.filter((run) => run.retrievalRank !== null);
  return expecting.length ? `${expecting.filter((run) => run.retrievalRank! > 0).length}/${expecting.length}` : "–";
}

function printSummaryRow(summary: ScoreSummary, runs: readonly CaseRun[]): void {
  const percent = (part: number, whole: number) => (whole === 0 ? "–" : `${((100 * part) / whole).toFixed(1)}%`);
  printRow(
    [
      summary.label,
      summary.cases,
      `${percent(summary.decisionsCorrect, summary.cases)}`,
      summary.citationsChecked === 0 ? "–" : `${summary.citationsCorrect}/${summary.citationsChecked}`,
      summary.factsChecked === 0 ? "–" : `${summary.factsStated}/${summary.factsChecked}`,
      summary.ungrounded,
      retrievalCell(runs),
    ],
    WIDTHS,
  );
}

function oneLine(text: string, max = 220): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function describeFailure(run: CaseRun): string[] {
  const { evalCase, score, turns, grounding } = run;
  const last = turns.at(-1)!;
  const expected = evalCase.expected.decision === "answer" ? `answer citing ${evalCase.expected.articles.join(" or ")}` : "escalate";
  const lines = [`- ${evalCase.id} [${evalCase.category}] "${oneLine(evalCase.turns.at(-1)!, 100)}"`];
  if (evalCase.turns.length > 1) {
    lines.push(`    earlier turns: ${turns.slice(0, -1).map((outcome, i) => `"${oneLine(evalCase.turns[i]!, 60)}" → ${outcome.outcome}`).join("; ")}`);
  }
  lines.push(`    expected ${expected}; got ${score.decision}${run.citedSlugs.length ? ` citing ${run.citedSlugs.join(", ")}` : ""}` + ` (confidence ${last.confidence?.toFixed(2) ?? "–"}${last.escalationReason ? `, reason: ${oneLine(last.escalationReason, 80)}` : ""})`);
  if (!score.decisionCorrect || score.citationCorrect === false || score.statesFact === false) lines.push(`    reply: ${oneLine(last.text) || "(none)"}`);
  if (score.statesFact === false && evalCase.expected.decision === "answer") lines.push(`    does not state the expected fact ${evalCase.expected.states}`);
  if (run.retrievalRank !== null) {
    const where = run.retrievalRank > 0 ? `expected article at rank ${run.retrievalRank}` : "expected article not retrieved";
    lines.push(`    passages given: ${where} (${run.passageSlugs.join(", ") || "none"})`);
  }
  if (run.drift.length) lines.push(`    note: cites ${run.drift.join(", ")}, which the reconstructed passages lack`);
  for (const sentence of grounding.ungrounded) {
    lines.push(`    ungrounded (${(sentence.support * 100).toFixed(0)}%, missing ${sentence.missing.join(" ")}): "${oneLine(sentence.sentence, 160)}"`);
  }
  return lines;
}

// ───────────── main ─────────────

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      provider: { type: "string", default: "offline" },
      strict: { type: "boolean", default: false },
      only: { type: "string" },
      json: { type: "string" },
      verbose: { type: "boolean", default: false },
    },
  });
  const provider = values.provider as EvalProviderKind;
  if (!EVAL_PROVIDER_KINDS.includes(provider)) throw new Error(`--provider must be one of ${EVAL_PROVIDER_KINDS.join(", ")}; got "${values.provider}".`);
  const cases = EVAL_DATASET.filter((evalCase) => !values.only || evalCase.id.includes(values.only) || evalCase.category === values.only);
  if (cases.length === 0) throw new Error(`--only "${values.only}" matches no case id or category.`);

  const runs = await withThrowawayPostgres(
    "eval",
    async (databaseUrl) => {
      const db = createDatabaseClient(databaseUrl);
      try {
        const seeded = await seedDemoWorkspace(db, { adminEmail: "admin@acme.test", adminPassword: randomBytes(12).toString("hex"), agentPassword: randomBytes(12).toString("hex") });
        const accountId = seeded.accountId;
        const providerLabel = await configureEvalProvider(db, accountId, provider);
        const channel = await db.channel.findFirstOrThrow({ where: { accountId, type: "api" }, select: { id: true, accountId: true, type: true } });
        const settings = await db.aiSettings.findUnique({ where: { accountId }, select: { fallbackMessage: true, contextWindow: true } });
        const documents = await db.knowledgeDocument.findMany({ where: { accountId }, select: { id: true, slug: true, title: true, content: true } });
        const context: EvalContext = {
          db,
          accountId,
          channel,
          runId: randomBytes(4).toString("hex"),
          slugByDocumentId: new Map(documents.map((doc) => [doc.id, doc.slug])),
          documentText: new Map(documents.map((doc) => [doc.id, `${doc.title}\n${doc.content}`])),
          delivered: captureDeliveries(),
          acceptMultilingualAnswers: provider !== "offline",
          fallbackMessage: settings?.fallbackMessage.trim() ?? "",
          contextWindow: settings?.contextWindow ?? 5,
        };
        console.log(`Evaluating ${cases.length} cases against ${providerLabel} (demo workspace, API channel).\n`);
        const results: CaseRun[] = [];
        for (const [index, evalCase] of cases.entries()) {
          const run = await runCase(context, evalCase, index);
          results.push(run);
          if (values.verbose) {
            const mark = run.score.decisionCorrect && run.score.citationCorrect !== false && run.score.statesFact !== false && run.score.grounded ? "ok " : "BAD";
            console.log(`${mark} ${evalCase.id}: ${run.score.decision}${run.citedSlugs.length ? ` [${run.citedSlugs.join(", ")}]` : ""} ${Math.round(run.latencyMs)} ms — ${oneLine(run.turns.at(-1)!.text, 160)}`);
          }
        }
        return results;
      } finally {
        await settleOutboxFastPath();
        setOutboxRelayDefaults(undefined);
        await db.$disconnect();
      }
    },
    { migrate: true },
  );

  const scores = runs.map((run) => run.score);
  const overall = summarize("overall", scores);
  console.log("");
  printRow(["category", "n", "decisions", "citations", "facts", "ungrounded", "retrieved"], WIDTHS);
  for (const category of EVAL_CATEGORIES) {
    const inCategory = runs.filter((run) => run.evalCase.category === category);
    if (inCategory.length) printSummaryRow(summarize(category, inCategory.map((run) => run.score)), inCategory);
  }
  printSummaryRow(overall, runs);
  console.log("(decisions: answered vs handed to a person; citations: answers citing an expected article / answers that should;");
  console.log(" facts: answers stating the expected fact / answers that should; ungrounded: replies with a sentence no source");
  console.log(" sentence carries; retrieved: expected article among the passages the model was given)");
  const latency = summarizeLatencies(runs.map((run) => run.latencyMs));
  console.log(`\nanswer time of the scored turn: p50 ${latency.p50Ms.toFixed(1)} ms, p95 ${latency.p95Ms.toFixed(1)} ms`);

  const undelivered = runs.filter((run) => run.turns.at(-1)!.botMessageId && run.delivered !== run.turns.at(-1)!.text);
  if (undelivered.length) console.log(`replies stored but not delivered as given through the API channel: ${undelivered.map((run) => run.evalCase.id).join(", ")}`);

  const failures = runs.filter((run) => !run.score.decisionCorrect || run.score.citationCorrect === false || run.score.statesFact === false || !run.score.grounded);
  console.log(failures.length ? `\nFailures (${failures.length}):` : "\nNo failures.");
  for (const run of failures) console.log(describeFailure(run).join("\n"));

  const met = meetsTargets(overall, OFFLINE_TARGETS);
  console.log(
    `\ntarget: ≥ ${OFFLINE_TARGETS.decisionAccuracy * 100}% correct decisions and ${OFFLINE_TARGETS.maxUngrounded} ungrounded answers / ` +
      `measured ${((100 * overall.decisionsCorrect) / overall.cases).toFixed(1)}% and ${overall.ungrounded} / ${met ? "MET" : "MISSED"}`,
  );

  if (values.json) {
    await writeFile(
      values.json,
      JSON.stringify(
        runs.map((run) => ({
          ...run.score,
          turns: run.evalCase.turns,
          expected: run.evalCase.expected,
          replies: run.turns,
          citedSlugs: run.citedSlugs,
          passageSlugs: run.passageSlugs,
          retrievalRank: run.retrievalRank,
          grounding: run.grounding,
          latencyMs: run.latencyMs,
        })),
        null,
        2,
      ),
    );
    console.log(`Wrote every case to ${values.json}.`);
  }
  if (values.strict && !met) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
