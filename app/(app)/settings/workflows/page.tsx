import { ExternalLink } from "lucide-react";
import type { Metadata } from "next";
import { Page } from "@/components/shell/page";
import { PageHeader } from "@/components/shell/page-header";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { WorkflowRuns } from "@/components/workflows/workflow-runs";
import { workflowsDashboardUrl, workflowsMode } from "@/lib/workflows/runs";
import { requireAdmin } from "@/lib/workspace/session";

export const metadata: Metadata = { title: "Workflow runs" };

export default async function WorkflowRunsPage() {
  await requireAdmin();
  const embedded = workflowsMode() === "embedded";
  return (
    <Page>
      <PageHeader
        title="Workflow runs"
        description="Background work of the whole installation, across all workspaces: escalations, CSAT follow-ups, email and auto-close."
      />
      {embedded ? (
        <WorkflowRuns />
      ) : (
        <Alert variant="info">
          <AlertTitle>Workflows run on Inngest</AlertTitle>
          <AlertDescription>
            <p>
              This installation sends its background work to Inngest (Inngest Cloud or a self-hosted Inngest), so runs, steps and
              retries are kept there, not here. Open the Inngest dashboard to inspect and re-run them.
            </p>
            <Button asChild variant="outline" size="sm" className="mt-2">
              <a href={workflowsDashboardUrl()} target="_blank" rel="noreferrer">
                Open the Inngest dashboard <ExternalLink />
              </a>
            </Button>
          </AlertDescription>
        </Alert>
      )}
    </Page>
  );
}
