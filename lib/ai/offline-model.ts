/**
 * The keyless model: answers from the knowledge base without any provider. It reads
 * the numbered sources out of the grounded instructions, quotes the sentences that best
 * cover the customer's question with [n] citations, calls the assistant's tools when the
 * customer asks about their orders, tickets or account, and hands off to a person when
 * nothing answers well. It never repeats its instructions: every sentence it says comes
 * from a source, a tool result or a fixed phrase below.
 */
import { createHash } from "node:crypto";
import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4Content,
  LanguageModelV4FinishReason,
  LanguageModelV4GenerateResult,
  LanguageModelV4Prompt,
  LanguageModelV4StreamPart,
  LanguageModelV4ToolResultOutput,
  LanguageModelV4Usage,
} from "@ai-sdk/provider";
import { parseGroundedInstructions, type GroundingSource } from "./grounding";
import { answerFromSources } from "./offline/extract";
import { asksForHuman, detectToolRequest, smallTalkKind, type ToolRequest } from "./offline/intents";
import { answerFromToolResults, type ToolOutcome } from "./offline/tool-answers";

export const OFFLINE_PROVIDER = "switchboard";
export const OFFLINE_MODEL_ID = "offline-kb";

/** What the offline model reports in providerMetadata.switchboard. */
export interface OfflineAnswerMetadata {
  /** 0..1, calibrated: how likely the reply is right (see calibratedConfidence in ./offline/extract). */
  confidence: number;
  citations: string[];
}

interface OfflineReply {
  text: string;
  toolCall: ToolRequest | null;
  confidence: number;
  citations: string[];
}

export const OFFLINE_PHRASES = {
  noGoodAnswer: "I don't have a good answer to that in our help center, so I'll connect you with a person from our team who can help.",
  connecting: "Of course. I'm connecting you with a person from our team; they'll reply here shortly.",
  image: "Thanks for the picture. I can't look at images myself, so I'm passing it to a person from our team, who will reply here shortly.",
  lookupFailed: "I couldn't look that up just now, so I'll connect you with a person from our team.",
  greeting: "Hi! How can I help you today?",
  thanks: "You're welcome! Is there anything else I can help you with?",
  goodbye: "Thanks for reaching out. Have a great day!",
} as const;

/** Confidence in a tool call and in the answer composed from its results: they are the customer's own records. */
const TOOL_CONFIDENCE = 0.9;
/** A help-center answer at least this confident wins over an uncertain tool intent ("my parcel hasn't arrived"). */
const KNOWLEDGE_OVER_INTENT = 0.8;

type HandoffReason = "asked" | "image" | "noAnswer" | "lookupFailed";

/** The reason passed to handoffToHuman (shown to agents), and what the customer is told meanwhile. */
const HANDOFF_REASONS: Record<HandoffReason, string> = {
  asked: "The customer asked for a person.",
  image: "The customer sent an image.",
  noAnswer: "The help center has no good answer to the question.",
  lookupFailed: "A lookup for the customer failed.",
};
const HANDOFF_REPLIES: Record<HandoffReason, string> = {
  asked: OFFLINE_PHRASES.connecting,
  image: OFFLINE_PHRASES.image,
  noAnswer: OFFLINE_PHRASES.noGoodAnswer,
  lookupFailed: OFFLINE_PHRASES.lookupFailed,
};

type UserMessage = Extract<LanguageModelV4Prompt[number], { role: "user" }>;

function userText(message: UserMessage): string {
  return message.content
    .filter((part) => part.type === "text")
    .map((part) => part.text)
    .join("\n")
    .trim();
}

function hasImage(message: UserMessage): boolean {
  return message.content.some((part) => part.type === "file" && part.mediaType.toLowerCase().startsWith("image"));
}

function toolOutputValue(output: LanguageModelV4ToolResultOutput): { value: unknown; failed: boolean } {
  switch (output.type) {
    case "json":
      return { value: output.value, failed: false };
    case "text":
      try {
        return { value: JSON.parse(output.value), failed: false };
      } catch {
        return { value: output.value, failed: false };
      }
    case "content":
      return { value: null, failed: false };
    default:
      return { value: null, failed: true };
  }
}

