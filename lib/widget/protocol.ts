/**
 * Messages between the loader on the customer's page and the widget iframe
 * (window.postMessage). Both sides check the sender's origin and window before acting.
 * Imported by the two browser bundles, so nothing here may import server code.
 */

/** Prefix of every message type, so unrelated postMessage traffic on the page is ignored. */
export const MESSAGE_PREFIX = "switchboard:";

export type HostToWidget =
  | { type: "switchboard:hello"; page: PageInfo }
  | { type: "switchboard:open" }
  | { type: "switchboard:close" }
  | { type: "switchboard:page"; page: PageInfo }
  | { type: "switchboard:identify"; identity: IdentifyPayload };

export type WidgetToHost =
  | { type: "switchboard:ready" }
  | { type: "switchboard:request-open" }
  | { type: "switchboard:request-close" }
  | { type: "switchboard:unread"; count: number }
  | { type: "switchboard:message"; message: { senderType: string; senderName: string | null; text: string } }
  | { type: "switchboard:identified"; ok: boolean; error?: string };

export interface PageInfo {
  url: string;
  title: string;
}

export type IdentifyPayload = { id: string; name?: string; email?: string; hash: string } | { token: string };

/** Events `Switchboard.on()` offers to the host page. */
export type HostEvent = "open" | "close" | "message" | "unread" | "ready";
