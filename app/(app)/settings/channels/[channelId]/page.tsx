import type { Metadata } from "next";
import { Page } from "@/components/shell/page";
import { WebChannelEditor } from "@/components/web-channels/web-channel-editor";
import { requireAdmin } from "@/lib/workspace/session";
import { publicOrigin } from "../public-origin";

export const metadata: Metadata = { title: "Website chat settings" };

export default async function WebChannelPage({ params }: { params: Promise<{ channelId: string }> }) {
  await requireAdmin();
  const { channelId } = await params;
  return (
    <Page className="max-w-7xl">
      <WebChannelEditor channelId={channelId} origin={await publicOrigin()} />
    </Page>
  );
}
