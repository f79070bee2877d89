import type { ChannelType, Prisma } from "@/lib/db/generated/client";
import { chunkMarkdown } from "@/lib/knowledge/chunk";
import { KNOWLEDGE_ARTICLES } from "./knowledge-articles";
import { SEED_AGENTS, SEED_PEOPLE, SEED_TEAMS, fictionalPhone, type SeedAgent, type SeedPerson, type TeamName } from "./people";
import type { Random } from "./random";
import { BUSINESS_HOURS, PRODUCTS, RETURNS, SHIPPING, STORE, WARRANTY } from "./store-facts";

export const DEMO_ACCOUNT = { name: STORE.name, slug: "acme", timezone: STORE.timezone } as const;

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** The workspace's people, channels and content: everything except the conversation history. */
export interface WorkspaceData {
  account: Prisma.AccountCreateInput & { id: string };
  users: (Prisma.UserCreateManyInput & { id: string })[];
  memberships: Prisma.MembershipCreateManyInput[];
  agentProfiles: Prisma.AgentProfileCreateManyInput[];
  teams: (Prisma.TeamCreateManyInput & { id: string })[];
  teamMembers: Prisma.TeamMemberCreateManyInput[];
  channels: (Prisma.ChannelCreateManyInput & { id: string })[];
  knowledgeDocuments: (Prisma.KnowledgeDocumentCreateManyInput & { id: string })[];
  knowledgeChunks: Prisma.KnowledgeChunkCreateManyInput[];
  cannedResponses: Prisma.CannedResponseCreateManyInput[];
  botRules: Prisma.BotRuleCreateManyInput[];
  aiSettings: Prisma.AiSettingsCreateManyInput;
  aiProviders: Prisma.AiProviderCreateManyInput[];
  contacts: (Prisma.ContactCreateManyInput & { id: string })[];
  contactIdentifiers: Prisma.ContactIdentifierCreateManyInput[];
  orders: (Prisma.OrderCreateManyInput & { id: string; placedAt: Date })[];
}

/** Lookups the conversation generator needs besides the rows themselves. */
export interface WorkspaceIndex {
  userIdByKey: Record<SeedAgent["key"], string>;
  teamIdByName: Record<TeamName, string>;
  channelIdByType: Record<ChannelType, string>;
  articleBySlug: Map<string, { id: string; title: string; slug: string }>;
  demoContacts: DemoContact[];
}

export interface DemoContact {
  id: string;
  name: string;
  firstName: string;
  person: SeedPerson;
  channelTypes: ChannelType[];
  /** This contact's orders, oldest first. */
  orders: { number: string; placedAt: Date; itemNames: string[] }[];
}

export interface WorkspaceOptions {
  adminEmail: string;
  adminPasswordHash: string;
  agentPasswordHash: string;
  /** Secret for the API channel's webhooks; random, never derived from the seed. */
  apiWebhookSecret: string;
  /** The web widget's identity secret (verifies `Switchboard.identify()`); random like the API secret. */
  webIdentitySecret?: string;
  now: Date;
  random: Random;
}

