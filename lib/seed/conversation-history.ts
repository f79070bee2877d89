import type { ChannelType, ConversationStatus, Prisma, Priority, TicketStatus } from "@/lib/db/generated/client";
import {
  AGENT_CLOSERS,
  BOT_HANDOFF,
  BOT_WELCOME_BACK,
  CSAT_COMMENTS,
  CUSTOMER_NUDGES,
  CUSTOMER_THANKS,
  TOPIC_SCRIPTS,
  type Thread,
  type TopicScript,
} from "./conversation-scripts";
import { SEED_AGENTS, type SeedAgent } from "./people";
import type { Random } from "./random";
import type { DemoContact, WorkspaceData, WorkspaceIndex } from "./workspace-data";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The demo's answers come from the built-in model that needs no API key. */
export const DEMO_AI = { provider: "offline", model: "switchboard-kb" } as const;

const STATUS_COUNTS: Record<ConversationStatus, number> = { open: 16, bot: 14, assigned: 26, pending: 16, resolved: 68, closed: 60 };
const CHANNEL_COUNTS: Record<ChannelType, number> = {
  web: 40,
  whatsapp: 35,
  email: 30,
  messenger: 20,
  instagram: 20,
  telegram: 18,
  sms: 15,
  twitter: 12,
  api: 10,
};
const ACTIVE_STATUSES = new Set<ConversationStatus>(["open", "bot", "assigned", "pending"]);
const MAX_MESSAGES = 12;

/** Response and resolution targets by priority, as the demo's SLA policy. */
const SLA: Record<Priority, { firstResponse: number; resolution: number; ticketTurnaround: number }> = {
  urgent: { firstResponse: 15 * MINUTE, resolution: 4 * HOUR, ticketTurnaround: 4 * HOUR },
  high: { firstResponse: HOUR, resolution: 24 * HOUR, ticketTurnaround: 24 * HOUR },
  medium: { firstResponse: 4 * HOUR, resolution: 72 * HOUR, ticketTurnaround: 72 * HOUR },
  low: { firstResponse: 24 * HOUR, resolution: 120 * HOUR, ticketTurnaround: 120 * HOUR },
};

/** How long ago each status's latest message typically is: [min, max]. */
const LAST_ACTIVITY_AGE: Record<ConversationStatus, [number, number]> = {
  open: [5 * MINUTE, 8 * HOUR],
  bot: [MINUTE, 6 * HOUR],
  assigned: [5 * MINUTE, 20 * HOUR],
  pending: [HOUR, 5 * DAY],
  resolved: [2 * HOUR, 20 * DAY],
  closed: [DAY, 27 * DAY],
};

export interface HistoryData {
  conversations: Prisma.ConversationCreateManyInput[];
  messages: Prisma.MessageCreateManyInput[];
  tickets: Prisma.TicketCreateManyInput[];
  ticketEvents: Prisma.TicketEventCreateManyInput[];
  csatRatings: Prisma.CsatRatingCreateManyInput[];
  aiInteractions: Prisma.AiInteractionCreateManyInput[];
  notifications: Prisma.NotificationCreateManyInput[];
  /** Latest time each user was given a conversation, for their agent profile. */
  lastAssignedAt: Map<string, Date>;
}

type Sender = "contact" | "bot" | "agent" | "note" | "system";
type OptionalGroup = "followup" | "nudge" | "note" | "thanks";

interface Step {
  sender: Sender;
  text: string;
  gap: number;
  /** Steps of an optional group are dropped together when the conversation runs long. */
  group?: OptionalGroup;
  event?: "handoff" | "assigned" | "resolved" | "closed";
  /** The customer starts waiting for a person here. */
  waitStart?: boolean;
  /** The customer asks the assistant for a person. */
  handoffRequest?: boolean;
  bot?: { confidence: number; handoff?: boolean; suggestions: string[] };
}

interface Plan {
  status: ConversationStatus;
  contact: DemoContact;
  channelType: ChannelType;
  script: TopicScript;
  thread: Thread;
  agent: SeedAgent | null;
  escalated: boolean;
  usesBot: boolean;
  steps: Step[];
  start: number;
  /** Times of the steps, ms since epoch. */
  times: number[];
}

