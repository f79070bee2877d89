import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "@/lib/db/client";
import { setupTestDatabase } from "@/tests/helpers/db";
import { createTwoTenants, type StaffedAccount } from "@/tests/helpers/factories";
import {
  addKnowledgeFile,
  createArticle,
  deleteKnowledgeDocument,
  getKnowledgeDocument,
  listKnowledgeDocuments,
  reprocessKnowledgeDocument,
  updateKnowledgeDocument,
} from "./documents";
import { processKnowledgeDocument } from "./process";
import { getPublicArticle, helpCenterPath, readPublicOriginal } from "./public";
import { type KnowledgeDocumentEvent, setKnowledgeEventSender } from "./queue";
import { retrieveKnowledge } from "./retrieve";
import { KNOWLEDGE_FILE_LIMIT_BYTES, slugify } from "./shared";
import { type KnowledgeUploadResult, receiveKnowledgeUpload } from "./upload";

const testDb = setupTestDatabase();
let db: Database;
let acme: StaffedAccount;
let globex: StaffedAccount;
const sent: KnowledgeDocumentEvent[] = [];

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, "../../tests/fixtures/knowledge", name));

function uploadRequest(files: { name: string; bytes: Uint8Array }[], headers: Record<string, string> = {}): Request {
  const form = new FormData();
  for (const file of files) form.append("files", new File([new Uint8Array(file.bytes)], file.name));
  const encoded = new Request("http://localhost/api/knowledge/upload", { method: "POST", body: form });
  return new Request(encoded, { headers: { "content-type": encoded.headers.get("content-type")!, ...headers } });
}

const upload = (account: StaffedAccount, request: Request) => receiveKnowledgeUpload(db, { accountId: account.account.id, userId: account.agent.id }, request);
const chunksOf = (documentId: string) => db.knowledgeChunk.findMany({ where: { documentId }, orderBy: { position: "asc" } });

beforeAll(async () => {
  db = testDb.db;
  ({ acme, globex } = await createTwoTenants(db));
  setKnowledgeEventSender(async (events) => {
    sent.push(...events);
  });
});
afterAll(() => setKnowledgeEventSender(undefined));

