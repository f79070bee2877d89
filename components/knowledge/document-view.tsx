"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowLeft, BookOpen, CircleAlert, Download, ExternalLink, ImageIcon, RotateCcw, Save, Trash2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { messageOf, nestedFieldErrorsOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc-provider";
import { PageHeader } from "@/components/shell/page-header";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/use-toast";
import type { KnowledgeDocumentDetail } from "@/lib/knowledge/documents";
import { MAX_DESCRIPTION_CHARACTERS, formatFileSize } from "@/lib/knowledge/shared";
import { ArticleEditor } from "./article-editor";
import { DeleteDocumentDialog } from "./delete-document-dialog";
import { SourceIcon, StatusBadge, sourceLabel } from "./document-badges";
import { MarkdownView } from "./markdown-view";

const BUSY_REFRESH_MS = 1500;
const updatedFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

function useSaveDocument() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.knowledge.update.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.knowledge.pathKey() });
        toast({ variant: "success", title: "Saved" });
      },
    }),
  );
}

/** Title and slug of an uploaded document. */
function DetailsForm({ document }: { document: KnowledgeDocumentDetail }) {
  const save = useSaveDocument();
  const [title, setTitle] = useState(document.title);
  const [slug, setSlug] = useState(document.slug);
  const errors = nestedFieldErrorsOf(save.error, "patch");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ id: document.id, patch: { title, slug } });
  };
  return (
    <form onSubmit={submit} className="grid gap-3 rounded-lg border p-4" aria-label="Document details">
      <h2 className="text-sm font-semibold">Details</h2>
      <FormField label="Title" required error={errors.title} description="Shown to customers when an answer cites this document.">
        <Input value={title} maxLength={200} onChange={(event) => setTitle(event.target.value)} />
      </FormField>
      <FormField label="Slug" error={errors.slug} description="The last part of the public link. Changing it breaks links already sent.">
        <Input value={slug} maxLength={80} className="font-mono" onChange={(event) => setSlug(event.target.value)} />
      </FormField>
      {save.error && Object.keys(errors).length === 0 ? <p role="alert" className="text-sm text-destructive">{messageOf(save.error)}</p> : null}
      <Button type="submit" variant="outline" className="justify-self-start" disabled={save.isPending || (title === document.title && slug === document.slug)}>
        {save.isPending ? <Spinner size="sm" className="text-current" /> : <Save />} Save details
      </Button>
    </form>
  );
}

/** An image is found only by its words: what it shows, written by hand. */
function ImageDescription({ document }: { document: KnowledgeDocumentDetail }) {
  const save = useSaveDocument();
  const [description, setDescription] = useState(document.content);
  const errors = nestedFieldErrorsOf(save.error, "patch");
  return (
    <form
      className="grid gap-3"
      aria-label="Image description"
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate({ id: document.id, patch: { content: description } });
      }}
    >
      {document.content.trim() === "" ? (
        <Alert variant="info">
          <ImageIcon />
          <AlertTitle>Describe this image so the assistant can use it</AlertTitle>
          <AlertDescription>
            Text in images is not read automatically. Until you write a description, answers only know this image by its title, “{document.title}”.
          </AlertDescription>
        </Alert>
      ) : null}
      <FormField label="Description" error={errors.content} description="What the image shows and any text or numbers in it, in plain words. Markdown works.">
        <Textarea value={description} className="min-h-40" maxLength={MAX_DESCRIPTION_CHARACTERS} placeholder="e.g. Size chart for men's jackets: S fits chest 35–37 in, M 38–40 in, L 41–43 in." onChange={(event) => setDescription(event.target.value)} />
      </FormField>
      {save.error && Object.keys(errors).length === 0 ? <p role="alert" className="text-sm text-destructive">{messageOf(save.error)}</p> : null}
      <Button type="submit" className="justify-self-start" disabled={save.isPending || description === document.content}>
        {save.isPending ? <Spinner size="sm" className="text-current" /> : <Save />} Save description
      </Button>
    </form>
  );
}

function ProcessingState({ document }: { document: KnowledgeDocumentDetail }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const retry = useMutation(
    trpc.knowledge.reprocess.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.knowledge.pathKey() }),
      onError: (error) => toast({ variant: "destructive", title: "Could not retry", description: messageOf(error) }),
    }),
  );
  if (document.status === "failed") {
    return (
      <Alert variant="destructive">
        <CircleAlert />
        <AlertTitle>This file could not be read</AlertTitle>
        <AlertDescription className="grid gap-3">
          <p>{document.error}</p>
          <Button variant="outline" size="sm" className="justify-self-start text-foreground" disabled={retry.isPending} onClick={() => retry.mutate({ id: document.id })}>
            {retry.isPending ? <Spinner size="sm" /> : <RotateCcw />} Try again
          </Button>
        </AlertDescription>
      </Alert>
    );
  }
  return (
    <p className="flex items-center gap-2 rounded-lg border p-4 text-sm text-muted-foreground">
      <Spinner size="sm" label="Processing" /> {document.status === "pending" ? "Waiting to be processed…" : "Extracting and indexing the text…"} This page updates by itself.
    </p>
  );
}

