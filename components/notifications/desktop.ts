"use client";

import * as React from "react";

/** "unsupported" when the browser has no Notification API (or the page is not a secure context). */
export type DesktopPermission = NotificationPermission | "unsupported";

function currentPermission(): DesktopPermission {
  return typeof window !== "undefined" && "Notification" in window ? Notification.permission : "unsupported";
}

const permissionListeners = new Set<() => void>();

function subscribe(onChange: () => void): () => void {
  permissionListeners.add(onChange);
  return () => permissionListeners.delete(onChange);
}

/** The browser's permission for desktop notifications, and a function asking for it (call it from a click). */
export function useDesktopNotificationPermission(): { permission: DesktopPermission; request: () => Promise<void> } {
  const permission = React.useSyncExternalStore(subscribe, currentPermission, () => "unsupported" as const);
  const request = React.useCallback(async () => {
    if (currentPermission() !== "default") return;
    await Notification.requestPermission();
    for (const listener of permissionListeners) listener();
  }, []);
  return { permission, request };
}

/** Shows a system notification when allowed; clicking it focuses the app and opens `href`. */
export function showDesktopNotification(options: { title: string; body: string; href: string; tag: string }): void {
  if (currentPermission() !== "granted") return;
  try {
    const notification = new Notification(options.title, { body: options.body, tag: options.tag });
    notification.onclick = () => {
      window.focus();
      window.location.assign(options.href);
      notification.close();
    };
  } catch {
    // Some browsers (Android Chrome) only allow notifications from a service worker.
  }
}
