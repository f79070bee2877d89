/**
 * The tools the assistant may call while answering one conversation. They are built per
 * answer with the conversation's account and contact fixed in the closure: no tool takes
 * an id that chooses whose data it reads, so whatever a customer (or a prompt injected
 * into a message or an article) makes the model ask for, it only ever sees the data of
 * the customer it is talking to.
 */
import { tool, type ToolSet } from "ai";
import { z } from "zod";
import type { Database } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";

export interface AnswerToolScope {
  accountId: string;
  contactId: string;
  conversationId: string;
}

/** What the answer pipeline learns from tool calls it has to act on after the model finishes. */
export interface ToolSignals {
  /** Set when the model called handoffToHuman. */
  handoffReason: string | null;
}

const ticketSummarySelect = { number: true, subject: true, status: true, priority: true, createdAt: true } as const;

interface OrderItem {
  name: string;
  quantity: number;
}

/** orders.items is [{ sku, name, quantity, priceCents }]; only what a customer needs is shown. */
function orderItems(value: Prisma.JsonValue): OrderItem[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => {
    if (!item || typeof item !== "object" || Array.isArray(item)) return [];
    const { name, quantity } = item as Record<string, unknown>;
    return typeof name === "string" ? [{ name, quantity: typeof quantity === "number" ? quantity : 1 }] : [];
  });
}

/** "USD 49.00" */
export function formatMoney(cents: number, currency: string): string {
  return `${currency} ${(cents / 100).toFixed(2)}`;
}

export function buildAnswerTools(db: Database, scope: AnswerToolScope, signals: ToolSignals) {
  const { accountId, contactId, conversationId } = scope;
  const ownTickets = { accountId, contactId };

  return {
    lookupTicket: tool({
      description: "Look up one of this customer's support tickets by its number (#1042 → 1042).",
      inputSchema: z.object({ number: z.number().int().describe("The ticket number, without #.") }),
      execute: async ({ number }) => {
        const ticket = await db.ticket.findFirst({ where: { ...ownTickets, number }, select: { ...ticketSummarySelect, updatedAt: true } });
        if (!ticket) return { found: false as const };
        return {
          found: true as const,
          ticket: { ...ticket, createdAt: ticket.createdAt.toISOString(), updatedAt: ticket.updatedAt.toISOString() },
        };
      },
    }),

    listMyTickets: tool({
      description: "List this customer's support tickets, newest first (at most 10).",
      inputSchema: z.object({}),
      execute: async () => {
        const tickets = await db.ticket.findMany({ where: ownTickets, select: ticketSummarySelect, orderBy: [{ createdAt: "desc" }, { number: "desc" }], take: 10 });
        return { tickets: tickets.map((ticket) => ({ ...ticket, createdAt: ticket.createdAt.toISOString() })) };
      },
    }),

    accountInfo: tool({
      description: "The customer's own account details: name, email, phone, customer since, and attributes such as their plan.",
      inputSchema: z.object({}),
      execute: async () => {
        const contact = await db.contact.findFirstOrThrow({
          where: { id: contactId, accountId },
          select: { name: true, email: true, phone: true, createdAt: true, attributes: true },
        });
        const attributes = contact.attributes && typeof contact.attributes === "object" && !Array.isArray(contact.attributes) ? contact.attributes : {};
        return { name: contact.name, email: contact.email, phone: contact.phone, customerSince: contact.createdAt.toISOString(), attributes };
      },
    }),

    recentOrders: tool({
      description: "This customer's most recent orders with status, total and items, newest first.",
      inputSchema: z.object({ limit: z.number().int().min(1).max(10).optional().describe("How many orders, 1 to 10 (default 3).") }),
      execute: async ({ limit }) => {
        const orders = await db.order.findMany({ where: { accountId, contactId }, orderBy: [{ placedAt: "desc" }, { id: "desc" }], take: limit ?? 3 });
        return {
          orders: orders.map((order) => ({
            number: order.number,
            status: order.status,
            total: formatMoney(order.totalCents, order.currency),
            placedAt: order.placedAt.toISOString(),
            items: orderItems(order.items),
          })),
        };
      },
    }),

    createTicket: tool({
      description: "Open a support ticket for this customer when their request needs follow-up work by the team.",
      inputSchema: z.object({
        subject: z.string().trim().min(1).max(200),
        description: z.string().trim().max(5_000),
        priority: z.enum(["low", "medium", "high", "urgent"]),
      }),
      execute: async ({ subject, description, priority }) => {
        const ticket = await db.$transaction(async (tx) => {
          const created = await tx.ticket.create({
            data: { accountId, contactId, conversationId, subject, description, priority },
            select: { id: true, number: true, subject: true, status: true },
          });
          await tx.ticketEvent.create({ data: { accountId, ticketId: created.id, type: "created", data: { by: "assistant", conversationId, priority } } });
          return created;
        });
        return { number: ticket.number, subject: ticket.subject, status: ticket.status };
      },
    }),

    handoffToHuman: tool({
      description: "Hand the conversation to a person from the team: the customer asks for one, is upset, or the sources do not answer.",
      inputSchema: z.object({ reason: z.string().trim().min(1).max(500).describe("Why a person should take over, in one sentence.") }),
      execute: async ({ reason }) => {
        signals.handoffReason = reason;
        return { handedOff: true as const };
      },
    }),
  } satisfies ToolSet;
}

export type AnswerTools = ReturnType<typeof buildAnswerTools>;