describe("uploading a batch", () => {
  it("stores every readable file as pending, refuses the rest by name, and processes each on its own", async () => {
    const names = ["gift-wrapping.md", "jacket-care.pdf", "password-protected.pdf", "store-pickup.docx", "loyalty-program.html", "size-chart.png", "not-really.pdf"];
    sent.length = 0;
    const response = await upload(acme, uploadRequest(names.map((name) => ({ name, bytes: fixture(name) }))));
    expect(response.status).toBe(201);
    const { results } = (await response.json()) as { results: KnowledgeUploadResult[] };
    expect(results.map((r) => r.fileName)).toEqual(names);
    expect(results.at(-1)).toEqual({ fileName: "not-really.pdf", documentId: null, error: expect.stringMatching(/^“not-really\.pdf” is named like a PDF but its content is a ZIP archive/) });
    const ids = Object.fromEntries(results.filter((r) => r.documentId).map((r) => [r.fileName, r.documentId!]));
    expect(Object.keys(ids)).toHaveLength(6);

    // Answered before any processing: all pending, one event per document.
    const pending = await db.knowledgeDocument.findMany({ where: { id: { in: Object.values(ids) } }, select: { status: true, storedFileId: true, accountId: true } });
    expect(pending.every((doc) => doc.status === "pending" && doc.storedFileId && doc.accountId === acme.account.id)).toBe(true);
    expect(sent.map((event) => event.data.documentId).sort()).toEqual(Object.values(ids).sort());
    expect(sent.every((event) => event.name === "knowledge/document.uploaded" && event.data.accountId === acme.account.id)).toBe(true);

    const outcomes = Object.fromEntries(await Promise.all(Object.entries(ids).map(async ([name, id]) => [name, await processKnowledgeDocument(db, acme.account.id, id)])));
    expect(outcomes["password-protected.pdf"]).toEqual({ status: "failed", error: "This PDF is password-protected; upload an unlocked copy." });
    for (const name of ["gift-wrapping.md", "jacket-care.pdf", "store-pickup.docx", "loyalty-program.html", "size-chart.png"]) expect(outcomes[name]).toEqual({ status: "ready", error: null });

    const locked = await getKnowledgeDocument(db, acme.account.id, ids["password-protected.pdf"]!);
    expect(locked).toMatchObject({ status: "failed", error: "This PDF is password-protected; upload an unlocked copy.", chunkCount: 0, publicUrl: null });

    const pdf = await getKnowledgeDocument(db, acme.account.id, ids["jacket-care.pdf"]!);
    expect(pdf).toMatchObject({ status: "ready", sourceType: "pdf", title: "Care guide for waterproof jackets", fileName: "jacket-care.pdf", mimeType: "application/pdf", error: null });
    expect(pdf.publicUrl).toBe(`/help/${acme.account.slug}/jacket-care`);
    expect(pdf.fileUrl).toMatch(/^\/api\/files\/[a-z0-9]+$/);
    expect((await chunksOf(pdf.id)).map((c) => c.heading)).toEqual(["Care guide for waterproof jackets", "Restoring water repellency"]);

    const docx = await getKnowledgeDocument(db, acme.account.id, ids["store-pickup.docx"]!);
    expect((await chunksOf(docx.id)).map((c) => c.heading)).toEqual(["Store pickup", "Opening hours", "What to bring"]);
    const html = await getKnowledgeDocument(db, acme.account.id, ids["loyalty-program.html"]!);
    expect(html.content).not.toContain("analytics");

    // The image is ready and found by its title until someone describes it.
    const image = await getKnowledgeDocument(db, acme.account.id, ids["size-chart.png"]!);
    expect(image).toMatchObject({ status: "ready", sourceType: "image", title: "Size chart", content: "" });
    expect((await chunksOf(image.id)).map((c) => c.content)).toEqual(["Size chart"]);

    const hits = await retrieveKnowledge(db, acme.account.id, "Can I use fabric softener on my jacket?");
    expect(hits[0]).toMatchObject({ documentId: pdf.id, heading: "Care guide for waterproof jackets", url: pdf.publicUrl });
    expect(await retrieveKnowledge(db, globex.account.id, "fabric softener jacket")).toEqual([]);

    // Processing again is a no-op: the document is no longer pending.
    expect(await processKnowledgeDocument(db, acme.account.id, pdf.id)).toEqual({ status: "skipped", error: null });
    // Another account cannot process (or learn about) it.
    expect(await processKnowledgeDocument(db, globex.account.id, ids["password-protected.pdf"]!)).toEqual({ status: "skipped", error: null });
  });

  it("answers 413 naming the 20 MB limit for a file over it, storing nothing", async () => {
    const big = new Uint8Array(KNOWLEDGE_FILE_LIMIT_BYTES + 1);
    big.set(fixture("jacket-care.pdf"));
    const before = await db.storedFile.count();
    const response = await upload(acme, uploadRequest([{ name: "huge-manual.pdf", bytes: big }]));
    expect(response.status).toBe(413);
    const body = await response.json();
    expect(body.error).toBe("“huge-manual.pdf” is 20.0 MB, over the 20 MB limit for knowledge files. Split it or compress it, then upload it again.");
    expect(await db.storedFile.count()).toBe(before);
  });

  it("answers 413 before reading a body declared larger than the batch limit", async () => {
    let pulled = false;
    // No buffering ahead: pull runs only when someone reads the body.
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          pulled = true;
          controller.close();
        },
      },
      { highWaterMark: 0 },
    );
    const request = new Request("http://localhost/api/knowledge/upload", {
      method: "POST",
      body,
      headers: { "content-type": "multipart/form-data; boundary=x", "content-length": String(200 * 1024 * 1024) },
      duplex: "half",
    } as RequestInit);
    const response = await upload(acme, request);
    expect(response.status).toBe(413);
    expect((await response.json()).error).toMatch(/over the 50 MB limit per request \(each file at most 20 MB\)/);
    expect(pulled).toBe(false);
  });

  it("answers 415 when every file is of a type it does not read, and 400 for malformed requests", async () => {
    const refused = await upload(acme, uploadRequest([{ name: "not-really.pdf", bytes: fixture("not-really.pdf") }]));
    expect(refused.status).toBe(415);
    expect((await refused.json()).error).toMatch(/^“not-really\.pdf” is named like a PDF but its content is a ZIP archive/);

    const tooMany = await upload(acme, uploadRequest(Array.from({ length: 21 }, (_, i) => ({ name: `note-${i}.md`, bytes: new TextEncoder().encode("# Note\n\nText") }))));
    expect(tooMany.status).toBe(400);
    expect((await tooMany.json()).error).toBe("Upload at most 20 files at once; this request has 21.");

    const json = new Request("http://localhost/api/knowledge/upload", { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
    expect((await upload(acme, json)).status).toBe(400);
    const empty = await upload(acme, uploadRequest([]));
    expect(empty.status).toBe(400);
  });

  it("processes in the background when the workflow engine cannot be reached", async () => {
    setKnowledgeEventSender(async () => {
      throw new Error("connect ECONNREFUSED 127.0.0.1:8288");
    });
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const response = await upload(acme, uploadRequest([{ name: "returns-faq.md", bytes: new TextEncoder().encode("# Returns FAQ\n\nLabels are free.") }]));
      const { results } = (await response.json()) as { results: KnowledgeUploadResult[] };
      const id = results[0]!.documentId!;
      await expect.poll(async () => (await getKnowledgeDocument(db, acme.account.id, id)).status, { timeout: 10_000 }).toBe("ready");
      expect(logged).toHaveBeenCalledWith(expect.stringContaining("processing the documents in this process instead"), expect.any(Error));
    } finally {
      logged.mockRestore();
      setKnowledgeEventSender(async (events) => {
        sent.push(...events);
      });
    }
  });
});

