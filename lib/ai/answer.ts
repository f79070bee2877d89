/**
 * How the assistant answers a customer message. One decision core serves both callers:
 * `answerInboundMessage` (non-web channels, through the outbox and the channel adapter)
 * and `streamAnswerResponse` (the web widget, streamed token by token); they differ only
 * in where the text goes while it is written.
 *
 * 1. Gate: nothing happens when the workspace turned the assistant off, the conversation
 *    is paused, a person has it (assigned, pending, or an agent wrote since the assistant
 *    was given it), it waits for a person after a hand-off, the message is not the
 *    customer's, or the message was already answered (a redelivered event).
 * 2. Escalation checks (lib/ai/escalation.ts): a request for a person, a sensitive topic
 *    or the turn limit hands off at once. These run before the auto-replies, so a
 *    keyword never answers someone who asked for a person or wrote about self-harm.
 * 3. Auto-reply engine (lib/ai/auto-reply.ts): a matching canned response answers.
 * 4. AI answer: the last messages as memory, knowledge retrieved for the message (and
 *    the previous customer turn for a short follow-up), the grounded instructions, the
 *    account's failover model with the customer-scoped tools, then the after-answer
 *    checks (the model handed off, or its confidence is below the threshold).
 * 5. The bot message, the accuracy-log row and the conversation's new state are stored
 *    together (lib/ai/persist-answer.ts).
 *
 * What is read from the account (settings, providers, auto-replies, help-center files,
 * retrieval) does not depend on the conversation: the widget starts those reads while it
 * stores the message (startAnswerReads), so its first token waits for little more than the
 * gate's one statement and the model.
 */
import { createUIMessageStream, createUIMessageStreamResponse, hasToolCall, isStepCount, streamText } from "ai";
import { renderCannedResponse } from "@/lib/canned/canned";
import type { Database } from "@/lib/db/client";
import type { Contact, Conversation, Message, Prisma } from "@/lib/db/generated/client";
import { listKnowledgeFiles, retrieveKnowledge, type KnowledgeFileSummary, type KnowledgeHit } from "@/lib/knowledge/retrieve";
import { newRowId } from "@/lib/outbox/outbox";
import { endStage, timedStage } from "./answer-timing";
import { findAutoReply, type AutoReplyMatch } from "./auto-reply";
import { readConversationState } from "./conversation-state";
import { answerBlocker } from "./eligibility";
import { DEFAULT_FALLBACK_MESSAGE, type Escalation, escalationAfterAnswer, escalationBeforeAnswer, escalationFor } from "./escalation";
import { AllProvidersFailedError, type FailoverAttempt } from "./failover";
import { buildGroundedInstructions } from "./grounding";
import { imageParts, isImageAttachment, recentTurns, retrievalQuery, toModelMessages, type ThreadTurn } from "./memory";
import { smallTalkKind } from "./offline/intents";
import { type AnswerRecord, type AnswerSourceRecord, persistAnswer, type ToolCallRecord } from "./persist-answer";
import { resolveAnswerModel, type AnswerModel } from "./resolve";
import { getAiSettings, type AiSettingsView } from "./settings";
import { buildSuggestions } from "./suggestions";
import { buildAnswerTools, type ToolSignals } from "./tools";

export interface AnswerIds {
  accountId: string;
  conversationId: string;
  /** The customer's message. */
  messageId: string;
}

export interface AnswerSource {
  documentId: string;
  title: string;
  url: string;
}

export interface AnswerOutcome {
  outcome: "answered" | "escalated" | "failed" | "skipped";
  text: string;
  sources: AnswerSource[];
  suggestions: string[];
  confidence: number | null;
  escalationReason: string | null;
  interactionId: string | null;
  botMessageId: string | null;
}

/** Model steps per answer: a few tool calls, then the answer. */
const MAX_STEPS = 4;
/** Passages retrieved: the best go to the model, the rest feed the suggestions. */
const RETRIEVED_PASSAGES = 8;
const GROUNDING_PASSAGES = 5;
/** Help-center files listed in the instructions. */
const LISTED_FILES = 30;
/** Longest a whole answer may take, tool calls included. */
const ANSWER_TIMEOUT_MS = 60_000;
/** Who the log names for answers no model wrote. */
export const AUTO_REPLY_PROVIDER = "Auto-reply";
export const POLICY_PROVIDER = "Escalation policy";
const POLICY_MODEL = "rules";

