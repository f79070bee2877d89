import { describe, expect, it } from "vitest";
import { KNOWLEDGE_ARTICLES } from "@/lib/seed/knowledge-articles";
import { EVAL_CATEGORIES, EVAL_DATASET } from "./dataset";
import { checkGrounding, contentWords, meetsTargets, OFFLINE_TARGETS, scoreCase, splitSentences, stripCitations, summarize, toolOutputText } from "./score";

const SHIPPING = KNOWLEDGE_ARTICLES.find((article) => article.slug === "shipping-times-and-costs")!.markdown;
const grounding = (reply: string, sources = [SHIPPING], exemptSentences: string[] = []) => checkGrounding({ reply, sources, exemptSentences });

describe("splitting and words", () => {
  it("splits lines, list items and sentences, and reads table rows with their headers", () => {
    expect(splitSentences("# Title\nFirst one. Second one!\n- item three\n| Option | Price |\n| --- | --- |\n| Express | $14.95 |\n| Overnight | $29.95 |\n2. Step four")).toEqual([
      "Title",
      "First one.",
      "Second one!",
      "item three",
      "Option Express, Price $14.95",
      "Option Overnight, Price $29.95",
      "Step four",
    ]);
  });

  it("drops citation markers, emphasis and link targets", () => {
    expect(stripCitations("Standard is **free** over $75 [1][2]. See [the guide](https://acme.test/x) [3, 4].")).toBe("Standard is free over $75. See the guide.");
  });

  it("keeps numbers and prices, maps number words, stems plurals", () => {
    expect([...contentWords("Returns take two to 3–5 business days and cost $5.95.")].sort()).toEqual(["2", "3", "5", "5.95", "business", "cost", "day", "return", "take"]);
  });
});

describe("checkGrounding", () => {
  it("accepts a reply quoting the source, with citations", () => {
    const result = grounding("Standard shipping is free when the order total after discounts is over $75 [1]. Express and Overnight are not available for these addresses [1].");
    expect(result.ungrounded).toEqual([]);
    expect(result.grounded).toBe(true);
  });

  it("accepts a table row restated with its headers, not a row mixed with another", () => {
    expect(grounding("Express: delivery time 1–2 business days; price $14.95 [1].").grounded).toBe(true);
    expect(grounding("Express: delivery time 3–5 business days; price $29.95 [1].").grounded).toBe(false);
  });

  it("flags an invented fact even inside an otherwise quoted sentence", () => {
    const result = grounding("Standard shipping is free when the order total after discounts is over $50 and we ship from Denver on Sundays.");
    expect(result.grounded).toBe(false);
    expect(result.ungrounded[0]!.missing).toEqual(expect.arrayContaining(["50", "denver", "sunday"]));
  });

  it("flags every sentence the sources do not carry, not only the first", () => {
    const result = grounding("Orders placed before 2 pm Eastern on a business day leave the warehouse the same day. We also price-match any competitor. Students get 15% off.");
    expect(result.ungrounded.map((entry) => entry.sentence)).toEqual(["We also price-match any competitor.", "Students get 15% off."]);
  });

  it("needs the support within one source sentence, not spread over the whole article", () => {
    // Every word appears somewhere in the article, but no single sentence says this.
    expect(grounding("Gift card purchases leave the warehouse on weekends with Overnight delivery.").grounded).toBe(false);
  });

  it("exempts the fixed hand-off sentence and word-less lines, and nothing else", () => {
    const handoff = "I'm passing you to a person from our team, who will reply here.";
    expect(grounding(`${handoff} Thanks!`, [], [handoff]).grounded).toBe(true);
    expect(grounding(`${handoff} Refunds take 3 days.`, [], [handoff]).grounded).toBe(false);
  });

  it("reads tool outputs as sources", () => {
    const output = { found: true, ticket: { number: 1042, subject: "Broken zipper", status: "open", priority: "high" } };
    expect(grounding("Ticket 1042 (Broken zipper) is open with high priority.", toolOutputText(output)).grounded).toBe(true);
    expect(grounding("Ticket 1042 was resolved yesterday.", toolOutputText(output)).grounded).toBe(false);
  });
});

