import type { Metadata } from "next";
import { ContactDetailView } from "@/components/contacts/contact-detail";
import { Page } from "@/components/shell/page";
import { requireCaller } from "@/lib/workspace/session";

export const metadata: Metadata = { title: "Contact" };

export default async function ContactPage({ params }: { params: Promise<{ id: string }> }) {
  await requireCaller();
  const { id } = await params;
  return (
    <Page>
      <ContactDetailView contactId={id} />
    </Page>
  );
}
