import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { GET as getConfig } from "@/app/api/widget/config/route";
import { POST as postCsat } from "@/app/api/widget/csat/route";
import { GET as getConversations } from "@/app/api/widget/conversations/route";
import { GET as getFile } from "@/app/api/widget/files/[id]/route";
import { POST as postIdentify } from "@/app/api/widget/identify/route";
import { GET as getMessages, POST as postMessage } from "@/app/api/widget/messages/route";
import { POST as postOffline } from "@/app/api/widget/offline/route";
import { POST as postSession } from "@/app/api/widget/session/route";
import { POST as postUpload } from "@/app/api/widget/uploads/route";
import { startMailCapture, type MailCaptureServer } from "@/dev/mail/capture-server";
import { changeStatus } from "@/lib/conversations/actions";
import { getDb, type Database } from "@/lib/db/client";
import type { Channel } from "@/lib/db/generated/client";
import { listCapturedEmails } from "@/lib/email/mailer";
import { createArticle } from "@/lib/knowledge/documents";
import { KNOWLEDGE_ARTICLES } from "@/lib/seed/knowledge-articles";
import { getChannelAdapter } from "@/lib/channels/registry";
import { setOutboxRelayDefaults, settleOutboxFastPath } from "@/lib/outbox/relay";
import { setupTestDatabase } from "@/tests/helpers/db";
import { createAccountWithStaff, type StaffedAccount } from "@/tests/helpers/factories";
import { readUiMessageStream } from "./app/stream";
import { identityHash } from "./identity";
import { MESSAGES_PER_SESSION, NEW_CONVERSATIONS_PER_IP } from "./rate-limit";
import { openWidgetSession, SESSION_IDLE_MS } from "./sessions";

const APP = "http://127.0.0.1:3999";
const SHOP = "https://shop.example.com";
const SECRET = "0f2e4d6c8b0a1f3e5d7c9b1a3f5e7d9c1b3a5f7e";
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

const testDb = setupTestDatabase();
let db: Database;
let capture: MailCaptureServer;
let acme: StaffedAccount;
let channel: Channel;
let strictChannel: Channel;
let ipCounter = 0;

beforeAll(async () => {
  // The routes read the process-wide client and settings, as they do in production.
  process.env.DATABASE_URL = testDb.url;
  process.env.AUTH_SECRET = "widget-api-test-secret-0123456789abcdef";
  process.env.APP_URL = APP;
  db = getDb();
  capture = await startMailCapture({ databaseUrl: testDb.url, port: 0 });
  vi.stubEnv("RESEND_API_KEY", undefined);
  vi.stubEnv("RESEND_BASE_URL", capture.url);
  setOutboxRelayDefaults({ trigger: async () => undefined, sendEvent: async () => undefined, getChannelAdapter });
  acme = await createAccountWithStaff(db, "Acme");
  // Most tests here need no assistant: its answers are "answering"'s to test; the stream test turns it on.
  await db.aiSettings.create({ data: { accountId: acme.account.id, enabled: false } });
  channel = await db.channel.create({
    data: { accountId: acme.account.id, type: "web", name: "Website chat", publicKey: "pk_test_widget_0001", webhookSecret: SECRET, settings: { allowedOrigins: [SHOP] } },
  });
  strictChannel = await db.channel.create({
    data: { accountId: acme.account.id, type: "web", name: "Members chat", publicKey: "pk_test_widget_0002", webhookSecret: SECRET, settings: { allowedOrigins: [SHOP], enforceIdentity: true } },
  });
});

afterAll(async () => {
  await settleOutboxFastPath();
  setOutboxRelayDefaults(undefined);
  vi.unstubAllEnvs();
  await capture?.close();
  await db.$disconnect();
});

beforeEach(async () => {
  await db.rateLimitEvent.deleteMany();
});

interface CallOptions {
  method?: string;
  body?: unknown;
  token?: string;
  origin?: string | null;
  ip?: string;
}

function request(path: string, { method, body, token, origin = SHOP, ip = "203.0.113.1" }: CallOptions = {}): Request {
  const headers = new Headers({ "x-forwarded-for": ip });
  if (origin) headers.set("origin", origin);
  if (token) headers.set("authorization", `Bearer ${token}`);
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers.set("content-type", "application/json");
    payload = JSON.stringify(body);
  }
  return new Request(`${APP}${path}`, { method: method ?? (body === undefined ? "GET" : "POST"), headers, body: payload });
}

