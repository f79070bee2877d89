import type { Metadata } from "next";
import { AssistantSettingsForm } from "@/components/ai-settings/assistant-settings-form";
import { ProviderList } from "@/components/ai-settings/provider-list";
import { Page } from "@/components/shell/page";
import { PageHeader } from "@/components/shell/page-header";
import { requireAdmin } from "@/lib/workspace/session";

export const metadata: Metadata = { title: "AI assistant" };

export default async function AiSettingsPage() {
  await requireAdmin();
  return (
    <Page>
      <PageHeader
        title="AI assistant"
        description="The assistant answers customers first from your knowledge base and hands the rest to your team. Keys are stored encrypted and never shown again."
      />
      <div className="grid min-w-0 gap-6">
        <ProviderList />
        <AssistantSettingsForm />
      </div>
    </Page>
  );
}
