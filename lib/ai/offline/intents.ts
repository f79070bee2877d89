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
const ORDER_STATUS = [
  new RegExp(String.raw`\b(?:where|track|tracking|status|arriv\w*|ship\w*|deliver\w*|what happened to|when will)\b[^.?!]{0,30}\b(?:my|our)\b[^.?!]{0,15}\b${THING}\b`, "i"),
  new RegExp(String.raw`\b(?:my|our)\b[^.?!]{0,15}\b${THING}\b[^.?!]{0,30}\b(?:where|status|arriv\w*|ship\w*|deliver\w*|late|come|coming|track\w*|yet)\b`, "i"),
  /\border status\b/i,
  /\b(?:list|show|see|check)\b[^.?!]{0,12}\bmy\b[^.?!]{0,12}\borders\b/i,
  /^\s*(?:my\s+)?(?:recent\s+|last\s+|latest\s+)?orders?\s*\??\s*$/i,
  /\bwhat did i (?:order|buy)\b/i,
];

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

/** The lookup or action tool the latest message calls for, among those offered, or null (see asksForHuman for handoffs). */
export function detectToolRequest(latest: string, offered: ReadonlySet<string>): ToolRequest | null {
  const text = latest.trim();
  const pick = (toolName: ToolName, input: Record<string, unknown>): ToolRequest | null => (offered.has(toolName) ? { toolName, input } : null);
  if (!text) return null;

  const mentionsTicket = /\b(?:ticket|case)\b/i.test(text);
  const number = TICKET_NUMBER.exec(text)?.[1] ?? (mentionsTicket ? HASH_NUMBER.exec(text)?.[1] : undefined);
  if (number && !CREATE_TICKET.some((pattern) => pattern.test(text))) return pick("lookupTicket", { number: Number(number) });
  if (MY_TICKETS.some((pattern) => pattern.test(text))) return pick("listMyTickets", {});
  if (CREATE_TICKET.some((pattern) => pattern.test(text))) return pick("createTicket", ticketInput(text));
  if (ORDER_STATUS.some((pattern) => pattern.test(text))) return pick("recentOrders", { limit: /\b(?:last|latest|most recent)\b/i.test(text) ? 1 : 3 });
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
