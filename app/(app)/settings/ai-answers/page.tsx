import type { Metadata } from "next";
import { AccuracyLog } from "@/components/ai-answers/accuracy-log";
import { Page } from "@/components/shell/page";
import { PageHeader } from "@/components/shell/page-header";
import { requireAdmin } from "@/lib/workspace/session";

export const metadata: Metadata = { title: "AI answers" };

export default async function AiAnswersPage() {
  await requireAdmin();
  return (
    <Page>
      <PageHeader
        title="AI answers"
        description="Every answer, hand-off and failure of the assistant, with the sources it used, how fast it was and how agents rated it."
      />
      <AccuracyLog />
    </Page>
  );
}