const noParams = { params: Promise.resolve({}) };

/** A fresh visitor on its own IP (so the per-IP limit only bites where a test wants it). */
async function newVisitor(key = channel.publicKey!, options: CallOptions = {}) {
  const ip = options.ip ?? `198.51.100.${++ipCounter}`;
  const response = await postSession(request("/api/widget/session", { body: { key }, ...options, ip }), noParams);
  expect(response.status).toBe(200);
  const session = (await response.json()) as { token: string; sessionId: string; visitorId: string; conversationId: string | null };
  return { ...session, ip };
}

async function say(visitor: { token: string; ip: string }, text: string, extra: Record<string, unknown> = {}) {
  return postMessage(request("/api/widget/messages", { token: visitor.token, ip: visitor.ip, body: { clientMessageId: `m${crypto.randomUUID().slice(0, 12)}`, text, ...extra } }), noParams);
}

describe("origins", () => {
  it("refuses a page on a foreign origin with a clear 403 and creates nothing", async () => {
    const before = await db.widgetSession.count();
    const refused = await postSession(request("/api/widget/session", { body: { key: channel.publicKey }, origin: "https://evil.example" }), noParams);
    expect(refused.status).toBe(403);
    expect((await refused.json()).error).toMatch(/https:\/\/evil\.example may not use the "Website chat" chat widget.*allowed origins/);
    expect(await db.widgetSession.count()).toBe(before);

    const config = await getConfig(request(`/api/widget/config?key=${channel.publicKey}`, { origin: "https://evil.example" }), noParams);
    expect(config.status).toBe(403);

    // A token obtained legitimately is no use from another origin either.
    const visitor = await newVisitor();
    const messages = await db.message.count();
    const forged = await postMessage(request("/api/widget/messages", { token: visitor.token, origin: "https://evil.example", body: { clientMessageId: "forged-0001", text: "hi" } }), noParams);
    expect(forged.status).toBe(403);
    expect(await db.message.count()).toBe(messages);
  });

  it("answers the channel's allowed origins and Switchboard's own with CORS headers", async () => {
    const shop = await getConfig(request(`/api/widget/config?key=${channel.publicKey}`), noParams);
    expect(shop.status).toBe(200);
    expect(shop.headers.get("access-control-allow-origin")).toBe(SHOP);
    expect(await shop.json()).toEqual({ colour: "#4f46e5", position: "right", launcherText: "Chat with us" });
    const own = await postSession(request("/api/widget/session", { body: { key: channel.publicKey }, origin: APP }), noParams);
    expect(own.status).toBe(200);
    // The assistant is off here and no agent is available: the widget offers the offline form.
    expect((await own.json()).availability).toEqual({ online: false, reason: "nobody_available" });
    const unknownKey = await getConfig(request("/api/widget/config?key=pk_does_not_exist"), noParams);
    expect(unknownKey.status).toBe(404);
  });
});

