/**
 * Plain-language replies composed from tool results (orders, tickets, account facts),
 * for the step after the offline model called a tool.
 */

export interface ToolOutcome {
  toolName: string;
  /** The tool's output (parsed JSON), or null when the tool failed. */
  value: unknown;
  failed: boolean;
}

export interface ToolAnswer {
  text: string;
  /** A tool failed or found nothing to tell: a person should take over (the text is then empty). */
  needsHuman: boolean;
}

const record = (value: unknown): Record<string, unknown> => (value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {});
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const text = (value: unknown): string => (typeof value === "string" ? value : typeof value === "number" ? String(value) : "");

/** "2025-03-03T10:00:00Z" → "March 3, 2025" (UTC, so the same everywhere). */
export function formatDate(value: unknown): string {
  const date = new Date(text(value));
  if (Number.isNaN(date.getTime())) return "";
  return date.toLocaleDateString("en-US", { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" });
}

const humanize = (value: unknown) => text(value).replace(/_/g, " ");

function ordersAnswer(value: unknown): ToolAnswer {
  const orders = list(record(value).orders).map(record);
  if (orders.length === 0) return { text: "I couldn't find any orders on your account. If you ordered as a guest or with another email address, a person from our team can look it up.", needsHuman: false };
  const lines = orders.map((order) => {
    const items = list(order.items)
      .map(record)
      .map((item) => `${text(item.quantity) || "1"} × ${text(item.name)}`)
      .join(", ");
    const placed = formatDate(order.placedAt);
    return `- Order #${text(order.number)}: ${humanize(order.status)}${placed ? `, placed ${placed}` : ""}${text(order.total) ? `, ${text(order.total)}` : ""}${items ? ` (${items})` : ""}`;
  });
  return { text: [orders.length === 1 ? "Here is your most recent order:" : "Here are your recent orders:", ...lines].join("\n"), needsHuman: false };
}

function ticketLine(ticket: Record<string, unknown>): string {
  const created = formatDate(ticket.createdAt);
  return `- Ticket #${text(ticket.number)} "${text(ticket.subject)}": ${humanize(ticket.status)}, ${humanize(ticket.priority)} priority${created ? `, opened ${created}` : ""}`;
}

function ticketAnswer(value: unknown, input: Record<string, unknown>): ToolAnswer {
  const result = record(value);
  if (result.found !== true) {
    const number = text(input.number);
    return {
      text: `I couldn't find ticket${number ? ` #${number}` : ""} on your account. Please check the number; if it's right, I'll connect you with a person who can help.`,
      needsHuman: false,
    };
  }
  const ticket = record(result.ticket);
  const updated = formatDate(ticket.updatedAt);
  return {
    text: `Ticket #${text(ticket.number)} "${text(ticket.subject)}" is ${humanize(ticket.status)} (${humanize(ticket.priority)} priority)${updated ? `, last updated ${updated}` : ""}.`,
    needsHuman: false,
  };
}

function ticketsAnswer(value: unknown): ToolAnswer {
  const tickets = list(record(value).tickets).map(record);
  if (tickets.length === 0) return { text: "You don't have any tickets with us. If you'd like, I can open one: just describe the problem.", needsHuman: false };
  return { text: ["Here are your tickets, newest first:", ...tickets.map(ticketLine)].join("\n"), needsHuman: false };
}

function accountAnswer(value: unknown): ToolAnswer {
  const account = record(value);
  const facts: string[] = [];
  if (text(account.name)) facts.push(`- Name: ${text(account.name)}`);
  if (text(account.email)) facts.push(`- Email: ${text(account.email)}`);
  if (text(account.phone)) facts.push(`- Phone: ${text(account.phone)}`);
  const since = formatDate(account.customerSince);
  if (since) facts.push(`- Customer since: ${since}`);
  for (const [key, attribute] of Object.entries(record(account.attributes))) {
    if (["string", "number", "boolean"].includes(typeof attribute)) facts.push(`- ${key.replace(/[_-]+/g, " ").replace(/^\w/, (c) => c.toUpperCase())}: ${String(attribute)}`);
  }
  if (facts.length === 0) return { text: "", needsHuman: true };
  return { text: ["Here's what we have on file for you:", ...facts].join("\n"), needsHuman: false };
}

function createdTicketAnswer(value: unknown): ToolAnswer {
  const ticket = record(value);
  return {
    text: `I've opened ticket #${text(ticket.number)} "${text(ticket.subject)}" for you. Our team will follow up here and by email; you can ask me about it any time with its number.`,
    needsHuman: false,
  };
}

/** One reply for the results of the previous step's tool calls. */
export function answerFromToolResults(outcomes: Array<ToolOutcome & { input: Record<string, unknown> }>): ToolAnswer {
  const parts: ToolAnswer[] = outcomes.map((outcome) => {
    if (outcome.failed) return { text: "", needsHuman: true };
    switch (outcome.toolName) {
      case "recentOrders":
        return ordersAnswer(outcome.value);
      case "lookupTicket":
        return ticketAnswer(outcome.value, outcome.input);
      case "listMyTickets":
        return ticketsAnswer(outcome.value);
      case "accountInfo":
        return accountAnswer(outcome.value);
      case "createTicket":
        return createdTicketAnswer(outcome.value);
      default:
        return { text: "", needsHuman: false };
    }
  });
  if (parts.some((part) => part.needsHuman)) return { text: "", needsHuman: true };
  return { text: [...new Set(parts.map((part) => part.text).filter(Boolean))].join("\n\n"), needsHuman: false };
}
