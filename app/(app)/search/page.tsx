import type { Metadata } from "next";
import { Suspense } from "react";
import { ConversationSearch } from "@/components/search/conversation-search";
import { Page } from "@/components/shell/page";
import { PageHeader } from "@/components/shell/page-header";
import { requireCaller } from "@/lib/workspace/session";

export const metadata: Metadata = { title: "Search" };

export default async function SearchPage() {
  await requireCaller();
  return (
    <Page>
      <PageHeader title="Search" description="Find conversations by what was written in them, or by the contact." />
      {/* The query lives in the URL (?q=), read on the client. */}
      <Suspense>
        <ConversationSearch />
      </Suspense>
    </Page>
  );
}
