import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GET, POST } from "@/app/api/webhooks/[channel]/[channelId]/route";
import { getDb, type Database } from "@/lib/db/client";
import type { Channel } from "@/lib/db/generated/client";
import { setOutboxRelayDefaults, settleOutboxFastPath } from "@/lib/outbox/relay";
import { setupTestDatabase } from "@/tests/helpers/db";
import { getChannelAdapter } from "./registry";
import { MAX_WEBHOOK_BODY_BYTES } from "./webhook";

const SECRET = "9c2e4f6a8b0d1e3f5a7c9e1b3d5f7a9c0e2b4d6f";
const fixture = (name: string) => readFileSync(path.resolve("tests/fixtures/api-channel", name), "utf8");

const testDb = setupTestDatabase();
let db: Database;
let apiChannel: Channel;
let webChannel: Channel;
const triggered: string[] = [];
const sentEvents: string[] = [];

beforeAll(async () => {
  // The route reads the process-wide client, as it does in production.
  process.env.DATABASE_URL = testDb.url;
  db = getDb();
  setOutboxRelayDefaults({
    trigger: async (_channels, event) => void triggered.push(event),
    sendEvent: async (event) => void sentEvents.push(event.name),
    getChannelAdapter,
  });
  const account = await db.account.create({ data: { name: "Acme Outfitters", slug: "acme" } });
  apiChannel = await db.channel.create({ data: { accountId: account.id, type: "api", name: "Mobile app", webhookSecret: SECRET } });
  webChannel = await db.channel.create({ data: { accountId: account.id, type: "web", name: "Website chat", webhookSecret: SECRET } });
});

afterAll(async () => {
  await settleOutboxFastPath();
  setOutboxRelayDefaults(undefined);
  // The process-wide client the route used, not the file's own.
  await db.$disconnect();
});

beforeEach(async () => {
  await settleOutboxFastPath();
  await db.contact.deleteMany();
  await db.outboxEvent.deleteMany();
  triggered.length = 0;
  sentEvents.length = 0;
});

