import type { Metadata } from "next";
import { CannedAdmin } from "@/components/canned/canned-admin";
import { Page } from "@/components/shell/page";
import { PageHeader } from "@/components/shell/page-header";
import { requireCaller } from "@/lib/workspace/session";

export const metadata: Metadata = { title: "Canned responses" };

export default async function CannedResponsesPage() {
  const caller = await requireCaller();
  const isAdmin = caller.role === "admin";
  return (
    <Page>
      <PageHeader
        title="Canned responses"
        description={isAdmin ? "Saved replies agents insert with /shortcut in the composer." : "Saved replies you insert with /shortcut in the composer. Admins manage this list."}
      />
      <CannedAdmin canEdit={isAdmin} />
    </Page>
  );
}