describe("sessions and messages", () => {
  it("stores messages through ingest, once per clientMessageId, and shows only public ones", async () => {
    const visitor = await newVisitor();
    const sent = await say(visitor, "Where is my order?", { clientMessageId: "order-question-1" });
    expect(sent.status).toBe(200);
    const body = (await sent.json()) as { conversationId: string; message: { id: string; content: string } };
    expect(sent.headers.get("x-switchboard-message-id")).toBe(body.message.id);
    const again = await say(visitor, "Where is my order?", { clientMessageId: "order-question-1" });
    expect((await again.json()).message.id).toBe(body.message.id);

    const conversation = await db.conversation.findUniqueOrThrow({ where: { id: body.conversationId }, include: { contact: { include: { identifiers: true } } } });
    expect(conversation.channelId).toBe(channel.id);
    expect(conversation.contact.identifiers).toMatchObject([{ channelType: "web", identifier: visitor.visitorId, verified: false }]);
    await db.message.create({
      data: { accountId: acme.account.id, conversationId: conversation.id, channelId: channel.id, direction: "outbound", senderType: "agent", isPrivate: true, content: "internal: VIP" },
    });

    const thread = await getMessages(request(`/api/widget/messages?conversationId=${conversation.id}`, { token: visitor.token }), noParams);
    const { messages } = (await thread.json()) as { messages: { content: string }[] };
    expect(messages.map((message) => message.content)).toEqual(["Where is my order?"]);

    const stranger = await newVisitor();
    const peek = await getMessages(request(`/api/widget/messages?conversationId=${conversation.id}`, { token: stranger.token }), noParams);
    expect(peek.status).toBe(404);
  });

  it("resumes a session within 30 minutes of the last message and starts a new one after", async () => {
    const t0 = new Date();
    const first = await openWidgetSession(db, channel, { ip: "192.0.2.1", userAgent: null }, t0);
    const resumed = await openWidgetSession(db, channel, { visitorId: first.session.visitorId, ip: "192.0.2.1", userAgent: null }, new Date(t0.getTime() + SESSION_IDLE_MS - 60_000));
    expect(resumed).toMatchObject({ resumed: true, session: { id: first.session.id } });
    const later = await openWidgetSession(db, channel, { visitorId: first.session.visitorId, ip: "192.0.2.1", userAgent: null }, new Date(t0.getTime() + SESSION_IDLE_MS + 60_000));
    expect(later.resumed).toBe(false);
    expect(later.session.id).not.toBe(first.session.id);
    expect(later.session.visitorId).toBe(first.session.visitorId);
    expect((await db.widgetSession.findUniqueOrThrow({ where: { id: first.session.id } })).endedAt).not.toBeNull();
    // A visitor id the server did not mint is replaced, never trusted.
    const guessed = await openWidgetSession(db, channel, { visitorId: "v_1", ip: "192.0.2.1", userAgent: null });
    expect(guessed.session.visitorId).toMatch(/^v_[a-z0-9]{26}$/);
  });

  it("refuses a message over the 64 KB limit with 413 naming it", async () => {
    const visitor = await newVisitor();
    const response = await say(visitor, "x".repeat(64 * 1024 + 1));
    expect(response.status).toBe(413);
    expect((await response.json()).error).toMatch(/65537 bytes; the limit is 65536 bytes \(64 KB\)/);
  });
});

describe("abuse limits", () => {
  it("answers 429 after 20 messages a minute from one session", async () => {
    const visitor = await newVisitor();
    for (let i = 0; i < MESSAGES_PER_SESSION.limit; i += 1) expect((await say(visitor, `message ${i}`)).status).toBe(200);
    const refused = await say(visitor, "one too many");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await refused.json()).error).toMatch(/at most 20 a minute/);
    expect(await db.message.count({ where: { content: "one too many" } })).toBe(0);
  });

  it("answers 429 when one IP starts too many conversations", async () => {
    const ip = "203.0.113.77";
    for (let i = 0; i < NEW_CONVERSATIONS_PER_IP.limit; i += 1) {
      expect((await say(await newVisitor(undefined, { ip }), "hello")).status).toBe(200);
    }
    const refused = await say(await newVisitor(undefined, { ip }), "hello again");
    expect(refused.status).toBe(429);
    expect((await refused.json()).error).toMatch(/Too many new conversations from your network/);
  });
});

describe("verified identity", () => {
  it("blocks an unverified visitor when the channel enforces identity, and lets them in once verified", async () => {
    const visitor = await newVisitor(strictChannel.publicKey!);
    const conversations = await db.conversation.count();
    const refused = await say(visitor, "Hi, can you help?");
    expect(refused.status).toBe(403);
    expect((await refused.json()).error).toMatch(/signed-in customers/);
    expect(await db.conversation.count()).toBe(conversations);

    const wrong = await postIdentify(request("/api/widget/identify", { token: visitor.token, body: { id: "member-1", hash: identityHash("wrong-secret", "member-1") } }), noParams);
    expect(wrong.status).toBe(403);
    expect((await say(visitor, "Still me")).status).toBe(403);

    const ok = await postIdentify(request("/api/widget/identify", { token: visitor.token, body: { id: "member-1", name: "Mina Park", hash: identityHash(SECRET, "member-1") } }), noParams);
    expect(ok.status).toBe(200);
    expect((await say(visitor, "Hi, can you help?")).status).toBe(200);
    const identifier = await db.contactIdentifier.findUniqueOrThrow({
      where: { accountId_channelType_identifier: { accountId: acme.account.id, channelType: "web", identifier: "member-1" } },
      include: { contact: true },
    });
    expect(identifier).toMatchObject({ verified: true, contact: { name: "Mina Park" } });
  });

  it("moves an anonymous chat to the verified customer, who then sees their past conversations", async () => {
    const earlier = await newVisitor();
    await postIdentify(request("/api/widget/identify", { token: earlier.token, body: { id: "customer-9", hash: identityHash(SECRET, "customer-9") } }), noParams);
    const past = (await (await say(earlier, "An old question")).json()).conversationId as string;
    await changeStatus(db, acme.account.id, acme.admin.id, past, "resolved");

    const visitor = await newVisitor();
    const anonymous = (await (await say(visitor, "Question before signing in")).json()).conversationId as string;
    const identified = await postIdentify(request("/api/widget/identify", { token: visitor.token, body: { id: "customer-9", hash: identityHash(SECRET, "customer-9") } }), noParams);
    expect(await identified.json()).toEqual({ identified: true, conversationId: anonymous });

    const contact = await db.contactIdentifier.findUniqueOrThrow({
      where: { accountId_channelType_identifier: { accountId: acme.account.id, channelType: "web", identifier: "customer-9" } },
    });
    expect((await db.conversation.findUniqueOrThrow({ where: { id: anonymous } })).contactId).toBe(contact.contactId);
    const list = await getConversations(request("/api/widget/conversations", { token: visitor.token }), noParams);
    const { conversations } = (await list.json()) as { conversations: { id: string; status: string }[] };
    expect(conversations.map((conversation) => conversation.id).sort()).toEqual([anonymous, past].sort());
    const history = await getMessages(request(`/api/widget/messages?conversationId=${past}`, { token: visitor.token }), noParams);
    expect(history.status).toBe(200);
  });
});