export function buildWorkspace(options: WorkspaceOptions): { data: WorkspaceData; index: WorkspaceIndex } {
  const { now, random: rng } = options;
  const ago = (ms: number) => new Date(now.getTime() - ms);
  const accountId = rng.id();
  const account = { id: accountId, ...DEMO_ACCOUNT, createdAt: ago(200 * DAY_MS) };

  const users = SEED_AGENTS.map((agent, i) => ({
    id: rng.id(),
    email: agent.email ?? options.adminEmail,
    name: agent.name,
    passwordHash: agent.role === "admin" ? options.adminPasswordHash : options.agentPasswordHash,
    lastLoginAt: ago(rng.int(2, 30) * 60 * MINUTE_MS),
    createdAt: ago((200 - i * 20) * DAY_MS),
  }));
  const userIdByKey = Object.fromEntries(SEED_AGENTS.map((agent, i) => [agent.key, users[i]!.id])) as WorkspaceIndex["userIdByKey"];

  const memberships = SEED_AGENTS.map((agent, i) => ({
    id: rng.id(),
    accountId,
    userId: users[i]!.id,
    role: agent.role,
    createdAt: users[i]!.createdAt,
  }));

  const lastSeenMinutes: Record<SeedAgent["status"], number> = {
    available: 1,
    floor_support: 3,
    break: 14,
    training: 45,
    not_available: 16 * 60,
  };
  const agentProfiles = SEED_AGENTS.map((agent, i) => ({
    id: rng.id(),
    accountId,
    userId: users[i]!.id,
    status: agent.status,
    channels: agent.channels,
    topics: agent.topics,
    languages: agent.languages,
    schedule: agent.schedule,
    timezone: agent.timezone,
    maxConcurrent: agent.maxConcurrent,
    autoAccept: agent.autoAccept,
    notificationPrefs: { sound: true, desktop: true, email: { assigned: true, ticketAssigned: true, csat: agent.role === "admin" } },
    lastSeenAt: ago(lastSeenMinutes[agent.status] * MINUTE_MS),
  }));

  const teams = SEED_TEAMS.map((team) => ({ id: rng.id(), accountId, ...team, createdAt: account.createdAt }));
  const teamIdByName = Object.fromEntries(teams.map((team) => [team.name, team.id])) as Record<TeamName, string>;
  const teamMembers = SEED_AGENTS.flatMap((agent, i) =>
    agent.teams.map((teamName) => ({ teamId: teamIdByName[teamName], userId: users[i]!.id })),
  );

  const channels = buildChannels(accountId, options, account.createdAt);
  const channelIdByType = Object.fromEntries(channels.map((c) => [c.type, c.id])) as Record<ChannelType, string>;

  const knowledgeDocuments = KNOWLEDGE_ARTICLES.map((article, i) => ({
    id: rng.id(),
    accountId,
    title: article.title,
    slug: article.slug,
    sourceType: "article",
    mimeType: "text/markdown",
    sizeBytes: Buffer.byteLength(article.markdown),
    content: article.markdown,
    status: "ready" as const,
    createdAt: ago((150 - i * 3) * DAY_MS),
    updatedAt: ago((40 - i * 2) * DAY_MS),
  }));
  const knowledgeChunks = knowledgeDocuments.flatMap((doc) =>
    chunkMarkdown(doc.content).map((chunk, position) => ({
      id: rng.id(),
      accountId,
      documentId: doc.id,
      position,
      heading: chunk.heading,
      content: chunk.content,
      tokenCount: chunk.tokenCount,
      createdAt: doc.updatedAt,
    })),
  );
  const articleBySlug = new Map(knowledgeDocuments.map((doc) => [doc.slug, { id: doc.id, title: doc.title, slug: doc.slug }]));

  const cannedResponses = CANNED_RESPONSES.map((canned) => ({
    id: rng.id(),
    accountId,
    ...canned,
    keywords: canned.keywords ?? [],
    autoReply: canned.keywords !== undefined,
    createdById: userIdByKey.admin,
    createdAt: ago(120 * DAY_MS),
  }));
  const cannedIdByShortcut = new Map(cannedResponses.map((c) => [c.shortcut, c.id]));

  const botRules = buildBotRules(accountId, teamIdByName, cannedIdByShortcut.get("sizing")!).map((rule) => ({
    id: rng.id(),
    ...rule,
    createdAt: ago(90 * DAY_MS),
  }));

  const aiSettings = {
    accountId,
    enabled: true,
    systemPrompt: AI_SYSTEM_PROMPT,
    contextWindow: 5,
    welcomeMessage: WELCOME_MESSAGE,
    imagePrompt:
      "Describe what the customer's photo shows that matters for support: the product and its colour, any visible damage or defect (where, how large), and any order number, tracking number or label text you can read. Do not guess what you cannot see.",
    confidenceThreshold: 0.55,
    maxBotTurns: 3,
    fallbackMessage: FALLBACK_MESSAGE,
  };
  // The keyless model answers from the knowledge base until an admin adds a provider.
  // Its id is derived rather than drawn, so the generator's sequence (and every later id) stays as it was.
  const aiProviders = [{ id: `${accountId}-offline`, accountId, name: "Offline (knowledge base)", kind: "offline" as const, model: "offline-kb", priority: 100, createdAt: ago(120 * DAY_MS) }];

  const { contacts, contactIdentifiers, orders, demoContacts } = buildContacts(accountId, channelIdByType, now, rng);

  return {
    data: {
      account,
      users,
      memberships,
      agentProfiles,
      teams,
      teamMembers,
      channels,
      knowledgeDocuments,
      knowledgeChunks,
      cannedResponses,
      botRules,
      aiSettings,
      aiProviders,
      contacts,
      contactIdentifiers,
      orders,
    },
    index: { userIdByKey, teamIdByName, channelIdByType, articleBySlug, demoContacts },
  };
}

