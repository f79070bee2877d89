"use client";

import { MessageCircle, Minus, SendHorizontal } from "lucide-react";
import type { WebChannelSettings } from "@/lib/widget/settings";
import { cn } from "@/lib/utils";
import { isHexColour, readableTextOn } from "@/lib/widget/theme";

const FIELD_LABELS: Record<WebChannelSettings["offlineForm"]["fields"][number], string> = {
  name: "Your name",
  email: "Email",
  phone: "Phone",
  message: "How can we help?",
};

function isHttpUrl(value: string | null): value is string {
  if (!value) return false;
  try {
    return ["http:", "https:"].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

export interface WidgetPreviewProps {
  settings: WebChannelSettings;
  /** Shown in the panel's header. */
  title: string;
  /** Whether the panel shows live chat or the offline form. */
  online: boolean;
}

/**
 * A mock of the chat widget on a customer's page, drawn from unsaved settings: the
 * launcher and the open panel, in the chosen colour and corner. It is a picture of the
 * widget, not the widget: nothing in it is interactive.
 */
export function WidgetPreview({ settings, title, online }: WidgetPreviewProps) {
  const { theme } = settings;
  const colour = isHexColour(theme.colour) ? theme.colour : "#4f46e5";
  const onColour = readableTextOn(colour);
  const left = theme.position === "left";
  const logo = isHttpUrl(theme.logoUrl) ? theme.logoUrl : null;

  return (
    <div
      role="img"
      aria-label={`Preview: the chat widget ${online ? "open" : "showing the offline form"}, ${colour}, bottom ${theme.position}`}
      data-testid="widget-preview"
      className="relative h-[560px] overflow-hidden rounded-lg border bg-muted/30"
    >
      {/* The host page, sketched. */}
      <div aria-hidden className="grid gap-3 p-4">
        <div className="flex items-center justify-between">
          <div className="h-3 w-20 rounded bg-muted-foreground/25" />
          <div className="flex gap-2">
            <div className="h-2 w-8 rounded bg-muted-foreground/20" />
            <div className="h-2 w-8 rounded bg-muted-foreground/20" />
            <div className="h-2 w-8 rounded bg-muted-foreground/20" />
          </div>
        </div>
        <div className="h-28 rounded-md bg-muted-foreground/10" />
        <div className="grid grid-cols-3 gap-2">
          <div className="h-20 rounded-md bg-muted-foreground/10" />
          <div className="h-20 rounded-md bg-muted-foreground/10" />
          <div className="h-20 rounded-md bg-muted-foreground/10" />
        </div>
        <div className="h-2 w-3/4 rounded bg-muted-foreground/15" />
        <div className="h-2 w-2/3 rounded bg-muted-foreground/15" />
      </div>

      <div
        className={cn(
          "absolute top-8 bottom-[72px] flex w-[300px] max-w-[calc(100%-1.5rem)] flex-col overflow-hidden rounded-2xl border border-black/10 bg-white text-[#111827] shadow-xl",
          left ? "left-3" : "right-3",
        )}
      >
        <div className="flex items-center gap-2.5 px-3.5 py-3" style={{ backgroundColor: colour, color: onColour }}>
          {logo ? (
            // eslint-disable-next-line @next/next/no-img-element -- any admin-given URL, not an optimisable asset
            <img src={logo} alt="" className="size-8 rounded-full bg-white object-cover" />
          ) : (
            <span aria-hidden className="flex size-8 items-center justify-center rounded-full bg-white/20 text-sm font-semibold">
              {title.trim().charAt(0).toUpperCase() || "?"}
            </span>
          )}
          <div className="min-w-0 flex-1">
            <p className="truncate text-sm font-semibold">{title || "Website chat"}</p>
            <p className="text-xs opacity-85">{online ? "We typically reply in a few minutes" : "We're away right now"}</p>
          </div>
          <Minus aria-hidden className="size-4 opacity-80" />
        </div>

        <div className="grid min-h-0 flex-1 content-start gap-3 overflow-hidden bg-[#f8fafc] p-3">
          {settings.welcomeMessage ? (
            <p data-testid="preview-welcome" className="max-w-[85%] rounded-2xl rounded-bl-sm bg-white px-3 py-2 text-[13px] leading-snug whitespace-pre-wrap shadow-sm ring-1 ring-black/5">
              {settings.welcomeMessage}
            </p>
          ) : null}
          {online ? null : (
            <div data-testid="preview-offline-form" className="grid gap-2 rounded-lg bg-white p-3 shadow-sm ring-1 ring-black/5">
              <p className="text-xs text-[#4b5563]">Leave a message and we&apos;ll get back to you.</p>
              {settings.offlineForm.fields.map((field) => (
                <div
                  key={field}
                  className={cn("rounded-md border border-[#d1d5db] px-2 text-xs text-[#9ca3af]", field === "message" ? "h-14 pt-1.5" : "flex h-7 items-center")}
                >
                  {FIELD_LABELS[field]}
                </div>
              ))}
              <span className="flex h-7 items-center justify-center rounded-md text-xs font-medium" style={{ backgroundColor: colour, color: onColour }}>
                Send message
              </span>
            </div>
          )}
        </div>

        {online ? (
          <div className="flex items-center gap-2 border-t border-black/10 px-3 py-2.5">
            <span className="flex-1 text-[13px] text-[#9ca3af]">Write a message…</span>
            <span aria-hidden className="flex size-7 items-center justify-center rounded-full" style={{ backgroundColor: colour, color: onColour }}>
              <SendHorizontal className="size-3.5" />
            </span>
          </div>
        ) : null}
      </div>

      <span
        data-testid="preview-launcher"
        className={cn("absolute bottom-3 flex h-12 items-center gap-2 rounded-full px-4 text-sm font-medium shadow-lg", left ? "left-3" : "right-3")}
        style={{ backgroundColor: colour, color: onColour }}
      >
        <MessageCircle aria-hidden className="size-5" />
        {theme.launcherText ? <span className="max-w-[180px] truncate">{theme.launcherText}</span> : null}
      </span>
    </div>
  );
}
