/**
 * The embed script (`/widget.js`), kept tiny because every page of the customer's site
 * loads it: it draws the launcher, creates the chat iframe lazily (first open, or once
 * the page is idle) and relays between the page and the iframe. Nothing here blocks the
 * page: it runs after the script loads async, and all styles live in a shadow root.
 */
import { MESSAGE_PREFIX, type HostEvent, type HostToWidget, type IdentifyPayload, type WidgetToHost } from "../protocol";
import { readableTextOn } from "../theme";

interface SwitchboardApi {
  open(): void;
  close(): void;
  identify(identity: IdentifyPayload): void;
  on(event: HostEvent, listener: (data?: unknown) => void): void;
}

type QueuedCall = [keyof SwitchboardApi, ...unknown[]];

const CHAT_ICON =
  '<svg width="24" height="24" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><path d="M21 15a2 2 0 0 1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2z"/></svg>';
const CLOSE_ICON =
  '<svg width="24" height="24" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" aria-hidden="true"><path d="M18 6 6 18M6 6l12 12"/></svg>';

const STYLES = `:host{all:initial}
.l{position:fixed;bottom:20px;right:20px;z-index:2147483000;display:flex;align-items:center;gap:8px;height:56px;min-width:56px;padding:0 18px;box-sizing:border-box;border:0;border-radius:28px;background:var(--c);color:var(--t);font:600 15px/1 system-ui,-apple-system,"Segoe UI",sans-serif;box-shadow:0 6px 20px rgba(0,0,0,.25);cursor:pointer}
.left .l{right:auto;left:20px}
.l:focus-visible{outline:3px solid var(--c);outline-offset:3px}
.open .l span{display:none}
.b{position:absolute;top:-4px;right:-4px;min-width:20px;height:20px;padding:0 5px;box-sizing:border-box;border-radius:10px;background:#dc2626;color:#fff;font:700 12px/20px system-ui,sans-serif;text-align:center}
.f{position:fixed;bottom:88px;right:20px;width:380px;height:min(640px,calc(100vh - 108px));border:0;border-radius:16px;box-shadow:0 12px 40px rgba(0,0,0,.3);z-index:2147483001;opacity:0;transform:translateY(12px);visibility:hidden;transition:opacity .2s,transform .2s,visibility .2s}
.left .f{right:auto;left:20px}
.open .f{opacity:1;transform:none;visibility:visible}
@media (max-width:640px){.f{inset:0;width:100%;height:100%;border-radius:0}.open .l{display:none}}
@media (prefers-reduced-motion:reduce){.f{transition:none}}`;

