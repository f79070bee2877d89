import { FileCode, FileImage, FileText, FileType, NotebookPen } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Spinner } from "@/components/ui/spinner";
import type { KnowledgeStatus } from "@/lib/db/generated/enums";
import type { KnowledgeSourceType } from "@/lib/knowledge/shared";

const SOURCE_LABELS: Record<KnowledgeSourceType, string> = {
  article: "Article",
  pdf: "PDF",
  docx: "Word",
  markdown: "Markdown",
  html: "HTML",
  text: "Text",
  image: "Image",
};

export const sourceLabel = (sourceType: KnowledgeSourceType) => SOURCE_LABELS[sourceType] ?? sourceType;

/** An icon for the kind of document, labelled for screen readers. */
export function SourceIcon({ sourceType, className }: { sourceType: KnowledgeSourceType; className?: string }) {
  const Icon = sourceType === "article" ? NotebookPen : sourceType === "image" ? FileImage : sourceType === "html" || sourceType === "markdown" ? FileCode : sourceType === "pdf" ? FileType : FileText;
  return <Icon role="img" aria-label={sourceLabel(sourceType)} className={className ?? "size-4 shrink-0 text-muted-foreground"} />;
}

/** Where a document is in pending → processing → ready | failed. */
export function StatusBadge({ status }: { status: KnowledgeStatus }) {
  switch (status) {
    case "ready":
      return <Badge variant="success">Ready</Badge>;
    case "failed":
      return <Badge variant="destructive">Failed</Badge>;
    case "processing":
      return (
        <Badge variant="secondary">
          <Spinner size="sm" label="Processing" className="text-current" /> Processing
        </Badge>
      );
    case "pending":
      return (
        <Badge variant="outline">
          <Spinner size="sm" label="Queued" className="text-current" /> Queued
        </Badge>
      );
  }
}
