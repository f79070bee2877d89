import type { Metadata } from "next";
import { Page } from "@/components/shell/page";
import { PageHeader } from "@/components/shell/page-header";
import { MemberAdmin } from "@/components/users/member-admin";
import { requireAdmin } from "@/lib/workspace/session";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const caller = await requireAdmin();
  return (
    <Page>
      <PageHeader title="Users" description="Who can sign in to this workspace, and as what." />
      <MemberAdmin currentUserId={caller.userId} />
    </Page>
  );
}
