/**
 * The chat inside the widget iframe (`/widget/{key}`): a small app without a framework,
 * bundled with pusher-js by dev/build-widget.ts. It talks to /api/widget/* with its
 * session token, streams the assistant's answers, and hears agents over realtime.
 */
import "./styles.css";
import Pusher, { type Channel } from "pusher-js";
import type { WidgetAppConfig } from "../public-config";
import type { HostToWidget, PageInfo, WidgetToHost } from "../protocol";
import { readableTextOn } from "../theme";
import { ApiError, readJson, storage, WidgetApi, type SessionState } from "./api";
import { Composer, type QueuedFile, type UploadedFile } from "./composer";
import { h, icon } from "./dom";
import { firstName, fromServer, MessageList, type ChatAttachment, type ChatMessage, type ServerMessage } from "./messages";
import { readUiMessageStream } from "./stream";

const config = JSON.parse(document.getElementById("switchboard-config")!.textContent!) as WidgetAppConfig;
const standalone = window.parent === window;
const HEARTBEAT_MS = 30_000;
const TYPING_EVENT = "client-typing";
const TYPING_SEND_EVERY_MS = 2_500;
const TYPING_SHOW_MS = 5_000;
const HANDOFF_TEXT = "I'd like to talk to a person.";

document.documentElement.style.setProperty("--accent", config.theme.colour);
document.documentElement.style.setProperty("--accent-text", readableTextOn(config.theme.colour));

// ───────────── host page bridge ─────────────

let hostOrigin: string | null = null;
let page: PageInfo | null = null;
const hostOrigins = new Set([location.origin, ...config.hostOrigins]);

function toHost(message: WidgetToHost): void {
  if (hostOrigin) window.parent.postMessage(message, hostOrigin);
}

// ───────────── state ─────────────

const api = new WidgetApi(config.key, () => page);
let conversationId: string | null = null;
let conversationStatus: string | null = null;
let rated = false;
let isOpen = standalone;
let unread = 0;
let realtime: Pusher | null = null;
let conversationChannel: Channel | null = null;
let lastTypingSent = 0;
let agentTypingTimer: ReturnType<typeof setTimeout> | undefined;
let countdownTimer: ReturnType<typeof setInterval> | undefined;
let mayChat = true;

// ───────────── layout ─────────────

const statusLine = h("p", null, "We usually answer right away");
const historyButton = h("button", { type: "button", class: "icon-button", "aria-label": "Past conversations", onclick: () => void showHistory() }, icon("history"));
const closeButton = standalone ? null : h("button", { type: "button", class: "icon-button", "aria-label": "Close chat", onclick: () => setOpen(false, true) }, icon("close"));
const banner = h("div", { class: "banner", hidden: true });
const typingLine = h("div", { class: "typing", "aria-live": "polite" });
const chips = h("div", { class: "chips", role: "group", "aria-label": "Suggested replies" });
const list = new MessageList({
  businessName: config.businessName,
  resolveFile,
  retry: (message) => {
    list.upsert({ ...message, state: "sending", error: undefined });
    void deliver(message.id, message.text, pendingFiles.get(message.id) ?? []);
  },
});
const pendingFiles = new Map<string, QueuedFile[]>();
const scroller = h("main", { class: "scroll" }, list.element, typingLine, chips);
const handoffButton = h("button", { type: "button", class: "link-button", onclick: () => void talkToPerson() }, "Talk to a person");
const actionsRow = h("div", { class: "actions-row" }, handoffButton);
const composer = new Composer({
  upload: uploadFile,
  send: (text, files) => void sendMessage(text, files),
  typing: notifyTyping,
  error: (message) => composer.showNotice(message, true),
});
const chatView = h("div", { class: "panel-body" }, scroller, actionsRow, composer.element);
const otherView = h("section", { class: "view", hidden: true });
const panel = h(
  "div",
  { class: "panel", role: "dialog", "aria-modal": "true", "aria-labelledby": "switchboard-title" },
  h(
    "header",
    { class: "head" },
    config.theme.logoUrl ? h("img", { src: config.theme.logoUrl, alt: "" }) : null,
    h("div", { class: "titles" }, h("h1", { id: "switchboard-title" }, config.businessName), statusLine),
    historyButton,
    closeButton,
  ),
  banner,
  chatView,
  otherView,
);
document.body.append(panel);

