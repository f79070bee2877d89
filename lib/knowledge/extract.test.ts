import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { extractKnowledgeText, htmlToMarkdown, normalizeText, sniffKnowledgeFile, titleFromFileName, UnsupportedKnowledgeFileError } from "./extract";

const fixture = (name: string) => new Uint8Array(readFileSync(path.join(import.meta.dirname, "../../tests/fixtures/knowledge", name)));
const latin1 = (text: string) => new Uint8Array(Buffer.from(text, "latin1"));

async function extractFile(name: string) {
  const bytes = fixture(name);
  return extractKnowledgeText(sniffKnowledgeFile(name, bytes).sourceType, bytes);
}

describe("sniffKnowledgeFile", () => {
  it.each([
    ["jacket-care.pdf", "pdf", "application/pdf"],
    ["store-pickup.docx", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
    ["loyalty-program.html", "html", "text/html"],
    ["gift-wrapping.md", "markdown", "text/markdown"],
    ["size-chart.png", "image", "image/png"],
  ])("recognises %s by its content", (name, sourceType, mimeType) => {
    expect(sniffKnowledgeFile(name, fixture(name))).toEqual({ sourceType, mimeType });
  });

  it("goes by the content, not the name", () => {
    expect(sniffKnowledgeFile("photo.png", fixture("jacket-care.pdf")).sourceType).toBe("pdf");
    expect(sniffKnowledgeFile("notes.txt", fixture("loyalty-program.html")).sourceType).toBe("html");
    expect(sniffKnowledgeFile("page.html", new TextEncoder().encode("Opening hours: 9 to 5.\n")).sourceType).toBe("text");
    // Markdown and text read the same; the name or the content's look tells which to call it.
    expect(sniffKnowledgeFile("notes.md", new TextEncoder().encode("Plain words.\n")).sourceType).toBe("markdown");
    expect(sniffKnowledgeFile("notes.txt", new TextEncoder().encode("# Title\n\nBody\n")).sourceType).toBe("markdown");
  });

  it("refuses a ZIP named .pdf, naming the file and what it really is", () => {
    const refuse = () => sniffKnowledgeFile("not-really.pdf", fixture("not-really.pdf"));
    expect(refuse).toThrow(UnsupportedKnowledgeFileError);
    expect(refuse).toThrow("“not-really.pdf” is named like a PDF but its content is a ZIP archive. The knowledge base reads PDF, Word (.docx)");
  });

  it("refuses an executable whatever its name", () => {
    expect(() => sniffKnowledgeFile("manual.pdf", latin1("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"))).toThrow(
      /^“manual\.pdf” is named like a PDF but its content is not a type it can read\. The knowledge base reads/,
    );
    expect(() => sniffKnowledgeFile("tool", latin1("\x7fELF\x02\x01\x01"))).toThrow(/^“tool” is not a type it can read/);
  });

  it("explains old or password-protected Office files", () => {
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]);
    expect(() => sniffKnowledgeFile("policy.docx", ole)).toThrow(/save it as \.docx without a password/);
  });

  it("refuses audio and spreadsheets", () => {
    expect(() => sniffKnowledgeFile("call.mp3", latin1("ID3\x04\x00"))).toThrow("“call.mp3” is an audio file.");
    expect(() => sniffKnowledgeFile("prices.xlsx", latin1("PK\x03\x04\x14\x00xl/workbook.xml"))).toThrow("“prices.xlsx” is an Excel workbook.");
  });
});

