import { statSync } from "node:fs";
import path from "node:path";
import type { BrowserRealtimeConfig } from "@/lib/realtime/config";
import type { WidgetAppConfig } from "./public-config";
import { escapeHtml } from "@/lib/http/html";

/** `?v=` for a built asset, so browsers fetch a new bundle after each build. */
function assetVersion(file: string): string {
  try {
    return Math.floor(statSync(path.join(process.cwd(), "public", file)).mtimeMs).toString(36);
  } catch {
    return "missing";
  }
}

/** JSON safe inside a <script> element: no `</script>` or `<!--` can close or alter it. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");

/** Where the widget's realtime connection goes, for its connect-src. */
function realtimeSources(realtime: BrowserRealtimeConfig | null): string {
  if (!realtime) return "";
  if (realtime.wsHost) {
    const port = realtime.wsPort ? `:${realtime.wsPort}` : "";
    return `ws://${realtime.wsHost}${port} wss://${realtime.wsHost}${port}`;
  }
  return `wss://ws-${realtime.cluster}.pusher.com https://sockjs-${realtime.cluster}.pusher.com`;
}

/**
 * The widget page's policy: framed only by the channel's allowed origins (and
 * Switchboard itself, for the demo page), scripts only from Switchboard.
 */
export function widgetContentSecurityPolicy(frameAncestors: string[], realtime: BrowserRealtimeConfig | null): string {
  return [
    `frame-ancestors 'self' ${frameAncestors.join(" ")}`.trim(),
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' blob: data: https:",
    "media-src 'self' blob:",
    `connect-src 'self' ${realtimeSources(realtime)}`.trim(),
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join("; ");
}

/** The HTML shell of `/widget/{key}`: its settings inline, the app bundle and styles from public/. */
export function widgetPageHtml(config: WidgetAppConfig): string {
  const title = `Chat with ${config.businessName}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/widget-app.css?v=${assetVersion("widget-app.css")}">
<script id="switchboard-config" type="application/json">${scriptJson(config)}</script>
<script src="/widget-app.js?v=${assetVersion("widget-app.js")}" defer></script>
</head>
<body></body>
</html>`;
}

/** What `/widget/{key}` shows for a key that no active web channel has. */
export function widgetMissingHtml(message: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Chat unavailable</title></head><body><p>${escapeHtml(message)}</p></body></html>`;
}