// ───────────── views ─────────────

function showChat(): void {
  otherView.hidden = true;
  otherView.replaceChildren();
  chatView.hidden = false;
  composer.focus();
}

function showOther(...content: (Node | null)[]): void {
  chatView.hidden = true;
  otherView.replaceChildren(...content.filter((node) => node !== null));
  otherView.hidden = false;
  (otherView.querySelector("input, textarea, button") as HTMLElement | null)?.focus();
}

const backButton = () => h("button", { type: "button", class: "secondary", onclick: showChat }, "Back to chat");

function showBanner(content: (Node | string)[] | null, isError = false): void {
  banner.hidden = !content;
  banner.className = isError ? "banner error" : "banner";
  banner.setAttribute("role", isError ? "alert" : "status");
  banner.replaceChildren(...(content ?? []));
}

function scrollToEnd(): void {
  scroller.scrollTop = scroller.scrollHeight;
}

/** Quick replies from the latest assistant answer; tapping one sends it. */
function showChips(suggestions: string[]): void {
  chips.replaceChildren(...suggestions.map((text) => h("button", { type: "button", class: "chip", onclick: () => void sendMessage(text, []) }, text)));
}

// ───────────── session ─────────────

async function startSession(): Promise<void> {
  let session: SessionState;
  try {
    session = await api.startSession();
  } catch (error) {
    showBanner([error instanceof Error ? error.message : "The chat could not start."], true);
    composer.setEnabled(false, "The chat is unavailable right now.");
    return;
  }
  applyIdentity(session.identified);
  connectRealtime(session.sessionId);
  if (session.conversationId) await openConversation(session.conversationId);
  else if (!session.availability.online) showOffline(session.availability.reason === "outside_hours" ? "We're away right now." : "Nobody is available to chat right now.");
  if (!session.availability.online) statusLine.textContent = "We're away — leave us a message";
}

function applyIdentity(identified: boolean): void {
  mayChat = identified || !config.enforceIdentity;
  composer.setEnabled(mayChat, "Sign in on this site to chat with us.");
  showHandoffButton();
}

/** "Talk to a person" is offered unless a person already has the chat. */
function showHandoffButton(): void {
  handoffButton.hidden = !mayChat || conversationStatus === "assigned" || conversationStatus === "pending";
}

/** Shows one conversation's thread and listens to it live. */
async function openConversation(id: string): Promise<void> {
  const thread = (await api.json(`/api/widget/messages?conversationId=${encodeURIComponent(id)}`)) as {
    conversation: { id: string; status: string; rated: boolean };
    messages: ServerMessage[];
  };
  resetThread();
  for (const message of thread.messages) list.upsert(fromServer(message));
  const lastBot = thread.messages.at(-1);
  if (lastBot?.senderType === "bot") showChips(lastBot.suggestions ?? []);
  setConversation(id);
  conversationStatus = thread.conversation.status;
  rated = thread.conversation.rated;
  showHandoffButton();
  if (isSettled(conversationStatus) && !rated) showRating();
  resumeCountdown();
  scrollToEnd();
}

function setConversation(id: string): void {
  if (conversationId === id) return;
  if (conversationId && realtime) realtime.unsubscribe(`private-conversation-${conversationId}`);
  conversationId = id;
  subscribeConversation();
}

const isSettled = (status: string | null) => status === "resolved" || status === "closed";

/** An empty thread that opens with the channel's welcome message. */
function resetThread(): void {
  list.clear();
  showChips([]);
  showTyping(null);
  list.upsert({
    id: "welcome",
    role: "bot",
    senderName: null,
    text: config.welcomeMessage,
    attachments: [],
    createdAt: new Date().toISOString(),
    sources: [],
    suggestions: [],
    state: "sent",
  });
}

// ───────────── realtime ─────────────

