import { randomBytes } from "node:crypto";
import { z } from "zod";
import { hashPassword, passwordSchema } from "@/lib/auth/password";
import { Prisma, type PrismaClient } from "@/lib/db/generated/client";
import { buildHistory } from "./conversation-history";
import { SEED_AGENTS } from "./people";
import { Random, mulberry32 } from "./random";
import { DEMO_ACCOUNT, buildWorkspace } from "./workspace-data";

export interface SeedDemoWorkspaceOptions {
  adminEmail: string;
  adminPassword: string;
  agentPassword: string;
  /** Reference time the history is laid out before; defaults to the current time. */
  now?: Date;
  /** Source of randomness in [0, 1); defaults to a fixed-seed generator so every run is identical. */
  random?: () => number;
}

export interface DemoLogin {
  email: string;
  password: string;
  role: "admin" | "agent";
  name: string;
}

export interface SeedDemoWorkspaceResult {
  created: boolean;
  accountId: string;
  logins: DemoLogin[];
}

export const DEMO_SEED = 0x5eed_ac3e;

/** Email addresses as stored on users: trimmed and lower-cased. */
export const loginEmailSchema = z.string().trim().toLowerCase().pipe(z.email("must be an email address"));

const optionsSchema = z.object({
  adminEmail: loginEmailSchema,
  adminPassword: passwordSchema,
  agentPassword: passwordSchema,
  now: z.date({ error: "must be a valid Date" }).optional(),
  random: z.custom<() => number>((value) => typeof value === "function", "must be a function returning numbers in [0, 1)").optional(),
});

/**
 * Creates the "Acme Outfitters" demo workspace (slug `acme`) with people, channels,
 * knowledge base and a month of support history, in one transaction. When the
 * workspace already exists it changes nothing and returns `created: false`.
 */
export async function seedDemoWorkspace(db: PrismaClient, options: SeedDemoWorkspaceOptions): Promise<SeedDemoWorkspaceResult> {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`seedDemoWorkspace: option ${issue.path.join(".")} ${issue.message.replace(/^Password /, "")}`);
  }
  const { adminEmail, adminPassword, agentPassword } = parsed.data;
  const logins: DemoLogin[] = SEED_AGENTS.map((agent) => ({
    email: agent.email ?? adminEmail,
    password: agent.role === "admin" ? adminPassword : agentPassword,
    role: agent.role,
    name: agent.name,
  }));
  if (new Set(logins.map((login) => login.email)).size !== logins.length) {
    throw new Error(`seedDemoWorkspace: option adminEmail ${adminEmail} is one of the demo agents' addresses; choose another.`);
  }

  const existing = await findDemoAccount(db);
  if (existing) return { created: false, accountId: existing, logins };

  const taken = await db.user.findMany({ where: { email: { in: logins.map((l) => l.email) } }, select: { email: true } });
  if (taken.length > 0) {
    throw new Error(
      `Cannot create the demo workspace "${DEMO_ACCOUNT.slug}": users ${taken.map((u) => u.email).join(", ")} already exist outside it. ` +
        "Use another admin email, or delete those users first.",
    );
  }

  const [adminPasswordHash, agentPasswordHash] = await hashDistinct(adminPassword, agentPassword);
  const random = new Random(options.random ?? mulberry32(DEMO_SEED));
  const now = options.now ?? new Date();
  const { data, index } = buildWorkspace({
    adminEmail,
    adminPasswordHash,
    agentPasswordHash,
    apiWebhookSecret: randomBytes(32).toString("hex"),
    webIdentitySecret: randomBytes(32).toString("hex"),
    now,
    random,
  });
  const history = buildHistory(data, index, { now, random });
  const agentProfiles = data.agentProfiles.map((profile) => ({ ...profile, lastAssignedAt: history.lastAssignedAt.get(profile.userId) ?? null }));

  try {
    await db.$transaction([
      db.account.create({ data: data.account }),
      db.user.createMany({ data: data.users }),
      db.membership.createMany({ data: data.memberships }),
      db.agentProfile.createMany({ data: agentProfiles }),
      db.team.createMany({ data: data.teams }),
      db.teamMember.createMany({ data: data.teamMembers }),
      db.channel.createMany({ data: data.channels }),
      db.knowledgeDocument.createMany({ data: data.knowledgeDocuments }),
      db.knowledgeChunk.createMany({ data: data.knowledgeChunks }),
      db.cannedResponse.createMany({ data: data.cannedResponses }),
      db.botRule.createMany({ data: data.botRules }),
      db.aiSettings.create({ data: data.aiSettings }),
      db.aiProvider.createMany({ data: data.aiProviders }),
      db.contact.createMany({ data: data.contacts }),
      db.contactIdentifier.createMany({ data: data.contactIdentifiers }),
      db.order.createMany({ data: data.orders }),
      db.conversation.createMany({ data: history.conversations }),
      db.message.createMany({ data: history.messages }),
      db.ticket.createMany({ data: history.tickets }),
      db.ticketEvent.createMany({ data: history.ticketEvents }),
      db.csatRating.createMany({ data: history.csatRatings }),
      db.aiInteraction.createMany({ data: history.aiInteractions }),
      db.notification.createMany({ data: history.notifications }),
    ]);
  } catch (error) {
    // Another process seeded the workspace at the same moment: theirs stands.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const winner = await findDemoAccount(db);
      if (winner) return { created: false, accountId: winner, logins };
    }
    throw error;
  }
  return { created: true, accountId: data.account.id, logins };
}

async function findDemoAccount(db: PrismaClient): Promise<string | null> {
  const account = await db.account.findUnique({ where: { slug: DEMO_ACCOUNT.slug }, select: { id: true } });
  return account?.id ?? null;
}

/** Hashing costs tens of milliseconds, so equal passwords are hashed once. */
async function hashDistinct(adminPassword: string, agentPassword: string): Promise<[string, string]> {
  const adminHash = hashPassword(adminPassword);
  const agentHash = agentPassword === adminPassword ? adminHash : hashPassword(agentPassword);
  return [await adminHash, await agentHash];
}