export function buildHistory(
  data: WorkspaceData,
  index: WorkspaceIndex,
  options: { now: Date; random: Random },
): HistoryData {
  const { random: rng } = options;
  const now = options.now.getTime();
  const accountId = data.account.id;
  const plans = placeConversations(index.demoContacts, now, rng);

  const history: HistoryData = {
    conversations: [],
    messages: [],
    tickets: [],
    ticketEvents: [],
    csatRatings: [],
    aiInteractions: [],
    notifications: [],
    lastAssignedAt: new Map(),
  };
  const recorder: Recorder = {
    history,
    index,
    accountId,
    rng,
    externalIds: new ExternalIds(rng),
    botMessages: [],
    handoffRequests: [],
  };
  const built = plans.map((plan) => recordConversation(plan, recorder));

  addTickets(history, built, index, accountId, now, rng);
  addCsatRatings(history, built, accountId, now, rng);
  addAiInteractions(history, recorder.botMessages, recorder.handoffRequests, index, accountId, rng);
  addNotifications(history, built, index, accountId, now, rng);
  return history;
}

/** A type alias rather than an interface, so it is assignable to Prisma's JSON input. */
type KnowledgeSource = { documentId: string; title: string; slug: string };

/** Shared state while conversations are turned into rows. */
interface Recorder {
  history: HistoryData;
  index: WorkspaceIndex;
  accountId: string;
  rng: Random;
  externalIds: ExternalIds;
  botMessages: { conversationId: string; messageId: string; createdAt: Date; ai: NonNullable<Step["bot"]>; sources: KnowledgeSource[] }[];
  /** Moments customers asked the assistant for a person. */
  handoffRequests: { conversationId: string; createdAt: Date }[];
}

/** Writes one planned conversation's rows and returns what the later passes need about it. */
function recordConversation(plan: Plan, recorder: Recorder): BuiltConversation {
  const { history, index, accountId, rng, externalIds, botMessages, handoffRequests } = recorder;
  const conversationId = rng.id();
  const agentUserId = plan.agent ? index.userIdByKey[plan.agent.key] : null;
  const order = [...plan.contact.orders].reverse().find((o) => o.placedAt.getTime() < plan.start) ?? plan.contact.orders[0]!;
  const fill = placeholderFiller({
    first: plan.contact.firstName,
    order: order.number,
    product: rng.pick(order.itemNames),
    tracking: `1Z${rng.base36(16).toUpperCase()}`,
    agent: plan.agent?.name.split(" ")[0] ?? "",
    team: plan.script.team,
  });
  const article = index.articleBySlug.get(plan.script.articleSlug);
  if (!article) throw new Error(`Topic ${plan.script.topic} names an unknown article ${plan.script.articleSlug}.`);
  const channelId = index.channelIdByType[plan.channelType];

  let firstReplyAt: number | null = null;
  let resolvedAt: number | null = null;
  let handoffAt: number | null = null;
  let assignedAt: number | null = null;
  let lastAgentIndex = -1;
  plan.steps.forEach((step, i) => {
    const at = plan.times[i]!;
    const messageId = rng.id();
    const createdAt = new Date(at);
    const base = { id: messageId, accountId, conversationId, channelId, createdAt, content: fill(step.text) };
    if (step.event === "handoff") handoffAt = at;
    if (step.event === "assigned") assignedAt = at;
    if (step.event === "resolved") resolvedAt = at;
    if (step.handoffRequest) handoffRequests.push({ conversationId, createdAt });
    switch (step.sender) {
      case "contact":
        history.messages.push({ ...base, direction: "inbound", senderType: "contact", externalId: externalIds.next(plan.channelType) });
        break;
      case "bot": {
        const sources = [{ documentId: article.id, title: article.title, slug: article.slug }];
        const ai = step.bot!;
        history.messages.push({
          ...base,
          direction: "outbound",
          senderType: "bot",
          deliveryStatus: "read",
          aiMetadata: { ...DEMO_AI, confidence: ai.confidence, sources, suggestions: ai.suggestions, ...(ai.handoff ? { handoff: true } : {}) },
        });
        botMessages.push({ conversationId, messageId, createdAt, ai, sources });
        break;
      }
      case "agent":
        firstReplyAt ??= at;
        lastAgentIndex = i;
        history.messages.push({
          ...base,
          direction: "outbound",
          senderType: "agent",
          senderUserId: agentUserId,
          deliveryStatus: i === plan.steps.length - 1 ? "delivered" : "read",
        });
        break;
      case "note":
        history.messages.push({ ...base, direction: "outbound", senderType: "agent", senderUserId: agentUserId, isPrivate: true });
        break;
      case "system":
        history.messages.push({ ...base, direction: "outbound", senderType: "system" });
        break;
    }
  });

  const waiting = plan.status === "open" || plan.status === "assigned";
  const waitStep = waiting ? plan.steps.findLastIndex((s, i) => s.waitStart && i > lastAgentIndex) : -1;
  const unreadCount = waiting ? plan.steps.filter((s, i) => s.sender === "contact" && i > lastAgentIndex).length : 0;
  const lastMessageAt = plan.times.at(-1)!;
  const priority: Priority = plan.escalated ? rng.weighted(plan.script.priorities) : rng.weighted([["low", 1], ["medium", 2]]);
  const summary = fill(plan.thread.summary);
  const botTurns = plan.steps.filter((s) => s.sender === "bot").length;
  const conversation: Prisma.ConversationCreateManyInput = {
    id: conversationId,
    accountId,
    channelId,
    contactId: plan.contact.id,
    status: plan.status,
    priority,
    labels: conversationLabels(plan, rng),
    subject: plan.thread.subject,
    assigneeId: agentUserId,
    teamId: plan.escalated ? index.teamIdByName[plan.script.team] : null,
    botContext: plan.escalated
      ? { intent: plan.script.topic, summary, handoffReason: plan.usesBot ? "customer_requested" : "routed_by_rule", botTurns }
      : { intent: plan.script.topic, botTurns },
    aiPaused: (plan.status === "assigned" || plan.status === "pending") && rng.chance(0.2),
    unreadCount,
    waitingSince: waitStep >= 0 ? new Date(plan.times[waitStep]!) : null,
    firstReplyAt: firstReplyAt === null ? null : new Date(firstReplyAt),
    resolvedAt: resolvedAt === null ? null : new Date(resolvedAt),
    lastMessageAt: new Date(lastMessageAt),
    firstResponseDueAt: handoffAt === null ? null : new Date(handoffAt + SLA[priority].firstResponse),
    resolutionDueAt: handoffAt === null ? null : new Date(handoffAt + SLA[priority].resolution),
    createdAt: new Date(plan.start),
    updatedAt: new Date(lastMessageAt),
  };
  history.conversations.push(conversation);
  if (agentUserId && assignedAt !== null) {
    const previous = history.lastAssignedAt.get(agentUserId);
    if (!previous || previous.getTime() < assignedAt) history.lastAssignedAt.set(agentUserId, new Date(assignedAt));
  }
  return { plan, id: conversationId, agentUserId, assignedAt, resolvedAt, lastMessageAt, priority, summary, subject: plan.thread.subject, fill };
}