const WELCOME_MESSAGE = `Hi! I'm the ${STORE.name} assistant. Ask me about orders, shipping, returns or sizing, or type "agent" to talk to our team.`;

const FALLBACK_MESSAGE = "Sorry, I can't answer right now. I've let our team know and a person will reply here shortly.";

const AI_SYSTEM_PROMPT = `You are the customer support assistant of ${STORE.name}, an online shop for outdoor clothing and gear.
Answer only from the knowledge base articles and the customer's order data you are given. Be warm, brief and concrete: two to four sentences, plain language, no marketing.
Never invent policies, prices, delivery dates or order details. If the answer is not in the sources, or the customer is upset, asks for a person, or needs an exception (refund outside the policy, address change after shipping, warranty decision), say you are passing the conversation to the team and hand off.
Never ask for full card numbers or passwords.`;

const WEEKDAY_NUMBERS: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

/** BUSINESS_HOURS in the web channel's settings shape: { day (0 = Sunday), open, close }. */
function businessHoursDays() {
  return Object.entries(BUSINESS_HOURS).flatMap(([day, ranges]) => ranges.map(([open, close]) => ({ day: WEEKDAY_NUMBERS[day]!, open, close })));
}

function buildChannels(accountId: string, options: WorkspaceOptions, createdAt: Date): WorkspaceData["channels"] {
  const rng = options.random;
  const channel = (type: ChannelType, name: string, settings: Prisma.InputJsonObject, extra: Partial<Prisma.ChannelCreateManyInput> = {}) => ({
    id: rng.id(),
    accountId,
    type,
    name,
    settings,
    createdAt,
    ...extra,
  });
  return [
    channel(
      "web",
      "Website chat",
      {
        allowedOrigins: ["http://127.0.0.1:3000", "http://localhost:3000"],
        theme: { colour: "#1f6f4a", position: "right", launcherText: "Chat with us", logoUrl: null },
        welcomeMessage: WELCOME_MESSAGE,
        // The hours are filled in but off, so the demo chat answers at any time of day.
        businessHours: { enabled: false, timezone: STORE.timezone, days: businessHoursDays() },
        offlineForm: {
          fields: ["name", "email", "message"],
          confirmation: "Thanks! We got your message and will reply by email, usually within 24 hours.",
        },
        enforceIdentity: false,
        handoffTimeoutSeconds: 180,
      },
      { publicKey: `pk_${rng.base36(24)}`, webhookSecret: options.webIdentitySecret ?? null },
    ),
    channel(
      "api",
      "Mobile app",
      { callbackUrl: "https://app.acme.test/switchboard/events", description: "Support chat inside the Acme Outfitters iOS and Android apps." },
      { webhookSecret: options.apiWebhookSecret },
    ),
    channel("telegram", "Telegram", { botUsername: "AcmeOutfittersBot" }),
    channel("whatsapp", "WhatsApp", { displayPhoneNumber: STORE.whatsapp, phoneNumberId: rng.digits(15), businessAccountId: rng.digits(15) }),
    channel("messenger", "Facebook Messenger", { pageId: rng.digits(15), pageName: STORE.name }),
    channel("instagram", "Instagram", { instagramAccountId: rng.digits(17), username: "acmeoutfitters" }),
    channel("twitter", "X (Twitter)", { username: "AcmeOutfitters", userId: rng.digits(19) }),
    channel("sms", "SMS", { provider: "twilio", phoneNumber: "+12125550188" }),
    channel("email", "Support email", { address: STORE.supportEmail, fromName: `${STORE.name} Support` }),
  ];
}