describe("reprocessing", () => {
  it("queues a failed upload again, and refuses articles", async () => {
    const document = await addKnowledgeFile(db, acme.account.id, acme.admin.id, { fileName: "locked.pdf", bytes: fixture("password-protected.pdf") });
    await processKnowledgeDocument(db, acme.account.id, document.id);
    sent.length = 0;
    const again = await reprocessKnowledgeDocument(db, acme.account.id, document.id);
    expect(again).toMatchObject({ status: "pending", error: null });
    expect(sent.map((event) => event.data.documentId)).toEqual([document.id]);
    expect(await processKnowledgeDocument(db, acme.account.id, document.id)).toMatchObject({ status: "failed" });

    const article = await createArticle(db, acme.account.id, { title: "Nothing to process", content: "Body" });
    await expect(reprocessKnowledgeDocument(db, acme.account.id, article.id)).rejects.toThrow(/indexed when saved/);
  });
});

describe("articles", () => {
  it("creates a ready, indexed article with a slug from its title, unique in the account", async () => {
    const first = await createArticle(db, acme.account.id, { title: "Store credit & vouchers", content: "# Store credit\n\nStore credit never expires.\n\n## Vouchers\n\nOne voucher per order." });
    expect(first).toMatchObject({ status: "ready", sourceType: "article", slug: "store-credit-vouchers", chunkCount: 2, publicUrl: `/help/${acme.account.slug}/store-credit-vouchers`, fileUrl: null });
    const second = await createArticle(db, acme.account.id, { title: "Store credit & vouchers", content: "Again" });
    expect(second.slug).toBe("store-credit-vouchers-2");
    // Slugs are per account.
    expect((await createArticle(db, globex.account.id, { title: "Store credit & vouchers", content: "Theirs" })).slug).toBe("store-credit-vouchers");
    await expect(createArticle(db, acme.account.id, { title: "Other", slug: "store-credit-vouchers", content: "x" })).rejects.toMatchObject({ kind: "conflict" });
    await expect(createArticle(db, acme.account.id, { title: "Other", slug: "Bad slug!", content: "x" })).rejects.toThrow(/lowercase letters, digits and single hyphens/);
    await expect(createArticle(db, acme.account.id, { title: " ", content: "x" })).rejects.toThrow("Enter a title.");
  });

  it("re-chunks an article when its body or title changes", async () => {
    const article = await createArticle(db, acme.account.id, { title: "Repairs", content: "## Zippers\n\nWe replace broken zippers for free." });
    expect(await retrieveKnowledge(db, acme.account.id, "resole hiking boots")).toEqual([]);
    const updated = await updateKnowledgeDocument(db, acme.account.id, article.id, { content: "## Boots\n\nWe resole hiking boots for $45.\n\n## Zippers\n\nFree zipper repairs." });
    expect(updated.chunkCount).toBe(2);
    expect((await chunksOf(article.id)).map((c) => c.heading)).toEqual(["Boots", "Zippers"]);
    expect((await retrieveKnowledge(db, acme.account.id, "resole hiking boots"))[0]).toMatchObject({ documentId: article.id, heading: "Boots" });

    await updateKnowledgeDocument(db, acme.account.id, article.id, { title: "Repair service", slug: "repair-service" });
    const hit = (await retrieveKnowledge(db, acme.account.id, "repair service boots"))[0];
    expect(hit).toMatchObject({ documentId: article.id, title: "Repair service", url: `/help/${acme.account.slug}/repair-service` });
    await expect(updateKnowledgeDocument(db, acme.account.id, article.id, { content: "  " })).rejects.toThrow("Write the article's text.");
    await expect(updateKnowledgeDocument(db, acme.account.id, article.id, { slug: "store-credit-vouchers" })).rejects.toMatchObject({ kind: "conflict" });
  });

  it("lets an image's description replace its title in the index, but not an upload's extracted text", async () => {
    const image = await addKnowledgeFile(db, acme.account.id, acme.agent.id, { fileName: "fit-diagram.png", bytes: fixture("size-chart.png") });
    await processKnowledgeDocument(db, acme.account.id, image.id);
    const described = await updateKnowledgeDocument(db, acme.account.id, image.id, { content: "Diagram showing where to measure chest, waist and inseam." });
    expect(described.content).toBe("Diagram showing where to measure chest, waist and inseam.");
    expect((await retrieveKnowledge(db, acme.account.id, "where to measure inseam"))[0]).toMatchObject({ documentId: image.id });

    const pdf = await addKnowledgeFile(db, acme.account.id, acme.agent.id, { fileName: "care.pdf", bytes: fixture("jacket-care.pdf") });
    await processKnowledgeDocument(db, acme.account.id, pdf.id);
    await expect(updateKnowledgeDocument(db, acme.account.id, pdf.id, { content: "Rewritten" })).rejects.toThrow(/comes from the file/);
  });

  it("lists and searches the account's documents, newest change first", async () => {
    const listed = await listKnowledgeDocuments(db, acme.account.id);
    expect(listed.length).toBeGreaterThan(5);
    expect(listed.map((d) => d.updatedAt.getTime())).toEqual([...listed.map((d) => d.updatedAt.getTime())].sort((a, b) => b - a));
    expect((await listKnowledgeDocuments(db, acme.account.id, { query: "INSEAM" })).map((d) => d.title)).toEqual(["Fit diagram"]);
    expect((await listKnowledgeDocuments(db, acme.account.id, { query: "loyalty-program.html" })).map((d) => d.sourceType)).toEqual(["html"]);
    expect(await listKnowledgeDocuments(db, globex.account.id, { query: "INSEAM" })).toEqual([]);
  });

  it("deletes a document with its chunks and its uploaded original", async () => {
    const document = await addKnowledgeFile(db, acme.account.id, acme.agent.id, { fileName: "pickup.docx", bytes: fixture("store-pickup.docx") });
    await processKnowledgeDocument(db, acme.account.id, document.id);
    const storedFileId = (await db.knowledgeDocument.findUniqueOrThrow({ where: { id: document.id } })).storedFileId!;
    expect(await db.knowledgeChunk.count({ where: { documentId: document.id } })).toBeGreaterThan(0);

    await expect(deleteKnowledgeDocument(db, globex.account.id, document.id)).rejects.toMatchObject({ kind: "not_found" });
    await deleteKnowledgeDocument(db, acme.account.id, document.id);
    expect(await db.knowledgeChunk.count({ where: { documentId: document.id } })).toBe(0);
    expect(await db.storedFile.count({ where: { id: storedFileId } })).toBe(0);
    await expect(getKnowledgeDocument(db, acme.account.id, document.id)).rejects.toMatchObject({ kind: "not_found" });
  });
});