function connectRealtime(sessionId: string): void {
  if (realtime || !config.realtime) return;
  const { key, cluster, forceTLS, wsHost, wsPort } = config.realtime;
  realtime = new Pusher(key, {
    cluster,
    forceTLS,
    ...(wsHost ? { wsHost, wsPort, wssPort: wsPort } : {}),
    enabledTransports: ["ws", "wss"],
    channelAuthorization: {
      customHandler: ({ socketId, channelName }, callback) => {
        const form = new URLSearchParams({ socket_id: socketId, channel_name: channelName });
        api
          .request("/api/widget/realtime/auth", { method: "POST", body: form })
          .then(readJson)
          .then(
            (signed) => callback(null, signed as { auth: string }),
            (error: Error) => callback(error, null),
          );
      },
    },
  });
  realtime.subscribe(`private-widget-${sessionId}`).bind("proactive.message", (data: Parameters<typeof onProactiveMessage>[0]) => void onProactiveMessage(data));
  subscribeConversation();
}

function subscribeConversation(): void {
  if (!realtime || !conversationId) return;
  const channel = realtime.subscribe(`private-conversation-${conversationId}`);
  conversationChannel = channel;
  channel.bind("message.created", onMessageCreated);
  channel.bind("conversation.status", (data: { status: string }) => onStatus(data.status));
  channel.bind(TYPING_EVENT, (data: { senderType?: string; name?: string }) => {
    if (data?.senderType === "contact") return;
    showTyping(`${firstName(data?.name ?? null) ?? "Someone"} is typing…`);
  });
}

function showTyping(text: string | null): void {
  clearTimeout(agentTypingTimer);
  typingLine.textContent = text ?? "";
  if (text) agentTypingTimer = setTimeout(() => showTyping(null), TYPING_SHOW_MS);
}

function notifyTyping(): void {
  const now = Date.now();
  if (!conversationChannel?.subscribed || now - lastTypingSent < TYPING_SEND_EVERY_MS) return;
  lastTypingSent = now;
  conversationChannel.trigger(TYPING_EVENT, { senderType: "contact", name: "The customer" });
}

function onMessageCreated(data: ServerMessage & { conversationId?: string; direction?: string }): void {
  if (data.contentTruncated) {
    if (conversationId) void openConversation(conversationId);
    return;
  }
  if (list.get(data.id)) return;
  const message = fromServer(data);
  if (message.role === "customer") {
    // The customer's own message, pushed before this tab learned its id: adopt it.
    const mine = list.all().find((candidate) => candidate.role === "customer" && candidate.state === "sending" && candidate.text === message.text);
    if (mine) return;
  }
  list.upsert(message);
  if (message.role === "agent") {
    showTyping(null);
    stopCountdown(`${firstName(message.senderName) ?? "Someone from our team"} joined the chat.`);
  }
  if (message.role !== "customer") announce(message);
  scrollToEnd();
}

function onStatus(status: string): void {
  const previous = conversationStatus;
  conversationStatus = status;
  showHandoffButton();
  // Being assigned is not yet being answered: the wait ends with the agent's first message.
  if (isSettled(status) && !isSettled(previous) && !rated) {
    stopCountdown(null);
    showRating();
  }
}

/** An agent reaches out first: the widget opens on their message (and the conversation it started). */
async function onProactiveMessage(data: { conversationId: string; message: { id: string; content: string; senderName: string; createdAt: string } }): Promise<void> {
  if (data.conversationId !== conversationId) await openConversation(data.conversationId).catch(() => undefined);
  let message = list.get(data.message.id);
  if (!message) {
    message = fromServer({ ...data.message, senderType: "agent" });
    list.upsert(message);
  }
  announce(message);
  setOpen(true, true);
  scrollToEnd();
}

/** A new message from the business: counted as unread while the panel is closed, and told to the host page. */
function announce(message: ChatMessage): void {
  toHost({ type: "switchboard:message", message: { senderType: message.role, senderName: message.senderName, text: message.text } });
  if (isOpen && document.visibilityState === "visible") return;
  unread += 1;
  toHost({ type: "switchboard:unread", count: unread });
}

// ───────────── sending ─────────────

let localCounter = 0;
const newClientId = () => `c${Date.now().toString(36)}${(localCounter++).toString(36)}${Math.random().toString(36).slice(2, 8)}`;