interface BuiltConversation {
  plan: Plan;
  id: string;
  agentUserId: string | null;
  assignedAt: number | null;
  resolvedAt: number | null;
  lastMessageAt: number;
  priority: Priority;
  summary: string;
  subject: string;
  fill: (template: string) => string;
}

function placeholderFiller(values: Record<string, string>): (template: string) => string {
  return (template) =>
    template.replace(/\{(\w+)\}/g, (match, key: string) => {
      const value = values[key];
      if (value === undefined) throw new Error(`Unknown placeholder ${match} in demo text: ${template}`);
      return value;
    });
}

function conversationLabels(plan: Plan, rng: Random): string[] {
  if (!plan.escalated) return rng.chance(0.2) ? [plan.script.topic] : [];
  const labels = rng.chance(0.8) ? [plan.script.topic] : [];
  if (rng.chance(0.2)) labels.push(rng.pick(["vip", "follow-up", "repeat-contact"]));
  return labels;
}

// ───────────────────────────── Placing conversations in time ─────────────────────────────

interface Interval {
  start: number;
  end: number;
  active: boolean;
}

/**
 * Chooses who talks on which channel about what, and when, so that a contact has at most
 * one unfinished conversation per channel and it is their latest there, as inbound
 * routing expects.
 */
function placeConversations(contacts: DemoContact[], now: number, rng: Random): Plan[] {
  const statuses = rng.shuffle(Object.entries(STATUS_COUNTS).flatMap(([status, n]) => Array<ConversationStatus>(n).fill(status as ConversationStatus)));
  const channels = rng.shuffle(Object.entries(CHANNEL_COUNTS).flatMap(([type, n]) => Array<ChannelType>(n).fill(type as ChannelType)));
  const slots = statuses
    .map((status, i) => ({ status, channelType: channels[i]! }))
    // Unfinished conversations first: they claim their contact's channel before the history fills in.
    .sort((a, b) => Number(ACTIVE_STATUSES.has(b.status)) - Number(ACTIVE_STATUSES.has(a.status)));

  const contactsByChannel = new Map<ChannelType, DemoContact[]>();
  for (const contact of contacts) {
    for (const type of contact.channelTypes) contactsByChannel.set(type, [...(contactsByChannel.get(type) ?? []), contact]);
  }
  const busy = new Map<string, Interval[]>();
  const plans: Plan[] = [];

  for (const slot of slots) {
    let placed: Plan | null = null;
    for (let attempt = 0; attempt < 300 && !placed; attempt++) {
      // Keep the planned channel mix, but fall back to any channel rather than fail.
      const channelType = attempt < 150 ? slot.channelType : rng.pick([...contactsByChannel.keys()]);
      const candidates = contactsByChannel.get(channelType);
      if (!candidates) continue;
      const plan = planConversation(slot.status, rng.pick(candidates), channelType, now, rng);
      const key = `${plan.contact.id}:${channelType}`;
      const interval = { start: plan.start, end: plan.times.at(-1)!, active: ACTIVE_STATUSES.has(plan.status) };
      if ((busy.get(key) ?? []).some((other) => conflicts(other, interval))) continue;
      busy.set(key, [...(busy.get(key) ?? []), interval]);
      placed = plan;
    }
    if (!placed) throw new Error(`Could not place a ${slot.status} demo conversation without overlapping another one.`);
    plans.push(placed);
  }
  return plans.sort((a, b) => a.start - b.start);
}