/** How canned responses name the assistant when they say {{agent.name}}. */
const ASSISTANT_NAME = "the assistant";
export const LOW_CONFIDENCE_NOTE = "I'm not fully sure this answers your question, so I've asked a person from our team to check. Someone will reply here shortly.";

// ───────────────────────────── reading ─────────────────────────────

/**
 * What answering reads from the account: the assistant's settings, the auto-reply that
 * matches the customer's text, the providers, the help-center files and the knowledge
 * retrieved for the retrieval query. None of it depends on the conversation's state, so
 * the widget starts these reads while the message is being stored.
 */
export interface AnswerReads {
  /** The retrieval query `hits` answer (the customer's text unless the message is a follow-up). */
  query: string;
  settings: Promise<AiSettingsView>;
  autoReply: Promise<AutoReplyMatch | null>;
  answerModel: Promise<AnswerModel>;
  files: Promise<KnowledgeFileSummary[]>;
  hits: Promise<KnowledgeHit[]>;
}

/** A read that may go unused (the assistant does not answer after all): its failure then reaches nobody; awaiting it still throws. */
function mayGoUnused<T>(read: Promise<T>): Promise<T> {
  read.catch(() => {});
  return read;
}

function retrieve(db: Database, accountId: string, query: string): Promise<KnowledgeHit[]> {
  return timedStage("retrieval", () => retrieveKnowledge(db, accountId, query, { limit: RETRIEVED_PASSAGES }));
}

/**
 * Starts the account's reads for answering the customer's `text` (`query`: what retrieval
 * searches for, the text by default). The costly ones wait for the settings: with the
 * assistant off nothing is retrieved or decrypted.
 */
export function startAnswerReads(db: Database, accountId: string, input: { text: string; query?: string; settings?: Promise<AiSettingsView> }): AnswerReads {
  const query = (input.query ?? input.text).trim();
  const settings = mayGoUnused(input.settings ?? getAiSettings(db, accountId));
  // With the assistant off decide returns before awaiting any of these.
  const ifEnabled = <T>(read: () => Promise<T>): Promise<T> =>
    mayGoUnused(settings.then((view) => (view.enabled ? read() : Promise.reject(new Error("The assistant is off for this account.")))));
  return {
    query,
    settings,
    autoReply: ifEnabled(() => findAutoReply(db, accountId, input.text)),
    answerModel: ifEnabled(() => resolveAnswerModel(db, accountId)),
    files: ifEnabled(() => listKnowledgeFiles(db, accountId, LISTED_FILES)),
    hits: ifEnabled(() => retrieve(db, accountId, query)),
  };
}

/** The customer's message with its conversation and contact, as storing it returned them: not read again. */
export interface StoredInbound {
  message: Message;
  conversation: Conversation;
  contact: Pick<Contact, "name">;
}

/** What the caller already has: the stored message (the widget, right after storing it) and the account's reads it started meanwhile. */
export interface AnswerInputs {
  stored?: StoredInbound;
  reads?: AnswerReads;
}

async function readStored(db: Database, { accountId, conversationId, messageId }: AnswerIds): Promise<StoredInbound | null> {
  const [conversation, message] = await Promise.all([
    db.conversation.findFirst({ where: { id: conversationId, accountId }, include: { contact: { select: { name: true } } } }),
    db.message.findFirst({ where: { id: messageId, conversationId, accountId } }),
  ]);
  return conversation && message ? { conversation, message, contact: conversation.contact } : null;
}

// ───────────────────────────── deciding ─────────────────────────────

interface Prepared {
  ids: AnswerIds;
  settings: AiSettingsView;
  contactId: string;
  contactName: string | null;
  customerMessage: { id: string; content: string };
  turns: ThreadTurn[];
  botMessageId: string;
  startedAt: number;
}

type Decision =
  | { kind: "skip" }
  | { kind: "escalate"; prepared: Prepared; escalation: Escalation }
  | { kind: "auto-reply"; prepared: Prepared; match: AutoReplyMatch }
  | { kind: "generate"; prepared: Prepared; answerModel: AnswerModel; reads: AnswerReads };