async function uploadFile(file: File): Promise<UploadedFile> {
  const form = new FormData();
  form.set("file", file);
  return (await readJson(await api.request("/api/widget/uploads", { method: "POST", body: form }))) as UploadedFile;
}

async function sendMessage(text: string, files: QueuedFile[]): Promise<boolean> {
  composer.showNotice(null);
  showChips([]);
  const clientMessageId = newClientId();
  const attachments: ChatAttachment[] = files.map(({ file, previewUrl }) => ({ url: previewUrl, name: file.name, contentType: file.type, size: file.size, previewUrl }));
  list.upsert({ id: clientMessageId, role: "customer", senderName: null, text, attachments, createdAt: new Date().toISOString(), sources: [], suggestions: [], state: "sending" });
  pendingFiles.set(clientMessageId, files);
  scrollToEnd();
  return deliver(clientMessageId, text, files);
}

/** Sends (or re-sends) one message and shows what comes back: a streamed answer or the stored message. False when it was not sent. */
async function deliver(clientMessageId: string, text: string, files: QueuedFile[]): Promise<boolean> {
  const failed = (error: unknown) => {
    const message = list.get(clientMessageId);
    if (message) list.upsert({ ...message, state: "failed", error: error instanceof Error ? error.message : "Not sent." });
    return false;
  };
  let uploads: UploadedFile[];
  try {
    uploads = await Promise.all(files.map((file) => file.upload));
  } catch (error) {
    return failed(error);
  }
  let response: Response;
  try {
    response = await api.request("/api/widget/messages", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ clientMessageId, text, attachments: uploads.map(({ id, proof }) => ({ id, proof })) }),
    });
    if (!response.ok) await readJson(response);
  } catch (error) {
    return failed(error);
  }
  const storedId = response.headers.get("x-switchboard-message-id");
  const storedConversation = response.headers.get("x-switchboard-conversation-id");
  const sent = list.get(clientMessageId);
  if (sent) list.upsert({ ...sent, state: "sent" });
  pendingFiles.delete(clientMessageId);
  if (storedId) list.rekey(clientMessageId, storedId);
  if (storedConversation && storedConversation !== conversationId) {
    setConversation(storedConversation);
    conversationStatus = "open";
    rated = false;
  }
  if (response.headers.get("content-type")?.includes("text/event-stream") && response.body) await readAnswer(response.body);
  else await response.json().catch(() => null);
  return true;
}

/** Shows the assistant's answer as it streams: text, citations, quick replies, a hand-off. */
async function readAnswer(body: ReadableStream<Uint8Array>): Promise<void> {
  let answer: ChatMessage | null = null;
  const update = (change: Partial<ChatMessage>) => {
    if (!answer) return;
    answer = { ...answer, ...change };
    list.upsert(answer);
    scrollToEnd();
  };
  try {
    for await (const chunk of readUiMessageStream(body)) {
      if (chunk.type === "start") {
        const id = chunk.messageId ?? newClientId();
        answer = list.get(id) ?? { id, role: "bot", senderName: null, text: "", attachments: [], createdAt: new Date().toISOString(), sources: [], suggestions: [], state: "streaming" };
        if (answer.state === "streaming") list.upsert(answer);
        scrollToEnd();
      } else if (chunk.type === "text-delta" && answer && answer.state === "streaming") update({ text: answer.text + (chunk.delta ?? "") });
      else if (chunk.type === "source-url" && answer && chunk.url) update({ sources: [...answer.sources, { title: chunk.title || chunk.url, url: chunk.url }] });
      else if (chunk.type === "data-suggestions") showChips(((chunk.data as { suggestions?: string[] })?.suggestions ?? []).slice(0, 4));
      else if (chunk.type === "data-handoff") startCountdown(Date.now() + config.handoffTimeoutSeconds * 1000);
      else if (chunk.type === "error") showBanner([chunk.errorText || "The answer could not be completed."], true);
    }
  } finally {
    if (answer && (answer as ChatMessage).state === "streaming") update({ state: "sent", createdAt: new Date().toISOString() });
    if (answer) announce(answer);
  }
}

// ───────────── talking to a person ─────────────

