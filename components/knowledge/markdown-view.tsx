import type { ReactNode } from "react";
import { type Block, type Inline, type MarkdownList, parseMarkdown } from "@/lib/knowledge/markdown";
import { cn } from "@/lib/utils";

/**
 * Knowledge markdown as React elements: every piece of text is a text node, so an article
 * can never inject markup or scripts. Works in server and client components.
 */

function renderInline(pieces: Inline[]): ReactNode[] {
  return pieces.map((piece, index) => {
    switch (piece.type) {
      case "text":
        return piece.text;
      case "strong":
        return <strong key={index} className="font-semibold">{renderInline(piece.children)}</strong>;
      case "em":
        return <em key={index}>{renderInline(piece.children)}</em>;
      case "code":
        return <code key={index} className="rounded bg-muted px-1 py-0.5 font-mono text-[0.9em]">{piece.text}</code>;
      case "link": {
        const external = /^(https?:|mailto:)/i.test(piece.href);
        return (
          <a
            key={index}
            href={piece.href}
            className="font-medium text-primary underline underline-offset-4 hover:no-underline"
            {...(external ? { target: "_blank", rel: "noopener noreferrer nofollow" } : {})}
          >
            {renderInline(piece.children)}
          </a>
        );
      }
    }
  });
}

function ListView({ list }: { list: MarkdownList }) {
  const items = list.items.map((item, index) => (
    <li key={index} className="pl-1">
      {renderInline(item.content)}
      {item.children.map((child, childIndex) => <ListView key={childIndex} list={child} />)}
    </li>
  ));
  return list.ordered ? (
    <ol start={list.start} className="my-2 ml-6 list-decimal space-y-1">{items}</ol>
  ) : (
    <ul className="my-2 ml-6 list-disc space-y-1">{items}</ul>
  );
}

const HEADING_CLASSES = {
  1: "mt-2 text-2xl font-semibold tracking-tight",
  2: "mt-6 text-xl font-semibold tracking-tight",
  3: "mt-5 text-lg font-semibold",
  4: "mt-4 text-base font-semibold",
  5: "mt-4 text-sm font-semibold",
  6: "mt-4 text-sm font-semibold text-muted-foreground",
} as const;

function BlockView({ block }: { block: Block }) {
  switch (block.type) {
    case "heading": {
      const Tag = `h${block.level}` as const;
      return <Tag className={HEADING_CLASSES[block.level]}>{renderInline(block.content)}</Tag>;
    }
    case "paragraph":
      return <p className="leading-7">{renderInline(block.content)}</p>;
    case "list":
      return <ListView list={block} />;
    case "code":
      return <pre className="overflow-x-auto rounded-md border bg-muted/60 p-3 font-mono text-sm"><code>{block.text}</code></pre>;
    case "quote":
      return <blockquote className="border-l-2 pl-4 text-muted-foreground">{block.blocks.map((inner, index) => <BlockView key={index} block={inner} />)}</blockquote>;
    case "rule":
      return <hr className="my-4" />;
    case "table":
      return (
        <div className="overflow-x-auto rounded-md border">
          <table className="w-full text-sm">
            <thead className="bg-muted/50">
              <tr>{block.header.map((cell, index) => <th key={index} className="px-3 py-2 text-left font-medium">{renderInline(cell)}</th>)}</tr>
            </thead>
            <tbody>
              {block.rows.map((row, rowIndex) => (
                <tr key={rowIndex} className="border-t">
                  {row.map((cell, index) => <td key={index} className="px-3 py-2 align-top">{renderInline(cell)}</td>)}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      );
  }
}

export function MarkdownView({ markdown, className }: { markdown: string; className?: string }) {
  return (
    <div data-slot="markdown" className={cn("grid gap-3 text-[15px] break-words [&>:first-child]:mt-0", className)}>
      {parseMarkdown(markdown).map((block, index) => <BlockView key={index} block={block} />)}
    </div>
  );
}