function signature(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

interface PostOptions {
  type?: string;
  channelId?: string;
  secret?: string;
  timestamp?: number;
  headers?: Record<string, string>;
  /** What is actually sent, when it differs from what was signed. */
  sentBody?: string;
}

function post(body: string, options: PostOptions = {}) {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const request = new Request(`http://127.0.0.1/api/webhooks/${options.type ?? "api"}/${options.channelId ?? apiChannel.id}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "X-Switchboard-Timestamp": String(timestamp),
      "X-Switchboard-Signature": signature(options.secret ?? SECRET, timestamp, body),
      ...options.headers,
    },
    body: options.sentBody ?? body,
  });
  return POST(request, { params: Promise.resolve({ channel: options.type ?? "api", channelId: options.channelId ?? apiChannel.id }) });
}

async function storedCounts() {
  const [contacts, identifiers, conversations, messages, outboxEvents] = await Promise.all([
    db.contact.count(),
    db.contactIdentifier.count(),
    db.conversation.count(),
    db.message.count(),
    db.outboxEvent.count(),
  ]);
  return { contacts, identifiers, conversations, messages, outboxEvents };
}
const NOTHING = { contacts: 0, identifiers: 0, conversations: 0, messages: 0, outboxEvents: 0 };

async function expectRefused(response: Response, status: number, error: string | RegExp) {
  expect(response.status).toBe(status);
  const body = (await response.json()) as { error: string };
  if (typeof error === "string") expect(body.error).toContain(error);
  else expect(body.error).toMatch(error);
  expect(await storedCounts()).toEqual(NOTHING);
}

describe("POST /api/webhooks/api/{channelId}", () => {
  it("stores a signed message and answers 200", async () => {
    const response = await post(fixture("message.json"));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: 1, duplicates: 0 });

    const message = await db.message.findFirstOrThrow({ include: { conversation: { include: { contact: { include: { identifiers: true } } } } } });
    expect(message).toMatchObject({
      channelId: apiChannel.id,
      accountId: apiChannel.accountId,
      direction: "inbound",
      senderType: "contact",
      externalId: "msg-2024-0001",
      content: 'Hi! My order #1042 still shows "processing" after five days. Can you check?',
    });
    expect(message.conversation.contact).toMatchObject({ name: "Dana Whitfield", email: "dana.whitfield@example.test", phone: "+15555550142" });
    expect(message.conversation.contact.identifiers).toEqual([expect.objectContaining({ channelType: "api", identifier: "app-user-4821" })]);

    await settleOutboxFastPath();
    expect(sentEvents).toEqual(["message.received"]);
    expect(triggered).toContain("message.created");
  });

  it("stores a redelivered message once", async () => {
    const body = fixture("message.json");
    expect(await (await post(body)).json()).toEqual({ received: 1, duplicates: 0 });
    const afterFirst = await storedCounts();
    const again = await post(body);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ received: 1, duplicates: 1 });
    expect(await storedCounts()).toEqual(afterFirst);
    expect(afterFirst.messages).toBe(1);
  });

  it("stores attachments", async () => {
    expect((await post(fixture("message-with-attachments.json"))).status).toBe(200);
    const message = await db.message.findFirstOrThrow();
    expect(message.attachments).toEqual([
      expect.objectContaining({ url: "https://files.example.test/receipts/1042.pdf", name: "receipt-1042.pdf" }),
      expect.objectContaining({ url: "https://files.example.test/photos/box.jpg" }),
    ]);
  });

  it("refuses a wrong signature and stores nothing", async () => {
    await expectRefused(await post(fixture("message.json"), { secret: "not-the-channel-secret-at-all-0123456789" }), 401, "does not match");
  });

  it("refuses a stale or future timestamp and stores nothing", async () => {
    // The server's clock moves on while the request is made: allow a few seconds either way.
    const now = Math.floor(Date.now() / 1000);
    await expectRefused(await post(fixture("message.json"), { timestamp: now - 600 }), 401, /60\d s behind/);
    await expectRefused(await post(fixture("message.json"), { timestamp: now + 600 }), 401, /(59\d|600) s ahead of/);
  });

  it("refuses a tampered body and stores nothing", async () => {
    const signed = fixture("message.json");
    await expectRefused(await post(signed, { sentBody: signed.replace("app-user-4821", "app-user-0001") }), 401, "does not match");
  });

  it("refuses missing signature headers and stores nothing", async () => {
    await expectRefused(await post(fixture("message.json"), { headers: { "X-Switchboard-Signature": "" } }), 401, "X-Switchboard-Signature header is missing");
    await expectRefused(await post(fixture("message.json"), { headers: { "X-Switchboard-Timestamp": "" } }), 401, "X-Switchboard-Timestamp header is missing");
  });

  it("answers 404 for an unknown channel id and stores nothing", async () => {
    await expectRefused(await post(fixture("message.json"), { channelId: "cl000000000000000000000000" }), 404, "no api channel with this id");
    await expectRefused(await post(fixture("message.json"), { channelId: "../../etc/passwd" }), 404, "no api channel with this id");
  });

  it("answers 404 when the path's type does not match the channel or has no adapter", async () => {
    await expectRefused(await post(fixture("message.json"), { channelId: webChannel.id }), 404, "no api channel with this id");
    await expectRefused(await post(fixture("message.json"), { type: "telegram" }), 404, "no adapter for telegram webhooks yet");
    await expectRefused(await post(fixture("message.json"), { type: "carrier-pigeon" }), 404, 'There is no "carrier-pigeon" channel type');
  });

  it("answers 403 for a deactivated channel and stores nothing", async () => {
    await db.channel.update({ where: { id: apiChannel.id }, data: { active: false } });
    try {
      await expectRefused(await post(fixture("message.json")), 403, "deactivated");
    } finally {
      await db.channel.update({ where: { id: apiChannel.id }, data: { active: true } });
    }
  });

  it("applies a new secret to the very next webhook, though the channel was just used", async () => {
    const message = fixture("message.json");
    expect((await post(message)).status).toBe(200);
    await db.contact.deleteMany();
    await db.outboxEvent.deleteMany();
    const newSecret = "5e7a9c1b3d5f7a9c0e2b4d6f8a0c2e4f6a8b0d1e";
    await db.channel.update({ where: { id: apiChannel.id }, data: { webhookSecret: newSecret } });
    try {
      await expectRefused(await post(message), 401, "does not match");
      const signedWithNew = await post(message, { secret: newSecret });
      expect(signedWithNew.status).toBe(200);
      expect(await signedWithNew.json()).toEqual({ received: 1, duplicates: 0 });
    } finally {
      await db.channel.update({ where: { id: apiChannel.id }, data: { webhookSecret: SECRET } });
    }
  });

  it("answers 400 naming the problem for malformed JSON or fields", async () => {
    await expectRefused(await post('{"contact": {"identifier": "u1"}, "message": {"id": "m1", "text": "hi"'), 400, "The body is not valid JSON");
    await expectRefused(await post(fixture("message-missing-text.json")), 400, "message.text is required.");
  });

  it("answers 413 naming the limit for oversized bodies and texts", async () => {
    const hugeText = JSON.stringify({ contact: { identifier: "u1" }, message: { id: "m1", text: "x".repeat(MAX_WEBHOOK_BODY_BYTES) } });
    await expectRefused(await post(hugeText), 413, `over the ${MAX_WEBHOOK_BODY_BYTES / 1024} KB limit`);
    await expectRefused(await post(hugeText, { headers: { "content-length": String(hugeText.length) } }), 413, "KB limit");

    const justOver = JSON.stringify({ contact: { identifier: "u1" }, message: { id: "m1", text: "x".repeat(64 * 1024 + 1) } });
    await expectRefused(await post(justOver), 413, "message.text is 65537 bytes; the limit is 65536 bytes (64 KB).");
  });
});

describe("GET /api/webhooks/api/{channelId}", () => {
  it("is refused with 405: the API channel has no handshake", async () => {
    const response = await GET(new Request(`http://127.0.0.1/api/webhooks/api/${apiChannel.id}`), {
      params: Promise.resolve({ channel: "api", channelId: apiChannel.id }),
    });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
  });
});