describe("extractKnowledgeText", () => {
  it("reads a PDF page by page, with larger lines as headings and the PDF's own title", async () => {
    const { content, title } = await extractFile("jacket-care.pdf");
    expect(title).toBe("Care guide for waterproof jackets");
    expect(content).toBe(
      [
        "## Care guide for waterproof jackets",
        "",
        "Wash your waterproof jacket every 20 wears with a technical cleaner at 30 degrees.",
        "Never use fabric softener: it clogs the membrane and stops the jacket breathing.",
        "Close every zipper and Velcro tab before washing so nothing snags.",
        "",
        "## Restoring water repellency",
        "",
        "When rain stops beading on the surface, tumble dry on low heat for 20 minutes.",
        "If beading does not return, spray on a DWR reproofer and dry again.",
      ].join("\n"),
    );
  });

  it("refuses a password-protected PDF in words", async () => {
    await expect(extractFile("password-protected.pdf")).rejects.toThrow("This PDF is password-protected; upload an unlocked copy.");
  });

  it("refuses a damaged PDF in words", async () => {
    const damaged = latin1("%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R\ngarbage without an end");
    const message = "This PDF could not be read: it is damaged or not a complete PDF. Export it again and upload the new copy.";
    await expect(extractKnowledgeText("pdf", damaged)).rejects.toThrow(message);
    await expect(extractKnowledgeText("pdf", fixture("jacket-care.pdf").subarray(0, 300))).rejects.toThrow(message);
  });

  it("reads a Word document with its headings and bold text", async () => {
    const { content, title } = await extractFile("store-pickup.docx");
    expect(title).toBe("Store pickup");
    expect(content).toBe(
      [
        "# Store pickup",
        "Order online and pick up your order at our Harrisburg store, usually within two hours.",
        "## Opening hours",
        "**Weekdays:** 9 am to 7 pm. Saturdays 10 am to 4 pm.",
        "## What to bring",
        "Bring the pickup email and a photo ID. Someone else may collect the order with the pickup code.",
      ].join("\n\n"),
    );
  });

  it("refuses a damaged Word document in words", async () => {
    await expect(extractKnowledgeText("docx", fixture("store-pickup.docx").subarray(0, 200))).rejects.toThrow(/This Word document could not be read/);
  });

  it("reads an HTML page without its scripts, styles and navigation, keeping headings, lists and link text", async () => {
    const { content, title } = await extractFile("loyalty-program.html");
    expect(title).toBe("Loyalty program");
    expect(content).toBe(
      [
        "# Loyalty program",
        "Members earn **1 point per dollar** spent & get early access to sales.",
        "## Redeeming points",
        "Every 100 points is worth $5 off. Read the full terms before redeeming.",
        "- Points expire after 12 months without a purchase.\n- Points cannot be exchanged for cash.",
        "© Acme Outfitters",
      ].join("\n\n"),
    );
    expect(content).not.toMatch(/analytics|injected|font-family|Home|Cart/);
  });

  it("reads Markdown as it is, without the byte-order mark and Windows line endings", async () => {
    const { content, title } = await extractFile("gift-wrapping.md");
    expect(title).toBe("Gift wrapping");
    expect(content).toBe(
      "# Gift wrapping\n\nAdd gift wrapping at checkout for $4.95 per item.\n\n## Gift messages\n\nWrite up to 200 characters; we print the message on a card and leave prices off the packing slip.",
    );
  });

  it("gives images no text: they are described by hand", async () => {
    expect(await extractFile("size-chart.png")).toEqual({ content: "", title: null });
  });

  it("refuses a file with no text", async () => {
    await expect(extractKnowledgeText("text", new TextEncoder().encode(" \n\t\n"))).rejects.toThrow(/no text to index/);
  });
});

describe("htmlToMarkdown", () => {
  it("keeps tables, ordered and nested lists, code and quotes", () => {
    const html = `<body><h3>Sizes &amp; fits</h3>
      <table><tr><th>Size</th><th>Chest</th></tr><tr><td>S</td><td>35–37 in</td></tr></table>
      <ol><li>First<ul><li>Inner</li></ul></li><li>Second</li></ol>
      <pre>npm start\n  --port 3000</pre>
      <blockquote><p>Quoted words</p></blockquote>
      <p>Line one<br>Line <em>two</em>, <code>code</code></p></body>`;
    expect(htmlToMarkdown(html)).toBe(
      [
        "### Sizes & fits",
        "| Size | Chest |\n| --- | --- |\n| S | 35–37 in |",
        "1. First\n  - Inner\n2. Second",
        "```\nnpm start\n  --port 3000\n```",
        "> Quoted words",
        "Line one\nLine *two*, `code`",
      ].join("\n\n"),
    );
  });
});

describe("normalizeText and titleFromFileName", () => {
  it("normalizes line endings and control characters", () => {
    expect(normalizeText("\uFEFFa\r\nb\rc\u0000d  \n\n\n\ne")).toBe("a\nb\ncd\n\ne");
  });

  it("makes a readable title from a file name", () => {
    expect(titleFromFileName("jacket_care-guide.pdf")).toBe("Jacket care guide");
    expect(titleFromFileName(".pdf")).toBe("Untitled file");
  });
});