/**
 * Whether and how to answer. The checks the conversation row alone decides come first; the
 * rest of the gate (an agent's reply, an earlier answer), the memory and the bot-turn count
 * are read in one statement, then the account's reads (started by the caller, or here once
 * the gate passed) decide between an escalation, an auto-reply and the model.
 */
async function decide(db: Database, ids: AnswerIds, known: AnswerInputs = {}): Promise<Decision> {
  const startedAt = performance.now();
  const { accountId } = ids;
  const settingsRead = known.reads?.settings ?? mayGoUnused(getAiSettings(db, accountId));
  const stored = known.stored ?? (await readStored(db, ids));
  if (!stored) return { kind: "skip" };
  const { conversation, message } = stored;
  if (message.senderType !== "contact" || message.direction !== "inbound" || message.isPrivate) return { kind: "skip" };
  if (answerBlocker(conversation, false)) return { kind: "skip" };
  const settings = await settingsRead;
  if (!settings.enabled) return { kind: "skip" };

  const { agentWrote, answered, botTurns, earlier } = await readConversationState(db, conversation, message, settings.contextWindow);
  // The blocker already passed without what an agent wrote since; only that can stop the answer now.
  if (agentWrote || answered) return { kind: "skip" };
  const turns = recentTurns(earlier, message);
  const prepared: Prepared = {
    ids,
    settings,
    contactId: conversation.contactId,
    contactName: stored.contact.name,
    customerMessage: { id: message.id, content: message.content },
    turns,
    botMessageId: newRowId(),
    startedAt,
  };

  const escalation = escalationBeforeAnswer({ text: message.content, botTurns, maxBotTurns: settings.maxBotTurns });
  if (escalation) return { kind: "escalate", prepared, escalation };
  const reads = known.reads ?? startAnswerReads(db, accountId, { text: message.content, query: retrievalQuery(turns), settings: settingsRead });
  const match = await reads.autoReply;
  if (match) return { kind: "auto-reply", prepared, match };
  const answerModel = await reads.answerModel;
  const hasImages = turns.at(-1)!.attachments.some(isImageAttachment);
  if (hasImages && !answerModel.supportsImages) {
    return { kind: "escalate", prepared, escalation: escalationFor("image_needs_person", message.content) };
  }
  return { kind: "generate", prepared, answerModel, reads };
}

// ───────────────────────────── answering ─────────────────────────────

/** Where the customer-facing text goes while it is written (nowhere, or a UI message stream). */
interface TextSink {
  write(delta: string): void;
}

const silentSink: TextSink = { write: () => {} };

function baseRecord(prepared: Prepared, overrides: Partial<AnswerRecord> & Pick<AnswerRecord, "outcome" | "text" | "provider" | "model">): AnswerRecord {
  return {
    sources: [],
    suggestions: [],
    confidence: null,
    escalation: null,
    handoffNote: null,
    latencyMs: Math.round(performance.now() - prepared.startedAt),
    firstTokenMs: null,
    inputTokens: null,
    outputTokens: null,
    toolCalls: [],
    attempts: [],
    autoReplyShortcut: null,
    ...overrides,
  };
}


interface SwitchboardMetadata {
  confidence?: number;
  citations?: string[];
  answeredBy?: { label: string; provider: string; modelId: string };
  attempts?: FailoverAttempt[];
}

function switchboardMetadata(metadata: Prisma.JsonValue | Record<string, unknown> | undefined): SwitchboardMetadata {
  const value = (metadata as Record<string, unknown> | undefined)?.switchboard;
  return value && typeof value === "object" ? (value as SwitchboardMetadata) : {};
}

function sourceRecord(hit: KnowledgeHit): AnswerSourceRecord {
  return { documentId: hit.documentId, title: hit.title, slug: hit.slug, url: hit.url };
}

/** The passages the answer cites: [n] markers in the text, and the documents a model reported citing. */
function citedSources(text: string, grounding: KnowledgeHit[], reportedDocumentIds: string[]): AnswerSourceRecord[] {
  const cited: KnowledgeHit[] = [];
  for (const match of text.matchAll(/\[(\d+(?:\s*[,–-]\s*\d+)*)\]/g)) {
    for (const number of match[1]!.split(/[,–-]/)) {
      const hit = grounding[Number(number.trim()) - 1];
      if (hit) cited.push(hit);
    }
  }
  for (const documentId of reportedDocumentIds) {
    const hit = grounding.find((candidate) => candidate.documentId === documentId);
    if (hit) cited.push(hit);
  }
  const seen = new Set<string>();
  return cited.filter((hit) => !seen.has(hit.documentId) && seen.add(hit.documentId)).map(sourceRecord);
}