(() => {
  const script = document.currentScript as HTMLScriptElement | null;
  const global = window as unknown as { Switchboard?: SwitchboardApi | { q?: QueuedCall[] } };
  const key = script?.dataset.key;
  if (!script || !key) return console.warn("Switchboard: add data-key to the widget script tag.");
  const origin = new URL(script.src).origin;
  const queued = (global.Switchboard as { q?: QueuedCall[] } | undefined)?.q ?? [];

  const listeners: { [event: string]: ((data?: unknown) => void)[] } = {};
  const emit = (event: HostEvent, data?: unknown) => listeners[event]?.forEach((listener) => listener(data));
  const outbox: HostToWidget[] = [];
  let frame: HTMLIFrameElement | undefined;
  let ready = false;
  let isOpen = false;
  let launcherText = "Chat";

  const host = document.createElement("div");
  const root = host.attachShadow({ mode: "open" });
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(STYLES);
  root.adoptedStyleSheets = [sheet];
  const wrapper = document.createElement("div");
  const launcher = document.createElement("button");
  launcher.className = "l";
  launcher.setAttribute("aria-expanded", "false");
  const icon = document.createElement("i");
  icon.innerHTML = CHAT_ICON;
  icon.style.display = "flex";
  const label = document.createElement("span");
  const badge = document.createElement("b");
  badge.className = "b";
  badge.hidden = true;
  launcher.append(icon, label, badge);
  wrapper.append(launcher);
  root.append(wrapper);

  const page = () => ({ url: location.href, title: document.title });
  const send = (message: HostToWidget) => (ready ? frame?.contentWindow?.postMessage(message, origin) : outbox.push(message));

  function ensureFrame(): void {
    if (frame) return;
    frame = document.createElement("iframe");
    frame.className = "f";
    frame.title = launcherText;
    frame.allow = "microphone; clipboard-write";
    frame.src = `${origin}/widget/${encodeURIComponent(key!)}`;
    // The iframe answers `hello` with `ready`; only then is it sent anything else.
    frame.addEventListener("load", () => frame?.contentWindow?.postMessage({ type: "switchboard:hello", page: page() } satisfies HostToWidget, origin));
    wrapper.append(frame);
  }

  function setOpen(open: boolean, fromWidget = false): void {
    if (open === isOpen) return;
    ensureFrame();
    isOpen = open;
    wrapper.classList.toggle("open", open);
    launcher.setAttribute("aria-expanded", String(open));
    launcher.setAttribute("aria-label", open ? "Close chat" : launcherText);
    icon.innerHTML = open ? CLOSE_ICON : CHAT_ICON;
    if (!fromWidget) send({ type: open ? "switchboard:open" : "switchboard:close" });
    if (open) frame!.focus();
    else launcher.focus();
    emit(open ? "open" : "close");
  }

  window.addEventListener("message", (event: MessageEvent<WidgetToHost>) => {
    const data = event.data;
    if (!frame || event.source !== frame.contentWindow || event.origin !== origin || !String(data?.type).startsWith(MESSAGE_PREFIX)) return;
    if (data.type === "switchboard:ready") {
      ready = true;
      outbox.splice(0).forEach(send);
      emit("ready");
    } else if (data.type === "switchboard:request-open") setOpen(true, true);
    else if (data.type === "switchboard:request-close") setOpen(false, true);
    else if (data.type === "switchboard:unread") {
      badge.hidden = data.count === 0;
      badge.textContent = String(data.count);
      emit("unread", data.count);
    } else if (data.type === "switchboard:message") emit("message", data.message);
    else if (data.type === "switchboard:identified" && !data.ok) console.warn(`Switchboard: ${data.error}`);
  });

  // Single-page sites change pages without loading: tell the widget where the visitor is.
  const notifyPage = () => send({ type: "switchboard:page", page: page() });
  for (const method of ["pushState", "replaceState"] as const) {
    const original = history[method];
    history[method] = function (this: History, ...args: Parameters<History["pushState"]>) {
      original.apply(this, args);
      notifyPage();
    };
  }
  addEventListener("popstate", notifyPage);

  const api: SwitchboardApi = {
    open: () => setOpen(true),
    close: () => setOpen(false),
    identify(identity) {
      ensureFrame();
      send({ type: "switchboard:identify", identity });
    },
    on(event, listener) {
      (listeners[event] ??= []).push(listener);
    },
  };
  global.Switchboard = api;
  launcher.addEventListener("click", () => setOpen(!isOpen));

  fetch(`${origin}/api/widget/config?key=${encodeURIComponent(key)}`)
    .then(async (response) => {
      const config = await response.json();
      if (!response.ok) throw new Error(config.error);
      const colour: string = config.colour;
      wrapper.style.setProperty("--c", colour);
      wrapper.style.setProperty("--t", readableTextOn(colour));
      if (config.position === "left") wrapper.classList.add("left");
      launcherText = label.textContent = config.launcherText;
      launcher.setAttribute("aria-label", launcherText);
      document.body.append(host);
      queued.forEach(([method, ...args]) => (api[method] as (...values: unknown[]) => void)(...args));
      (window.requestIdleCallback ?? setTimeout)(ensureFrame);
    })
    .catch((error: Error) => console.warn(`Switchboard: the chat widget did not load. ${error.message}`));
})();
