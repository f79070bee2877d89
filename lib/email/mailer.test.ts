import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { startMailCapture, type MailCaptureServer } from "@/dev/mail/capture-server";
import { UserFacingError } from "@/lib/errors";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";
import {
  DEFAULT_MAIL_FROM,
  EmailError,
  downloadCapturedAttachment,
  getCapturedEmail,
  getMailer,
  listCapturedEmails,
  mailMode,
  sendEmail,
} from "./mailer";

let database: TestDatabase;
let capture: MailCaptureServer;

beforeAll(async () => {
  database = await createTestDatabase();
  capture = await startMailCapture({ databaseUrl: database.url, port: 0 });
});

afterAll(async () => {
  await capture?.close();
  await database?.drop();
});

beforeEach(() => {
  // The embedded configuration the start script sets up.
  vi.stubEnv("RESEND_API_KEY", undefined);
  vi.stubEnv("MAIL_FROM", undefined);
  vi.stubEnv("RESEND_BASE_URL", `${capture.url}/`);
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("embedded mode", () => {
  it("sends through the SDK to the capture and reads the mail back for the mailbox", async () => {
    expect(mailMode()).toBe("embedded");
    const report = randomBytes(5000);
    const { id } = await sendEmail({
      to: "customer@example.com",
      subject: "Ticket #7 resolved",
      html: "<p>Resolved.</p>",
      text: "Resolved.",
      attachments: [{ filename: "transcript.txt", content: report, contentType: "text/plain" }],
    });

    const email = await getCapturedEmail(id);
    expect(email).toMatchObject({
      id,
      from: DEFAULT_MAIL_FROM,
      to: ["customer@example.com"],
      subject: "Ticket #7 resolved",
      html: "<p>Resolved.</p>",
      text: "Resolved.",
    });
    expect(email.attachments).toMatchObject([{ filename: "transcript.txt", size: 5000, content_type: "text/plain" }]);

    const download = await downloadCapturedAttachment(id, email.attachments[0]!.id);
    expect(download.filename).toBe("transcript.txt");
    expect(download.contentType).toBe("text/plain");
    expect(Buffer.from(download.content).equals(report)).toBe(true);

    const page = await listCapturedEmails({ limit: 1 });
    expect(page.data.map((item) => item.id)).toEqual([id]);
  });

  it("uses MAIL_FROM and sends once per idempotency key", async () => {
    vi.stubEnv("MAIL_FROM", "Acme Support <help@acme.example>");
    const input = { to: ["a@example.com", "b@example.com"], subject: "Welcome", html: "<p>Hi</p>", idempotencyKey: "welcome-1" };
    const first = await sendEmail(input);
    const second = await sendEmail(input);
    expect(second.id).toBe(first.id);
    const { data } = await listCapturedEmails({ limit: 2 });
    expect(data[0]).toMatchObject({ id: first.id, from: "Acme Support <help@acme.example>" });
    expect(data[1]?.id).not.toBe(first.id);
  });

  it("throws errors that name the problem", async () => {
    await expect(sendEmail({ to: "not an address", subject: "x", html: "<p>x</p>" })).rejects.toThrow(/`to`/);
    await expect(getCapturedEmail("00000000-0000-4000-8000-000000000000")).rejects.toBeInstanceOf(UserFacingError);
    await expect(listCapturedEmails({ after: "not-a-uuid" })).rejects.toThrow(/`after`/);

    vi.stubEnv("MAIL_FROM", "nobody");
    await expect(sendEmail({ to: "a@example.com", subject: "x", html: "<p>x</p>" })).rejects.toThrow(/MAIL_FROM/);

    vi.stubEnv("RESEND_BASE_URL", undefined);
    expect(() => getMailer()).toThrow(/RESEND_API_KEY.*RESEND_BASE_URL/);
  });

  it("reports an unreachable mail service as an EmailError pointing at RESEND_BASE_URL", async () => {
    vi.stubEnv("RESEND_BASE_URL", "http://127.0.0.1:9");
    const sending = sendEmail({ to: "a@example.com", subject: "Lost", html: "<p>x</p>" });
    await expect(sending).rejects.toBeInstanceOf(EmailError);
    await expect(sending).rejects.toThrow(/Sending "Lost" to a@example.com failed.*RESEND_BASE_URL/);
  });
});

describe("hosted mode", () => {
  it("uses RESEND_API_KEY, keeps an explicit RESEND_BASE_URL, and refuses mailbox reads", async () => {
    vi.stubEnv("RESEND_API_KEY", "re_live_example");
    expect(mailMode()).toBe("hosted");
    const mailer = getMailer();
    expect(mailer.key).toBe("re_live_example");
    expect(mailer.baseUrl).toBe(capture.url);
    await expect(sendEmail({ to: "a@example.com", subject: "Hosted", html: "<p>x</p>" })).resolves.toHaveProperty("id");
    await expect(listCapturedEmails()).rejects.toThrow(/RESEND_API_KEY is set/);

    vi.stubEnv("RESEND_BASE_URL", undefined);
    expect(getMailer().baseUrl).toBe("https://api.resend.com");
  });
});
