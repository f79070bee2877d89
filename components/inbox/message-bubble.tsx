import type * as React from "react";
import { AlertCircle, Check, CheckCheck, Clock, FileText, Lock } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import type { DeliveryStatus } from "@/lib/db/generated/enums";
import { fileIdFromUrl } from "@/lib/files/shared";
import { cn } from "@/lib/utils";
import { formatMessageTime } from "./format";
import type { Attachment, ThreadMessage } from "./inbox-data";

const IMAGE_EXTENSION = /\.(png|jpe?g|gif|webp|avif)(\?.*)?$/i;

/**
 * Only web URLs and files stored in Switchboard become links or images; anything else a
 * channel stored (javascript:, data:, platform ids) stays text.
 */
function safeAttachmentUrl(url: string): string | null {
  if (fileIdFromUrl(url)) return url;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
  } catch {
    return null;
  }
}

function attachmentName(attachment: Attachment): string {
  if (attachment.name) return attachment.name;
  const last = attachment.url.split(/[?#]/)[0]!.split("/").filter(Boolean).at(-1);
  return last ? decodeURIComponent(last).slice(0, 80) : "Attachment";
}

function formatBytes(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${Math.round(size / 1024)} KB`;
  return `${(size / 1024 / 1024).toFixed(1)} MB`;
}

function Attachments({ attachments }: { attachments: Attachment[] }) {
  return (
    <ul className="mt-1.5 grid gap-1.5" aria-label="Attachments">
      {attachments.map((attachment, index) => {
        const href = safeAttachmentUrl(attachment.url);
        const name = attachmentName(attachment);
        const isImage = attachment.contentType?.startsWith("image/") || IMAGE_EXTENSION.test(attachment.url);
        if (href && isImage) {
          return (
            <li key={index}>
              <a href={href} target="_blank" rel="noopener noreferrer nofollow" className="block w-fit rounded-md outline-none focus-visible:ring-2 focus-visible:ring-ring">
                {/* Customer images come from anywhere: plain <img>, no optimizer proxy. */}
                {/* eslint-disable-next-line @next/next/no-img-element */}
                <img src={href} alt={name} loading="lazy" referrerPolicy="no-referrer" className="max-h-48 max-w-60 rounded-md border bg-background object-cover" />
              </a>
            </li>
          );
        }
        return (
          <li key={index} className="flex min-w-0 items-center gap-1.5 text-[13px]">
            <FileText aria-hidden className="size-3.5 shrink-0 opacity-70" />
            {href ? (
              <a href={href} target="_blank" rel="noopener noreferrer nofollow" className="truncate underline underline-offset-2">
                {name}
              </a>
            ) : (
              <span className="truncate">{name}</span>
            )}
            {attachment.size !== undefined ? <span className="shrink-0 opacity-70">{formatBytes(attachment.size)}</span> : null}
          </li>
        );
      })}
    </ul>
  );
}

const deliveryLabels: Record<DeliveryStatus, string> = { pending: "Sending", sent: "Sent", delivered: "Delivered", read: "Read", failed: "Not delivered" };

/** Delivery of an outbound message; a failed attempt (retried from the outbox) shows its reason on hover and to screen readers. */
function DeliveryState({ status, error }: { status: DeliveryStatus; error: string | null }) {
  const problem = status === "failed" || (status === "pending" && error !== null);
  const Icon = problem ? AlertCircle : status === "pending" ? Clock : status === "sent" ? Check : CheckCheck;
  const label = status === "pending" && problem ? "Not delivered yet, retrying" : deliveryLabels[status];
  return (
    <span
      className={cn("inline-flex max-w-full items-center gap-1", problem ? "text-destructive" : status === "read" && "text-primary")}
      title={error ?? label}
      data-delivery={status}
    >
      <Icon aria-hidden className="size-3 shrink-0" />
      {label}
      {problem && error ? <span className="sr-only">: {error}</span> : null}
    </span>
  );
}

/**
 * One message, styled by who sent it: the customer on the left; agents on the right;
 * the bot on the right in violet with an AI badge; internal notes in yellow; system
 * events centred and small. Text is rendered as text (never as HTML). `footer` goes under
 * the bubble (the assistant's sources and feedback buttons).
 */
export function MessageBubble({ message, now, contactName, footer }: { message: ThreadMessage; now: Date; contactName: string; footer?: React.ReactNode }) {
  const time = (
    <time dateTime={message.createdAt.toISOString()} title={message.createdAt.toLocaleString()}>
      {formatMessageTime(message.createdAt, now)}
    </time>
  );

  if (message.senderType === "system") {
    return (
      <li className="flex justify-center px-4" data-sender="system" data-message-id={message.id}>
        <p className="max-w-[80%] text-center text-xs text-muted-foreground">
          <span className="whitespace-pre-wrap break-words">{message.content}</span> · {time}
        </p>
      </li>
    );
  }

  const note = message.isPrivate;
  const fromCustomer = message.senderType === "contact";
  const bot = message.senderType === "bot";
  const sender = fromCustomer ? contactName : bot ? (message.senderName ?? "Assistant") : (message.senderName ?? "Agent");
  const showDelivery = !note && !fromCustomer && message.direction === "outbound";

  return (
    <li
      className={cn("flex px-4", fromCustomer ? "justify-start" : "justify-end")}
      data-sender={note ? "note" : message.senderType}
      data-message-id={message.id}
    >
      <div className={cn("grid max-w-[min(36rem,85%)] gap-1", fromCustomer ? "justify-items-start" : "justify-items-end")}>
        <div className="flex items-center gap-1.5 text-xs text-muted-foreground">
          {note ? (
            <span className="inline-flex items-center gap-1 font-medium text-amber-700 dark:text-amber-300">
              <Lock aria-hidden className="size-3" /> Internal note
            </span>
          ) : null}
          {bot ? <Badge className="bg-violet-600 px-1.5 py-0 text-[10px] text-white dark:bg-violet-500">AI</Badge> : null}
          <span className="font-medium text-foreground/80">{sender}</span>
          <span aria-hidden>·</span>
          {time}
        </div>
        <div
          className={cn(
            "rounded-2xl px-3.5 py-2 text-sm leading-relaxed",
            fromCustomer && "rounded-tl-sm bg-muted text-foreground",
            !fromCustomer && "rounded-tr-sm",
            note && "border border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-500/40 dark:bg-amber-500/10 dark:text-amber-50",
            !note && bot && "border border-violet-200 bg-violet-50 text-violet-950 dark:border-violet-400/30 dark:bg-violet-500/15 dark:text-violet-50",
            !note && !bot && !fromCustomer && "bg-primary text-primary-foreground",
          )}
        >
          {message.content ? <p className="whitespace-pre-wrap break-words">{message.content}</p> : null}
          {message.attachments.length ? <Attachments attachments={message.attachments} /> : null}
        </div>
        {showDelivery ? (
          <div className="text-[11px] text-muted-foreground">
            <DeliveryState status={message.deliveryStatus} error={message.deliveryError} />
          </div>
        ) : null}
        {footer}
      </div>
    </li>
  );
}
