import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { FileDown } from "lucide-react";
import { MarkdownView } from "@/components/knowledge/markdown-view";
import { ThemeToggle } from "@/components/shell/theme-toggle";
import { getDb } from "@/lib/db/client";
import { withoutRepeatedTitle } from "@/lib/knowledge/markdown";
import { getPublicArticle } from "@/lib/knowledge/public";
import { listKnowledgeFiles } from "@/lib/knowledge/retrieve";
import { helpArticlePath } from "@/lib/knowledge/shared";

export const dynamic = "force-dynamic";

interface Params {
  params: Promise<{ accountSlug: string; slug: string }>;
}

const loadArticle = cache((accountSlug: string, slug: string) => getPublicArticle(getDb(), accountSlug, slug));

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { accountSlug, slug } = await params;
  const article = await loadArticle(accountSlug, slug);
  return { title: { absolute: article ? `${article.title} · ${article.accountName} Help` : "Article not found" } };
}

/** A ready knowledge document, public: the page AI answers cite. */
export default async function HelpArticlePage({ params }: Params) {
  const { accountSlug, slug } = await params;
  const article = await loadArticle(accountSlug, slug);
  if (!article) notFound();
  // One more than shown, as the article itself may be among them.
  const related = (await listKnowledgeFiles(getDb(), article.accountId, 13)).filter((file) => file.url !== helpArticlePath(accountSlug, slug)).slice(0, 12);
  const updated = new Intl.DateTimeFormat("en-US", { dateStyle: "long" }).format(article.updatedAt);

  return (
    <div className="min-h-screen">
      <header className="border-b bg-card/60">
        <div className="mx-auto flex max-w-5xl items-center justify-between gap-4 px-4 py-3 md:px-6">
          <p className="font-semibold tracking-tight">{article.accountName} <span className="font-normal text-muted-foreground">Help</span></p>
          <ThemeToggle />
        </div>
      </header>
      <div className="mx-auto grid max-w-5xl gap-10 px-4 py-8 md:grid-cols-[minmax(0,1fr)_14rem] md:px-6">
        <main>
          <article className="grid gap-4">
            <header className="grid gap-1 border-b pb-4">
              <h1 className="text-3xl font-semibold tracking-tight">{article.title}</h1>
              <p className="text-sm text-muted-foreground">Updated {updated}</p>
            </header>
            {article.sourceType === "image" && article.originalUrl ? (
              <figure className="grid gap-2">
                {/* A stored upload of any size: next/image would need its dimensions. */}
                {/* eslint-disable-next-line @next/next/no-img-element */}
                <img src={article.originalUrl} alt={article.title} className="max-h-[70vh] w-auto rounded-md border object-contain" />
              </figure>
            ) : null}
            {article.content ? <MarkdownView markdown={withoutRepeatedTitle(article.content, article.title)} /> : null}
            {article.sourceType !== "image" && article.originalUrl ? (
              <p>
                <a href={article.originalUrl} className="inline-flex items-center gap-1.5 text-sm font-medium text-primary underline-offset-4 hover:underline">
                  <FileDown className="size-4" aria-hidden /> Download the original{article.fileName ? ` (${article.fileName})` : ""}
                </a>
              </p>
            ) : null}
          </article>
        </main>
        {related.length > 0 ? (
          <nav aria-label="More articles" className="text-sm">
            <h2 className="mb-2 font-semibold">More articles</h2>
            <ul className="grid gap-1.5">
              {related.map((file) => (
                <li key={file.url}>
                  <a href={file.url} className="text-muted-foreground hover:text-foreground hover:underline">{file.title}</a>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
      </div>
    </div>
  );
}
