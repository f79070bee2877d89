import type { Metadata } from "next";
import Link from "next/link";
import { ArrowLeft } from "lucide-react";
import { ArticleEditor } from "@/components/knowledge/article-editor";
import { Page } from "@/components/shell/page";
import { PageHeader } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { getDb } from "@/lib/db/client";
import { helpCenterPath } from "@/lib/knowledge/public";
import { requireCaller } from "@/lib/workspace/session";

export const metadata: Metadata = { title: "New article" };

export default async function NewArticlePage() {
  const caller = await requireCaller();
  return (
    <Page>
      <Button variant="ghost" size="sm" className="-ml-2 justify-self-start" asChild>
        <Link href="/knowledge"><ArrowLeft /> Knowledge base</Link>
      </Button>
      <PageHeader title="New article" description="Write an answer once; the assistant cites it and customers can read it on its public page." />
      <ArticleEditor helpCenterPath={await helpCenterPath(getDb(), caller.accountId)} />
    </Page>
  );
}
