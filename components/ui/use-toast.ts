import * as React from "react";

/**
 * A small global toast store. Any client code can call `toast({...})` without a hook;
 * `<Toaster />` (mounted once in the app layout) subscribes and renders the queue.
 */

export type ToastVariant = "default" | "success" | "destructive";

export interface ToastOptions {
  title?: React.ReactNode;
  description?: React.ReactNode;
  variant?: ToastVariant;
  /** An element from `<ToastAction altText="…">`, e.g. an Undo button. */
  action?: React.ReactElement;
  /** Milliseconds before auto-dismiss; defaults to the Toaster's duration. */
  duration?: number;
}

export interface ToastRecord extends ToastOptions {
  id: string;
  /** False while the exit animation runs, before the record is removed. */
  open: boolean;
}

export interface ToastHandle {
  id: string;
  dismiss: () => void;
  update: (options: ToastOptions) => void;
}

/** Older toasts beyond this many are dropped so a burst of errors cannot cover the screen. */
export const TOAST_LIMIT = 3;
/** Time given to the exit animation before a dismissed toast is removed from the store. */
export const TOAST_REMOVE_DELAY_MS = 300;

let toasts: readonly ToastRecord[] = [];
const listeners = new Set<() => void>();
const removalTimers = new Map<string, ReturnType<typeof setTimeout>>();
let nextId = 0;

function setToasts(next: readonly ToastRecord[]): void {
  toasts = next;
  for (const listener of listeners) listener();
}

function scheduleRemoval(id: string): void {
  if (removalTimers.has(id)) return;
  removalTimers.set(
    id,
    setTimeout(() => {
      removalTimers.delete(id);
      setToasts(toasts.filter((t) => t.id !== id));
    }, TOAST_REMOVE_DELAY_MS),
  );
}

/** Closes one toast, or every toast when no id is given. */
export function dismissToast(id?: string): void {
  const closing = toasts.filter((t) => t.open && (id === undefined || t.id === id));
  if (closing.length === 0) return;
  for (const t of closing) scheduleRemoval(t.id);
  setToasts(toasts.map((t) => (closing.includes(t) ? { ...t, open: false } : t)));
}

function updateToast(id: string, options: ToastOptions): void {
  setToasts(toasts.map((t) => (t.id === id ? { ...t, ...options } : t)));
}

/** Shows a toast and returns a handle to update or dismiss it. */
export function toast(options: ToastOptions): ToastHandle {
  nextId = (nextId + 1) % Number.MAX_SAFE_INTEGER;
  const id = String(nextId);
  const record: ToastRecord = { variant: "default", ...options, id, open: true };
  setToasts([record, ...toasts].slice(0, TOAST_LIMIT));
  return { id, dismiss: () => dismissToast(id), update: (next) => updateToast(id, next) };
}

export function subscribeToToasts(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** Newest first. The same array instance is returned until the store changes. */
export function getToasts(): readonly ToastRecord[] {
  return toasts;
}

const noToasts: readonly ToastRecord[] = [];

/** React binding: re-renders when the toast queue changes. */
export function useToast(): { toasts: readonly ToastRecord[]; toast: typeof toast; dismiss: typeof dismissToast } {
  const current = React.useSyncExternalStore(subscribeToToasts, getToasts, () => noToasts);
  return { toasts: current, toast, dismiss: dismissToast };
}