interface CannedResponseSeed {
  shortcut: string;
  title: string;
  content: string;
  /** Present for auto-replies. */
  keywords?: string[];
}

const CANNED_RESPONSES: readonly CannedResponseSeed[] = [
  { shortcut: "greet", title: "Greeting", content: "Hi {{contact.name}}, this is {{agent.name}} from Acme Outfitters. How can I help you today?" },
  {
    shortcut: "refund",
    title: "Refund timeline",
    content: `Hi {{contact.name}}, refunds go back to the original payment method within ${RETURNS.refundProcessingDays} of your return reaching our warehouse. Your bank then takes ${RETURNS.bankDays} to show the credit. I'll keep an eye on it for you. – {{agent.name}}`,
  },
  {
    shortcut: "shipping",
    title: "Shipping times and costs",
    content: `Standard shipping takes ${SHIPPING.standardDays} (${SHIPPING.standardPrice}, free over ${SHIPPING.freeOver}); Express takes ${SHIPPING.expressDays} (${SHIPPING.expressPrice}). Orders placed before ${SHIPPING.cutoff} ship the same business day.`,
  },
  {
    shortcut: "returns",
    title: "How to return",
    content: `You can return unworn items with tags within ${RETURNS.windowDays} days of delivery. Start at ${STORE.returnsPortal} with your order number and email, and the prepaid label is free within the US.`,
  },
  {
    shortcut: "exchange",
    title: "Free exchanges",
    content: `Exchanges for another size or colour are free within ${RETURNS.windowDays} days: choose "Exchange" in the returns portal and we ship the new item as soon as your parcel is scanned.`,
  },
  {
    shortcut: "tracking",
    title: "Where is my order",
    content: `Hi {{contact.name}}! You can follow your order at ${STORE.trackingPage} with your order number and email. The tracking link is also in your shipping confirmation email.`,
    keywords: ["where is my order", "track my order", "tracking number"],
  },
  {
    shortcut: "sizing",
    title: "Sizing advice",
    content: "Our tops follow standard US sizing (M = 38–40 in chest, L = 41–43 in). Between sizes, size up for outerwear and down for base layers. Boots run half a size small. The full chart is in our Sizing guide.",
  },
  {
    shortcut: "warranty",
    title: "Warranty claim",
    content: `Everything we sell has a ${WARRANTY.years}-year warranty against defects. Please send your order number and two or three photos of the fault, and we'll sort out a repair or replacement.`,
  },
  {
    shortcut: "password",
    title: "Password reset",
    content: "Choose \"Forgot password?\" on the sign-in page and enter your account email. The reset link arrives within a couple of minutes and is valid for 60 minutes; check your spam folder if you don't see it.",
    keywords: ["reset password", "forgot password", "can't log in"],
  },
  {
    shortcut: "hours",
    title: "Support hours",
    content: `We're here Monday to Friday 8 am – 8 pm and weekends 10 am – 6 pm Eastern Time. Outside those hours our assistant answers, and the team follows up when we're back.`,
    keywords: ["opening hours", "business hours", "are you open"],
  },
  { shortcut: "thanks", title: "Closing", content: "Thanks for reaching out, {{contact.name}}! If anything else comes up, just reply here. Have a great day. – {{agent.name}}" },
];