function conflicts(existing: Interval, next: Interval): boolean {
  const overlap = existing.start <= next.end && next.start <= existing.end;
  const afterActive = existing.active && next.end >= existing.start;
  const activeBeforeExisting = next.active && (existing.active || existing.end >= next.start);
  return overlap || afterActive || activeBeforeExisting;
}

const newYorkHour = new Intl.DateTimeFormat("en-US", { timeZone: "America/New_York", hour: "numeric", hourCycle: "h23" });

/** How busy support is at each hour of the day in New York, relative to the peak. */
function hourWeight(at: number): number {
  const hour = Number(newYorkHour.format(at));
  if (hour < 7) return 0.15;
  if (hour < 9) return 0.5;
  if (hour < 19) return 1;
  if (hour < 23) return 0.6;
  return 0.3;
}

function planConversation(status: ConversationStatus, contact: DemoContact, channelType: ChannelType, now: number, rng: Random): Plan {
  const international = contact.person.country !== "US";
  const scripts = TOPIC_SCRIPTS.filter((s) => s.topic !== "international" || international);
  const script = international && rng.chance(0.3) ? TOPIC_SCRIPTS.find((s) => s.topic === "international")! : rng.pick(scripts);
  const thread = rng.pick(script.threads);
  const escalated = status === "open" || status === "assigned" || status === "pending" || (status !== "bot" && rng.chance(0.72));
  const usesBot = status === "bot" || !escalated || (channelType === "email" ? rng.chance(0.35) : rng.chance(0.9));
  const agent = escalated && status !== "open" ? pickAgent(script, channelType, rng) : null;
  const steps = greetInFirstReply(trimOptional(buildSteps({ status, script, thread, agent, escalated, usesBot }, rng)), script);

  const duration = steps.reduce((sum, step) => sum + step.gap, 0);
  const [minAge, maxAge] = LAST_ACTIVITY_AGE[status];
  let start = now - minAge - duration;
  for (let attempt = 0; attempt < 50; attempt++) {
    const candidate = now - (minAge + rng.float() * (maxAge - minAge)) - duration;
    if (candidate < now - 30 * DAY) continue;
    start = candidate;
    if (rng.float() < hourWeight(candidate)) break;
  }
  start = Math.round(start / SECOND) * SECOND;
  let elapsed = start;
  const times = steps.map((step) => (elapsed += step.gap));
  return { status, contact, channelType, script, thread, agent, escalated, usesBot, steps, start: times[0]!, times };
}

function pickAgent(script: TopicScript, channelType: ChannelType, rng: Random): SeedAgent {
  return rng.weighted(
    SEED_AGENTS.map((agent) => {
      let weight = agent.role === "admin" ? 0.5 : 1;
      if (agent.topics.includes(script.agentTopic)) weight += 5;
      if (agent.channels.includes(channelType)) weight += 1;
      return [agent, weight] as const;
    }),
  );
}

const DROP_ORDER: OptionalGroup[] = ["followup", "nudge", "note", "thanks"];

function trimOptional(steps: Step[]): Step[] {
  let kept = steps;
  for (const group of DROP_ORDER) {
    if (kept.length <= MAX_MESSAGES) break;
    kept = kept.filter((step) => step.group !== group);
  }
  return kept;
}

/** The agent introduces themselves in their first message to the customer. */
function greetInFirstReply(steps: Step[], script: TopicScript): Step[] {
  const first = steps.findIndex((step) => step.sender === "agent");
  if (first < 0) return steps;
  const greeting = `Hi {first}, {agent}${script.team === "Billing" ? " from Billing" : ""} here. `;
  return steps.map((step, i) => (i === first ? { ...step, text: greeting + step.text } : step));
}

const between = (rng: Random, min: number, max: number) => Math.round(min + rng.float() * (max - min));