/** The confidence given to a provider's answer that neither cites a source nor rests on a tool: below any sensible threshold. */
const UNSUPPORTED_ANSWER_CONFIDENCE = 0.2;

/**
 * The model's confidence when it reports one (the offline model does); otherwise an
 * answer that cites the knowledge base or rests on the customer's own data counts as
 * confident, a reply to small talk is not judged, and anything else is unsupported (low
 * confidence, so the workspace threshold hands it to a person).
 */
function answerConfidence(reported: number | undefined, basis: { cited: boolean; usedCustomerData: boolean; smallTalk: boolean }): number | null {
  if (typeof reported === "number") return reported;
  if (basis.cited) return 0.85;
  if (basis.usedCustomerData) return 0.8;
  return basis.smallTalk ? null : UNSUPPORTED_ANSWER_CONFIDENCE;
}

const CUSTOMER_DATA_TOOLS = new Set(["lookupTicket", "listMyTickets", "accountInfo", "recentOrders", "createTicket"]);

async function generate(db: Database, prepared: Prepared, answerModel: AnswerModel, reads: AnswerReads, sink: TextSink): Promise<AnswerRecord> {
  const { ids, settings, turns } = prepared;
  const signals: ToolSignals = { handoffReason: null };
  const tools = buildAnswerTools(db, { accountId: ids.accountId, contactId: prepared.contactId, conversationId: ids.conversationId }, signals);
  const current = turns.at(-1)!;
  // The reads started with the message answer the query unless the message turned out to be a follow-up.
  const query = retrievalQuery(turns);
  const [hits, files, images] = await Promise.all([
    query === reads.query ? reads.hits : retrieve(db, ids.accountId, query),
    reads.files,
    answerModel.supportsImages ? imageParts(db, ids.accountId, current.attachments) : Promise.resolve([]),
  ]);
  const grounding = hits.slice(0, GROUNDING_PASSAGES);
  const instructions = buildGroundedInstructions({ systemPrompt: settings.systemPrompt, sources: grounding, files, contactName: prepared.contactName });
  const { model } = answerModel;

  let text = "";
  let firstTokenMs: number | null = null;
  let failure: unknown = null;
  let inputTokens: number | null = null;
  let outputTokens: number | null = null;
  let textMetadata: SwitchboardMetadata = {};
  let lastMetadata: SwitchboardMetadata = {};
  let stepHasText = false;
  // Text of a later step (after a tool call) starts a new paragraph.
  let paragraphBreak = false;
  const toolCalls: ToolCallRecord[] = [];

  const modelStart = performance.now();
  const result = streamText({
    model,
    instructions,
    messages: toModelMessages(turns, images.length ? { images, imagePrompt: settings.imagePrompt } : null),
    tools,
    stopWhen: [isStepCount(MAX_STEPS), hasToolCall("handoffToHuman")],
    // The failover model already moves to the next provider; a retry here would repeat the whole chain.
    maxRetries: 0,
    abortSignal: AbortSignal.timeout(ANSWER_TIMEOUT_MS),
    onError: () => {},
  });
  for await (const part of result.fullStream) {
    switch (part.type) {
      case "text-delta":
        if (!part.text) break;
        if (firstTokenMs === null) endStage("model", modelStart);
        firstTokenMs ??= Math.round(performance.now() - prepared.startedAt);
        if (paragraphBreak) {
          text += "\n\n";
          sink.write("\n\n");
          paragraphBreak = false;
        }
        text += part.text;
        stepHasText = true;
        sink.write(part.text);
        break;
      case "tool-result":
        toolCalls.push({ name: part.toolName, input: part.input, output: part.output });
        break;
      case "tool-error":
        toolCalls.push({ name: part.toolName, input: part.input, output: { error: part.error instanceof Error ? part.error.message : String(part.error) } });
        break;
      case "finish-step":
        lastMetadata = switchboardMetadata(part.providerMetadata);
        if (stepHasText) textMetadata = lastMetadata;
        stepHasText = false;
        paragraphBreak = text.trim() !== "";
        break;
      case "finish":
        inputTokens = part.totalUsage.inputTokens ?? null;
        outputTokens = part.totalUsage.outputTokens ?? null;
        break;
      case "error":
        failure = part.error;
        break;
      case "abort":
        failure ??= new Error(part.reason ?? "The answer was aborted.");
        break;
    }
  }

  const answeredBy = lastMetadata.answeredBy;
  const common = {
    // Every link failed: the log names the whole chain that was tried.
    provider: failure instanceof AllProvidersFailedError ? answerModel.labels.join(", ") : (answeredBy?.label ?? answerModel.labels[0] ?? model.provider),
    model: answeredBy?.modelId ?? model.modelId,
    firstTokenMs,
    inputTokens,
    outputTokens,
    toolCalls,
    attempts: (failure instanceof AllProvidersFailedError ? failure.attempts : (lastMetadata.attempts ?? [])).map((attempt) => ({
      provider: attempt.label,
      model: attempt.modelId,
      error: attempt.error,
      latencyMs: attempt.latencyMs,
    })),
  };

  if (failure) {
    // Whatever the provider said before failing stays; the customer is told a person takes over, never the error.
    const fallback = settings.fallbackMessage.trim() || DEFAULT_FALLBACK_MESSAGE;
    const addition = text.trim() ? `\n\n${fallback}` : fallback;
    sink.write(addition);
    return baseRecord(prepared, {
      ...common,
      outcome: "failed",
      text: `${text}${addition}`.trim(),
      escalation: { reason: "ai_unavailable", priority: null, customerMessage: fallback },
    });
  }

  // Confidence and citations belong to the step that wrote the text (the last one carries only a tool's aftermath).
  const judged = text.trim() ? textMetadata : lastMetadata;
  const sources = citedSources(text, grounding, judged.citations ?? []);
  const usedCustomerData = toolCalls.some((call) => CUSTOMER_DATA_TOOLS.has(call.name));
  const smallTalk = smallTalkKind(prepared.customerMessage.content) !== null;
  const confidence = answerConfidence(judged.confidence, { cited: sources.length > 0, usedCustomerData, smallTalk });
  const escalation =
    escalationAfterAnswer({
    text: prepared.customerMessage.content,
    confidence,
    threshold: settings.confidenceThreshold,
      handoffRequested: signals.handoffReason !== null,
    }) ?? (text.trim() ? null : escalationFor("low_confidence", prepared.customerMessage.content));

  let finalText = text.trim();
  if (escalation && !finalText) {
    sink.write(escalation.customerMessage);
    finalText = escalation.customerMessage;
  } else if (escalation?.reason === "low_confidence") {
    sink.write(`\n\n${LOW_CONFIDENCE_NOTE}`);
    finalText = `${finalText}\n\n${LOW_CONFIDENCE_NOTE}`;
  }
  return baseRecord(prepared, {
    ...common,
    outcome: escalation ? "escalated" : "answered",
    text: finalText,
    sources,
    suggestions: escalation ? [] : buildSuggestions({ question: prepared.customerMessage.content, related: hits, citedDocumentIds: sources.map((source) => source.documentId) }),
    confidence,
    escalation,
    handoffNote: signals.handoffReason,
  });
}

