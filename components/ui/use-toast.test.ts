import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import {
  TOAST_LIMIT,
  TOAST_REMOVE_DELAY_MS,
  dismissToast,
  getToasts,
  subscribeToToasts,
  toast,
} from "./use-toast";

describe("toast store", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  afterEach(() => {
    dismissToast();
    vi.runAllTimers();
    vi.useRealTimers();
  });

  it("adds an open toast, newest first, with the default variant", () => {
    toast({ title: "First" });
    const { id } = toast({ title: "Second", variant: "success" });
    const [newest, older] = getToasts();
    expect(newest).toMatchObject({ id, title: "Second", variant: "success", open: true });
    expect(older).toMatchObject({ title: "First", variant: "default", open: true });
  });

  it("notifies subscribers and stops after unsubscribe", () => {
    const listener = vi.fn();
    const unsubscribe = subscribeToToasts(listener);
    toast({ title: "Saved" });
    expect(listener).toHaveBeenCalledTimes(1);
    unsubscribe();
    toast({ title: "Again" });
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it("closes a dismissed toast, then removes it after the exit delay", () => {
    const handle = toast({ title: "Bye" });
    handle.dismiss();
    expect(getToasts().find((t) => t.id === handle.id)?.open).toBe(false);
    vi.advanceTimersByTime(TOAST_REMOVE_DELAY_MS);
    expect(getToasts().some((t) => t.id === handle.id)).toBe(false);
  });

  it("dismisses every toast when no id is given", () => {
    toast({ title: "A" });
    toast({ title: "B" });
    dismissToast();
    expect(getToasts().every((t) => !t.open)).toBe(true);
    vi.advanceTimersByTime(TOAST_REMOVE_DELAY_MS);
    expect(getToasts()).toHaveLength(0);
  });

  it("updates a toast in place", () => {
    const handle = toast({ title: "Sending…" });
    handle.update({ title: "Sent", variant: "success" });
    expect(getToasts()[0]).toMatchObject({ id: handle.id, title: "Sent", variant: "success", open: true });
  });

  it("keeps only the newest toasts beyond the limit", () => {
    const ids = Array.from({ length: TOAST_LIMIT + 2 }, (_, i) => toast({ title: `T${i}` }).id);
    expect(getToasts().map((t) => t.id)).toEqual(ids.slice(-TOAST_LIMIT).reverse());
  });

  it("keeps the same snapshot until the store changes", () => {
    toast({ title: "Stable" });
    expect(getToasts()).toBe(getToasts());
  });
});