/** The conversation's messages in order, with the gap before each. */
function buildSteps(
  shape: { status: ConversationStatus; script: TopicScript; thread: Thread; agent: SeedAgent | null; escalated: boolean; usesBot: boolean },
  rng: Random,
): Step[] {
  const { status, script, thread, agent, escalated, usesBot } = shape;
  const steps: Step[] = [];
  const add = (step: Step) => steps.push(step);
  const agentSays = (text: string, gap: number, group?: OptionalGroup) => add({ sender: "agent", text, gap, group });
  const suggestions = [script.botFollowUp.question, "Talk to a person"];

  // Without the assistant the customer's first message (an email, say) tells the whole story.
  add({ sender: "contact", text: usesBot ? thread.opener : `${thread.opener}\n\n${thread.handoffRequest}`, gap: 0, waitStart: !usesBot });
  if (usesBot) {
    add({ sender: "bot", text: thread.botAnswer ?? script.botAnswer, gap: between(rng, 2 * SECOND, 7 * SECOND), bot: { confidence: confidence(rng, 0.72, 0.96), suggestions } });
    if (rng.chance(status === "bot" ? 0.6 : 0.35)) {
      const group = status === "bot" ? undefined : "followup";
      add({ sender: "contact", text: script.botFollowUp.question, gap: between(rng, 20 * SECOND, 4 * MINUTE), group });
      add({
        sender: "bot",
        text: script.botFollowUp.answer,
        gap: between(rng, 2 * SECOND, 6 * SECOND),
        group,
        bot: { confidence: confidence(rng, 0.7, 0.93), suggestions: ["Talk to a person"] },
      });
    }
  }
  if (status === "bot") return steps;

  if (!escalated) {
    add({ sender: "contact", text: rng.pick(CUSTOMER_THANKS), gap: between(rng, 30 * SECOND, 6 * MINUTE) });
    add({ sender: "bot", text: rng.pick(BOT_WELCOME_BACK), gap: between(rng, 2 * SECOND, 5 * SECOND), bot: { confidence: 0.9, suggestions: [] } });
    add({ sender: "system", text: "Resolved by the assistant", gap: between(rng, MINUTE, 15 * MINUTE), event: "resolved" });
    if (status === "closed") add({ sender: "system", text: "Closed automatically after 3 days without activity", gap: 3 * DAY, event: "closed" });
    return steps;
  }

  if (usesBot) {
    add({
      sender: "contact",
      text: thread.handoffRequest,
      gap: between(rng, 30 * SECOND, 5 * MINUTE),
      waitStart: true,
      handoffRequest: true,
    });
    add({ sender: "bot", text: BOT_HANDOFF, gap: between(rng, 2 * SECOND, 5 * SECOND), bot: { confidence: confidence(rng, 0.3, 0.5), handoff: true, suggestions: [] } });
    add({ sender: "system", text: "Handed off to the {team} team by the assistant", gap: SECOND, event: "handoff" });
  } else {
    add({ sender: "system", text: "Routed to the {team} team", gap: between(rng, SECOND, 3 * SECOND), event: "handoff" });
  }

  if (status === "open") {
    add({ sender: "contact", text: rng.pick(CUSTOMER_NUDGES), gap: between(rng, 10 * MINUTE, 50 * MINUTE), group: "nudge" });
    return steps;
  }

  const agentName = agent!.name;
  add({ sender: "system", text: `Assigned to ${agentName}`, gap: between(rng, 20 * SECOND, 12 * MINUTE), event: "assigned" });
  const clarify = () => {
    agentSays(thread.agentQuestion, between(rng, 30 * SECOND, 6 * MINUTE));
    add({ sender: "contact", text: thread.customerDetail, gap: between(rng, MINUTE, 90 * MINUTE), waitStart: true });
  };
  const note = () => add({ sender: "note", text: thread.note, gap: between(rng, 30 * SECOND, 3 * MINUTE), group: "note" });

  if (status === "assigned") {
    if (rng.chance(0.65)) {
      clarify();
      if (rng.chance(0.4)) note();
    }
    if (rng.chance(0.3)) add({ sender: "contact", text: rng.pick(CUSTOMER_NUDGES), gap: between(rng, 15 * MINUTE, 2 * HOUR), group: "nudge" });
    return steps;
  }
  if (status === "pending") {
    if (rng.chance(0.5)) {
      agentSays(thread.agentQuestion, between(rng, 30 * SECOND, 8 * MINUTE));
    } else {
      clarify();
      if (rng.chance(0.4)) note();
      agentSays(`${thread.agentAnswer} Could you confirm that works for you?`, between(rng, 2 * MINUTE, 25 * MINUTE));
    }
    return steps;
  }

  // Resolved or closed by a person.
  clarify();
  if (rng.chance(0.35)) note();
  agentSays(thread.agentAnswer, between(rng, 2 * MINUTE, 25 * MINUTE));
  if (rng.chance(0.8)) {
    add({ sender: "contact", text: rng.pick(CUSTOMER_THANKS), gap: between(rng, MINUTE, 40 * MINUTE), group: "thanks" });
    agentSays(rng.pick(AGENT_CLOSERS), between(rng, 20 * SECOND, 3 * MINUTE), "thanks");
  }
  add({ sender: "system", text: `Marked as resolved by ${agentName}`, gap: between(rng, 30 * SECOND, 5 * MINUTE), event: "resolved" });
  if (status === "closed") {
    const byAgent = rng.chance(0.25);
    add({
      sender: "system",
      text: byAgent ? `Closed by ${agentName}` : "Closed automatically after 3 days without activity",
      gap: byAgent ? between(rng, 4 * HOUR, 30 * HOUR) : 3 * DAY,
      event: "closed",
    });
  }
  return steps;
}

