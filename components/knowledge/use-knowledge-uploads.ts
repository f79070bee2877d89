"use client";

import { useCallback, useRef, useState } from "react";
import { toast } from "@/components/ui/use-toast";
import { KNOWLEDGE_FILE_LIMIT_BYTES, KNOWLEDGE_FILE_LIMIT_LABEL, formatFileSize } from "@/lib/knowledge/shared";
import type { KnowledgeUploadResult } from "@/lib/knowledge/upload";

export interface UploadItem {
  key: string;
  name: string;
  size: number;
  /** 0..1 of the bytes sent. */
  progress: number;
  state: "queued" | "uploading" | "uploaded" | "failed";
  error: string | null;
}

const UPLOAD_URL = "/api/knowledge/upload";
/** Uploaded rows stay a moment so the finished bar is seen, then the list below takes over. */
const UPLOADED_ROW_MS = 4000;

/** Sends one file in its own request, so each gets its own progress and its own refusal. */
function sendFile(file: File, onProgress: (fraction: number) => void): Promise<{ status: number; body: { error?: string; results?: KnowledgeUploadResult[] } | null }> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", UPLOAD_URL);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    request.onload = () => {
      let body = null;
      try {
        body = JSON.parse(request.responseText);
      } catch {
        // A proxy's HTML error page: the status says enough.
      }
      resolve({ status: request.status, body });
    };
    request.onerror = () => reject(new Error("The upload was interrupted. Check your connection and try again."));
    const form = new FormData();
    form.append("files", file);
    request.send(form);
  });
}

/**
 * Uploads files to the knowledge base one after another, tracking each one's progress.
 * Files over the size limit are refused here, before any byte is sent.
 */
export function useKnowledgeUploads(onUploaded: () => void) {
  const [items, setItems] = useState<UploadItem[]>([]);
  const queue = useRef<{ key: string; file: File }[]>([]);
  const running = useRef(false);
  const nextKey = useRef(0);

  const patch = useCallback((key: string, change: Partial<UploadItem>) => {
    setItems((current) => current.map((item) => (item.key === key ? { ...item, ...change } : item)));
  }, []);
  const dismiss = useCallback((key: string) => setItems((current) => current.filter((item) => item.key !== key)), []);

  const drain = useCallback(async () => {
    if (running.current) return;
    running.current = true;
    let accepted = 0;
    while (queue.current.length > 0) {
      const { key, file } = queue.current.shift()!;
      patch(key, { state: "uploading" });
      try {
        const { status, body } = await sendFile(file, (progress) => patch(key, { progress }));
        const error = body?.results?.[0]?.error ?? body?.error ?? (status >= 400 ? `The upload failed (HTTP ${status}). Try again.` : null);
        if (status === 201 && !error) {
          accepted++;
          patch(key, { state: "uploaded", progress: 1 });
          onUploaded();
          setTimeout(() => dismiss(key), UPLOADED_ROW_MS);
        } else {
          patch(key, { state: "failed", error });
          toast({ variant: "destructive", title: `${file.name} was not uploaded`, description: error });
        }
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        patch(key, { state: "failed", error: message });
        toast({ variant: "destructive", title: `${file.name} was not uploaded`, description: message });
      }
    }
    running.current = false;
    if (accepted > 0) {
      toast({
        variant: "success",
        title: accepted === 1 ? "File uploaded" : `${accepted} files uploaded`,
        description: accepted === 1 ? "It is being read and indexed; the list shows when it is ready." : "They are being read and indexed; the list shows when each is ready.",
      });
    }
  }, [dismiss, onUploaded, patch]);

  const add = useCallback(
    (files: Iterable<File>) => {
      const added: UploadItem[] = [];
      for (const file of files) {
        const key = `upload-${nextKey.current++}`;
        if (file.size > KNOWLEDGE_FILE_LIMIT_BYTES) {
          added.push({ key, name: file.name, size: file.size, progress: 0, state: "failed", error: `${formatFileSize(file.size)} is over the ${KNOWLEDGE_FILE_LIMIT_LABEL} limit per file.` });
          continue;
        }
        added.push({ key, name: file.name, size: file.size, progress: 0, state: "queued", error: null });
        queue.current.push({ key, file });
      }
      setItems((current) => [...current, ...added]);
      void drain();
    },
    [drain],
  );

  return { items, add, dismiss };
}
