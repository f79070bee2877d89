"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { BookOpen, CloudUpload, Plus, Search, Trash2, X } from "lucide-react";
import Link from "next/link";
import { type DragEvent, useCallback, useEffect, useRef, useState } from "react";
import { useDebouncedValue } from "@/components/contacts/use-debounced-value";
import { messageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { EmptyState, LoadErrorState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/use-toast";
import type { KnowledgeDocumentSummary } from "@/lib/knowledge/documents";
import {
  KNOWLEDGE_ACCEPTED_TYPES_DESCRIPTION,
  KNOWLEDGE_BATCH_MAX_FILES,
  KNOWLEDGE_FILE_INPUT_ACCEPT,
  KNOWLEDGE_FILE_LIMIT_LABEL,
  formatFileSize,
} from "@/lib/knowledge/shared";
import { cn } from "@/lib/utils";
import { DeleteDocumentDialog } from "./delete-document-dialog";
import { SourceIcon, StatusBadge } from "./document-badges";
import { type UploadItem, useKnowledgeUploads } from "./use-knowledge-uploads";

/** How often the list refreshes while a document is queued or processing. */
const BUSY_REFRESH_MS = 1500;

const isBusy = (documents: KnowledgeDocumentSummary[] | undefined) => documents?.some((d) => d.status === "pending" || d.status === "processing") ?? false;

const updatedFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** Toasts when a document this page saw processing fails (success shows in the list). */
function useFailureToasts(documents: KnowledgeDocumentSummary[] | undefined) {
  const previous = useRef(new Map<string, KnowledgeDocumentSummary["status"]>());
  useEffect(() => {
    if (!documents) return;
    for (const document of documents) {
      const before = previous.current.get(document.id);
      if ((before === "pending" || before === "processing") && document.status === "failed") {
        toast({ variant: "destructive", title: `${document.fileName ?? document.title} could not be read`, description: document.error });
      }
      previous.current.set(document.id, document.status);
    }
  }, [documents]);
}

function UploadRow({ item, onDismiss }: { item: UploadItem; onDismiss: () => void }) {
  const percent = Math.round(item.progress * 100);
  const label = item.state === "queued" ? "Waiting to upload" : item.state === "uploading" ? `Uploading, ${percent}%` : item.state === "uploaded" ? "Uploaded" : "Not uploaded";
  return (
    <li className="grid gap-1.5 rounded-md border px-3 py-2" data-testid="upload-row">
      <div className="flex items-center justify-between gap-3 text-sm">
        <span className="min-w-0 truncate font-medium" title={item.name}>{item.name}</span>
        <span className="flex shrink-0 items-center gap-2 text-xs text-muted-foreground">
          {formatFileSize(item.size)} · {label}
          {item.state === "failed" || item.state === "uploaded" ? (
            <Button variant="ghost" size="icon-sm" className="size-6" aria-label={`Dismiss ${item.name}`} onClick={onDismiss}><X /></Button>
          ) : null}
        </span>
      </div>
      {item.state === "failed" ? (
        <p role="alert" className="text-xs text-destructive">{item.error}</p>
      ) : (
        <div
          role="progressbar"
          aria-label={`Upload of ${item.name}`}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          className="h-1.5 overflow-hidden rounded-full bg-muted"
        >
          <div className={cn("h-full rounded-full bg-primary transition-[width] duration-200", item.state === "uploaded" && "bg-success")} style={{ width: `${percent}%` }} />
        </div>
      )}
    </li>
  );
}

function DropZone({ onFiles, prominent }: { onFiles: (files: FileList) => void; prominent: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const depth = useRef(0);
  const onDrag = (event: DragEvent, change: 1 | -1 | 0) => {
    if (!event.dataTransfer.types.includes("Files")) return;
    event.preventDefault();
    depth.current = Math.max(0, depth.current + change);
    setDragging(depth.current > 0);
  };
  return (
    <div
      data-testid="knowledge-drop-zone"
      onDragEnter={(event) => onDrag(event, 1)}
      onDragLeave={(event) => onDrag(event, -1)}
      onDragOver={(event) => onDrag(event, 0)}
      onDrop={(event) => {
        onDrag(event, 0);
        depth.current = 0;
        setDragging(false);
        if (event.dataTransfer.files.length) onFiles(event.dataTransfer.files);
      }}
      className={cn(
        "flex flex-col items-center justify-center gap-2 rounded-lg border border-dashed text-center transition-colors",
        prominent ? "px-6 py-12" : "px-4 py-5 sm:flex-row sm:gap-4",
        dragging ? "border-primary bg-primary/5" : "bg-muted/20",
      )}
    >
      <CloudUpload aria-hidden className={cn("text-muted-foreground", prominent ? "size-8" : "size-5")} />
      <div className="grid gap-0.5 text-sm">
        <p className="font-medium">{dragging ? "Drop to upload" : "Drag files here to add them to the knowledge base"}</p>
        <p className="text-muted-foreground">
          {KNOWLEDGE_ACCEPTED_TYPES_DESCRIPTION}; up to {KNOWLEDGE_FILE_LIMIT_LABEL} each, {KNOWLEDGE_BATCH_MAX_FILES} at a time.
        </p>
      </div>
      <Button variant="outline" size="sm" onClick={() => input.current?.click()}>Choose files</Button>
      <input
        ref={input}
        type="file"
        multiple
        accept={KNOWLEDGE_FILE_INPUT_ACCEPT}
        className="sr-only"
        tabIndex={-1}
        aria-label="Files to upload"
        onChange={(event) => {
          if (event.target.files?.length) onFiles(event.target.files);
          event.target.value = "";
        }}
      />
    </div>
  );
}

/** The knowledge base: upload files, write articles, see what is indexed and what failed. */
export function KnowledgeBase() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState("");
  const query = useDebouncedValue(search.trim());
  const documents = useQuery({
    ...trpc.knowledge.list.queryOptions(query ? { query } : undefined),
    refetchInterval: (current) => (isBusy(current.state.data) ? BUSY_REFRESH_MS : false),
  });
  const [deleting, setDeleting] = useState<{ id: string; title: string } | null>(null);
  const refresh = useCallback(() => void queryClient.invalidateQueries({ queryKey: trpc.knowledge.list.pathKey() }), [queryClient, trpc]);
  const uploads = useKnowledgeUploads(refresh);
  useFailureToasts(documents.data);

  const addFiles = (files: FileList) => {
    if (files.length > KNOWLEDGE_BATCH_MAX_FILES) {
      toast({ variant: "destructive", title: "Too many files", description: `Add at most ${KNOWLEDGE_BATCH_MAX_FILES} files at a time; you chose ${files.length}.` });
      return;
    }
    uploads.add(files);
  };
  const empty = documents.data?.length === 0 && !query;

  return (
    <div className="grid gap-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="relative w-full max-w-md">
          <Search aria-hidden className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-muted-foreground" />
          <Input type="search" aria-label="Search the knowledge base" placeholder="Search titles, file names and text" className="pl-9" value={search} maxLength={200} onChange={(event) => setSearch(event.target.value)} />
        </div>
        <Button asChild>
          <Link href="/knowledge/new"><Plus /> New article</Link>
        </Button>
      </div>

      <DropZone onFiles={addFiles} prominent={empty} />

      {uploads.items.length > 0 ? (
        <ul aria-label="Uploads" className="grid gap-2">
          {uploads.items.map((item) => <UploadRow key={item.key} item={item} onDismiss={() => uploads.dismiss(item.key)} />)}
        </ul>
      ) : null}

      {documents.isPending ? (
        <div className="grid gap-2" aria-busy="true" aria-label="Loading the knowledge base">
          {Array.from({ length: 5 }, (_, i) => <Skeleton key={i} className="h-12 w-full" />)}
        </div>
      ) : documents.isError ? (
        <LoadErrorState icon={<BookOpen />} title="Could not load the knowledge base" message={messageOf(documents.error)} onRetry={() => documents.refetch()} />
      ) : documents.data.length === 0 ? (
        <EmptyState
          icon={<BookOpen />}
          title={query ? "Nothing matches your search" : "Your knowledge base is empty"}
          description={
            query
              ? `No title, file name or text contains “${query}”.`
              : "The assistant answers customers only from what is here. Upload your help articles, policies, manuals and FAQs (PDF, Word, HTML, Markdown or text), or write an article."
          }
          action={query ? <Button variant="outline" onClick={() => setSearch("")}>Clear search</Button> : null}
        />
      ) : (
        <div className="rounded-md border">
          <Table aria-label="Knowledge documents">
            <TableHeader>
              <TableRow>
                <TableHead>Title</TableHead>
                <TableHead className="w-24 text-right">Size</TableHead>
                <TableHead className="w-32">Status</TableHead>
                <TableHead className="w-44">Updated</TableHead>
                <TableHead className="w-12"><span className="sr-only">Actions</span></TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {documents.data.map((document) => (
                <TableRow key={document.id} data-testid={`knowledge-row-${document.slug}`}>
                  <TableCell className="max-w-0 w-full whitespace-normal">
                    <div className="flex min-w-0 items-start gap-2.5">
                      <SourceIcon sourceType={document.sourceType} className="mt-0.5 size-4 shrink-0 text-muted-foreground" />
                      <div className="grid min-w-0 gap-0.5">
                        <Link href={`/knowledge/${document.id}`} className="truncate font-medium hover:underline focus-visible:underline focus-visible:outline-none">
                          {document.title}
                        </Link>
                        {document.fileName ? <span className="truncate text-xs text-muted-foreground">{document.fileName}</span> : null}
                        {document.status === "failed" && document.error ? <span className="text-xs text-destructive">{document.error}</span> : null}
                      </div>
                    </div>
                  </TableCell>
                  <TableCell className="text-right text-muted-foreground tabular-nums">{document.sizeBytes === null ? "—" : formatFileSize(document.sizeBytes)}</TableCell>
                  <TableCell><StatusBadge status={document.status} /></TableCell>
                  <TableCell className="text-muted-foreground">{updatedFormat.format(document.updatedAt)}</TableCell>
                  <TableCell>
                    <Button variant="ghost" size="icon-sm" aria-label={`Delete ${document.title}`} onClick={() => setDeleting({ id: document.id, title: document.title })}><Trash2 /></Button>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      <DeleteDocumentDialog target={deleting} onClose={() => setDeleting(null)} />
    </div>
  );
}
