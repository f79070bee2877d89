import type { Database } from "@/lib/db/client";
import type { AgentStatus, ChannelType } from "@/lib/db/generated/enums";

export interface InboxChannelOption {
  id: string;
  type: ChannelType;
  name: string;
}

export interface InboxTeamOption {
  id: string;
  name: string;
}

export interface InboxAgentOption {
  id: string;
  name: string;
  email: string;
  avatarUrl: string | null;
  role: "admin" | "agent";
  /** The agent's own availability setting (not whether they are connected). */
  status: AgentStatus;
}

export interface InboxOptions {
  channels: InboxChannelOption[];
  teams: InboxTeamOption[];
  agents: InboxAgentOption[];
}

/** What the inbox's filters and pickers choose from: the account's channels, teams and active members. */
export async function loadInboxOptions(db: Database, accountId: string): Promise<InboxOptions> {
  const [channels, teams, memberships] = await Promise.all([
    db.channel.findMany({ where: { accountId }, select: { id: true, type: true, name: true }, orderBy: [{ name: "asc" }, { id: "asc" }] }),
    db.team.findMany({ where: { accountId }, select: { id: true, name: true }, orderBy: [{ name: "asc" }, { id: "asc" }] }),
    db.membership.findMany({
      where: { accountId, deactivatedAt: null },
      select: {
        role: true,
        user: { select: { id: true, name: true, email: true, avatarUrl: true, agentProfiles: { where: { accountId }, select: { status: true } } } },
      },
      orderBy: { user: { name: "asc" } },
    }),
  ]);
  const agents = memberships.map(({ role, user }) => ({
    id: user.id,
    name: user.name,
    email: user.email,
    avatarUrl: user.avatarUrl,
    role,
    status: user.agentProfiles[0]?.status ?? "not_available",
  }));
  return { channels, teams, agents };
}
