import type { Metadata } from "next";
import { KnowledgeDocumentView } from "@/components/knowledge/document-view";
import { Page } from "@/components/shell/page";
import { getDb } from "@/lib/db/client";
import { helpCenterPath } from "@/lib/knowledge/public";
import { requireCaller } from "@/lib/workspace/session";

export const metadata: Metadata = { title: "Knowledge document" };

export default async function KnowledgeDocumentPage({ params }: { params: Promise<{ id: string }> }) {
  const caller = await requireCaller();
  const { id } = await params;
  return (
    <Page>
      <KnowledgeDocumentView documentId={id} helpCenterPath={await helpCenterPath(getDb(), caller.accountId)} />
    </Page>
  );
}