function confidence(rng: Random, min: number, max: number): number {
  return Math.round((min + rng.float() * (max - min)) * 100) / 100;
}

/** Platform-shaped message ids, unique per channel like the webhook ingestion requires. */
class ExternalIds {
  private readonly used = new Set<string>();
  private telegramMessageId = 4_000;

  constructor(private readonly rng: Random) {}

  next(type: ChannelType): string {
    for (;;) {
      const id = this.draw(type);
      if (this.used.has(`${type}:${id}`)) continue;
      this.used.add(`${type}:${id}`);
      return id;
    }
  }

  private draw(type: ChannelType): string {
    const rng = this.rng;
    switch (type) {
      case "web":
        return `web_${rng.base36(20)}`;
      case "api":
        return `evt_${rng.base36(20)}`;
      case "telegram":
        return String((this.telegramMessageId += rng.int(1, 40)));
      case "whatsapp":
        return `wamid.HBgL${rng.base36(32).toUpperCase()}`;
      case "messenger":
        return `m_${rng.base36(40)}`;
      case "instagram":
        return `aWdf${rng.base36(44)}`;
      case "twitter":
        return rng.digits(19);
      case "sms":
        return `SM${rng.hex(32)}`;
      case "email":
        return `<${rng.base36(16)}.${rng.base36(8)}@mail.example.com>`;
    }
  }
}

// ───────────────────────────── Tickets, ratings, AI log, notifications ─────────────────────────────

const TICKET_TOPIC_WEIGHT: Record<string, number> = { warranty: 5, refunds: 4, tracking: 4, billing: 3, returns: 3, exchanges: 2 };

function addTickets(history: HistoryData, built: BuiltConversation[], index: WorkspaceIndex, accountId: string, now: number, rng: Random) {
  // Weighted sample without replacement: the larger u^(1/w), the likelier the pick.
  const candidates = built
    .filter((c) => c.agentUserId !== null && c.assignedAt !== null)
    .map((c) => ({ c, key: rng.float() ** (1 / (TICKET_TOPIC_WEIGHT[c.plan.script.topic] ?? 1)) }))
    .sort((a, b) => b.key - a.key)
    .slice(0, 36)
    .map(({ c }) => c);

  for (const conversation of candidates) {
    const { plan } = conversation;
    // Opened while the agent works the conversation: after the assignment, before it is resolved.
    const workWindow = (conversation.resolvedAt ?? conversation.lastMessageAt) - conversation.assignedAt!;
    const createdAt = conversation.assignedAt! + Math.round(rng.float() * Math.min(15 * MINUTE, workWindow / 2));
    const status: TicketStatus =
      plan.status === "assigned"
        ? rng.pick(["open", "in_progress"])
        : plan.status === "pending"
          ? "waiting"
          : plan.script.topic === "warranty" && rng.chance(0.4)
            ? "in_progress"
            : rng.weighted([["resolved", 3], ["closed", 2]]);
    const resolvedAt =
      status === "resolved" || status === "closed" ? Math.min(conversation.resolvedAt! + between(rng, MINUTE, 20 * MINUTE), now - MINUTE) : null;
    const closedAt = status === "closed" ? Math.min(resolvedAt! + between(rng, DAY, 3 * DAY), now - MINUTE) : null;
    addTicket(history, {
      accountId,
      contactId: plan.contact.id,
      conversationId: conversation.id,
      subject: conversation.subject,
      description: conversation.summary,
      status,
      priority: conversation.priority,
      assigneeId: conversation.agentUserId!,
      teamId: index.teamIdByName[plan.script.team],
      createdAt,
      resolvedAt,
      closedAt,
      comment: rng.chance(0.5) ? conversation.fill(plan.thread.note) : null,
      source: { source: "conversation", conversationId: conversation.id },
      now,
      rng,
    });
  }

  // A few tickets opened by hand for phone calls, with no conversation behind them.
  const phoneCalls = [
    { subject: "Phone call: bulk order quote for a hiking club", topic: "contact" },
    { subject: "Phone call: parka zipper failed on a trip", topic: "warranty" },
    { subject: "Phone call: refund to a closed bank account", topic: "refunds" },
    { subject: "Phone call: wrong colour delivered", topic: "returns" },
  ];
  for (const call of phoneCalls) {
    const contact = rng.pick(index.demoContacts);
    const agent = rng.pick(SEED_AGENTS);
    const script = TOPIC_SCRIPTS.find((s) => s.topic === call.topic)!;
    const createdAt = now - between(rng, 2 * HOUR, 20 * DAY);
    const status: TicketStatus = rng.pick(["open", "in_progress", "resolved"]);
    const resolvedAt = status === "resolved" ? Math.min(createdAt + between(rng, 2 * HOUR, 2 * DAY), now - MINUTE) : null;
    addTicket(history, {
      accountId,
      contactId: contact.id,
      conversationId: null,
      subject: call.subject,
      description: `${contact.name} called the support line. ${call.subject.replace("Phone call: ", "")}.`,
      status,
      priority: rng.weighted(script.priorities),
      assigneeId: index.userIdByKey[agent.key],
      teamId: index.teamIdByName[script.team],
      createdAt,
      resolvedAt,
      closedAt: null,
      comment: null,
      source: { source: "phone" },
      now,
      rng,
    });
  }
}

