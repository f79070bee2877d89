/**
 * What the customer asks the offline model to do, recognised by phrasing: look up their
 * orders, tickets or account, open a ticket, or reach a person. Each maps to one of the
 * assistant's tools (lib/ai/tools.ts); knowledge questions fall through to extraction.
 */

export type ToolName = "lookupTicket" | "listMyTickets" | "accountInfo" | "recentOrders" | "createTicket" | "handoffToHuman";

export interface ToolRequest {
  toolName: ToolName;
  input: Record<string, unknown>;
}

const HUMAN = String.raw`(?:a\s+)?(?:human|real person|person|agent|representative|rep|operator|someone|somebody|staff|team member|support team)`;
const WANTS_HUMAN = [
  new RegExp(String.raw`\b(?:talk|speak|chat|connect|transfer|put|escalate)\b[^.?!]{0,30}\b${HUMAN}\b`, "i"),
  new RegExp(String.raw`\b(?:want|need|get|give)\b[^.?!]{0,15}\b(?:a\s+human|a\s+real\s+person|an?\s+(?:agent|representative|operator)|a\s+person|human\s+help|live\s+(?:agent|support|chat))\b`, "i"),
  /^\s*(?:human|agent|operator|representative|real person)\s*(?:please)?[.!?]*\s*$/i,
  /\bare you (?:a )?(?:bot|robot|human|real)\b/i,
];