function groundingOf(prompt: LanguageModelV4Prompt): GroundingSource[] {
  for (const message of prompt) {
    if (message.role !== "system") continue;
    const parsed = parseGroundedInstructions(message.content);
    if (parsed) return parsed.sources;
  }
  return [];
}

function offeredTools(options: LanguageModelV4CallOptions): Set<string> {
  if (options.toolChoice?.type === "none") return new Set();
  const names = (options.tools ?? []).filter((tool) => tool.type === "function").map((tool) => tool.name);
  if (options.toolChoice?.type === "tool") return new Set(names.filter((name) => name === (options.toolChoice as { toolName: string }).toolName));
  return new Set(names);
}

/** Decides what to say for one call; pure and deterministic. */
export function composeOfflineReply(options: LanguageModelV4CallOptions): OfflineReply {
  const { prompt } = options;
  const tools = offeredTools(options);
  // The handoff is announced in the same step that calls the tool: callers may stop the loop right there.
  const handoff = (reason: HandoffReason, confidence = 0): OfflineReply => ({
    text: HANDOFF_REPLIES[reason],
    toolCall: tools.has("handoffToHuman") ? { toolName: "handoffToHuman", input: { reason: HANDOFF_REASONS[reason] } } : null,
    confidence,
    citations: [],
  });

  const lastUserAt = prompt.findLastIndex((message) => message.role === "user");
  if (lastUserAt < 0) return { text: OFFLINE_PHRASES.greeting, toolCall: null, confidence: 1, citations: [] };
  const latestMessage = prompt[lastUserAt] as UserMessage;

  // A later step of the same turn: the prompt now ends with the results of our tool calls.
  const after = prompt.slice(lastUserAt + 1);
  const results = after.flatMap((message) => (message.role === "tool" ? message.content.filter((part) => part.type === "tool-result") : []));
  if (results.length > 0) {
    const inputs = new Map<string, Record<string, unknown>>();
    for (const message of after) {
      if (message.role !== "assistant") continue;
      for (const part of message.content) if (part.type === "tool-call") inputs.set(part.toolCallId, (part.input as Record<string, unknown>) ?? {});
    }
    // The handoff was announced when it was called; there is nothing to add.
    if (results.some((result) => result.toolName === "handoffToHuman")) return { text: "", toolCall: null, confidence: 0, citations: [] };
    const outcomes: Array<ToolOutcome & { input: Record<string, unknown> }> = results.map((result) => ({
      toolName: result.toolName,
      input: inputs.get(result.toolCallId) ?? {},
      ...toolOutputValue(result.output),
    }));
    const answer = answerFromToolResults(outcomes);
    if (answer.needsHuman) return handoff("lookupFailed");
    return { text: answer.text, toolCall: null, confidence: TOOL_CONFIDENCE, citations: [] };
  }

  if (hasImage(latestMessage)) return handoff("image");

  const latest = userText(latestMessage);
  const smallTalk = smallTalkKind(latest);
  if (smallTalk) return { text: OFFLINE_PHRASES[smallTalk], toolCall: null, confidence: 1, citations: [] };

  const intent = detectToolRequest(latest, tools);
  if (asksForHuman(latest)) return handoff("asked");
  const callTool = (request: ToolRequest): OfflineReply => ({ text: "", toolCall: request, confidence: TOOL_CONFIDENCE, citations: [] });
  if (intent?.certain) return callTool(intent.request);

  const earlier = prompt
    .slice(0, lastUserAt)
    .filter((message): message is UserMessage => message.role === "user")
    .map(userText)
    .filter(Boolean)
    .reverse();
  const answer = answerFromSources({ latest, earlier }, groundingOf(prompt));
  if (intent && answer.confidence < KNOWLEDGE_OVER_INTENT) return callTool(intent.request);
  if (!answer.text) return handoff("noAnswer", answer.confidence);
  return { text: answer.text, toolCall: null, confidence: answer.confidence, citations: answer.citations };
}