function addTicket(
  history: HistoryData,
  ticket: {
    accountId: string;
    contactId: string;
    conversationId: string | null;
    subject: string;
    description: string;
    status: TicketStatus;
    priority: Priority;
    assigneeId: string;
    teamId: string;
    createdAt: number;
    resolvedAt: number | null;
    closedAt: number | null;
    comment: string | null;
    source: Prisma.InputJsonObject;
    now: number;
    rng: Random;
  },
) {
  const { rng, accountId, assigneeId } = ticket;
  const ticketId = rng.id();
  const lastChange = ticket.closedAt ?? ticket.resolvedAt ?? ticket.now;
  history.tickets.push({
    id: ticketId,
    accountId,
    subject: ticket.subject,
    description: ticket.description,
    status: ticket.status,
    priority: ticket.priority,
    contactId: ticket.contactId,
    conversationId: ticket.conversationId,
    assigneeId,
    teamId: ticket.teamId,
    tatDueAt: new Date(ticket.createdAt + SLA[ticket.priority].ticketTurnaround),
    resolvedAt: ticket.resolvedAt === null ? null : new Date(ticket.resolvedAt),
    createdAt: new Date(ticket.createdAt),
    updatedAt: new Date(Math.min(lastChange, ticket.now)),
  });

  // Events in order, minutes to hours apart, squeezed when the ticket is younger than that.
  const events: { type: string; data: Prisma.InputJsonObject; at?: number }[] = [
    { type: "created", data: { ...ticket.source, status: "open", priority: ticket.priority } },
    { type: "assigned", data: { assigneeId } },
  ];
  if (ticket.status !== "open") events.push({ type: "status_changed", data: { from: "open", to: "in_progress" } });
  if (ticket.comment) events.push({ type: "comment", data: { body: ticket.comment } });
  if (ticket.status === "waiting") events.push({ type: "status_changed", data: { from: "in_progress", to: "waiting" } });
  if (ticket.resolvedAt !== null) events.push({ type: "status_changed", data: { from: "in_progress", to: "resolved" }, at: ticket.resolvedAt });
  if (ticket.closedAt !== null) events.push({ type: "status_changed", data: { from: "resolved", to: "closed" }, at: ticket.closedAt });

  let offset = 0;
  const offsets = events.map((_, i) => (offset += i === 0 ? 0 : i === 1 ? between(rng, 10 * SECOND, 2 * MINUTE) : between(rng, 5 * MINUTE, 3 * HOUR)));
  const unscheduledEnd = Math.max(...offsets.filter((_, i) => events[i]!.at === undefined));
  const room = (ticket.resolvedAt ?? ticket.now - MINUTE) - ticket.createdAt;
  const scale = unscheduledEnd > 0 ? Math.min(1, (0.9 * room) / unscheduledEnd) : 1;
  events.forEach((event, i) => {
    const at = event.at ?? ticket.createdAt + Math.round(offsets[i]! * scale);
    history.ticketEvents.push({
      id: rng.id(),
      accountId,
      ticketId,
      actorUserId: assigneeId,
      type: event.type,
      data: event.data,
      createdAt: new Date(at),
    });
  });
}