function UploadedDocument({ document }: { document: KnowledgeDocumentDetail }) {
  const busy = document.status === "pending" || document.status === "processing";
  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
      <div className="grid content-start gap-4">
        {document.status !== "ready" ? <ProcessingState document={document} /> : null}
        {document.sourceType === "image" && document.fileUrl ? (
          <>
            {/* A stored upload of any size: next/image would need its dimensions. */}
            {/* eslint-disable-next-line @next/next/no-img-element */}
            <img src={document.fileUrl} alt={document.title} className="max-h-96 min-h-24 w-auto min-w-24 justify-self-start rounded-md border bg-muted/40 object-contain p-2" />
            {document.status === "ready" ? <ImageDescription key={document.updatedAt.toISOString()} document={document} /> : null}
          </>
        ) : null}
        {document.sourceType !== "image" && document.status === "ready" ? (
          <section aria-label="Extracted text" className="grid gap-2">
            <Tabs defaultValue="formatted">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <h2 className="text-sm font-semibold">Extracted text</h2>
                <TabsList>
                  <TabsTrigger value="formatted">Formatted</TabsTrigger>
                  <TabsTrigger value="plain">Plain text</TabsTrigger>
                </TabsList>
              </div>
              <TabsContent value="formatted" className="rounded-md border p-4">
                <MarkdownView markdown={document.content} />
              </TabsContent>
              <TabsContent value="plain">
                <pre className="max-h-[70vh] overflow-auto rounded-md border bg-muted/40 p-4 font-mono text-xs leading-5 whitespace-pre-wrap">{document.content}</pre>
              </TabsContent>
            </Tabs>
            <p className="text-xs text-muted-foreground">This text comes from the file. To change it, upload a corrected file, or write an article instead.</p>
          </section>
        ) : null}
      </div>
      <aside className="grid content-start gap-4">
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 rounded-lg border p-4 text-sm">
          <dt className="text-muted-foreground">Status</dt>
          <dd><StatusBadge status={document.status} /></dd>
          <dt className="text-muted-foreground">Type</dt>
          <dd className="flex items-center gap-1.5"><SourceIcon sourceType={document.sourceType} /> {sourceLabel(document.sourceType)}</dd>
          {document.fileName ? (
            <>
              <dt className="text-muted-foreground">File</dt>
              <dd className="truncate" title={document.fileName}>{document.fileName}</dd>
            </>
          ) : null}
          {document.sizeBytes !== null ? (
            <>
              <dt className="text-muted-foreground">Size</dt>
              <dd>{formatFileSize(document.sizeBytes)}</dd>
            </>
          ) : null}
          <dt className="text-muted-foreground">Sections</dt>
          <dd>{busy ? "—" : document.chunkCount}</dd>
          <dt className="text-muted-foreground">Updated</dt>
          <dd>{updatedFormat.format(document.updatedAt)}</dd>
        </dl>
        <div className="flex flex-wrap gap-2">
          {document.fileUrl ? (
            <Button variant="outline" size="sm" asChild>
              <a href={document.fileUrl} target="_blank" rel="noreferrer"><Download /> Original</a>
            </Button>
          ) : null}
          {document.publicUrl ? (
            <Button variant="outline" size="sm" asChild>
              <a href={document.publicUrl} target="_blank" rel="noreferrer"><ExternalLink /> Public page</a>
            </Button>
          ) : null}
        </div>
        <DetailsForm key={`${document.title}/${document.slug}`} document={document} />
      </aside>
    </div>
  );
}

/** One knowledge document: the editor for articles, extracted text and details for uploads. */
export function KnowledgeDocumentView({ documentId, helpCenterPath }: { documentId: string; helpCenterPath: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [deleting, setDeleting] = useState(false);
  const document = useQuery({
    ...trpc.knowledge.get.queryOptions({ id: documentId }),
    refetchInterval: (query) => (query.state.data?.status === "pending" || query.state.data?.status === "processing" ? BUSY_REFRESH_MS : false),
  });

  const back = (
    <Button variant="ghost" size="sm" className="-ml-2 justify-self-start" asChild>
      <Link href="/knowledge"><ArrowLeft /> Knowledge base</Link>
    </Button>
  );
  if (document.isPending) {
    return (
      <div className="grid gap-4" aria-busy="true" aria-label="Loading the document">
        {back}
        <Skeleton className="h-8 w-72" />
        <Skeleton className="h-96 w-full" />
      </div>
    );
  }
  if (document.isError) {
    return (
      <div className="grid gap-4">
        {back}
        <EmptyState icon={<BookOpen />} title="Document not found" description={messageOf(document.error)} action={<Button asChild variant="outline"><Link href="/knowledge">Back to the knowledge base</Link></Button>} />
      </div>
    );
  }
  const data = document.data;
  return (
    <div className="grid gap-5">
      {back}
      <PageHeader
        title={<span className="flex items-center gap-2"><SourceIcon sourceType={data.sourceType} className="size-5 shrink-0 text-muted-foreground" /> {data.title}</span>}
        description={data.sourceType === "article" ? "Article written in Switchboard" : `Uploaded file · ${sourceLabel(data.sourceType)}`}
        actions={
          data.sourceType === "article" ? null : (
            <Button variant="outline" className="text-destructive" onClick={() => setDeleting(true)}><Trash2 /> Delete</Button>
          )
        }
      />
      {data.sourceType === "article" ? <ArticleEditor key={data.id} article={data} helpCenterPath={helpCenterPath} /> : <UploadedDocument document={data} />}
      <DeleteDocumentDialog target={deleting ? { id: data.id, title: data.title } : null} onClose={() => setDeleting(false)} onDeleted={() => router.replace("/knowledge")} />
    </div>
  );
}
