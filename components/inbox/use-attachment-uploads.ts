"use client";

import * as React from "react";
import { toast } from "@/components/ui/use-toast";
import { FILE_SIZE_LIMIT_BYTES, FILE_SIZE_LIMIT_LABEL } from "@/lib/files/shared";
import type { Attachment } from "./inbox-data";

/** One file on its way into the reply: uploading (progress 0–1) or stored (attachment set). */
export interface AttachmentUpload {
  key: string;
  name: string;
  progress: number;
  attachment: Attachment | null;
}

/** The stored file from a 201 answer of `/api/files`, or null when the answer is anything else. */
function uploadedFile(request: XMLHttpRequest): Attachment | null {
  if (request.status !== 201) return null;
  try {
    const { url, name, contentType, size } = JSON.parse(request.responseText) as Record<string, unknown>;
    if (typeof url !== "string" || typeof name !== "string" || typeof contentType !== "string" || typeof size !== "number") return null;
    return { url, name, contentType, size };
  } catch {
    return null;
  }
}

function errorOf(request: XMLHttpRequest): string {
  try {
    const body = JSON.parse(request.responseText) as { error?: unknown };
    if (typeof body.error === "string") return body.error;
  } catch {
    // Not JSON (a proxy's error page): fall through to the status.
  }
  return `The upload failed (HTTP ${request.status}). Try again.`;
}

/**
 * Files attached to a reply: each is uploaded to `/api/files` as soon as it is picked,
 * dropped or pasted (XMLHttpRequest, for progress), and can be removed before sending.
 * A new `draftKey` (another conversation) aborts and forgets them.
 */
export function useAttachmentUploads(maxFiles: number, draftKey: string) {
  const [uploads, setUploads] = React.useState<AttachmentUpload[]>([]);
  const requests = React.useRef(new Map<string, XMLHttpRequest>());
  const count = React.useRef(0);

  const update = (key: string, patch: Partial<AttachmentUpload>) =>
    setUploads((current) => current.map((upload) => (upload.key === key ? { ...upload, ...patch } : upload)));
  const drop = (key: string) => setUploads((current) => current.filter((upload) => upload.key !== key));

  function upload(file: File): AttachmentUpload {
    const key = `upload-${++count.current}`;
    const request = new XMLHttpRequest();
    requests.current.set(key, request);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) update(key, { progress: event.loaded / event.total });
    };
    request.onload = () => {
      requests.current.delete(key);
      const attachment = uploadedFile(request);
      if (attachment) return update(key, { progress: 1, attachment });
      drop(key);
      toast({ variant: "destructive", title: `${file.name} not attached`, description: errorOf(request) });
    };
    request.onerror = () => {
      requests.current.delete(key);
      drop(key);
      toast({ variant: "destructive", title: `${file.name} not attached`, description: "The upload was interrupted: check the connection and try again." });
    };
    const form = new FormData();
    form.set("file", file);
    request.open("POST", "/api/files");
    request.send(form);
    return { key, name: file.name, progress: 0, attachment: null };
  }

  function add(files: File[]) {
    const room = maxFiles - uploads.length;
    if (files.length > room) {
      toast({ variant: "destructive", title: "Too many attachments", description: `A reply carries at most ${maxFiles} attachments.` });
    }
    const accepted = files.slice(0, Math.max(room, 0)).filter((file) => {
      if (file.size <= FILE_SIZE_LIMIT_BYTES) return true;
      toast({ variant: "destructive", title: `${file.name} not attached`, description: `The file is over the ${FILE_SIZE_LIMIT_LABEL} limit for uploads.` });
      return false;
    });
    if (accepted.length === 0) return;
    const started = accepted.map(upload);
    setUploads((current) => [...current, ...started]);
  }

  function remove(key: string) {
    requests.current.get(key)?.abort();
    requests.current.delete(key);
    drop(key);
  }

  const clear = React.useCallback(() => {
    for (const request of requests.current.values()) request.abort();
    requests.current.clear();
    setUploads([]);
  }, []);

  React.useEffect(() => clear, [clear, draftKey]);

  const attachments = uploads.flatMap((item) => (item.attachment ? [item.attachment] : []));
  return { uploads, attachments, uploading: uploads.length > attachments.length, add, remove, clear };
}
