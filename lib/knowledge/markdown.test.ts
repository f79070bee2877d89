import { describe, expect, it } from "vitest";
import { KNOWLEDGE_ARTICLES } from "@/lib/seed/knowledge-articles";
import { type Block, parseInline, parseMarkdown, safeHref, withoutRepeatedTitle } from "./markdown";

const text = (value: string) => ({ type: "text", text: value });

describe("parseMarkdown", () => {
  it("reads headings, paragraphs with soft line breaks, rules and code", () => {
    expect(parseMarkdown("# Title ##\n\nFirst line\nsecond line\n\n---\n\n```sh\n# not a heading\n\nnpm start\n```\n")).toEqual([
      { type: "heading", level: 1, content: [text("Title")] },
      { type: "paragraph", content: [text("First line second line")] },
      { type: "rule" },
      { type: "code", text: "# not a heading\n\nnpm start" },
    ]);
  });

  it("reads nested and ordered lists with their start number", () => {
    const [list] = parseMarkdown("3. Third\n4. Fourth\n   - inner *one*\n   - inner two\n5. Fifth") as [Extract<Block, { type: "list" }>];
    expect(list).toMatchObject({ type: "list", ordered: true, start: 3 });
    expect(list.items.map((item) => item.content)).toEqual([[text("Third")], [text("Fourth")], [text("Fifth")]]);
    expect(list.items[1]!.children[0]).toEqual({
      type: "list",
      ordered: false,
      start: 1,
      items: [
        { content: [text("inner "), { type: "em", children: [text("one")] }], children: [] },
        { content: [text("inner two")], children: [] },
      ],
    });
  });

  it("reads tables, padding short rows, and quotes", () => {
    expect(parseMarkdown("| Size | Chest |\n| --- | ---: |\n| S | 35 \\| 37 |\n| M |\n\n> Quoted **words**\n> more")).toEqual([
      { type: "table", header: [[text("Size")], [text("Chest")]], rows: [[[text("S")], [text("35 | 37")]], [[text("M")], []]] },
      { type: "quote", blocks: [{ type: "paragraph", content: [text("Quoted "), { type: "strong", children: [text("words")] }, text(" more")] }] }],
    );
  });

  it("reads every seeded article without losing its words", () => {
    const words = (value: string) => value.match(/[\p{L}\p{N}]+/gu)?.length ?? 0;
    const inlineWords = (pieces: ReturnType<typeof parseInline>): number =>
      pieces.reduce((sum, piece) => sum + ("children" in piece ? inlineWords(piece.children) : words(piece.text)), 0);
    const blockWords = (blocks: Block[]): number =>
      blocks.reduce((sum, block) => {
        switch (block.type) {
          case "heading":
          case "paragraph":
            return sum + inlineWords(block.content);
          case "list":
            return sum + block.items.reduce((n, item) => n + inlineWords(item.content) + blockWords(item.children), 0);
          case "table":
            return sum + [block.header, ...block.rows].flat().reduce((n, cell) => n + inlineWords(cell), 0);
          case "quote":
            return sum + blockWords(block.blocks);
          case "code":
            return sum + words(block.text);
          case "rule":
            return sum;
        }
      }, 0);
    for (const article of KNOWLEDGE_ARTICLES) {
      expect(blockWords(parseMarkdown(article.markdown)), article.slug).toBe(words(article.markdown.replace(/^\| *-+.*$/gm, "").replace(/^ *\d+[.)] /gm, "")));
    }
  });
});

describe("parseInline", () => {
  it("reads bold, italic, code and links", () => {
    expect(parseInline("**Bold** and _em_ with `a*b*c` and [the portal](https://acme.example/returns) or <mailto:help@acme.example>")).toEqual([
      { type: "strong", children: [text("Bold")] },
      text(" and "),
      { type: "em", children: [text("em")] },
      text(" with "),
      { type: "code", text: "a*b*c" },
      text(" and "),
      { type: "link", href: "https://acme.example/returns", children: [text("the portal")] },
      text(" or "),
      { type: "link", href: "mailto:help@acme.example", children: [text("help@acme.example")] },
    ]);
  });

  it("leaves snake_case words and lone asterisks alone", () => {
    expect(parseInline("order_number is 2 * 3")).toEqual([text("order_number is 2 * 3")]);
  });

  it("keeps unsafe links as plain text and HTML as text", () => {
    expect(parseInline("[click](javascript:alert(1)) <img src=x onerror=alert(1)>")).toEqual([text("click <img src=x onerror=alert(1)>")]);
    expect(safeHref("//evil.example")).toBeNull();
    expect(safeHref("data:text/html,hi")).toBeNull();
    expect(safeHref("/help/acme/refunds")).toBe("/help/acme/refunds");
  });
});

describe("withoutRepeatedTitle", () => {
  it("drops a leading top heading that repeats the title, and nothing else", () => {
    expect(withoutRepeatedTitle("# Shipping  times\n\nBody", "Shipping times")).toBe("Body");
    expect(withoutRepeatedTitle("# Other\n\nBody", "Shipping times")).toBe("# Other\n\nBody");
    expect(withoutRepeatedTitle("## Shipping times\n\nBody", "Shipping times")).toBe("## Shipping times\n\nBody");
    expect(withoutRepeatedTitle("Intro\n\n# Shipping times", "Shipping times")).toBe("Intro\n\n# Shipping times");
  });
});