function buildBotRules(accountId: string, teamIdByName: Record<TeamName, string>, sizingCannedId: string) {
  const contains = (value: string) => ({ field: "message.content", op: "contains", value });
  return [
    {
      accountId,
      name: "Refunds and charges go to Billing",
      priority: 10,
      conditions: { any: ["refund", "charged twice", "invoice", "double charge"].map(contains) },
      actions: [
        { type: "assign_team", teamId: teamIdByName.Billing },
        { type: "add_label", label: "billing" },
      ],
    },
    {
      accountId,
      name: "Urgent wording raises priority",
      priority: 20,
      conditions: { any: ["urgent", "asap", "immediately"].map(contains) },
      actions: [{ type: "set_priority", priority: "high" }],
    },
    {
      accountId,
      name: "Warranty claims need a person",
      priority: 30,
      conditions: { any: ["warranty", "broken", "defect", "leaking"].map(contains) },
      actions: [
        { type: "add_label", label: "warranty" },
        { type: "assign_team", teamId: teamIdByName.Support },
        { type: "handoff" },
      ],
    },
    {
      accountId,
      name: "Size questions on social channels",
      priority: 40,
      conditions: {
        all: [
          { field: "channel.type", op: "in", value: ["instagram", "messenger", "twitter"] },
          { field: "message.content", op: "contains", value: "size" },
        ],
      },
      actions: [
        { type: "send_canned_response", cannedResponseId: sizingCannedId },
        { type: "add_label", label: "sizing" },
      ],
    },
  ];
}

const EMAIL_DOMAINS = ["example.com", "example.net", "example.org"];

function asciiSlug(text: string): string {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z]/g, "");
}

/** Channel types that reach a person by phone number. */
const PHONE_CHANNELS: ChannelType[] = ["whatsapp", "sms"];
const OTHER_PRIMARY_CHANNELS: ChannelType[] = ["web", "email", "telegram", "messenger", "instagram", "web", "twitter", "api", "email"];