/** Asks for a person the way a customer would: the assistant hands off (or a person already has the chat), then the wait is shown. */
async function talkToPerson(): Promise<void> {
  handoffButton.disabled = true;
  const sent = await sendMessage(HANDOFF_TEXT, []);
  handoffButton.disabled = false;
  if (sent) startCountdown(Date.now() + config.handoffTimeoutSeconds * 1000);
}

const countdownKey = () => `switchboard.handoff.${conversationId}`;

/** Waits for a person for the channel's hand-off time, showing what is left; then offers the offline form. */
function startCountdown(deadline: number): void {
  if (!conversationId || countdownTimer !== undefined) return;
  storage.set(countdownKey(), String(deadline));
  clearInterval(countdownTimer);
  const clock = h("span", { class: "countdown", "aria-hidden": "true" });
  showBanner([h("span", { class: "grow" }, "Connecting you to a person… "), clock]);
  const tick = () => {
    const left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
    clock.textContent = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}`;
    if (left === 0) {
      stopCountdown(null);
      showBanner([
        h("span", { class: "grow" }, "Nobody could join yet. Leave a message and we'll reply by email."),
        h("button", { type: "button", class: "secondary", onclick: () => showOffline(null) }, "Leave a message"),
      ]);
    }
  };
  tick();
  countdownTimer = setInterval(tick, 1000);
}

function resumeCountdown(): void {
  const deadline = Number(storage.get(countdownKey()));
  if (deadline > Date.now() && !isSettled(conversationStatus)) startCountdown(deadline);
}

const NOTICE_SHOWN_MS = 8_000;

function stopCountdown(notice: string | null): void {
  if (countdownTimer === undefined) return;
  clearInterval(countdownTimer);
  countdownTimer = undefined;
  storage.set(countdownKey(), null);
  showBanner(notice ? [notice] : null);
  if (notice) setTimeout(() => banner.textContent === notice && showBanner(null), NOTICE_SHOWN_MS);
}

// ───────────── offline form ─────────────

const FIELD_LABELS = { name: "Your name", email: "Email", phone: "Phone", message: "Message" } as const;

function showOffline(intro: string | null): void {
  const fields = config.offlineForm.fields;
  const errors = new Map<string, HTMLElement>();
  const inputs = fields.map((field) => {
    const id = `offline-${field}`;
    const error = h("span", { class: "error", id: `${id}-error`, role: "alert" });
    errors.set(field, error);
    const attributes = { id, name: field, required: true, "aria-describedby": `${id}-error` };
    const control =
      field === "message"
        ? h("textarea", { ...attributes, rows: 4 })
        : h("input", { ...attributes, type: field === "email" ? "email" : field === "phone" ? "tel" : "text", autocomplete: field === "phone" ? "tel" : field });
    return h("div", { class: "field" }, h("label", { for: id }, FIELD_LABELS[field]), control, error);
  });
  const submit = h("button", { type: "submit", class: "primary" }, "Send message");
  const formError = h("p", { class: "notice error", role: "alert" });
  const form = h(
    "form",
    {
      novalidate: true,
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const values = Object.fromEntries(new FormData(form).entries());
        submit.disabled = true;
        formError.textContent = "";
        errors.forEach((element) => (element.textContent = ""));
        try {
          const result = (await api.json("/api/widget/offline", values)) as { conversationId: string; emailed: boolean };
          showOther(
            h("h2", { tabindex: -1 }, "Message sent"),
            h("p", null, config.offlineForm.confirmation),
            result.emailed ? h("p", null, "We've emailed you a confirmation.") : null,
            backButton(),
          );
          void openConversation(result.conversationId);
        } catch (error) {
          const text = error instanceof Error ? error.message : "Could not send the message.";
          // Field errors come back as "name: Enter your name.; email: Enter an email address…".
          const problems = text.split("; ").map((problem) => problem.split(/: (.*)/s) as [string, string?]);
          if (problems.every(([field, detail]) => detail && errors.has(field))) {
            for (const [field, detail] of problems) errors.get(field)!.textContent = detail!;
            (form.querySelector(`[name="${problems[0]![0]}"]`) as HTMLElement | null)?.focus();
          } else formError.textContent = text;
        } finally {
          submit.disabled = false;
        }
      },
    },
    ...inputs,
    formError,
    submit,
  );
  showOther(
    h("h2", null, "Leave us a message"),
    h("p", null, `${intro ? `${intro} ` : ""}We'll get back to you by email.`),
    form,
    conversationId ? h("p", null, backButton()) : null,
  );
}