async function compose(db: Database, decision: Exclude<Decision, { kind: "skip" }>, sink: TextSink): Promise<AnswerRecord> {
  const { prepared } = decision;
  if (decision.kind === "escalate") {
    sink.write(decision.escalation.customerMessage);
    return baseRecord(prepared, { outcome: "escalated", text: decision.escalation.customerMessage, escalation: decision.escalation, provider: POLICY_PROVIDER, model: POLICY_MODEL });
  }
  if (decision.kind === "auto-reply") {
    const { text } = renderCannedResponse(decision.match.reply.content, {
      contact: { name: prepared.contactName?.trim() || "there" },
      agent: { name: ASSISTANT_NAME },
      conversation: { id: prepared.ids.conversationId },
    });
    sink.write(text);
    return baseRecord(prepared, {
      outcome: "answered",
      text,
      confidence: decision.match.score,
      provider: AUTO_REPLY_PROVIDER,
      model: `/${decision.match.reply.shortcut}`,
      autoReplyShortcut: decision.match.reply.shortcut,
      firstTokenMs: Math.round(performance.now() - prepared.startedAt),
    });
  }
  return generate(db, prepared, decision.answerModel, decision.reads, sink);
}

function toOutcome(record: AnswerRecord, stored: { interactionId: string } | null, botMessageId: string): AnswerOutcome {
  if (!stored) return skipped;
  return {
    outcome: record.outcome,
    text: record.text,
    sources: record.sources.map(({ documentId, title, url }) => ({ documentId, title, url })),
    suggestions: record.suggestions,
    confidence: record.confidence,
    escalationReason: record.escalation?.reason ?? null,
    interactionId: stored.interactionId,
    botMessageId,
  };
}