const TICKET_NUMBER = /\b(?:ticket|case|request)\s*(?:#|no\.?|number|num\.?)?\s*#?\s*(\d{1,9})\b/i;
const HASH_NUMBER = /#\s?(\d{1,9})\b/;
const MY_TICKETS = [/\bmy\b[^.?!]{0,25}\b(?:tickets|cases|support requests)\b/i, /\b(?:tickets|cases)\b[^.?!]{0,15}\b(?:i(?:'ve| have)?)\s+(?:opened|filed|submitted|raised|open)\b/i, /\bstatus of my (?:ticket|case|request)\b/i];

const CREATE_TICKET = [
  /\b(?:open|create|file|raise|submit|log|start)\b[^.?!]{0,20}\b(?:ticket|case|support request)\b/i,
  /\breport(?:ing)?\s+(?:a|an|this)?\s*(?:bug|problem|issue|defect)\b/i,
  /\bbug report\b/i,
];

const THING = String.raw`(?:order|package|parcel|delivery|shipment)s?`;
const MINE = String.raw`(?:my|our)\s+(?:\w+\s+)?${THING}`;
/**
 * A status question about the customer's own order: where it is, whether it shipped,
 * its status, or a list of their orders. A how-to question that merely mentions "my
 * order" ("where can I track my order?", "can I get express delivery on my order?") is
 * a knowledge question.
 */
const ORDER_STATUS = [
  new RegExp(String.raw`\bwhere(?:'s|\s+is|\s+are)?\s+${MINE}\b`, "i"),
  new RegExp(String.raw`\b(?:has|have|did|is|was|were)\s+${MINE}\s+(?:\w+\s+)?(?:ship\w*|arriv\w*|left|leave|dispatch\w*|sent|deliver\w*|on\s+(?:its|the)\s+way|out\s+for\s+delivery|been\s+(?:sent|shipped|dispatched|delivered))`, "i"),
  new RegExp(String.raw`\b(?:status|progress)\s+(?:of|on)\s+${MINE}\b|\b${MINE}(?:'s)?\s+status\b|\border\s+status\b|\b(?:track|trace|check\s+on)\s+${MINE}\b`, "i"),
  /\border\s*(?:#|no\.?|number)?\s*:?\s*(?:[a-z]{1,3}-)?\d{3,}\b[^.?!]{0,40}\b(?:status|where|shipped|arriv\w*|deliver\w*|track\w*|update)\b|\b(?:status|where|track\w*|update)\b[^.?!]{0,40}\border\s*(?:#|no\.?|number)?\s*:?\s*(?:[a-z]{1,3}-)?\d{3,}\b/i,
  /\b(?:list|show|see|check)\b[^.?!]{0,12}\bmy\b[^.?!]{0,12}\borders\b/i,
  /^\s*(?:my\s+)?(?:recent\s+|last\s+|latest\s+)?orders?\s*\??\s*$/i,
  /\bwhat did i (?:order|buy)\b|\bmy (?:order history|past orders)\b/i,
];
/**
 * Trouble with an own order that its status may explain ("my parcel hasn't arrived",
 * "still waiting for my order"): looked up unless the help center answers it well.
 */
const ORDER_TROUBLE = [
  new RegExp(String.raw`\b(?:when|how\s+soon)\s+(?:will|is|does|should|would)\s+${MINE}\s+(?:\w+\s+)?(?:arrive|ship|come|get\s+here|be\s+(?:delivered|shipped|here|sent))\b`, "i"),
  new RegExp(String.raw`\b${MINE}\s+(?:\w+\s+)?(?:hasn'?t|has\s+not|haven'?t|have\s+not|didn'?t|did\s+not|never|still\s+(?:hasn'?t|has\s+not|not))\s+(?:\w+\s+)?(?:arriv\w*|c[oa]me|ship\w*|show\w*\s+up|been\s+(?:delivered|shipped|sent))`, "i"),
  new RegExp(String.raw`\b${MINE}\s+(?:is|are|seems?|looks?)\s+(?:\w+\s+){0,2}(?:late|delayed|stuck|overdue)\b|\bstill\s+waiting\s+(?:for|on)\s+${MINE}\b`, "i"),
];
/** "How do I…", "where can I…": the customer asks how something works, not about their order's state. */
const HOW_TO = /\b(?:how|where)\s+(?:do|can|could|should|would|may)\s+(?:i|we|you)\b/i;

const ACCOUNT_INFO = [
  /\b(?:what|which|show|tell me|check|see|view|confirm)\b[^.?!]{0,30}\bmy\b[^.?!]{0,10}\b(?:plan|subscription|membership|tier|e-?mail(?: address)?|phone(?: number)?|account (?:info|information|details|status)|details|profile)\b/i,
  /\bon file\b/i,
  /\bwhat plan\b/i,
  /\bmy account (?:info|information|details|status)\b/i,
];

const URGENT = /\b(?:urgent|asap|emergency|immediately|right now)\b/i;
const BLOCKING = /\b(?:broken|crash\w*|can(?:no|')t|unable|not working|doesn'?t work|down|error|fail\w*|charged twice)\b/i;

function ticketInput(latest: string): Record<string, unknown> {
  const firstSentence = latest.split(/(?<=[.!?])\s+/)[0]!.replace(/\s+/g, " ").trim();
  const subject = firstSentence.length > 80 ? `${firstSentence.slice(0, 77).trimEnd()}…` : firstSentence;
  const priority = URGENT.test(latest) ? "urgent" : BLOCKING.test(latest) ? "high" : "medium";
  return { subject: subject || "Support request", description: latest.trim() || "Opened from the chat.", priority };
}

/** A tool the customer's message calls for; `certain` is false when a good help-center answer should win. */
export interface ToolIntent {
  request: ToolRequest;
  certain: boolean;
}

/** The lookup or action tool the latest message calls for, among those offered, or null (see asksForHuman for handoffs). */
export function detectToolRequest(latest: string, offered: ReadonlySet<string>): ToolIntent | null {
  const text = latest.trim();
  const pick = (toolName: ToolName, input: Record<string, unknown>, certain = true): ToolIntent | null => (offered.has(toolName) ? { request: { toolName, input }, certain } : null);
  if (!text) return null;

  const mentionsTicket = /\b(?:ticket|case)\b/i.test(text);
  const number = TICKET_NUMBER.exec(text)?.[1] ?? (mentionsTicket ? HASH_NUMBER.exec(text)?.[1] : undefined);
  if (number && !CREATE_TICKET.some((pattern) => pattern.test(text))) return pick("lookupTicket", { number: Number(number) });
  if (MY_TICKETS.some((pattern) => pattern.test(text))) return pick("listMyTickets", {});
  if (CREATE_TICKET.some((pattern) => pattern.test(text))) return pick("createTicket", ticketInput(text));
  const orders = { limit: /\b(?:last|latest|most recent)\b/i.test(text) ? 1 : 3 };
  if (ORDER_STATUS.some((pattern) => pattern.test(text)) && !HOW_TO.test(text)) return pick("recentOrders", orders);
  if (ORDER_TROUBLE.some((pattern) => pattern.test(text))) return pick("recentOrders", orders, false);
  if (ACCOUNT_INFO.some((pattern) => pattern.test(text))) return pick("accountInfo", {});
  return null;
}

/** True when the message asks for a person (whether or not a handoff tool is offered). */
export function asksForHuman(latest: string): boolean {
  return WANTS_HUMAN.some((pattern) => pattern.test(latest));
}

const SMALL_TALK_WORDS = new Set(
  "hi hello hey hiya howdy yo good morning afternoon evening day there thanks thank you thx ty cheers much so a lot great awesome perfect ok okay cool bye goodbye see ya later have nice"
    .split(" "),
);

/** "hi", "thanks a lot!", "bye": a message with nothing to look up. */
export function smallTalkKind(latest: string): "greeting" | "thanks" | "goodbye" | null {
  const all = latest.toLowerCase().match(/[a-z]+/g) ?? [];
  if (all.length === 0 || all.length > 6 || !all.every((word) => SMALL_TALK_WORDS.has(word))) return null;
  if (all.some((word) => ["thanks", "thank", "thx", "ty", "cheers"].includes(word))) return "thanks";
  if (all.some((word) => ["bye", "goodbye", "later"].includes(word))) return "goodbye";
  return "greeting";
}