// ───────────── rating ─────────────

function showRating(): void {
  if (!conversationId || list.element.querySelector(".card")) return;
  const ratedConversation = conversationId;
  let chosen = 0;
  const stars = [1, 2, 3, 4, 5].map((value) =>
    h(
      "button",
      {
        type: "button",
        class: "star",
        role: "radio",
        "aria-checked": "false",
        "aria-label": `${value} star${value === 1 ? "" : "s"}`,
        onclick: () => {
          chosen = value;
          stars.forEach((star, index) => {
            star.setAttribute("aria-checked", String(index + 1 === value));
            star.classList.toggle("lit", index < value);
          });
          submit.disabled = false;
        },
      },
      "★",
    ),
  );
  const comment = h("textarea", { rows: 2, placeholder: "Anything to add? (optional)", "aria-label": "Comment (optional)", maxlength: 2000 });
  const submit = h("button", { type: "submit", class: "primary", disabled: true }, "Send rating");
  const error = h("p", { class: "notice error", role: "alert" });
  const card: HTMLLIElement = h(
    "li",
    { class: "card" },
    h(
      "form",
      {
        onsubmit: async (event: Event) => {
          event.preventDefault();
          submit.disabled = true;
          try {
            await api.json("/api/widget/csat", { conversationId: ratedConversation, rating: chosen, comment: comment.value.trim() || undefined });
            rated = true;
            const thanks = h("p", { tabindex: -1, role: "status" }, "Thank you for your feedback!");
            card.replaceChildren(thanks);
            thanks.focus();
          } catch (caught) {
            error.textContent = caught instanceof Error ? caught.message : "Could not send the rating.";
            submit.disabled = false;
          }
        },
      },
      h("h2", { id: "rating-title" }, "How did we do?"),
      h("div", { class: "stars", role: "radiogroup", "aria-labelledby": "rating-title" }, ...stars),
      comment,
      error,
      submit,
    ),
  );
  list.appendExtra(card);
  scrollToEnd();
}

// ───────────── past conversations ─────────────

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const STATUS_LABELS: Record<string, string> = { open: "Open", bot: "Open", assigned: "Open", pending: "Waiting for you", resolved: "Resolved", closed: "Closed" };

async function showHistory(): Promise<void> {
  let conversations: { id: string; status: string; lastMessageAt: string; preview: string | null }[];
  try {
    ({ conversations } = (await api.json("/api/widget/conversations")) as { conversations: typeof conversations });
  } catch (error) {
    return showBanner([error instanceof Error ? error.message : "Could not load your conversations."], true);
  }
  showOther(
    h("h2", null, "Your conversations"),
    conversations.length
      ? h(
          "ul",
          { class: "history-list" },
          ...conversations.map((conversation) =>
            h(
              "li",
              null,
              h(
                "button",
                {
                  type: "button",
                  onclick: async () => {
                    await openConversation(conversation.id);
                    showChat();
                  },
                },
                conversation.preview ?? "Conversation",
                h("span", { class: "when" }, `${STATUS_LABELS[conversation.status] ?? conversation.status} · ${dateFormat.format(new Date(conversation.lastMessageAt))}`),
              ),
            ),
          ),
        )
      : h("p", null, "No conversations yet."),
    backButton(),
  );
}

// ───────────── files ─────────────

const fileUrls = new Map<string, Promise<string>>();

/** Stored files need the widget token, so they are fetched and shown from a local object URL. */
function resolveFile(attachment: ChatAttachment): Promise<string> {
  const match = /^\/api\/files\/([a-z0-9]+)$/.exec(attachment.url);
  if (!match || !conversationId) return Promise.resolve(attachment.url);
  const url = `/api/widget/files/${match[1]}?conversationId=${encodeURIComponent(conversationId)}`;
  let cached = fileUrls.get(url);
  if (!cached) {
    cached = api.request(url).then(async (response) => {
      if (!response.ok) throw new ApiError(response.status, "The file could not be loaded.");
      return URL.createObjectURL(await response.blob());
    });
    fileUrls.set(url, cached);
  }
  return cached;
}