describe("attachments", () => {
  async function upload(visitor: { token: string; ip: string }, bytes: Uint8Array, name: string) {
    const form = new FormData();
    form.set("file", new File([new Uint8Array(bytes)], name));
    return postUpload(request("/api/widget/uploads", { token: visitor.token, ip: visitor.ip, body: form }), noParams);
  }

  it("accepts a photo judged by its bytes, sends it with its proof, and serves it only in that chat", async () => {
    const visitor = await newVisitor();
    const uploaded = await upload(visitor, PNG, "damage.jpg");
    expect(uploaded.status).toBe(200);
    const file = (await uploaded.json()) as { id: string; proof: string; contentType: string };
    expect(file.contentType).toBe("image/png");

    const other = await newVisitor();
    const stolen = await say(other, "", { attachments: [{ id: file.id, proof: file.proof }] });
    expect(stolen.status).toBe(403);

    const sent = await say(visitor, "", { attachments: [{ id: file.id, proof: file.proof }] });
    expect(sent.status).toBe(200);
    const { conversationId } = (await sent.json()) as { conversationId: string };
    const read = await getFile(request(`/api/widget/files/${file.id}?conversationId=${conversationId}`, { token: visitor.token }), { params: Promise.resolve({ id: file.id }) });
    expect(read.status).toBe(200);
    expect(read.headers.get("content-type")).toBe("image/png");
    const peek = await getFile(request(`/api/widget/files/${file.id}?conversationId=${conversationId}`, { token: other.token }), { params: Promise.resolve({ id: file.id }) });
    expect(peek.status).toBe(404);
  });

  it("refuses files that are not photos, voice notes or PDFs", async () => {
    const visitor = await newVisitor();
    const refused = await upload(visitor, new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03]), "photo.png");
    expect(refused.status).toBe(400);
    const text = await upload(visitor, new TextEncoder().encode("just text"), "notes.txt");
    expect(text.status).toBe(400);
    expect((await text.json()).error).toMatch(/photo.*voice note.*PDF/);
  });
});