describe("scoreCase and totals", () => {
  const answerable = EVAL_DATASET.find((evalCase) => evalCase.id === "giftcard-expiry")!;
  const foreign = EVAL_DATASET.find((evalCase) => evalCase.id === "de-password")!;
  const clean = checkGrounding({ reply: "", sources: [] });
  const reply = (decision: "answer" | "escalate", citedSlugs: string[] = [], text = "") => ({ decision, text, citedSlugs, grounding: clean });
  const offline = { acceptMultilingualAnswers: false };

  it("scores the decision, the citation and the stated fact of an answerable case", () => {
    expect(scoreCase(answerable, reply("answer", ["gift-cards"], "They never expire [1]."), offline)).toMatchObject({ decisionCorrect: true, citationCorrect: true, statesFact: true });
    expect(scoreCase(answerable, reply("answer", ["gift-cards"], "Choose when it should be delivered [1]."), offline)).toMatchObject({ citationCorrect: true, statesFact: false });
    expect(scoreCase(answerable, reply("answer", ["refunds"]), offline)).toMatchObject({ decisionCorrect: true, citationCorrect: false });
    expect(scoreCase(answerable, reply("escalate"), offline)).toMatchObject({ decisionCorrect: false, citationCorrect: null, statesFact: null });
  });

  it("accepts a multilingual answer only from real providers, and only with the right article", () => {
    expect(scoreCase(foreign, reply("answer", ["account-and-password"]), offline).decisionCorrect).toBe(false);
    expect(scoreCase(foreign, reply("answer", ["account-and-password"]), { acceptMultilingualAnswers: true })).toMatchObject({ decisionCorrect: true, citationCorrect: true });
    expect(scoreCase(foreign, reply("answer", ["gift-cards"]), { acceptMultilingualAnswers: true }).citationCorrect).toBe(false);
    expect(scoreCase(foreign, reply("escalate"), offline).decisionCorrect).toBe(true);
  });

  it("meets the targets at 90% correct decisions and no ungrounded reply", () => {
    const scores = Array.from({ length: 10 }, (_, i) => ({ ...scoreCase(answerable, reply(i < 9 ? "answer" : "escalate", ["gift-cards"]), offline) }));
    expect(meetsTargets(summarize("all", scores), OFFLINE_TARGETS)).toBe(true);
    expect(meetsTargets(summarize("all", [...scores.slice(1), { ...scores[0]!, decisionCorrect: false }]), OFFLINE_TARGETS)).toBe(false);
    expect(meetsTargets(summarize("all", [...scores.slice(1), { ...scores[0]!, grounded: false }]), OFFLINE_TARGETS)).toBe(false);
  });
});

describe("the dataset", () => {
  it("has at least 60 uniquely named cases in every category, citing articles that exist", () => {
    expect(EVAL_DATASET.length).toBeGreaterThanOrEqual(60);
    expect(new Set(EVAL_DATASET.map((evalCase) => evalCase.id)).size).toBe(EVAL_DATASET.length);
    for (const category of EVAL_CATEGORIES) expect(EVAL_DATASET.filter((evalCase) => evalCase.category === category).length).toBeGreaterThanOrEqual(5);
    const slugs = new Set(KNOWLEDGE_ARTICLES.map((article) => article.slug));
    for (const evalCase of EVAL_DATASET) {
      const articles = evalCase.expected.decision === "answer" ? evalCase.expected.articles : (evalCase.expected.multilingualArticles ?? []);
      for (const slug of articles) expect(slugs, evalCase.id).toContain(slug);
    }
  });

  it("expects facts the expected articles state", () => {
    const plain = (slug: string) => KNOWLEDGE_ARTICLES.find((article) => article.slug === slug)!.markdown.replace(/[*_`]/g, "");
    for (const evalCase of EVAL_DATASET) {
      if (evalCase.expected.decision !== "answer") continue;
      const { articles, states } = evalCase.expected;
      expect(articles.some((slug) => states.test(plain(slug))), `${evalCase.id}: ${states}`).toBe(true);
    }
  });

  it("covers every article with an answerable question", () => {
    const cited = new Set(EVAL_DATASET.flatMap((evalCase) => (evalCase.expected.decision === "answer" ? evalCase.expected.articles : [])));
    expect([...cited].sort()).toEqual(KNOWLEDGE_ARTICLES.map((article) => article.slug).sort());
  });

  it("never copies article wording into a question (no run of six words in common)", () => {
    const runs = (text: string) => {
      const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
      return words.slice(0, Math.max(0, words.length - 5)).map((_, i) => words.slice(i, i + 6).join(" "));
    };
    const articleRuns = new Set(KNOWLEDGE_ARTICLES.flatMap((article) => runs(article.markdown)));
    for (const evalCase of EVAL_DATASET) {
      for (const turn of evalCase.turns) expect(runs(turn).filter((run) => articleRuns.has(run)), evalCase.id).toEqual([]);
    }
  });
});
