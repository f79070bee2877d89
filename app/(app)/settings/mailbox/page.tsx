import { ExternalLink } from "lucide-react";
import type { Metadata } from "next";
import { Mailbox } from "@/components/mailbox/mailbox";
import { Page } from "@/components/shell/page";
import { PageHeader } from "@/components/shell/page-header";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { mailMode } from "@/lib/email/mailer";
import { requireAdmin } from "@/lib/workspace/session";

export const metadata: Metadata = { title: "Mailbox" };

const RESEND_DASHBOARD = "https://resend.com/emails";

export default async function MailboxPage() {
  await requireAdmin();
  const embedded = mailMode() === "embedded";
  return (
    <Page>
      <PageHeader
        title="Mailbox"
        description={
          embedded
            ? "Mail sent by the whole installation, captured locally instead of being delivered."
            : "Where the installation's outgoing mail goes."
        }
      />
      {embedded ? (
        <Mailbox />
      ) : (
        <Alert variant="info">
          <AlertTitle>Mail is sent through Resend</AlertTitle>
          <AlertDescription>
            <p>
              RESEND_API_KEY is set, so Switchboard delivers mail through Resend and captures none here. Sent mail, deliveries and
              bounces are in the Resend dashboard.
            </p>
            <Button asChild variant="outline" size="sm" className="mt-2">
              <a href={RESEND_DASHBOARD} target="_blank" rel="noreferrer">
                Open the Resend dashboard <ExternalLink />
              </a>
            </Button>
          </AlertDescription>
        </Alert>
      )}
    </Page>
  );
}