describe("rating and offline form", () => {
  it("takes one 1–5 star rating once the conversation is resolved", async () => {
    const visitor = await newVisitor();
    const { conversationId } = (await (await say(visitor, "Thanks for the help")).json()) as { conversationId: string };
    const early = await postCsat(request("/api/widget/csat", { token: visitor.token, body: { conversationId, rating: 5 } }), noParams);
    expect(early.status).toBe(400);
    await changeStatus(db, acme.account.id, acme.admin.id, conversationId, "resolved");
    const outOfRange = await postCsat(request("/api/widget/csat", { token: visitor.token, body: { conversationId, rating: 6 } }), noParams);
    expect(outOfRange.status).toBe(400);
    const rated = await postCsat(request("/api/widget/csat", { token: visitor.token, body: { conversationId, rating: 5, comment: "Quick and kind" } }), noParams);
    expect(rated.status).toBe(200);
    expect(await db.csatRating.findUniqueOrThrow({ where: { conversationId } })).toMatchObject({ rating: 5, comment: "Quick and kind", accountId: acme.account.id });
    const twice = await postCsat(request("/api/widget/csat", { token: visitor.token, body: { conversationId, rating: 1 } }), noParams);
    expect(twice.status).toBe(409);
  });

  it("stores an offline message for follow-up and emails the customer a confirmation", async () => {
    const visitor = await newVisitor();
    const missing = await postOffline(request("/api/widget/offline", { token: visitor.token, body: { name: "Lee" } }), noParams);
    expect(missing.status).toBe(400);
    expect((await missing.json()).error).toMatch(/email/);

    const response = await postOffline(
      request("/api/widget/offline", { token: visitor.token, ip: visitor.ip, body: { name: "Lee Chen", email: "lee@example.com", message: "My boots arrived <b>damaged</b>." } }),
      noParams,
    );
    expect(response.status, await response.clone().text()).toBe(200);
    const { conversationId, emailed } = (await response.json()) as { conversationId: string; emailed: boolean };
    expect(emailed).toBe(true);
    const conversation = await db.conversation.findUniqueOrThrow({ where: { id: conversationId }, include: { contact: true } });
    expect(conversation).toMatchObject({ subject: "Offline message from Lee Chen", labels: ["offline-form"], aiPaused: true, status: "open", contact: { name: "Lee Chen", email: "lee@example.com" } });
    const mail = await listCapturedEmails();
    const confirmation = mail.data.find((email) => email.to.includes("lee@example.com"));
    expect(confirmation?.subject).toBe("We got your message – Acme");
  });
});

describe("streamed answers", () => {
  it("streams the assistant's hand-off when the customer asks for a person", async () => {
    await db.aiSettings.update({ where: { accountId: acme.account.id }, data: { enabled: true } });
    try {
      const visitor = await newVisitor();
      const response = await say(visitor, "I'd like to talk to a person.");
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toContain("text/event-stream");
      const chunks = [];
      for await (const chunk of readUiMessageStream(response.body!)) chunks.push(chunk);
      const start = chunks.find((chunk) => chunk.type === "start");
      const text = chunks.filter((chunk) => chunk.type === "text-delta").map((chunk) => chunk.delta).join("");
      expect(text).toMatch(/passing you to a person/);
      expect(chunks.some((chunk) => chunk.type === "data-handoff")).toBe(true);
      const bot = await db.message.findUniqueOrThrow({ where: { id: start!.messageId! } });
      expect(bot).toMatchObject({ senderType: "bot", content: text });
      const conversationId = response.headers.get("x-switchboard-conversation-id")!;
      expect((await db.conversation.findUniqueOrThrow({ where: { id: conversationId } })).status).toBe("open");
    } finally {
      await db.aiSettings.update({ where: { accountId: acme.account.id }, data: { enabled: false } });
    }
  });

  it("streams an answer from the knowledge base with its citation, the session already linked to the conversation", async () => {
    const article = KNOWLEDGE_ARTICLES.find((candidate) => candidate.slug === "gift-cards")!;
    await createArticle(db, acme.account.id, { title: article.title, slug: article.slug, content: article.markdown });
    await db.aiSettings.update({ where: { accountId: acme.account.id }, data: { enabled: true } });
    try {
      const visitor = await newVisitor();
      const response = await say(visitor, "Do your gift cards have an expiration date?");
      expect(response.headers.get("content-type")).toContain("text/event-stream");
      // Before the first token is read: the widget subscribes to its conversation at once.
      const conversationId = response.headers.get("x-switchboard-conversation-id");
      expect((await db.widgetSession.findUniqueOrThrow({ where: { id: visitor.sessionId } })).conversationId).toBe(conversationId);

      const chunks = [];
      for await (const chunk of readUiMessageStream(response.body!)) chunks.push(chunk);
      const text = chunks.filter((chunk) => chunk.type === "text-delta").map((chunk) => chunk.delta).join("");
      expect(text).toMatch(/never expire/);
      expect(chunks.find((chunk) => chunk.type === "source-url")).toMatchObject({ url: `/help/${acme.account.slug}/gift-cards`, title: article.title });
      const bot = await db.message.findUniqueOrThrow({ where: { id: chunks.find((chunk) => chunk.type === "start")!.messageId! } });
      expect(bot).toMatchObject({ conversationId, senderType: "bot", content: text });
    } finally {
      await db.aiSettings.update({ where: { accountId: acme.account.id }, data: { enabled: false } });
    }
  });
});
