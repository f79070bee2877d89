import { h, linkifiedText } from "./dom";

export interface ChatAttachment {
  url: string;
  name?: string;
  contentType?: string;
  size?: number;
  /** A local preview (object URL) while the customer's own upload is on its way. */
  previewUrl?: string;
}

export interface ChatMessage {
  id: string;
  role: "customer" | "agent" | "bot";
  senderName: string | null;
  text: string;
  attachments: ChatAttachment[];
  createdAt: string;
  sources: { title: string; url: string }[];
  suggestions: string[];
  state: "sent" | "sending" | "failed" | "streaming";
  error?: string;
}

/** A message as the server sends it (history, realtime `message.created`). */
export interface ServerMessage {
  id: string;
  senderType: string;
  senderName: string | null;
  content?: string;
  contentTruncated?: boolean;
  attachments?: ChatAttachment[];
  createdAt: string;
  sources?: { title: string; url: string }[];
  suggestions?: string[];
}

export function fromServer(message: ServerMessage): ChatMessage {
  return {
    id: message.id,
    role: message.senderType === "contact" ? "customer" : message.senderType === "agent" ? "agent" : "bot",
    senderName: message.senderName,
    text: message.content ?? "",
    attachments: message.attachments ?? [],
    createdAt: message.createdAt,
    sources: message.sources ?? [],
    suggestions: message.suggestions ?? [],
    state: "sent",
  };
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit" });

/** The assistant's "[1]" marks point into its sources; the customer gets the source links under the answer instead. */
const withoutCitationMarks = (text: string) => text.replace(/ ?\[\d+\](?:\s*\[\d+\])*/g, "");

/** How an agent is named to the customer: first name only. */
export const firstName = (name: string | null) => name?.trim().split(/\s+/)[0] || null;

interface ListOptions {
  businessName: string;
  /** An address the browser can show for an attachment (files need the widget token). */
  resolveFile(attachment: ChatAttachment): Promise<string>;
  retry(message: ChatMessage): void;
}

/** The thread: one list item per message, keyed by id, re-rendered when the message changes. */
export class MessageList {
  readonly element = h("ol", { class: "log", role: "log", "aria-live": "polite", "aria-relevant": "additions", "aria-label": "Messages" });
  private readonly items = new Map<string, { message: ChatMessage; element: HTMLLIElement }>();

  constructor(private readonly options: ListOptions) {}

  get(id: string): ChatMessage | undefined {
    return this.items.get(id)?.message;
  }

  all(): ChatMessage[] {
    return [...this.items.values()].map((item) => item.message);
  }

  clear(): void {
    this.items.clear();
    this.element.replaceChildren();
  }

  /** Adds the message, or re-renders it in place when its id is known. */
  upsert(message: ChatMessage): void {
    const element = this.render(message);
    const existing = this.items.get(message.id);
    if (existing) existing.element.replaceWith(element);
    else this.element.append(element);
    this.items.set(message.id, { message, element });
    // Screen readers hold announcements while an answer streams in, then read it whole.
    this.element.setAttribute("aria-busy", String(this.all().some((item) => item.state === "streaming")));
  }

  /** The stored id replaces the one the widget chose while sending. */
  rekey(from: string, to: string): void {
    const item = this.items.get(from);
    if (!item || from === to) return;
    this.items.delete(from);
    if (this.items.has(to)) {
      item.element.remove();
      return;
    }
    item.message.id = to;
    item.element.dataset.id = to;
    this.items.set(to, item);
  }

  /** Appends something that is not a message (the rating card). */
  appendExtra(element: HTMLElement): void {
    this.element.append(element);
  }

  private render(message: ChatMessage): HTMLLIElement {
    const label = message.role === "customer" ? "You" : message.role === "agent" ? (firstName(message.senderName) ?? "Agent") : `${this.options.businessName} assistant`;
    const time = message.state === "sent" ? timeFormat.format(new Date(message.createdAt)) : null;
    const streaming = message.state === "streaming" && !message.text;
    return h(
      "li",
      { class: `msg from-${message.role}`, "data-id": message.id },
      message.role === "customer" ? h("span", { class: "sr-only" }, "You said:") : h("div", { class: "who" }, time ? `${label} · ${time}` : label),
      streaming
        ? h("div", { class: "bubble", "aria-label": `${label} is writing` }, h("span", { class: "dots", "aria-hidden": "true" }, h("i"), h("i"), h("i")))
        : h("div", { class: "bubble" }, linkifiedText(message.role === "bot" ? withoutCitationMarks(message.text) : message.text)),
      message.attachments.length ? this.renderAttachments(message.attachments) : null,
      message.sources.length
        ? h(
            "div",
            { class: "sources" },
            h("span", { class: "sources-title", id: `sources-${message.id}` }, "Sources"),
            h(
              "ul",
              { "aria-labelledby": `sources-${message.id}` },
              ...message.sources.map((source) => h("li", null, h("a", { href: source.url, target: "_blank", rel: "noopener noreferrer" }, source.title))),
            ),
          )
        : null,
      message.state === "sending" ? h("div", { class: "meta" }, "Sending…") : null,
      message.state === "failed"
        ? h(
            "div",
            { class: "meta failed", role: "alert" },
            `${message.error ?? "Not sent."} `,
            h("button", { type: "button", class: "link-button", onclick: () => this.options.retry(message) }, "Retry"),
          )
        : null,
    );
  }

  private renderAttachments(attachments: ChatAttachment[]): HTMLElement {
    return h(
      "div",
      { class: "attachments" },
      ...attachments.map((attachment) => {
        const type = attachment.contentType ?? "";
        const name = attachment.name ?? "attachment";
        if (type.startsWith("image/")) {
          const image = h("img", { alt: name, loading: "lazy" });
          void this.source(attachment).then((url) => (image.src = url));
          return image;
        }
        if (type.startsWith("audio/")) {
          const audio = h("audio", { controls: true, preload: "metadata", "aria-label": name === "attachment" ? "Voice note" : name });
          void this.source(attachment).then((url) => (audio.src = url));
          return audio;
        }
        return h(
          "button",
          {
            type: "button",
            class: "file-link",
            onclick: () => void this.source(attachment).then((url) => window.open(url, "_blank", "noopener")),
          },
          `📎 ${name}`,
        );
      }),
    );
  }

  private source(attachment: ChatAttachment): Promise<string> {
    return attachment.previewUrl ? Promise.resolve(attachment.previewUrl) : this.options.resolveFile(attachment);
  }
}
