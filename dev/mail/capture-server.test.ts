import { randomBytes, randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Resend, type CreateEmailOptions } from "resend";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";
import { startMailCapture, type MailCaptureServer } from "./capture-server";

const MAX_MESSAGE_BYTES = 256 * 1024;

let database: TestDatabase;
let capture: MailCaptureServer;
let resend: Resend;
let fileServer: http.Server;
let fileServerUrl: string;
const servedFile = randomBytes(3000);

beforeAll(async () => {
  database = await createTestDatabase();
  capture = await startMailCapture({ databaseUrl: database.url, port: 0, maxMessageBytes: MAX_MESSAGE_BYTES });
  resend = new Resend("re_dummy_key", { baseUrl: capture.url });
  // Stands in for a remote file given to Resend as an attachment `path`.
  fileServer = http.createServer((req, res) => {
    if (req.url === "/files/report%20q3.pdf") res.end(servedFile);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => fileServer.listen(0, "127.0.0.1", resolve));
  fileServerUrl = `http://127.0.0.1:${(fileServer.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await capture?.close();
  await new Promise((resolve) => fileServer?.close(resolve));
  await database?.drop();
});

async function capturedCount(): Promise<number> {
  const { data, error } = await resend.emails.list({ limit: 100 });
  expect(error).toBeNull();
  return data!.data.length;
}

const baseEmail = {
  from: "Switchboard <support@switchboard.local>",
  to: "customer@example.com",
  subject: "Your ticket #42",
  html: "<p>We are on it.</p>",
} satisfies CreateEmailOptions;

describe("sending and reading with the resend SDK", () => {
  it("captures a single email and shows it first in the list with its bodies", async () => {
    const sent = await resend.emails.send({
      ...baseEmail,
      to: ["customer@example.com", "Second Person <second@example.com>"],
      cc: "cc@example.com",
      bcc: ["bcc@example.com"],
      replyTo: "agent@switchboard.local",
      text: "We are on it.",
      headers: { "X-Ticket": "42" },
      tags: [{ name: "category", value: "ticket_reply" }],
      scheduledAt: "in 1 hour",
    });
    expect(sent.error).toBeNull();
    const id = sent.data!.id;
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

    const list = await resend.emails.list();
    expect(list.error).toBeNull();
    expect(list.data!.object).toBe("list");
    expect(list.data!.data[0]).toMatchObject({ id, subject: "Your ticket #42", to: ["customer@example.com", "Second Person <second@example.com>"] });

    const { data: email, error } = await resend.emails.get(id);
    expect(error).toBeNull();
    expect(email).toMatchObject({
      object: "email",
      id,
      from: "Switchboard <support@switchboard.local>",
      cc: ["cc@example.com"],
      bcc: ["bcc@example.com"],
      reply_to: ["agent@switchboard.local"],
      html: "<p>We are on it.</p>",
      text: "We are on it.",
      tags: [{ name: "category", value: "ticket_reply" }],
      scheduled_at: "in 1 hour",
      last_event: "delivered",
    });
    expect(new Date(email!.created_at).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect((email as unknown as { headers: unknown }).headers).toEqual({ "X-Ticket": "42" });
  });

  it("serves the raw HTML for a sandboxed preview", async () => {
    const { data } = await resend.emails.send({ ...baseEmail, html: "<h1>Preview</h1><script>alert(1)</script>" });
    const response = await fetch(`${capture.url}/emails/${data!.id}/html`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("content-security-policy")).toMatch(/^sandbox;/);
    expect(await response.text()).toBe("<h1>Preview</h1><script>alert(1)</script>");
  });

  it("pages through the list newest first with after/before cursors", async () => {
    for (const n of [1, 2, 3]) await resend.emails.send({ ...baseEmail, subject: `Page test ${n}` });
    const all = (await resend.emails.list({ limit: 100 })).data!.data.map((email) => email.id);
    expect(all.length).toBeGreaterThanOrEqual(3);

    const first = await resend.emails.list({ limit: 2 });
    expect(first.data!.data.map((email) => email.id)).toEqual(all.slice(0, 2));
    expect(first.data!.has_more).toBe(true);
    const second = await resend.emails.list({ limit: 2, after: all[1] });
    expect(second.data!.data.map((email) => email.id)).toEqual(all.slice(2, 4));
    const back = await resend.emails.list({ limit: 1, before: all[2] });
    expect(back.data!.data.map((email) => email.id)).toEqual([all[1]]);
    expect(back.data!.has_more).toBe(true);

    const bad = await resend.emails.list({ limit: 500 });
    expect(bad.error).toMatchObject({ statusCode: 422, name: "validation_error" });
    expect(bad.error!.message).toContain("`limit`");
  });

  it("captures a batch and rejects a strict batch with an invalid email as a whole", async () => {
    const before = await capturedCount();
    const batch = await resend.batch.send([
      { ...baseEmail, subject: "Batch one" },
      { ...baseEmail, to: ["a@example.com", "b@example.com"], subject: "Batch two", text: "plain" },
    ]);
    expect(batch.error).toBeNull();
    expect(batch.data!.data).toHaveLength(2);
    const second = await resend.emails.get(batch.data!.data[1]!.id);
    expect(second.data).toMatchObject({ subject: "Batch two", to: ["a@example.com", "b@example.com"], text: "plain" });
    expect(await capturedCount()).toBe(before + 2);

    const strict = await resend.batch.send([baseEmail, { ...baseEmail, to: "not-an-address" }]);
    expect(strict.error).toMatchObject({ statusCode: 422, name: "validation_error" });
    expect(strict.error!.message).toContain("emails[1]");
    expect(strict.error!.message).toContain("`to[0]`");
    expect(await capturedCount()).toBe(before + 2);

    const permissive = await resend.batch.send(
      [{ ...baseEmail, subject: "Kept" }, { ...baseEmail, subject: "" }],
      { batchValidation: "permissive" },
    );
    expect(permissive.error).toBeNull();
    expect(permissive.data!.data).toHaveLength(1);
    expect(permissive.data!.errors).toEqual([{ index: 1, message: expect.stringContaining("`subject`") }]);
  });

  it("stores attachments given as content or path and serves them byte-identical", async () => {
    const pdfBytes = randomBytes(20_000);
    const sent = await resend.emails.send({
      ...baseEmail,
      attachments: [
        { filename: "invoice.pdf", content: pdfBytes },
        { filename: "logo.png", content: Buffer.from("png-bytes").toString("base64"), contentId: "logo" },
        { path: `${fileServerUrl}/files/report%20q3.pdf` },
      ],
    });
    expect(sent.error).toBeNull();
    const emailId = sent.data!.id;

    const list = await resend.emails.attachments.list({ emailId });
    expect(list.error).toBeNull();
    expect(list.data!.data).toMatchObject([
      { filename: "invoice.pdf", size: 20_000, content_type: "application/pdf", content_disposition: "attachment" },
      { filename: "logo.png", size: 9, content_type: "image/png", content_disposition: "inline", content_id: "logo" },
      { filename: "report q3.pdf", size: servedFile.length, content_type: "application/pdf" },
    ]);

    const [invoice, , report] = list.data!.data;
    const single = await resend.emails.attachments.get({ emailId, id: invoice!.id });
    expect(single.data).toMatchObject({ object: "attachment", id: invoice!.id, filename: "invoice.pdf" });
    expect(Date.parse(single.data!.expires_at)).toBeGreaterThan(Date.now());

    const download = await fetch(single.data!.download_url);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("application/pdf");
    expect(download.headers.get("content-disposition")).toContain('filename="invoice.pdf"');
    expect(Buffer.from(await download.arrayBuffer()).equals(pdfBytes)).toBe(true);
    const remote = await fetch(report!.download_url);
    expect(Buffer.from(await remote.arrayBuffer()).equals(servedFile)).toBe(true);

    const expired = await fetch(invoice!.download_url.replace(/expires=\d+/, "expires=1000"));
    expect(expired.status).toBe(403);
  });

  it("rejects an attachment whose path cannot be fetched, naming it", async () => {
    const { error } = await resend.emails.send({ ...baseEmail, attachments: [{ path: `${fileServerUrl}/missing.pdf` }] });
    expect(error).toMatchObject({ statusCode: 422, name: "invalid_attachment" });
    expect(error!.message).toContain("`attachments[0].path`");
  });
});

describe("errors in Resend's shape", () => {
  it.each(["from", "to", "subject"] as const)("names a missing `%s` as a validation_error", async (field) => {
    const before = await capturedCount();
    const email: Record<string, unknown> = { ...baseEmail };
    delete email[field];
    const { data, error } = await resend.emails.send(email as unknown as CreateEmailOptions);
    expect(data).toBeNull();
    expect(error).toEqual({ statusCode: 422, name: "validation_error", message: `Missing \`${field}\` field.` });
    expect(await capturedCount()).toBe(before);
  });

  it("requires html or text and names bad nested fields", async () => {
    const { html: _html, ...withoutBody } = baseEmail;
    const noBody = await resend.emails.send(withoutBody as unknown as CreateEmailOptions);
    expect(noBody.error).toMatchObject({ statusCode: 422, message: "Missing `html` or `text` field." });
    const badTag = await resend.emails.send({ ...baseEmail, tags: [{ name: "has space", value: "x" }] });
    expect(badTag.error!.message).toContain("`tags[0].name`");
  });

  it("answers unknown ids, bad ids, unknown routes and wrong methods", async () => {
    expect((await resend.emails.get(randomUUID())).error).toMatchObject({ statusCode: 404, name: "not_found" });
    expect((await resend.emails.get("nope")).error).toMatchObject({ statusCode: 422, name: "invalid_parameter" });
    const unknown = await fetch(`${capture.url}/domains`);
    expect(unknown.status).toBe(404);
    const wrongMethod = await fetch(`${capture.url}/emails/batch`, { method: "DELETE" });
    expect(wrongMethod.status).toBe(405);
    expect(await wrongMethod.json()).toMatchObject({ name: "method_not_allowed" });
  });

  it("returns 413 for a body over maxMessageBytes and keeps serving", async () => {
    const before = await capturedCount();
    const { error } = await resend.emails.send({
      ...baseEmail,
      attachments: [{ filename: "huge.bin", content: randomBytes(MAX_MESSAGE_BYTES) }],
    });
    expect(error).toMatchObject({ statusCode: 413, name: "validation_error" });
    expect(error!.message).toContain("maxMessageBytes");

    // Without a Content-Length the limit must hold while streaming.
    const chunked = await new Promise<number>((resolve, reject) => {
      const request = http.request(`${capture.url}/emails`, { method: "POST", headers: { "content-type": "application/json" } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on("error", reject);
      for (let sent = 0; sent <= MAX_MESSAGE_BYTES; sent += 64 * 1024) request.write(Buffer.alloc(64 * 1024, " "));
      request.end();
    });
    expect(chunked).toBe(413);
    expect(await capturedCount()).toBe(before);
  });

  it("honours Idempotency-Key: same key and body gives the same id once, another body a 409", async () => {
    const before = await capturedCount();
    const key = `welcome-${randomUUID()}`;
    const first = await resend.emails.send(baseEmail, { idempotencyKey: key });
    const again = await resend.emails.send(baseEmail, { idempotencyKey: key });
    expect(first.error).toBeNull();
    expect(again.data).toEqual(first.data);
    expect(await capturedCount()).toBe(before + 1);

    const conflicting = await resend.emails.send({ ...baseEmail, subject: "Other" }, { idempotencyKey: key });
    expect(conflicting.error).toMatchObject({ statusCode: 409, name: "invalid_idempotent_request" });

    const concurrentKey = `race-${randomUUID()}`;
    const raced = await Promise.all(
      [1, 2, 3].map(() => resend.batch.send([baseEmail, baseEmail], { idempotencyKey: concurrentKey })),
    );
    expect(new Set(raced.map((result) => JSON.stringify(result.data))).size).toBe(1);
    expect(await capturedCount()).toBe(before + 3);

    const tooLong = await resend.emails.send(baseEmail, { idempotencyKey: "k".repeat(257) });
    expect(tooLong.error).toMatchObject({ statusCode: 400, name: "invalid_idempotency_key" });
  });
});