describe("public help pages", () => {
  it("show ready documents only, under their own account's slug", async () => {
    const article = await createArticle(db, acme.account.id, { title: "Public hours", content: "# Hours\n\nOpen 9 to 5." });
    expect(await getPublicArticle(db, acme.account.slug, article.slug)).toMatchObject({
      accountId: acme.account.id,
      accountName: acme.account.name,
      title: "Public hours",
      sourceType: "article",
      content: "# Hours\n\nOpen 9 to 5.",
      originalUrl: null,
    });
    expect(await getPublicArticle(db, globex.account.slug, article.slug)).toBeNull();
    expect(await getPublicArticle(db, acme.account.slug, "no-such-article")).toBeNull();
    expect(await helpCenterPath(db, acme.account.id)).toBe(`/help/${acme.account.slug}`);

    const pending = await addKnowledgeFile(db, acme.account.id, null, { fileName: "chart.png", bytes: fixture("size-chart.png") });
    expect(await getPublicArticle(db, acme.account.slug, pending.slug)).toBeNull();
    expect(await readPublicOriginal(db, acme.account.slug, pending.slug)).toBeNull();
    await processKnowledgeDocument(db, acme.account.id, pending.id);
    expect((await getPublicArticle(db, acme.account.slug, pending.slug))?.originalUrl).toBe(`/help/${acme.account.slug}/${pending.slug}/original`);
    const original = await readPublicOriginal(db, acme.account.slug, pending.slug);
    expect(original).toMatchObject({ name: "chart.png", contentType: "image/png" });
    expect(Buffer.from(original!.data).equals(fixture("size-chart.png"))).toBe(true);
    expect(await readPublicOriginal(db, acme.account.slug, article.slug)).toBeNull();
  });
});

describe("slugify", () => {
  it("keeps letters and digits, folding accents", () => {
    expect(slugify("Returns: the 30-day policy")).toBe("returns-the-30-day-policy");
    expect(slugify("Crème brûlée — à la carte")).toBe("creme-brulee-a-la-carte");
    expect(slugify("???")).toBe("document");
    expect(slugify("a".repeat(100))).toHaveLength(80);
  });
});
