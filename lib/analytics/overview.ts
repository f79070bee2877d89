import type { Database } from "@/lib/db/client";
import type { ConversationStatus } from "@/lib/db/generated/enums";

export interface WorkspaceOverview {
  conversationsByStatus: Record<ConversationStatus, number>;
  waitingForHuman: number;
  openTickets: number;
  csat: { average: number | null; ratings: number };
  /** Conversations started per day over the last 14 days, oldest first. */
  dailyConversations: { day: string; count: number }[];
}

const DAYS = 14;

/** Headline numbers for the workspace home page. */
export async function getWorkspaceOverview(db: Database, accountId: string, now = new Date()): Promise<WorkspaceOverview> {
  const since = new Date(now.getTime() - 30 * 24 * 3600 * 1000);
  const chartStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - (DAYS - 1)));
  const [byStatus, waitingForHuman, openTickets, csat, daily] = await Promise.all([
    db.conversation.groupBy({ by: ["status"], where: { accountId }, _count: { _all: true } }),
    db.conversation.count({ where: { accountId, waitingSince: { not: null }, status: { in: ["open", "assigned", "pending"] } } }),
    db.ticket.count({ where: { accountId, status: { in: ["open", "in_progress", "waiting"] } } }),
    db.csatRating.aggregate({ where: { accountId, createdAt: { gte: since } }, _avg: { rating: true }, _count: { _all: true } }),
    db.$queryRaw<{ day: Date; count: bigint }[]>`
      SELECT date_trunc('day', created_at AT TIME ZONE 'UTC') AS day, count(*) AS count
      FROM conversations
      WHERE account_id = ${accountId} AND created_at >= ${chartStart}
      GROUP BY 1`,
  ]);

  const conversationsByStatus = { open: 0, bot: 0, assigned: 0, pending: 0, resolved: 0, closed: 0 };
  for (const row of byStatus) conversationsByStatus[row.status] = row._count._all;
  const counts = new Map(daily.map((row) => [row.day.toISOString().slice(0, 10), Number(row.count)]));
  const dailyConversations = Array.from({ length: DAYS }, (_, i) => {
    const day = new Date(chartStart.getTime() + i * 24 * 3600 * 1000).toISOString().slice(0, 10);
    return { day, count: counts.get(day) ?? 0 };
  });
  return {
    conversationsByStatus,
    waitingForHuman,
    openTickets,
    csat: { average: csat._avg.rating, ratings: csat._count._all },
    dailyConversations,
  };
}
