import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeFile } from "@/lib/files/files";
import { setOutboxRelayDefaults, settleOutboxFastPath } from "@/lib/outbox/relay";
import { setupTestDatabase } from "@/tests/helpers/db";
import { createAccountWithStaff } from "@/tests/helpers/factories";
import { replyToConversation } from "./actions";
import { attachmentSchema, resolveAttachments } from "./attachments";
import { ingestInbound } from "./ingest";
import { createChannel, inbound, recordingRelay } from "./test-helpers";

const testDb = setupTestDatabase();
let acme: Awaited<ReturnType<typeof createAccountWithStaff>>;
let globex: Awaited<ReturnType<typeof createAccountWithStaff>>;

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

beforeAll(async () => {
  setOutboxRelayDefaults(recordingRelay().deps);
  acme = await createAccountWithStaff(testDb.db, "Acme");
  globex = await createAccountWithStaff(testDb.db, "Globex");
});
afterAll(async () => {
  await settleOutboxFastPath();
  setOutboxRelayDefaults(undefined);
});

describe("attachmentSchema", () => {
  it("accepts http(s) links and uploaded-file addresses, nothing else", () => {
    expect(attachmentSchema.safeParse({ url: "https://example.com/a.pdf" }).success).toBe(true);
    expect(attachmentSchema.safeParse({ url: "/api/files/cm3abcdefghijklmnopqrstu" }).success).toBe(true);
    for (const url of ["javascript:alert(1)", "/etc/passwd", "/api/files/../secrets", "ftp://example.com/a"]) {
      expect(attachmentSchema.safeParse({ url }).success, url).toBe(false);
    }
  });
});

describe("resolveAttachments", () => {
  it("takes name, type and size of uploaded files from storage, whatever the client claimed", async () => {
    const file = await storeFile(testDb.db, acme.account.id, acme.agent.id, { fileName: "shot.png", bytes: PNG });
    const resolved = await resolveAttachments(testDb.db, acme.account.id, [
      { url: file.url, name: "evil.html", contentType: "text/html", size: 1 },
      { url: "https://example.com/manual.pdf", name: "manual.pdf" },
    ]);
    expect(resolved).toEqual([
      { url: file.url, name: "shot.png", contentType: "image/png", size: PNG.byteLength },
      { url: "https://example.com/manual.pdf", name: "manual.pdf" },
    ]);
  });

  it("refuses a reply attaching another account's file and stores no message", async () => {
    const foreign = await storeFile(testDb.db, globex.account.id, globex.agent.id, { fileName: "theirs.png", bytes: PNG });
    const channel = await createChannel(testDb.db, acme.account.id, "api");
    const { conversation } = await ingestInbound(testDb.db, channel, inbound("cust-1", "Hello"));
    await expect(
      replyToConversation(testDb.db, acme.account.id, acme.agent.id, conversation.id, { text: "", attachments: [{ url: foreign.url }] }),
    ).rejects.toMatchObject({ kind: "not_found" });
    expect(await testDb.db.message.count({ where: { conversationId: conversation.id, senderType: "agent" } })).toBe(0);

    const own = await storeFile(testDb.db, acme.account.id, acme.agent.id, { fileName: "ours.png", bytes: PNG });
    const { message } = await replyToConversation(testDb.db, acme.account.id, acme.agent.id, conversation.id, { text: "", attachments: [{ url: own.url }] });
    expect(message.attachments).toEqual([{ url: own.url, name: "ours.png", contentType: "image/png", size: PNG.byteLength }]);
  });
});
