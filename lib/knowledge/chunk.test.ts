import { describe, expect, it } from "vitest";
import { chunkMarkdown, estimateTokens } from "./chunk";

describe("estimateTokens", () => {
  it("counts about 1.3 tokens per word, rounded up", () => {
    expect(estimateTokens("")).toBe(0);
    expect(estimateTokens("   \n ")).toBe(0);
    expect(estimateTokens("one")).toBe(2);
    expect(estimateTokens("one two three four five six seven eight nine ten")).toBe(13);
  });
});

describe("chunkMarkdown", () => {
  it("makes one chunk per heading section, with the intro under a null heading", () => {
    const chunks = chunkMarkdown(
      [
        "Welcome to the guide.",
        "",
        "# Shipping",
        "We ship in 3 days.",
        "",
        "Express takes 1 day.",
        "## Costs ##",
        "Standard shipping is $5.95.",
      ].join("\n"),
    );
    expect(chunks).toEqual([
      { heading: null, content: "Welcome to the guide.", tokenCount: 6 },
      { heading: "Shipping", content: "We ship in 3 days.\n\nExpress takes 1 day.", tokenCount: 12 },
      { heading: "Costs", content: "Standard shipping is $5.95.", tokenCount: 6 },
    ]);
  });

  it("skips headings without a body and normalises Windows line endings", () => {
    const chunks = chunkMarkdown("# Title\r\n\r\n## Returns\r\nThirty days.\r\n");
    expect(chunks).toEqual([{ heading: "Returns", content: "Thirty days.", tokenCount: 3 }]);
  });

  it("splits a long section at paragraph boundaries within the budget", () => {
    const paragraph = (n: number) => `Paragraph ${n} ` + "word ".repeat(28).trim();
    const markdown = ["# Long", ...[1, 2, 3, 4].map(paragraph)].join("\n\n");
    const chunks = chunkMarkdown(markdown, 80);
    expect(chunks.map((c) => c.content)).toEqual([
      `${paragraph(1)}\n\n${paragraph(2)}`,
      `${paragraph(3)}\n\n${paragraph(4)}`,
    ]);
    for (const chunk of chunks) {
      expect(chunk.heading).toBe("Long");
      expect(chunk.tokenCount).toBeLessThanOrEqual(80);
    }
  });

  it("splits an oversized paragraph at sentences, then at words", () => {
    const sentence = "This sentence has exactly eight words in it.";
    const chunks = chunkMarkdown(Array(6).fill(sentence).join(" "), 25);
    expect(chunks).toHaveLength(3);
    expect(chunks.every((c) => c.content === `${sentence} ${sentence}`)).toBe(true);

    const wordChunks = chunkMarkdown("word ".repeat(50), 13);
    expect(wordChunks.map((c) => c.tokenCount)).toEqual(Array(5).fill(13));
  });

  it("keeps a table whole when it fits and splits it by rows when it does not", () => {
    const table = ["| Size | Chest |", "| --- | --- |", "| S | 35-37 in |", "| M | 38-40 in |"].join("\n");
    expect(chunkMarkdown(`## Sizes\n\n${table}`)).toEqual([
      { heading: "Sizes", content: table, tokenCount: estimateTokens(table) },
    ]);
    const rows = chunkMarkdown(`## Sizes\n\n${table}`, 10).map((c) => c.content);
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.join("\n")).toBe(table);
  });

  it("does not treat lines inside fenced code as headings or paragraph breaks", () => {
    const code = ["```sh", "# not a heading", "", "echo hi", "```"].join("\n");
    const chunks = chunkMarkdown(`# Setup\n\n${code}\n\nDone.`);
    expect(chunks).toEqual([
      { heading: "Setup", content: `${code}\n\nDone.`, tokenCount: estimateTokens(`${code} Done.`) },
    ]);
  });

  it("rejects a non-positive budget", () => {
    expect(() => chunkMarkdown("text", 0)).toThrow(/maxTokens/);
  });
});
