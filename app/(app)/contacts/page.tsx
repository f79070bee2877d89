import type { Metadata } from "next";
import { ContactList } from "@/components/contacts/contact-list";
import { Page } from "@/components/shell/page";
import { PageHeader } from "@/components/shell/page-header";
import { requireCaller } from "@/lib/workspace/session";

export const metadata: Metadata = { title: "Contacts" };

export default async function ContactsPage() {
  await requireCaller();
  return (
    <Page>
      <PageHeader title="Contacts" description="Everyone who has written in, on any channel." />
      <ContactList />
    </Page>
  );
}
