import { describe, expect, it } from "vitest";
import { FILE_SIZE_LIMIT_BYTES, FileTooLargeError } from "./files";
import { fileErrorResponse, fileResponse, readUploadedFile } from "./http";

function multipartRequest(form: FormData): Promise<Request> {
  // Re-wrapped as a stream so no Content-Length is declared: the limit must hold while reading.
  const encoded = new Request("http://localhost/api/files", { method: "POST", body: form });
  return encoded.arrayBuffer().then((body) => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        const bytes = new Uint8Array(body);
        for (let offset = 0; offset < bytes.byteLength; offset += 1024 * 1024) controller.enqueue(bytes.subarray(offset, offset + 1024 * 1024));
        controller.close();
      },
    });
    return new Request("http://localhost/api/files", {
      method: "POST",
      body: stream,
      headers: { "content-type": encoded.headers.get("content-type")! },
      duplex: "half",
    } as RequestInit);
  });
}

describe("readUploadedFile", () => {
  it("returns the name and bytes of the `file` field", async () => {
    const form = new FormData();
    form.set("file", new File([new Uint8Array([1, 2, 3])], "notes.txt"));
    const upload = await readUploadedFile(await multipartRequest(form));
    expect(upload.fileName).toBe("notes.txt");
    expect([...upload.bytes]).toEqual([1, 2, 3]);
  });

  it("stops reading a body too large for the limit, without a declared length", async () => {
    const form = new FormData();
    form.set("file", new File([new Uint8Array(FILE_SIZE_LIMIT_BYTES + 128 * 1024)], "big.bin"));
    const refused = readUploadedFile(await multipartRequest(form));
    await expect(refused).rejects.toBeInstanceOf(FileTooLargeError);
    const response = fileErrorResponse(await refused.catch((error: unknown) => error), "Uploading the file");
    expect(response.status).toBe(413);
    expect((await response.json()).error).toMatch("10 MB limit");
  });

  it("refuses a declared length over the limit before reading", async () => {
    const request = new Request("http://localhost/api/files", {
      method: "POST",
      body: "x",
      headers: { "content-type": "multipart/form-data; boundary=x", "content-length": String(FILE_SIZE_LIMIT_BYTES * 2) },
    });
    await expect(readUploadedFile(request)).rejects.toBeInstanceOf(FileTooLargeError);
  });

  it("names the field when it is missing or the body is not multipart", async () => {
    const form = new FormData();
    form.set("other", "value");
    await expect(readUploadedFile(await multipartRequest(form))).rejects.toThrow("field `file`");
    const json = new Request("http://localhost/api/files", { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
    await expect(readUploadedFile(json)).rejects.toMatchObject({ kind: "invalid" });
  });
});

describe("fileResponse", () => {
  it("serves media inline and everything else as a download, never sniffed", async () => {
    const image = fileResponse({ id: "a", name: "shot.png", contentType: "image/png", size: 3, data: new Uint8Array([1, 2, 3]) });
    expect(image.headers.get("content-type")).toBe("image/png");
    expect(image.headers.get("content-disposition")).toMatch(/^inline; filename="shot.png"/);
    expect(image.headers.get("x-content-type-options")).toBe("nosniff");
    expect(image.headers.get("cache-control")).toBe("private, max-age=3600");
    expect(new Uint8Array(await image.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));

    const text = fileResponse({ id: "b", name: "Grüße.txt", contentType: "text/plain; charset=utf-8", size: 1, data: new Uint8Array([65]) });
    expect(text.headers.get("content-disposition")).toBe(`attachment; filename="Gr__e.txt"; filename*=UTF-8''Gr%C3%BC%C3%9Fe.txt`);
  });
});
