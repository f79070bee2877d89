"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ExternalLink, Save, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { type FormEvent, type KeyboardEvent, useState } from "react";
import { fieldErrorsOf, messageOf, nestedFieldErrorsOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc-provider";
import { useModifierKeyLabel } from "@/components/shell/command-palette";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/use-toast";
import type { KnowledgeDocumentDetail } from "@/lib/knowledge/documents";
import { slugify } from "@/lib/knowledge/shared";
import { DeleteDocumentDialog } from "./delete-document-dialog";
import { MarkdownView } from "./markdown-view";

const BODY_PLACEHOLDER = `# How long does delivery take?

Standard delivery takes **3–5 business days**.

## Express delivery
- Next business day when ordered before 2 pm
- $14.95 per order`;

/** Cmd/Ctrl+S or Cmd/Ctrl+Enter anywhere in the form saves it. */
function isSaveShortcut(event: KeyboardEvent) {
  return (event.metaKey || event.ctrlKey) && (event.key === "s" || event.key === "Enter");
}

/**
 * Writes a new markdown article (`article` undefined) or edits one. The slug follows the
 * title until it is edited by hand; saving re-indexes the article at once.
 */
export function ArticleEditor({ article, helpCenterPath }: { article?: KnowledgeDocumentDetail; helpCenterPath: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState(article?.title ?? "");
  const [slug, setSlug] = useState(article?.slug ?? "");
  const [slugEdited, setSlugEdited] = useState(article !== undefined);
  const [content, setContent] = useState(article?.content ?? "");
  const [tab, setTab] = useState("write");
  const [deleting, setDeleting] = useState(false);
  const modifier = useModifierKeyLabel();
  const effectiveSlug = slugEdited ? slug : title.trim() ? slugify(title) : "";

  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.knowledge.pathKey() });
  const create = useMutation(
    trpc.knowledge.createArticle.mutationOptions({
      onSuccess: async (saved) => {
        await invalidate();
        toast({ variant: "success", title: "Article published", description: "The assistant can answer from it now." });
        router.replace(`/knowledge/${saved.id}`);
      },
    }),
  );
  const update = useMutation(
    trpc.knowledge.update.mutationOptions({
      onSuccess: async (saved) => {
        await invalidate();
        setSlug(saved.slug);
        toast({ variant: "success", title: "Article saved", description: "Answers use the new text from now on." });
      },
    }),
  );
  const saving = create.isPending || update.isPending;
  const error = create.error ?? update.error;
  const fieldErrors = article ? nestedFieldErrorsOf(error, "patch") : fieldErrorsOf(error);

  const save = (event?: FormEvent) => {
    event?.preventDefault();
    if (saving) return;
    const fields = { title, content, ...(effectiveSlug ? { slug: effectiveSlug } : {}) };
    if (article) update.mutate({ id: article.id, patch: fields });
    else create.mutate(fields);
  };

  return (
    <>
    <form
      className="grid gap-5"
      onSubmit={save}
      onKeyDown={(event) => {
        if (!isSaveShortcut(event)) return;
        event.preventDefault();
        save();
      }}
      aria-label={article ? "Edit article" : "New article"}
    >
      <div className="grid items-start gap-4 md:grid-cols-2">
        <FormField label="Title" required error={fieldErrors.title}>
          <Input value={title} maxLength={200} autoFocus={!article} placeholder="e.g. Delivery times" onChange={(event) => setTitle(event.target.value)} />
        </FormField>
        <FormField
          label="Slug"
          error={fieldErrors.slug}
          description={
            <>
              Public link: <span className="font-mono">{helpCenterPath}/{effectiveSlug || "…"}</span>
              {article ? ". Changing it breaks links already sent to customers." : ""}
            </>
          }
        >
          <Input
            value={effectiveSlug}
            maxLength={80}
            className="font-mono"
            onChange={(event) => {
              setSlugEdited(true);
              setSlug(event.target.value);
            }}
          />
        </FormField>
      </div>

      <Tabs value={tab} onValueChange={setTab}>
        <div className="flex flex-wrap items-center justify-between gap-2">
          <TabsList aria-label="Editor view">
            <TabsTrigger value="write">Write</TabsTrigger>
            <TabsTrigger value="preview">Preview</TabsTrigger>
          </TabsList>
          <p className="text-xs text-muted-foreground">Markdown: # headings, **bold**, - lists, | tables |. Each heading becomes a section answers can cite.</p>
        </div>
        <TabsContent value="write">
          <FormField label="Body" required error={fieldErrors.content}>
            <Textarea
              value={content}
              placeholder={BODY_PLACEHOLDER}
              className="min-h-96 font-mono text-[13px] leading-6"
              onChange={(event) => setContent(event.target.value)}
            />
          </FormField>
        </TabsContent>
        <TabsContent value="preview" className="min-h-96 rounded-md border p-4" data-testid="article-preview">
          {content.trim() ? <MarkdownView markdown={content} /> : <p className="text-sm text-muted-foreground">Nothing to preview yet.</p>}
        </TabsContent>
      </Tabs>

      {error && Object.keys(fieldErrors).length === 0 ? <p role="alert" className="text-sm text-destructive">{messageOf(error)}</p> : null}

      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex flex-wrap items-center gap-2">
          <Button type="submit" disabled={saving}>
            {saving ? <Spinner size="sm" className="text-current" /> : <Save />}
            {article ? "Save changes" : "Publish article"}
          </Button>
          <span className="text-xs text-muted-foreground">or press {modifier}+S</span>
        </div>
        {article ? (
          <div className="flex flex-wrap items-center gap-2">
            {article.publicUrl ? (
              <Button variant="outline" asChild>
                <a href={article.publicUrl} target="_blank" rel="noreferrer"><ExternalLink /> Public page</a>
              </Button>
            ) : null}
            <Button type="button" variant="outline" className="text-destructive" onClick={() => setDeleting(true)}><Trash2 /> Delete</Button>
          </div>
        ) : null}
      </div>
    </form>
    {article ? (
      <DeleteDocumentDialog target={deleting ? { id: article.id, title: article.title } : null} onClose={() => setDeleting(false)} onDeleted={() => router.replace("/knowledge")} />
    ) : null}
    </>
  );
}