function addCsatRatings(history: HistoryData, built: BuiltConversation[], accountId: string, now: number, rng: Random) {
  const finished = built
    .filter((c) => c.resolvedAt !== null)
    .map((c) => ({ c, key: rng.float() ** (1 / (c.agentUserId ? 3 : 1)) }))
    .sort((a, b) => b.key - a.key)
    .slice(0, 70)
    .map(({ c }) => c);
  for (const conversation of finished) {
    const rating = rng.weighted([[5, 55], [4, 25], [3, 10], [2, 6], [1, 4]]);
    const comments = CSAT_COMMENTS[rating]!.filter((text) => conversation.agentUserId || !text.includes("{agent}"));
    history.csatRatings.push({
      id: rng.id(),
      accountId,
      conversationId: conversation.id,
      contactId: conversation.plan.contact.id,
      agentId: conversation.agentUserId,
      rating,
      comment: comments.length > 0 && rng.chance(0.45) ? conversation.fill(rng.pick(comments)) : null,
      createdAt: new Date(Math.min(conversation.resolvedAt! + between(rng, 3 * MINUTE, 90 * MINUTE), now - MINUTE)),
    });
  }
}

function addAiInteractions(
  history: HistoryData,
  botMessages: Recorder["botMessages"],
  handoffRequests: Recorder["handoffRequests"],
  index: WorkspaceIndex,
  accountId: string,
  rng: Random,
) {
  const reviewers = [index.userIdByKey.admin, index.userIdByKey.priya, index.userIdByKey.sam];
  for (const message of rng.sample(botMessages, 56)) {
    const feedback = rng.weighted([[null, 80], ["good", 15], ["bad", 5]] as const);
    history.aiInteractions.push({
      id: rng.id(),
      accountId,
      conversationId: message.conversationId,
      messageId: message.messageId,
      ...DEMO_AI,
      latencyMs: between(rng, 350, 2200),
      firstTokenMs: between(rng, 120, 520),
      inputTokens: between(rng, 600, 1800),
      outputTokens: between(rng, 40, 170),
      confidence: message.ai.confidence,
      sources: message.sources,
      outcome: message.ai.handoff ? "escalated" : "answered",
      feedback,
      feedbackById: feedback ? rng.pick(reviewers) : null,
      createdAt: message.createdAt,
    });
  }
  // Attempts that timed out: the assistant said nothing and the conversation went to the team.
  for (const request of rng.sample(handoffRequests, 4)) {
    history.aiInteractions.push({
      id: rng.id(),
      accountId,
      conversationId: request.conversationId,
      ...DEMO_AI,
      latencyMs: 15_000,
      outcome: "failed",
      createdAt: new Date(request.createdAt.getTime() - 15 * SECOND),
    });
  }
}

function addNotifications(history: HistoryData, built: BuiltConversation[], index: WorkspaceIndex, accountId: string, now: number, rng: Random) {
  const channelLabel: Record<ChannelType, string> = {
    web: "website chat",
    api: "the mobile app",
    telegram: "Telegram",
    whatsapp: "WhatsApp",
    messenger: "Messenger",
    instagram: "Instagram",
    twitter: "X",
    sms: "SMS",
    email: "email",
  };
  for (const agent of SEED_AGENTS) {
    const userId = index.userIdByKey[agent.key];
    const notify = (type: string, title: string, body: string, conversationId: string | null, at: number) => {
      const createdAt = Math.min(at, now - SECOND);
      history.notifications.push({
        id: rng.id(),
        accountId,
        userId,
        type,
        title,
        body,
        conversationId,
        readAt: now - createdAt > 12 * HOUR ? new Date(createdAt + between(rng, 2 * MINUTE, 60 * MINUTE)) : null,
        createdAt: new Date(createdAt),
      });
    };
    const theirs = built.filter((c) => c.agentUserId === userId).sort((a, b) => b.assignedAt! - a.assignedAt!);
    for (const conversation of theirs.slice(0, 3)) {
      const { contact, channelType } = conversation.plan;
      notify("conversation.assigned", "Conversation assigned to you", `${contact.name} on ${channelLabel[channelType]}: ${conversation.subject}`, conversation.id, conversation.assignedAt!);
    }
    const ticket = history.tickets.filter((t) => t.assigneeId === userId).at(-1);
    if (ticket) notify("ticket.assigned", "Ticket assigned to you", ticket.subject, ticket.conversationId ?? null, new Date(ticket.createdAt!).getTime() + SECOND);
    const rating = history.csatRatings.filter((r) => r.agentId === userId).at(-1);
    if (rating) {
      const contact = built.find((c) => c.id === rating.conversationId)!.plan.contact;
      notify("csat.received", `New ${rating.rating}-star rating`, `${contact.name} rated the conversation ${rating.rating}/5.`, rating.conversationId, new Date(rating.createdAt!).getTime() + SECOND);
    }
  }
}
