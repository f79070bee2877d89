import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebhookPayloadError } from "@/lib/channels/errors";
import type { OutboundMessage, RawWebhookRequest } from "@/lib/channels/types";
import type { Channel } from "@/lib/db/generated/client";
import { MAX_MESSAGE_TEXT_BYTES } from "@/lib/conversations/limits";
import { createApiChannelAdapter, MAX_ATTACHMENTS } from "./adapter";

const SECRET = "a3f1c9e07b2d4658a9e0c1b2d3f4a5b6c7d8e9f0a1b2c3d4";
const NOW = new Date("2025-03-14T09:26:53Z");
const NOW_SECONDS = Math.floor(NOW.getTime() / 1000);

const fixture = (name: string) => readFileSync(path.resolve("tests/fixtures/api-channel", name), "utf8");

function sign(secret: string, timestamp: number | string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

function signedRequest(body: string, options: { secret?: string; timestamp?: number; receivedAt?: Date } = {}): RawWebhookRequest {
  const timestamp = options.timestamp ?? NOW_SECONDS;
  return {
    headers: new Headers({
      "X-Switchboard-Timestamp": String(timestamp),
      "X-Switchboard-Signature": sign(options.secret ?? SECRET, timestamp, body),
    }),
    rawBody: body,
    receivedAt: options.receivedAt ?? NOW,
  };
}

function apiChannel(overrides: Partial<Channel> = {}): Channel {
  return {
    id: "chan_api_1",
    accountId: "acct_1",
    type: "api",
    name: "Mobile app",
    credentials: null,
    keyVersion: null,
    webhookSecret: SECRET,
    publicKey: null,
    settings: {},
    active: true,
    envManaged: false,
    createdAt: NOW,
    updatedAt: NOW,
    ...overrides,
  };
}

const adapter = createApiChannelAdapter({ callbackTimeoutMs: 300 });

describe("API channel: verify", () => {
  const body = fixture("message.json");

  it("accepts a correctly signed request", () => {
    expect(adapter.verify(signedRequest(body), apiChannel())).toEqual({ ok: true });
  });

  it("accepts timestamps up to 5 minutes off either way", () => {
    expect(adapter.verify(signedRequest(body, { timestamp: NOW_SECONDS - 300 }), apiChannel()).ok).toBe(true);
    expect(adapter.verify(signedRequest(body, { timestamp: NOW_SECONDS + 300 }), apiChannel()).ok).toBe(true);
  });

  it("refuses a signature made with another secret", () => {
    const result = adapter.verify(signedRequest(body, { secret: "some-other-secret-of-enough-length-000" }), apiChannel());
    expect(result).toEqual({ ok: false, status: 401, reason: expect.stringContaining("does not match") });
  });

  it("refuses a stale timestamp, even correctly signed", () => {
    const result = adapter.verify(signedRequest(body, { timestamp: NOW_SECONDS - 301 }), apiChannel());
    expect(result).toEqual({ ok: false, status: 401, reason: expect.stringMatching(/301 s behind.*300 s/) });
  });

  it("refuses a timestamp from the future", () => {
    const result = adapter.verify(signedRequest(body, { timestamp: NOW_SECONDS + 3600 }), apiChannel());
    expect(result).toEqual({ ok: false, status: 401, reason: expect.stringContaining("3600 s ahead of") });
  });

  it("refuses a tampered body", () => {
    const request = signedRequest(body);
    const tampered = { ...request, rawBody: body.replace("#1042", "#1043") };
    expect(adapter.verify(tampered, apiChannel())).toMatchObject({ ok: false, status: 401 });
  });

  it("refuses a swapped timestamp (it is part of the signed text)", () => {
    const request = signedRequest(body);
    request.headers.set("X-Switchboard-Timestamp", String(NOW_SECONDS - 10));
    expect(adapter.verify(request, apiChannel())).toMatchObject({ ok: false, status: 401, reason: expect.stringContaining("does not match") });
  });

  it("names the missing or malformed header", () => {
    const noTimestamp = signedRequest(body);
    noTimestamp.headers.delete("X-Switchboard-Timestamp");
    expect(adapter.verify(noTimestamp, apiChannel())).toMatchObject({ status: 401, reason: expect.stringContaining("X-Switchboard-Timestamp header is missing") });

    const noSignature = signedRequest(body);
    noSignature.headers.delete("X-Switchboard-Signature");
    expect(adapter.verify(noSignature, apiChannel())).toMatchObject({ status: 401, reason: expect.stringContaining("X-Switchboard-Signature header is missing") });

    const textTimestamp = signedRequest(body);
    textTimestamp.headers.set("X-Switchboard-Timestamp", "2025-03-14T09:26:53Z");
    expect(adapter.verify(textTimestamp, apiChannel())).toMatchObject({ status: 401, reason: expect.stringContaining("must be unix seconds") });

    const bareHex = signedRequest(body);
    bareHex.headers.set("X-Switchboard-Signature", sign(SECRET, NOW_SECONDS, body).slice("sha256=".length));
    expect(adapter.verify(bareHex, apiChannel())).toMatchObject({ status: 401, reason: expect.stringContaining("sha256=<64 hex digits>") });
  });

  it("refuses everything on a channel without a webhook secret", () => {
    expect(adapter.verify(signedRequest(body), apiChannel({ webhookSecret: null }))).toMatchObject({
      ok: false,
      status: 401,
      reason: expect.stringContaining("no webhook secret"),
    });
  });
});

describe("API channel: parse", () => {
  const parse = (body: string) => adapter.parse(signedRequest(body), apiChannel());
  const parseError = (body: string): WebhookPayloadError => {
    try {
      parse(body);
    } catch (error) {
      if (error instanceof WebhookPayloadError) return error;
      throw error;
    }
    throw new Error("parse accepted the body");
  };

  it("normalizes a message", () => {
    expect(parse(fixture("message.json"))).toEqual([
      {
        externalId: "msg-2024-0001",
        contact: { identifier: "app-user-4821", name: "Dana Whitfield", email: "dana.whitfield@example.test", phone: "+15555550142" },
        text: 'Hi! My order #1042 still shows "processing" after five days. Can you check?',
        attachments: [],
      },
    ]);
  });

  it("takes attachments without text, null optionals and unknown extra fields", () => {
    const [message] = parse(fixture("message-with-attachments.json"));
    expect(message).toEqual({
      externalId: "msg-2024-0002",
      contact: { identifier: "app-user-7310", name: undefined, email: undefined, phone: undefined },
      text: "",
      attachments: [
        { url: "https://files.example.test/receipts/1042.pdf", name: "receipt-1042.pdf", contentType: "application/pdf", size: 48213 },
        { url: "https://files.example.test/photos/box.jpg", name: undefined, contentType: undefined, size: undefined },
      ],
    });
  });

  it("names a missing field", () => {
    const error = parseError(fixture("message-missing-text.json"));
    expect(error.status).toBe(400);
    expect(error.message).toBe("message.text is required.");
  });

  it("names every wrong field", () => {
    const error = parseError(fixture("message-bad-fields.json"));
    expect(error.status).toBe(400);
    expect(error.message).toContain("contact.identifier must not be empty");
    expect(error.message).toContain("contact.email must be an email address");
    expect(error.message).toContain("message.id must be a string");
    expect(error.message).toContain("message.attachments[0].url must be an absolute http(s) URL");
    expect(error.message).toContain("message.attachments[0].size must not be negative");
  });

  it("says where malformed JSON breaks", () => {
    const error = parseError(fixture("message.json").slice(0, 60));
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/^The body is not valid JSON \(.+\)\.$/);
  });

  it("refuses a body that is not an object, or lacks contact", () => {
    expect(parseError("[1, 2]").message).toBe("The body must be a JSON object with contact and message.");
    expect(parseError('{"message": {"id": "m1", "text": "hi"}}').message).toBe("contact is required.");
  });

  it("refuses empty messages", () => {
    const body = JSON.stringify({ contact: { identifier: "u1" }, message: { id: "m1", text: "   " } });
    expect(parseError(body)).toMatchObject({ status: 400, message: expect.stringContaining("message.text is empty") });
  });

  it("answers 413 naming the limit for text over 64 KB, counted in bytes", () => {
    const atLimit = JSON.stringify({ contact: { identifier: "u1" }, message: { id: "m1", text: "é".repeat(MAX_MESSAGE_TEXT_BYTES / 2) } });
    expect(parse(atLimit)[0]!.text).toHaveLength(MAX_MESSAGE_TEXT_BYTES / 2);

    const overLimit = JSON.stringify({ contact: { identifier: "u1" }, message: { id: "m1", text: `${"é".repeat(MAX_MESSAGE_TEXT_BYTES / 2)}!` } });
    const error = parseError(overLimit);
    expect(error.status).toBe(413);
    expect(error.message).toBe(`message.text is ${MAX_MESSAGE_TEXT_BYTES + 1} bytes; the limit is 65536 bytes (64 KB).`);
  });

  it("answers 413 naming the limit for too many attachments", () => {
    const attachments = Array.from({ length: MAX_ATTACHMENTS + 1 }, (_, index) => ({ url: `https://files.example.test/${index}.png` }));
    const error = parseError(JSON.stringify({ contact: { identifier: "u1" }, message: { id: "m1", text: "see", attachments } }));
    expect(error).toMatchObject({ status: 413, message: expect.stringContaining(`the limit is ${MAX_ATTACHMENTS} per message`) });
  });
});

