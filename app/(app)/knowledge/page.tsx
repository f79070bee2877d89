import type { Metadata } from "next";
import { KnowledgeBase } from "@/components/knowledge/knowledge-base";
import { Page } from "@/components/shell/page";
import { PageHeader } from "@/components/shell/page-header";
import { requireCaller } from "@/lib/workspace/session";

export const metadata: Metadata = { title: "Knowledge base" };

export default async function KnowledgePage() {
  await requireCaller();
  return (
    <Page>
      <PageHeader title="Knowledge base" description="What the assistant answers from, and what its answers link to. Upload files or write articles; every change is used at once." />
      <KnowledgeBase />
    </Page>
  );
}
