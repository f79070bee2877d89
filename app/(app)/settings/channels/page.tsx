import type { Metadata } from "next";
import { Page } from "@/components/shell/page";
import { PageHeader } from "@/components/shell/page-header";
import { ChannelList } from "@/components/web-channels/channel-list";
import { requireAdmin } from "@/lib/workspace/session";
import { publicOrigin } from "./public-origin";

export const metadata: Metadata = { title: "Channels" };

export default async function ChannelsPage() {
  await requireAdmin();
  return (
    <Page>
      <PageHeader title="Channels" description="Where customers reach you: website chat, API and messaging platforms." />
      <ChannelList origin={await publicOrigin()} />
    </Page>
  );
}