describe("API channel: send", () => {
  interface Captured {
    headers: http.IncomingHttpHeaders;
    body: string;
  }
  const captured: Captured[] = [];
  let nextStatus = 200;
  let server: http.Server;
  let baseUrl: string;

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        captured.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
        if (request.url === "/hang") return; // never answers: the adapter must give up on its own
        response.writeHead(nextStatus, { "content-type": "text/plain" }).end(nextStatus === 200 ? "ok" : "upstream exploded");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const reply: OutboundMessage = {
    messageId: "msg_out_1",
    conversationId: "conv_1",
    contactIdentifier: "app-user-4821",
    text: "Your order ships today. <b>Thanks</b> for waiting!",
    attachments: [{ url: "https://files.example.test/label.pdf", name: "label.pdf" }],
    senderType: "agent",
    senderName: "Sam Agent",
  };

  it("posts the reply as signed JSON to the callback URL", async () => {
    captured.length = 0;
    nextStatus = 200;
    const before = Math.floor(Date.now() / 1000);
    await expect(adapter.send(apiChannel({ settings: { callbackUrl: `${baseUrl}/events?token=abc` } }), reply)).resolves.toEqual({});

    expect(captured).toHaveLength(1);
    const [request] = captured as [Captured];
    expect(request.headers["content-type"]).toBe("application/json");
    const timestamp = request.headers["x-switchboard-timestamp"] as string;
    expect(Number(timestamp)).toBeGreaterThanOrEqual(before);
    expect(Number(timestamp)).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    expect(request.headers["x-switchboard-signature"]).toBe(sign(SECRET, timestamp, request.body));
    expect(JSON.parse(request.body)).toEqual({
      conversationId: "conv_1",
      message: {
        id: "msg_out_1",
        text: "Your order ships today. <b>Thanks</b> for waiting!",
        attachments: [{ url: "https://files.example.test/label.pdf", name: "label.pdf" }],
        senderType: "agent",
        senderName: "Sam Agent",
      },
      contact: { identifier: "app-user-4821" },
    });
  });

  it("throws on a non-2xx answer, naming the status and not the query string", async () => {
    nextStatus = 500;
    const send = adapter.send(apiChannel({ settings: { callbackUrl: `${baseUrl}/events?token=abc` } }), reply);
    await expect(send).rejects.toThrow(`The callback URL ${baseUrl}/events answered 500: upstream exploded.`);
  });

  it("throws when the callback URL does not answer in time", async () => {
    await expect(adapter.send(apiChannel({ settings: { callbackUrl: `${baseUrl}/hang` } }), reply)).rejects.toThrow(/no answer within 300 ms/);
  });

  it("throws when the callback URL cannot be reached", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(adapter.send(apiChannel({ settings: { callbackUrl: `http://127.0.0.1:${port}/events` } }), reply)).rejects.toThrow(
      /Could not deliver the reply to the callback URL .*ECONNREFUSED/,
    );
  });

  it("throws naming the setting when no callback URL is configured, or a bad one", async () => {
    await expect(adapter.send(apiChannel(), reply)).rejects.toThrow(/has no callback URL: set settings\.callbackUrl/);
    await expect(adapter.send(apiChannel({ settings: { callbackUrl: "ftp://files.example.test" } }), reply)).rejects.toThrow(
      /settings\.callbackUrl of the API channel "Mobile app" \(chan_api_1\) must be an absolute http\(s\) URL/,
    );
  });
});