function buildContacts(accountId: string, channelIdByType: Record<ChannelType, string>, now: Date, rng: Random) {
  const contacts: WorkspaceData["contacts"] = [];
  const contactIdentifiers: WorkspaceData["contactIdentifiers"] = [];
  const demoContacts: DemoContact[] = [];
  const usedIdentifiers = new Set<string>();

  // Contacts with a phone take the phone channels first, so WhatsApp and SMS always have people.
  const phoneOwners = new Set(
    rng.sample(
      SEED_PEOPLE.map((p, i) => i).filter((i) => fictionalPhone(SEED_PEOPLE[i]!.country, i) !== null),
      16,
    ),
  );
  let phonePrimaryCount = 0;
  let otherPrimaryCount = 0;

  SEED_PEOPLE.forEach((person, i) => {
    const [first = person.name, ...rest] = person.name.split(" ");
    const last = rest.join("");
    const phone = phoneOwners.has(i) || rng.chance(0.4) ? fictionalPhone(person.country, i) : null;
    const primary = phoneOwners.has(i)
      ? PHONE_CHANNELS[phonePrimaryCount++ % 3 === 2 ? 1 : 0]!
      : OTHER_PRIMARY_CHANNELS[otherPrimaryCount++ % OTHER_PRIMARY_CHANNELS.length]!;
    const channelTypes = new Set<ChannelType>([primary]);
    if (rng.chance(0.35)) channelTypes.add("email");
    if (rng.chance(0.25)) channelTypes.add("web");
    if (phone && rng.chance(0.3)) channelTypes.add(rng.pick(PHONE_CHANNELS));
    const hasEmail = channelTypes.has("email") || rng.chance(0.8);
    let email: string | null = null;
    while (hasEmail && (email === null || usedIdentifiers.has(`email:${email}`))) {
      const local = rng.pick([`${asciiSlug(first)}.${asciiSlug(last)}`, `${asciiSlug(first)}${asciiSlug(last)}`, `${asciiSlug(first)}${rng.int(10, 99)}`]);
      email = `${local}@${rng.pick(EMAIL_DOMAINS)}`;
    }
    if (email) usedIdentifiers.add(`email:${email}`);

    const firstOrderAt = new Date(now.getTime() - rng.int(35, 150) * DAY_MS - rng.int(0, DAY_MS / MINUTE_MS) * MINUTE_MS);
    const id = rng.id();
    contacts.push({
      id,
      accountId,
      name: person.name,
      email,
      phone,
      attributes: {
        country: person.country,
        language: person.language,
        loyaltyTier: rng.weighted([["member", 7], ["gold", 2], ["summit", 1]]),
        marketingOptIn: rng.chance(0.55),
      },
      createdAt: new Date(firstOrderAt.getTime() - rng.int(0, 3) * DAY_MS - 20 * MINUTE_MS),
    });

    for (const channelType of channelTypes) {
      // Email and phone identifiers are unique by construction; random ones are redrawn on a clash.
      let identifier = identifierFor(channelType, { email, phone }, rng);
      while (channelType !== "email" && usedIdentifiers.has(`${channelType}:${identifier}`)) {
        identifier = identifierFor(channelType, { email, phone }, rng);
      }
      usedIdentifiers.add(`${channelType}:${identifier}`);
      contactIdentifiers.push({
        id: rng.id(),
        accountId,
        contactId: id,
        channelType,
        channelId: channelIdByType[channelType],
        identifier,
        verified: channelType === "api" || (channelType === "web" && rng.chance(0.5)),
        createdAt: contacts.at(-1)!.createdAt,
      });
    }
    demoContacts.push({ id, name: person.name, firstName: first, person, channelTypes: [...channelTypes], orders: [{ number: "", placedAt: firstOrderAt, itemNames: [] }] });
  });

  // Twenty more orders in the last month, more of them recent, then number every order by date.
  for (let extra = 0; extra < 20; extra++) {
    const minutesAgo = Math.ceil(rng.float() * rng.float() * 30 * 24 * 60);
    rng.pick(demoContacts).orders.push({ number: "", placedAt: new Date(now.getTime() - minutesAgo * MINUTE_MS), itemNames: [] });
  }
  const allOrders = demoContacts
    .flatMap((contact) => contact.orders.map((order) => ({ contact, order })))
    .sort((a, b) => a.order.placedAt.getTime() - b.order.placedAt.getTime());
  const orders: WorkspaceData["orders"] = allOrders.map(({ contact, order }, i) => {
    order.number = `AO-${10_231 + i * 7}`;
    const items = rng.sample(PRODUCTS, rng.weighted([[1, 5], [2, 3], [3, 1]])).map((product) => ({
      sku: product.sku,
      name: product.name,
      quantity: product.priceCents < 3000 ? rng.int(1, 2) : 1,
      priceCents: product.priceCents,
    }));
    order.itemNames = items.map((item) => item.name);
    const subtotal = items.reduce((sum, item) => sum + item.priceCents * item.quantity, 0);
    const domestic = contact.person.country === "US";
    const shipping = domestic ? (subtotal > 7500 ? 0 : 595) : subtotal > 15000 ? 0 : 1995;
    return {
      id: rng.id(),
      accountId,
      contactId: contact.id,
      number: order.number,
      status: orderStatus(now.getTime() - order.placedAt.getTime(), rng),
      totalCents: subtotal + shipping,
      currency: "USD",
      items,
      placedAt: order.placedAt,
    };
  });
  for (const contact of demoContacts) contact.orders.sort((a, b) => a.placedAt.getTime() - b.placedAt.getTime());

  return { contacts, contactIdentifiers, orders, demoContacts };
}

function orderStatus(ageMs: number, rng: Random): string {
  if (ageMs < DAY_MS) return "processing";
  if (ageMs < 5 * DAY_MS) return "shipped";
  return rng.weighted([["delivered", 88], ["returned", 5], ["refunded", 4], ["cancelled", 3]]);
}

/** How the platform knows this contact; phone and email channels are only given to contacts that have one. */
function identifierFor(type: ChannelType, contact: { email: string | null; phone: string | null }, rng: Random): string {
  const required = (value: string | null, what: string) => {
    if (value === null) throw new Error(`Demo contact on ${type} needs ${what}.`);
    return value;
  };
  switch (type) {
    case "web":
      return `v_${rng.base36(20)}`;
    case "api":
      return `cus_${rng.base36(14)}`;
    case "telegram":
      return rng.digits(10);
    case "whatsapp":
      return required(contact.phone, "a phone number").slice(1);
    case "sms":
      return required(contact.phone, "a phone number");
    case "messenger":
      return rng.digits(16);
    case "instagram":
      return rng.digits(17);
    case "twitter":
      return rng.digits(19);
    case "email":
      return required(contact.email, "an email address");
  }
}
