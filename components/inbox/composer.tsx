"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Lock, Paperclip, Send, X } from "lucide-react";
import * as React from "react";
import { messageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc-provider";
import { useRealtimeIdentity } from "@/components/realtime/realtime-provider";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/use-toast";
import { FILE_SIZE_LIMIT_LABEL } from "@/lib/files/shared";
import { cn } from "@/lib/utils";
import { appendThreadMessage, toThreadMessage, useListRowPatcher } from "./inbox-data";
import { useAttachmentUploads } from "./use-attachment-uploads";

export type ComposerMode = "reply" | "note";

/** The limits the server enforces, checked here first so the agent learns before sending. */
const MAX_ATTACHMENTS = 10;
const MAX_TEXT_BYTES = 64 * 1024;
/** "/ref" at the very start of the text opens the canned-response picker. */
const CANNED_TRIGGER = /^\/([a-z0-9_-]{0,40})$/i;

export interface ComposerProps {
  conversationId: string;
  contactName: string;
  mode: ComposerMode;
  onModeChange(mode: ComposerMode): void;
  textareaRef: React.RefObject<HTMLTextAreaElement | null>;
  /** Why sending is impossible (e.g. the conversation is closed), or null. */
  disabledReason: string | null;
  onTyping(): void;
}

function CannedPicker({
  conversationId,
  term,
  activeIndex,
  onActiveIndexChange,
  onPick,
  onItemsChange,
}: {
  conversationId: string;
  term: string;
  activeIndex: number;
  onActiveIndexChange(index: number): void;
  onPick(id: string): void;
  onItemsChange(ids: string[]): void;
}) {
  const trpc = useTRPC();
  const canned = useQuery({ ...trpc.canned.list.queryOptions({ query: term || undefined, limit: 8 }), placeholderData: keepPreviousData });
  const items = React.useMemo(() => canned.data ?? [], [canned.data]);
  React.useEffect(() => onItemsChange(items.map((item) => item.id)), [items, onItemsChange]);

  return (
    <div className="absolute inset-x-0 bottom-full z-20 mb-2 overflow-hidden rounded-lg border bg-popover text-popover-foreground shadow-lg">
      <div className="flex items-center justify-between border-b px-3 py-1.5 text-xs text-muted-foreground">
        <span>Canned responses</span>
        <span>↑↓ choose · Enter insert · Esc close</span>
      </div>
      {canned.isPending ? (
        <p className="px-3 py-3 text-sm text-muted-foreground">
          <Spinner size="sm" className="mr-2 inline" /> Loading…
        </p>
      ) : canned.isError ? (
        <p className="px-3 py-3 text-sm text-destructive">{messageOf(canned.error)}</p>
      ) : items.length === 0 ? (
        <p className="px-3 py-3 text-sm text-muted-foreground">No canned response matches “/{term}”.</p>
      ) : (
        <ul role="listbox" id={`canned-${conversationId}`} aria-label="Canned responses" className="max-h-64 overflow-y-auto py-1">
          {items.map((item, index) => (
            <li
              key={item.id}
              id={`canned-option-${item.id}`}
              role="option"
              aria-selected={index === activeIndex}
              className={cn("cursor-pointer px-3 py-1.5", index === activeIndex && "bg-accent text-accent-foreground")}
              onMouseEnter={() => onActiveIndexChange(index)}
              onMouseDown={(event) => {
                event.preventDefault(); // keep the focus in the textarea
                onPick(item.id);
              }}
            >
              <div className="flex items-baseline gap-2 text-sm">
                <span className="font-mono text-xs text-primary">/{item.shortcut.replace(/^\//, "")}</span>
                <span className="font-medium">{item.title}</span>
              </div>
              <p className="truncate text-xs text-muted-foreground">{item.content}</p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * Reply or internal note. Enter sends, Shift+Enter adds a line, "/" at the start picks
 * a canned response (rendered for this conversation). Files are attached to replies by
 * picking, dropping or pasting them; each uploads at once and can be removed before sending.
 */
export function Composer({ conversationId, contactName, mode, onModeChange, textareaRef, disabledReason, onTyping }: ComposerProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { userId, userName } = useRealtimeIdentity();
  const patchRows = useListRowPatcher();
  const [text, setText] = React.useState("");
  const uploads = useAttachmentUploads(MAX_ATTACHMENTS, conversationId);
  const fileInputRef = React.useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = React.useState(false);
  const [pickerDismissed, setPickerDismissed] = React.useState(false);
  const [activeIndex, setActiveIndex] = React.useState(0);
  const [pickerItems, setPickerItems] = React.useState<string[]>([]);
  const [inserting, setInserting] = React.useState(false);

  // Another conversation starts with an empty composer.
  const [draftFor, setDraftFor] = React.useState(conversationId);
  if (draftFor !== conversationId) {
    setDraftFor(conversationId);
    setText("");
  }

  const cannedTerm = CANNED_TRIGGER.exec(text)?.[1];
  const pickerOpen = cannedTerm !== undefined && !pickerDismissed && !disabledReason;

  const afterSend = (stored: Parameters<typeof toThreadMessage>[0], sentTo: string) => {
    const message = toThreadMessage(stored);
    appendThreadMessage(queryClient, sentTo, message);
    patchRows(sentTo, (row) => ({ ...row, preview: message.content || row.preview, previewSenderType: "agent", previewIsPrivate: message.isPrivate, lastMessageAt: message.createdAt }));
    void queryClient.invalidateQueries({ queryKey: trpc.conversations.get.queryKey({ conversationId: sentTo }) });
    // The agent may have moved to another conversation meanwhile: keep that draft.
    if (sentTo !== conversationId) return;
    setText("");
    uploads.clear();
  };
  const sender = { id: userId, name: userName, avatarUrl: null };
  const onError = (error: unknown) => toast({ variant: "destructive", title: mode === "note" ? "Note not added" : "Reply not sent", description: messageOf(error) });
  const reply = useMutation(trpc.conversations.reply.mutationOptions({ onSuccess: ({ message }, input) => afterSend({ ...message, senderUser: sender }, input.conversationId), onError }));
  const note = useMutation(trpc.conversations.note.mutationOptions({ onSuccess: (message, input) => afterSend({ ...message, senderUser: sender }, input.conversationId), onError }));
  const sending = reply.isPending || note.isPending;

  const tooLong = new TextEncoder().encode(text).length > MAX_TEXT_BYTES;
  const { attachments } = uploads;
  const canSend =
    !disabledReason && !sending && !tooLong && !(mode === "reply" && uploads.uploading) && (text.trim().length > 0 || (mode === "reply" && attachments.length > 0));

  function send() {
    if (!canSend) return;
    if (mode === "note") note.mutate({ conversationId, text });
    else reply.mutate({ conversationId, text, attachments });
  }

  function attachFiles(files: File[]) {
    if (files.length === 0 || disabledReason) return;
    if (mode === "note") {
      toast({ title: "Notes take no files", description: "Switch to Reply to attach files." });
      return;
    }
    uploads.add(files);
  }

  const carriesFiles = (event: React.DragEvent) => event.dataTransfer.types.includes("Files");

  async function insertCanned(id: string) {
    setInserting(true);
    try {
      const rendered = await queryClient.fetchQuery({ ...trpc.canned.render.queryOptions({ id, conversationId }), staleTime: 0 });
      setText(rendered.text);
      if (rendered.unknownVariables.length) {
        toast({ title: "Check the inserted text", description: `Unknown placeholders left as written: ${rendered.unknownVariables.map((name) => `{{${name}}}`).join(", ")}.` });
      } else if (rendered.missingValues.length) {
        toast({ title: "Some details are missing", description: `No value for ${rendered.missingValues.join(", ")}; they were left out.` });
      }
      requestAnimationFrame(() => {
        const textarea = textareaRef.current;
        textarea?.focus();
        textarea?.setSelectionRange(rendered.text.length, rendered.text.length);
      });
    } catch (error) {
      toast({ variant: "destructive", title: "Canned response not inserted", description: messageOf(error) });
    } finally {
      setInserting(false);
    }
  }

  function onKeyDown(event: React.KeyboardEvent<HTMLTextAreaElement>) {
    if (event.nativeEvent.isComposing) return;
    if (pickerOpen && pickerItems.length > 0) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        const step = event.key === "ArrowDown" ? 1 : -1;
        setActiveIndex((index) => (index + step + pickerItems.length) % pickerItems.length);
        return;
      }
      if (event.key === "Enter" || event.key === "Tab") {
        event.preventDefault();
        const id = pickerItems[Math.min(activeIndex, pickerItems.length - 1)];
        if (id) void insertCanned(id);
        return;
      }
    }
    if (pickerOpen && event.key === "Escape") {
      event.preventDefault();
      setPickerDismissed(true);
      return;
    }
    if (event.key === "Escape") {
      event.currentTarget.blur();
      return;
    }
    if (event.key === "Enter" && !event.shiftKey && !event.altKey) {
      event.preventDefault();
      send();
    }
  }

  const onPickerItemsChange = React.useCallback((ids: string[]) => {
    setPickerItems(ids);
    setActiveIndex((index) => (index < ids.length ? index : 0));
  }, []);

  const noteMode = mode === "note";
  return (
    <div className="border-t bg-background p-3">
      <div className="mb-2 flex items-center gap-1" role="radiogroup" aria-label="Message type">
        {(["reply", "note"] as const).map((option) => (
          <button
            key={option}
            type="button"
            role="radio"
            aria-checked={mode === option}
            onClick={() => {
              onModeChange(option);
              textareaRef.current?.focus();
            }}
            className={cn(
              "inline-flex h-7 items-center gap-1.5 rounded-md px-2.5 text-[13px] font-medium outline-none transition-colors focus-visible:ring-2 focus-visible:ring-ring",
              mode === option
                ? option === "note"
                  ? "bg-amber-100 text-amber-900 dark:bg-amber-500/20 dark:text-amber-200"
                  : "bg-secondary text-secondary-foreground"
                : "text-muted-foreground hover:text-foreground",
            )}
          >
            {option === "note" ? <Lock aria-hidden className="size-3.5" /> : <Send aria-hidden className="size-3.5" />}
            {option === "reply" ? "Reply" : "Internal note"}
            <kbd className="ml-1 hidden rounded border px-1 font-sans text-[10px] text-muted-foreground sm:inline">{option === "reply" ? "R" : "N"}</kbd>
          </button>
        ))}
        {noteMode ? <span className="ml-2 text-xs text-amber-700 dark:text-amber-300">Only your team sees notes.</span> : null}
      </div>
      <div
        className={cn(
          "relative rounded-lg border shadow-xs transition-colors focus-within:ring-2 focus-within:ring-ring/50",
          noteMode ? "border-amber-300 bg-amber-50/70 dark:border-amber-500/40 dark:bg-amber-500/10" : "border-input bg-background dark:bg-input/20",
          dragging && "border-primary ring-2 ring-primary/40",
        )}
        onDragOver={(event) => {
          if (!carriesFiles(event)) return;
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={(event) => {
          if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
        }}
        onDrop={(event) => {
          if (!carriesFiles(event)) return;
          event.preventDefault();
          setDragging(false);
          attachFiles([...event.dataTransfer.files]);
        }}
      >
        {pickerOpen ? (
          <CannedPicker
            conversationId={conversationId}
            term={cannedTerm ?? ""}
            activeIndex={activeIndex}
            onActiveIndexChange={setActiveIndex}
            onPick={(id) => void insertCanned(id)}
            onItemsChange={onPickerItemsChange}
          />
        ) : null}
        <Textarea
          ref={textareaRef}
          data-testid="composer"
          aria-label={noteMode ? "Internal note" : `Reply to ${contactName}`}
          aria-expanded={pickerOpen}
          aria-controls={pickerOpen ? `canned-${conversationId}` : undefined}
          aria-activedescendant={pickerOpen && pickerItems[activeIndex] ? `canned-option-${pickerItems[activeIndex]}` : undefined}
          aria-autocomplete="list"
          role="combobox"
          placeholder={disabledReason ?? (noteMode ? "Write a note for your team…" : `Reply to ${contactName}… Type / for canned responses`)}
          disabled={Boolean(disabledReason)}
          value={text}
          rows={3}
          className="max-h-60 min-h-20 resize-none border-0 bg-transparent shadow-none focus-visible:ring-0 dark:bg-transparent"
          onChange={(event) => {
            setText(event.target.value);
            setPickerDismissed(false);
            if (!noteMode && event.target.value.trim()) onTyping();
          }}
          onKeyDown={onKeyDown}
          onPaste={(event) => {
            const images = [...event.clipboardData.files].filter((file) => file.type.startsWith("image/"));
            if (images.length === 0) return;
            event.preventDefault();
            attachFiles(images);
          }}
        />
        {uploads.uploads.length && !noteMode ? (
          <ul className="flex flex-wrap gap-1.5 px-3 pb-2" aria-label="Attachments to send">
            {uploads.uploads.map((upload) => (
              <li
                key={upload.key}
                className="relative inline-flex max-w-60 items-center gap-1 overflow-hidden rounded-md border bg-muted px-2 py-0.5 text-xs"
                data-uploaded={upload.attachment ? "true" : "false"}
              >
                {upload.attachment ? <Paperclip aria-hidden className="size-3 shrink-0" /> : <Spinner size="sm" className="size-3 shrink-0" />}
                <span className="truncate">{upload.name}</span>
                {upload.attachment ? null : (
                  <>
                    <span className="shrink-0 tabular-nums text-muted-foreground">{Math.round(upload.progress * 100)}%</span>
                    <progress className="sr-only" value={upload.progress} max={1} aria-label={`Uploading ${upload.name}`} />
                    <span aria-hidden className="absolute inset-x-0 bottom-0 h-0.5 bg-primary transition-[width]" style={{ width: `${upload.progress * 100}%` }} />
                  </>
                )}
                <button
                  type="button"
                  className="rounded outline-none hover:text-destructive focus-visible:ring-2 focus-visible:ring-ring"
                  aria-label={`Remove ${upload.name}`}
                  onClick={() => uploads.remove(upload.key)}
                >
                  <X aria-hidden className="size-3" />
                </button>
              </li>
            ))}
          </ul>
        ) : null}
        <div className="flex items-center gap-2 px-2 pb-2">
          {noteMode ? null : (
            <>
              <input
                ref={fileInputRef}
                type="file"
                multiple
                hidden
                data-testid="attachment-input"
                onChange={(event) => {
                  attachFiles([...(event.target.files ?? [])]);
                  event.target.value = "";
                }}
              />
              <Button
                type="button"
                variant="ghost"
                size="icon-sm"
                aria-label="Attach files"
                title={`Attach files (up to ${FILE_SIZE_LIMIT_LABEL} each) — or drop or paste them here`}
                disabled={Boolean(disabledReason)}
                onClick={() => fileInputRef.current?.click()}
              >
                <Paperclip aria-hidden />
              </Button>
            </>
          )}
          <span className={cn("text-xs", tooLong ? "text-destructive" : "text-muted-foreground")}>
            {tooLong ? "Over the 64 KB limit: shorten the text." : inserting ? "Inserting…" : uploads.uploading && !noteMode ? "Uploading files…" : "Enter to send · Shift+Enter for a new line"}
          </span>
          <Button type="button" size="sm" className={cn("ml-auto", noteMode && "bg-amber-600 text-white hover:bg-amber-600/90 dark:bg-amber-500 dark:text-amber-950")} disabled={!canSend} onClick={send}>
            {sending ? <Spinner size="sm" /> : noteMode ? <Lock aria-hidden /> : <Send aria-hidden />}
            {noteMode ? "Add note" : "Send"}
          </Button>
        </div>
      </div>
    </div>
  );
}
