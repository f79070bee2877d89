import type { Metadata } from "next";
import { Page } from "@/components/shell/page";
import { PageHeader } from "@/components/shell/page-header";
import { LiveVisitors } from "@/components/visitors/live-visitors";
import { requireCaller } from "@/lib/workspace/session";

export const metadata: Metadata = { title: "Visitors" };

export default async function VisitorsPage() {
  const caller = await requireCaller();
  return (
    <Page>
      <PageHeader title="Visitors" description="People on your website right now. Start a chat to reach out before they ask." />
      <LiveVisitors isAdmin={caller.role === "admin"} />
    </Page>
  );
}