function promptKey(prompt: LanguageModelV4Prompt): string {
  const hash = createHash("sha256");
  for (const message of prompt) {
    hash.update(message.role);
    if (typeof message.content === "string") hash.update(message.content);
    else for (const part of message.content) hash.update(part.type === "text" ? part.text : part.type === "tool-call" || part.type === "tool-result" ? part.toolCallId : part.type);
  }
  return hash.digest("hex").slice(0, 16);
}

function usageOf(prompt: LanguageModelV4Prompt, reply: OfflineReply): LanguageModelV4Usage {
  let promptChars = 0;
  for (const message of prompt) {
    if (typeof message.content === "string") promptChars += message.content.length;
    else for (const part of message.content) if (part.type === "text") promptChars += part.text.length;
  }
  // About four characters per token, the usual rule of thumb for English.
  const input = Math.ceil(promptChars / 4);
  const output = Math.ceil((reply.text.length + (reply.toolCall ? JSON.stringify(reply.toolCall.input).length : 0)) / 4);
  return {
    inputTokens: { total: input, noCache: input, cacheRead: undefined, cacheWrite: undefined },
    outputTokens: { total: output, text: output, reasoning: undefined },
  };
}

function finishReasonOf(reply: OfflineReply): LanguageModelV4FinishReason {
  return reply.toolCall ? { unified: "tool-calls", raw: "tool_calls" } : { unified: "stop", raw: "stop" };
}

function metadataOf(reply: OfflineReply) {
  const switchboard: OfflineAnswerMetadata = { confidence: reply.confidence, citations: reply.citations };
  return { switchboard: { ...switchboard } };
}

export function createOfflineModel(): LanguageModelV4 {
  return {
    specificationVersion: "v4",
    provider: OFFLINE_PROVIDER,
    modelId: OFFLINE_MODEL_ID,
    supportedUrls: {},

    async doGenerate(options): Promise<LanguageModelV4GenerateResult> {
      const reply = composeOfflineReply(options);
      const key = promptKey(options.prompt);
      const content: LanguageModelV4Content[] = [];
      if (reply.text) content.push({ type: "text", text: reply.text });
      if (reply.toolCall) content.push({ type: "tool-call", toolCallId: `call_${key}`, toolName: reply.toolCall.toolName, input: JSON.stringify(reply.toolCall.input) });
      return {
        content,
        finishReason: finishReasonOf(reply),
        usage: usageOf(options.prompt, reply),
        providerMetadata: metadataOf(reply),
        response: { id: `offline-${key}`, modelId: OFFLINE_MODEL_ID },
        warnings: [],
      };
    },

    async doStream(options) {
      const reply = composeOfflineReply(options);
      const key = promptKey(options.prompt);
      const parts: LanguageModelV4StreamPart[] = [
        { type: "stream-start", warnings: [] },
        { type: "response-metadata", id: `offline-${key}`, modelId: OFFLINE_MODEL_ID },
      ];
      if (reply.text) {
        parts.push({ type: "text-start", id: "text-0" });
        // Word by word, like a provider streaming tokens.
        for (const word of reply.text.match(/\S+\s*|\s+/g) ?? []) parts.push({ type: "text-delta", id: "text-0", delta: word });
        parts.push({ type: "text-end", id: "text-0" });
      }
      if (reply.toolCall) {
        const toolCallId = `call_${key}`;
        const input = JSON.stringify(reply.toolCall.input);
        parts.push(
          { type: "tool-input-start", id: toolCallId, toolName: reply.toolCall.toolName },
          { type: "tool-input-delta", id: toolCallId, delta: input },
          { type: "tool-input-end", id: toolCallId },
          { type: "tool-call", toolCallId, toolName: reply.toolCall.toolName, input },
        );
      }
      parts.push({ type: "finish", finishReason: finishReasonOf(reply), usage: usageOf(options.prompt, reply), providerMetadata: metadataOf(reply) });
      const stream = new ReadableStream<LanguageModelV4StreamPart>({
        start(controller) {
          for (const part of parts) controller.enqueue(part);
          controller.close();
        },
      });
      return { stream };
    },
  };
}
