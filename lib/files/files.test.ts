import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { UserFacingError } from "@/lib/errors";
import { setupTestDatabase } from "@/tests/helpers/db";
import { createAccountWithStaff } from "@/tests/helpers/factories";
import { detectContentType } from "./content-type";
import { describeFiles, FILE_SIZE_LIMIT_BYTES, FileTooLargeError, readFile, readFileForMember, storeFile } from "./files";
import { fileIdFromUrl } from "./shared";

const testDb = setupTestDatabase();
let acme: Awaited<ReturnType<typeof createAccountWithStaff>>;
let globex: Awaited<ReturnType<typeof createAccountWithStaff>>;

const bytesOf = (...parts: (number[] | string)[]) =>
  new Uint8Array(parts.flatMap((part) => (typeof part === "string" ? [...Buffer.from(part, "latin1")] : part)));

const PNG = bytesOf([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], "rest of a png");
const PDF = bytesOf("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n");
const EXE = bytesOf("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff");

beforeAll(async () => {
  acme = await createAccountWithStaff(testDb.db, "Acme");
  globex = await createAccountWithStaff(testDb.db, "Globex");
});

describe("detectContentType", () => {
  it.each([
    ["jpeg", bytesOf([0xff, 0xd8, 0xff, 0xe0]), "image/jpeg"],
    ["gif", bytesOf("GIF89a\x01\x00"), "image/gif"],
    ["webp", bytesOf("RIFF\x10\x00\x00\x00WEBPVP8 "), "image/webp"],
    ["zip", bytesOf("PK\x03\x04\x14\x00", "notes.txt"), "application/zip"],
    ["docx", bytesOf("PK\x03\x04\x14\x00", "[Content_Types].xml", "word/document.xml"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
    ["xlsx", bytesOf("PK\x03\x04\x14\x00", "xl/workbook.xml"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
    ["mp3 with ID3", bytesOf("ID3\x04\x00"), "audio/mpeg"],
    ["mp3 frame", bytesOf([0xff, 0xfb, 0x90, 0x64]), "audio/mpeg"],
    ["ogg", bytesOf("OggS\x00\x02"), "audio/ogg"],
    ["webm", bytesOf([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x82, 0x84], "webm"), "audio/webm"],
    ["m4a", bytesOf([0, 0, 0, 0x20], "ftypM4A \x00\x00"), "audio/mp4"],
    ["mp4", bytesOf([0, 0, 0, 0x20], "ftypisom\x00\x00"), "video/mp4"],
    ["utf-8 text", new TextEncoder().encode("Grüße, order #42 ✓\n"), "text/plain; charset=utf-8"],
  ])("recognises %s", (_name, bytes, expected) => {
    expect(detectContentType(bytes)).toBe(expected);
  });

  it.each([
    ["a Windows executable", EXE],
    ["an ELF binary", bytesOf("\x7fELF\x02\x01\x01")],
    ["text with a NUL byte", bytesOf("hello\x00world")],
    ["invalid UTF-8", bytesOf([0x68, 0x69, 0xc3, 0x28])],
    ["Matroska that is not WebM", bytesOf([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x82, 0x88], "matroska")],
  ])("refuses %s, naming the allowed types", (_name, bytes) => {
    expect(() => detectContentType(bytes)).toThrow(/not allowed.*PNG, JPEG.*PDF.*plain UTF-8 text/);
  });
});

describe("storeFile and readFile", () => {
  it("stores the type found in the content, not the one the name suggests", async () => {
    const stored = await storeFile(testDb.db, acme.account.id, acme.agent.id, { fileName: "invoice.png", bytes: PDF });
    expect(stored).toMatchObject({ name: "invoice.png", contentType: "application/pdf", size: PDF.byteLength, url: `/api/files/${stored.id}` });
    const read = await readFile(testDb.db, acme.account.id, stored.id);
    expect(read.contentType).toBe("application/pdf");
    expect(Buffer.from(read.data).equals(Buffer.from(PDF))).toBe(true);
    const row = await testDb.db.storedFile.findUniqueOrThrow({ where: { id: stored.id } });
    expect(row.sha256).toBe(createHash("sha256").update(PDF).digest("hex"));
    expect(row.uploadedById).toBe(acme.agent.id);
  });

  it("refuses an executable whatever its name, and stores nothing", async () => {
    const before = await testDb.db.storedFile.count();
    await expect(storeFile(testDb.db, acme.account.id, acme.agent.id, { fileName: "setup.exe", bytes: EXE })).rejects.toThrow(/not allowed/);
    await expect(storeFile(testDb.db, acme.account.id, acme.agent.id, { fileName: "photo.png", bytes: EXE })).rejects.toBeInstanceOf(UserFacingError);
    expect(await testDb.db.storedFile.count()).toBe(before);
  });

  it("refuses files over the size limit with an error naming it, and accepts one at the limit", async () => {
    const atLimit = new Uint8Array(FILE_SIZE_LIMIT_BYTES);
    atLimit.set(PNG);
    const over = new Uint8Array(FILE_SIZE_LIMIT_BYTES + 1);
    over.set(PNG);
    const refused = storeFile(testDb.db, acme.account.id, acme.agent.id, { fileName: "big.png", bytes: over });
    await expect(refused).rejects.toBeInstanceOf(FileTooLargeError);
    await expect(refused).rejects.toThrow("10 MB limit");
    const stored = await storeFile(testDb.db, acme.account.id, acme.agent.id, { fileName: "exact.png", bytes: atLimit });
    expect(stored).toMatchObject({ contentType: "image/png", size: FILE_SIZE_LIMIT_BYTES });
  });

  it("refuses an empty file", async () => {
    await expect(storeFile(testDb.db, acme.account.id, null, { fileName: "empty.txt", bytes: new Uint8Array() })).rejects.toThrow(/empty/);
  });

  it("keeps only the base name of a path and strips control characters", async () => {
    const stored = await storeFile(testDb.db, acme.account.id, null, { fileName: "C:\\Users\\me\\shot\u0007.png", bytes: PNG });
    expect(stored.name).toBe("shot.png");
  });

  it("never shows one account's files to another", async () => {
    const stored = await storeFile(testDb.db, acme.account.id, acme.agent.id, { fileName: "logo.png", bytes: PNG });
    await expect(readFile(testDb.db, globex.account.id, stored.id)).rejects.toMatchObject({ kind: "not_found" });
    await expect(describeFiles(testDb.db, globex.account.id, [stored.id])).rejects.toMatchObject({ kind: "not_found" });
    expect((await describeFiles(testDb.db, acme.account.id, [stored.id, stored.id])).get(stored.id)).toMatchObject({ name: "logo.png", contentType: "image/png" });
    await expect(readFile(testDb.db, acme.account.id, "../../etc/passwd")).rejects.toMatchObject({ kind: "not_found" });
    expect((await readFileForMember(testDb.db, acme.admin.id, stored.id)).name).toBe("logo.png");
    await expect(readFileForMember(testDb.db, globex.admin.id, stored.id)).rejects.toMatchObject({ kind: "not_found" });
  });

  it("stops serving files to a member once deactivated", async () => {
    const stored = await storeFile(testDb.db, acme.account.id, acme.agent.id, { fileName: "plan.pdf", bytes: PDF });
    await testDb.db.membership.updateMany({ where: { userId: acme.agent.id, accountId: acme.account.id }, data: { deactivatedAt: new Date() } });
    await expect(readFileForMember(testDb.db, acme.agent.id, stored.id)).rejects.toMatchObject({ kind: "not_found" });
    await testDb.db.membership.updateMany({ where: { userId: acme.agent.id, accountId: acme.account.id }, data: { deactivatedAt: null } });
  });
});

describe("fileIdFromUrl", () => {
  it("accepts only same-origin file addresses", () => {
    expect(fileIdFromUrl("/api/files/cm3abcdefghijklmnopqrstu")).toBe("cm3abcdefghijklmnopqrstu");
    expect(fileIdFromUrl("https://example.com/api/files/cm3abcdefghijklmnopqrstu")).toBeNull();
    expect(fileIdFromUrl("/api/files/cm3abcdefghijklmnopqrstu/../x")).toBeNull();
  });
});
