import type { Metadata } from "next";
import { Suspense } from "react";
import { Inbox } from "@/components/inbox/inbox";
import { InboxSkeleton } from "@/components/inbox/inbox-skeleton";
import { getDb } from "@/lib/db/client";
import { requireCaller } from "@/lib/workspace/session";
import { loadInboxOptions } from "@/lib/conversations/inbox-options";

export const metadata: Metadata = { title: "Inbox" };

/** Full-bleed three-pane inbox; its state (tab, filters, open conversation) lives in the URL. */
export default async function InboxPage() {
  const caller = await requireCaller();
  const options = await loadInboxOptions(getDb(), caller.accountId);
  return (
    <Suspense fallback={<InboxSkeleton />}>
      <Inbox currentUserId={caller.userId} options={options} />
    </Suspense>
  );
}
