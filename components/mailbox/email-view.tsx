"use client";

import type { inferProcedureOutput } from "@trpc/server";
import { Download, Paperclip } from "lucide-react";
import type { ReactNode } from "react";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import type { mailboxRouter } from "@/lib/trpc/routers/mailbox";

export type CapturedEmailView = inferProcedureOutput<(typeof mailboxRouter)["get"]>;

const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "full", timeStyle: "medium" });

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function HeaderRow({ name, children }: { name: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-muted-foreground">{name}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </>
  );
}

/** Headers, the HTML part in a sandboxed preview, the text part, and attachment downloads. */
export function EmailView({ email }: { email: CapturedEmailView }) {
  const listed = (addresses: string[] | null) => (addresses?.length ? addresses.join(", ") : null);
  const optional: [string, string | null][] = [
    ["Cc", listed(email.cc)],
    ["Bcc", listed(email.bcc)],
    ["Reply-To", listed(email.reply_to)],
    ["Scheduled for", email.scheduled_at ? dateTimeFormat.format(new Date(email.scheduled_at)) : null],
  ];
  return (
    <article className="grid min-w-0 gap-4" aria-label={`Email: ${email.subject}`}>
      <h2 className="text-lg font-semibold break-words">{email.subject}</h2>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
        <HeaderRow name="From">{email.from}</HeaderRow>
        <HeaderRow name="To">{email.to.join(", ")}</HeaderRow>
        {optional.map(([name, value]) => (value ? <HeaderRow key={name} name={name}>{value}</HeaderRow> : null))}
        <HeaderRow name="Date">{dateTimeFormat.format(new Date(email.created_at))}</HeaderRow>
        {email.tags?.length ? <HeaderRow name="Tags">{email.tags.map((tag) => `${tag.name}=${tag.value}`).join(", ")}</HeaderRow> : null}
        {Object.entries(email.headers ?? {}).map(([name, value]) => (
          <HeaderRow key={`header-${name}`} name={name}>
            <span className="font-mono text-xs">{value}</span>
          </HeaderRow>
        ))}
      </dl>

      <Tabs defaultValue={email.html ? "html" : "text"}>
        <TabsList>
          <TabsTrigger value="html" disabled={!email.html}>HTML</TabsTrigger>
          <TabsTrigger value="text" disabled={!email.text}>Text</TabsTrigger>
        </TabsList>
        <TabsContent value="html">
          {email.html ? (
            // sandbox="" gives the mail an opaque origin with scripts, forms and navigation of this page disabled.
            <iframe
              title={`HTML preview of ${email.subject}`}
              sandbox=""
              srcDoc={email.html}
              className="h-[32rem] w-full rounded-md border bg-white"
            />
          ) : null}
        </TabsContent>
        <TabsContent value="text">
          <pre className="max-h-[32rem] overflow-auto rounded-md border bg-muted/40 p-4 font-mono text-xs leading-relaxed whitespace-pre-wrap">
            {email.text}
          </pre>
        </TabsContent>
      </Tabs>

      {email.attachments.length > 0 ? (
        <section className="grid gap-2">
          <h3 className="flex items-center gap-1.5 text-sm font-semibold">
            <Paperclip className="size-4" aria-hidden /> Attachments
          </h3>
          <ul className="grid gap-1.5">
            {email.attachments.map((attachment) => (
              <li key={attachment.id} className="flex items-center justify-between gap-3 rounded-md border px-3 py-2 text-sm">
                <span className="min-w-0 truncate">
                  {attachment.filename ?? "attachment"}
                  <span className="ml-2 text-xs text-muted-foreground">
                    {attachment.content_type} · {formatBytes(attachment.size)}
                    {attachment.content_disposition === "inline" ? " · inline" : ""}
                  </span>
                </span>
                <a
                  href={`/api/mailbox/${email.id}/attachments/${attachment.id}`}
                  download={attachment.filename ?? true}
                  className="inline-flex shrink-0 items-center gap-1 text-primary underline-offset-4 hover:underline"
                >
                  <Download className="size-4" aria-hidden /> Download
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </article>
  );
}