const skipped: AnswerOutcome = {
  outcome: "skipped",
  text: "",
  sources: [],
  suggestions: [],
  confidence: null,
  escalationReason: null,
  interactionId: null,
  botMessageId: null,
};

async function carryOut(db: Database, decision: Exclude<Decision, { kind: "skip" }>, sink: TextSink): Promise<AnswerOutcome> {
  const record = await compose(db, decision, sink);
  const { prepared } = decision;
  const stored = await persistAnswer(
    db,
    { accountId: prepared.ids.accountId, conversationId: prepared.ids.conversationId, customerMessage: prepared.customerMessage, botMessageId: prepared.botMessageId },
    { ...record, latencyMs: Math.round(performance.now() - prepared.startedAt) },
  );
  return toOutcome(record, stored, prepared.botMessageId);
}

/** Whole-text answer (non-web channels, the evaluation, tests). Persists the bot message and delivers it through the channel adapter. */
export async function answerInboundMessage(db: Database, ids: AnswerIds): Promise<AnswerOutcome> {
  const decision = await decide(db, ids);
  if (decision.kind === "skip") return skipped;
  return carryOut(db, decision, silentSink);
}

// ───────────────────────────── streaming (web widget) ─────────────────────────────

const TEXT_PART_ID = "answer";

/**
 * Web widget: the same decision and persistence, streamed as an AI SDK UI message stream
 * (text deltas, `source-url` parts for citations, a `data-suggestions` part, a
 * `data-handoff` part when handed off). The UI message id is the stored bot message id.
 * Null when the assistant must not answer. `known` saves reading again what the caller
 * has (the message it just stored) and the account's reads it started meanwhile.
 */
export async function streamAnswerResponse(db: Database, ids: AnswerIds, known: AnswerInputs = {}): Promise<Response | null> {
  const decision = await timedStage("gate", () => decide(db, ids, known));
  if (decision.kind === "skip") return null;
  const fallback = decision.prepared.settings.fallbackMessage.trim() || DEFAULT_FALLBACK_MESSAGE;

  const stream = createUIMessageStream({
    execute: async ({ writer }) => {
      writer.write({ type: "start", messageId: decision.prepared.botMessageId });
      writer.write({ type: "text-start", id: TEXT_PART_ID });
      let wrote = false;
      const sink: TextSink = {
        write(delta) {
          wrote = true;
          writer.write({ type: "text-delta", id: TEXT_PART_ID, delta });
        },
      };
      try {
        const outcome = await carryOut(db, decision, sink);
        writer.write({ type: "text-end", id: TEXT_PART_ID });
        for (const source of outcome.sources) writer.write({ type: "source-url", sourceId: source.documentId, url: source.url, title: source.title });
        if (outcome.suggestions.length) writer.write({ type: "data-suggestions", data: { suggestions: outcome.suggestions } });
        if (outcome.escalationReason) writer.write({ type: "data-handoff", data: { reason: outcome.escalationReason } });
      } catch (error) {
        // A database failure after the model answered: the customer keeps what they saw, never an error text.
        console.error(`Answering message ${ids.messageId} failed: ${error instanceof Error ? error.message : String(error)}`);
        if (!wrote) writer.write({ type: "text-delta", id: TEXT_PART_ID, delta: fallback });
        writer.write({ type: "text-end", id: TEXT_PART_ID });
      }
      writer.write({ type: "finish", finishReason: "stop" });
    },
    onError: () => fallback,
  });
  return createUIMessageStreamResponse({ stream });
}
