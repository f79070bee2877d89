import type { Metadata } from "next";
import { BarChart } from "@/components/charts/bar-chart";
import { Page } from "@/components/shell/page";
import { PageHeader } from "@/components/shell/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { getWorkspaceOverview } from "@/lib/analytics/overview";
import { getDb } from "@/lib/db/client";
import { requireCaller } from "@/lib/workspace/session";

export const metadata: Metadata = { title: "Overview" };

const STATUS_LABELS = { open: "Open", bot: "With the bot", assigned: "Assigned", pending: "Pending", resolved: "Resolved", closed: "Closed" } as const;

function Stat({ title, value, hint }: { title: string; value: string | number; hint?: string }) {
  return (
    <Card>
      <CardHeader>
        <CardDescription>{title}</CardDescription>
        <CardTitle className="text-3xl tabular-nums">{value}</CardTitle>
      </CardHeader>
      {hint ? <CardContent className="text-xs text-muted-foreground">{hint}</CardContent> : null}
    </Card>
  );
}

export default async function OverviewPage() {
  const caller = await requireCaller();
  const overview = await getWorkspaceOverview(getDb(), caller.accountId);
  const active = overview.conversationsByStatus.open + overview.conversationsByStatus.assigned + overview.conversationsByStatus.pending + overview.conversationsByStatus.bot;
  const dayFormat = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", timeZone: "UTC" });

  return (
    <Page>
      <PageHeader title="Overview" description="How your support workspace is doing right now." />
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Stat title="Active conversations" value={active} hint={`${overview.conversationsByStatus.bot} with the bot`} />
        <Stat title="Waiting for a human" value={overview.waitingForHuman} />
        <Stat title="Open tickets" value={overview.openTickets} />
        <Stat
          title="CSAT, last 30 days"
          value={overview.csat.average === null ? "—" : `${overview.csat.average.toFixed(2)} / 5`}
          hint={`${overview.csat.ratings} ratings`}
        />
      </div>
      <div className="grid gap-4 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <CardHeader>
            <CardTitle>New conversations</CardTitle>
            <CardDescription>Per day, last 14 days</CardDescription>
          </CardHeader>
          <CardContent>
            <BarChart
              label="New conversations per day over the last 14 days"
              data={overview.dailyConversations.map((d) => ({ key: d.day, label: dayFormat.format(new Date(d.day)), value: d.count }))}
            />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>By status</CardTitle>
            <CardDescription>All conversations</CardDescription>
          </CardHeader>
          <CardContent>
            <dl className="grid gap-2 text-sm">
              {Object.entries(overview.conversationsByStatus).map(([status, count]) => (
                <div key={status} className="flex justify-between">
                  <dt className="text-muted-foreground">{STATUS_LABELS[status as keyof typeof STATUS_LABELS]}</dt>
                  <dd className="font-medium tabular-nums">{count}</dd>
                </div>
              ))}
            </dl>
          </CardContent>
        </Card>
      </div>
    </Page>
  );
}
