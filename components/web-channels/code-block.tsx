import { cn } from "@/lib/utils";
import { CopyButton } from "./copy-button";

/**
 * A read-only snippet with a copy button; `label` names it for the button and screen
 * readers. `wrap` breaks long lines (a one-line tag) instead of scrolling sideways.
 */
export function CodeBlock({ code, label, wrap = false }: { code: string; label: string; wrap?: boolean }) {
  return (
    <figure className="relative grid" aria-label={label}>
      <pre className={cn("overflow-x-auto rounded-md border bg-muted/50 p-3 pr-12 font-mono text-xs leading-relaxed", wrap ? "break-all whitespace-pre-wrap" : "whitespace-pre")}>
        <code>{code}</code>
      </pre>
      <CopyButton value={code} what={label.toLowerCase()} iconOnly variant="ghost" className="absolute top-1.5 right-1.5" />
    </figure>
  );
}