// ───────────── open, close, keyboard ─────────────

function setOpen(open: boolean, tellHost: boolean): void {
  if (isOpen === open) return;
  isOpen = open;
  if (tellHost) toHost({ type: open ? "switchboard:request-open" : "switchboard:request-close" });
  if (open) {
    unread = 0;
    toHost({ type: "switchboard:unread", count: 0 });
    if (otherView.hidden) composer.focus();
    scrollToEnd();
  } else composer.cancelRecording();
}

document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && !standalone) {
    event.preventDefault();
    setOpen(false, true);
  }
  // Keep focus inside the open panel.
  if (event.key === "Tab") {
    const focusable = [...panel.querySelectorAll<HTMLElement>("button, a[href], input, textarea, audio[controls], [tabindex]:not([tabindex='-1'])")].filter(
      (element) => !(element as HTMLButtonElement).disabled && element.offsetParent !== null,
    );
    const first = focusable[0];
    const last = focusable.at(-1);
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last?.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first?.focus();
    }
  }
});

// Drag and drop photos anywhere on the panel.
const dropHint = h("div", { class: "drop-hint", hidden: true }, "Drop to attach");
panel.append(dropHint);
panel.addEventListener("dragover", (event) => {
  if (!event.dataTransfer?.types.includes("Files")) return;
  event.preventDefault();
  dropHint.hidden = false;
});
panel.addEventListener("dragleave", (event) => {
  if (event.target === panel || !panel.contains(event.relatedTarget as Node)) dropHint.hidden = true;
});
panel.addEventListener("drop", (event) => {
  event.preventDefault();
  dropHint.hidden = true;
  composer.addFiles([...(event.dataTransfer?.files ?? [])]);
});

// ───────────── messages from the host page ─────────────

async function identify(identity: Extract<HostToWidget, { type: "switchboard:identify" }>["identity"]): Promise<void> {
  try {
    await (api.session ? Promise.resolve() : api.startSession());
    const result = (await api.json("/api/widget/identify", identity)) as { conversationId: string | null };
    applyIdentity(true);
    if (api.session) api.session.identified = true;
    if (result.conversationId && result.conversationId !== conversationId) await openConversation(result.conversationId);
    if (!result.conversationId && conversationId) {
      // Another customer signed in on this browser: their chat starts empty.
      if (realtime) realtime.unsubscribe(`private-conversation-${conversationId}`);
      conversationId = null;
      resetThread();
    }
    toHost({ type: "switchboard:identified", ok: true });
  } catch (error) {
    toHost({ type: "switchboard:identified", ok: false, error: error instanceof Error ? error.message : String(error) });
  }
}

function heartbeat(): void {
  if (!api.session) return;
  void api
    .json<{ conversation: { id: string; status: string } | null }>("/api/widget/heartbeat", { pageUrl: page?.url, pageTitle: page?.title })
    .then(({ conversation }) => {
      if (conversation && conversation.id === conversationId && conversation.status !== conversationStatus) onStatus(conversation.status);
    })
    .catch(() => undefined);
}

window.addEventListener("message", (event: MessageEvent<HostToWidget>) => {
  if (standalone || event.source !== window.parent || !hostOrigins.has(event.origin)) return;
  const data = event.data;
  if (data?.type === "switchboard:hello") {
    if (hostOrigin) return;
    hostOrigin = event.origin;
    page = data.page;
    toHost({ type: "switchboard:ready" });
    // The session starts knowing the page the visitor is on.
    void startSession();
  } else if (event.origin !== hostOrigin) return;
  else if (data.type === "switchboard:open") setOpen(true, false);
  else if (data.type === "switchboard:close") setOpen(false, false);
  else if (data.type === "switchboard:page") {
    page = data.page;
    heartbeat();
  } else if (data.type === "switchboard:identify") void identify(data.identity);
});

setInterval(heartbeat, HEARTBEAT_MS);
resetThread();
// Embedded, the session starts when the host page says hello; opened on its own, at once.
if (standalone) void startSession();
