import { describe, expect, it } from "vitest";
import type { GroundingSource } from "../grounding";
import { answerFromSources, calibratedConfidence, MIN_ANSWER_COVERAGE, rankCandidates } from "./extract";

const source = (documentId: string, title: string, heading: string | null, content: string): GroundingSource => ({ documentId, title, heading, content, url: `/help/shop/${documentId}` });

const GIFT_CARDS = source(
  "gift",
  "Gift cards",
  null,
  [
    "Our gift cards are digital. You can buy them for any amount from $10 to $250, and they never expire.",
    "## Sending a gift card",
    "Choose when it should be delivered: straight away or on a date up to a year ahead. The recipient gets an email with the card number.",
  ].join("\n"),
);
const RETURNS = source(
  "returns",
  "Returns",
  null,
  "You can return most items within 60 days of delivery for a full refund. Items must be unworn, with their tags attached.",
);
const RETURN_STEPS = source(
  "returns-steps",
  "Returns",
  "How to start a return",
  [
    "1. Open the returns page and enter your order number.",
    "2. Choose the items you are sending back.",
    "3. Print the prepaid label and drop the parcel off at a post office.",
    "",
    "Return labels are free within the country.",
  ].join("\n"),
);
const ACCOUNT = source(
  "account",
  "Your account",
  "Two-step verification",
  "Turn on two-step verification under Settings → Security. Signing in on a new device then asks for a code from an authenticator app.",
);
const SIZES = source(
  "sizes",
  "Size chart",
  "Jackets",
  [
    "| Size | Chest (in) |",
    "| --- | --- |",
    "| S | 34–36 |",
    "| M | 38–40 |",
    "| L | 42–44 |",
    "| XL | 46–48 |",
    "",
    "Our trousers come in three inseams: short (30 in), regular (32 in) and long (34 in).",
  ].join("\n"),
);
const WARRANTY = source(
  "warranty",
  "Warranty",
  "How to make a claim",
  ["Start a claim on the warranty page or send us a message with:", "", "1. Your order number.", "2. Two or three photos of the fault.", "3. When and how it happened.", "", "We reply within two business days."].join("\n"),
);

const ask = (latest: string, sources: GroundingSource[], earlier: string[] = []) => answerFromSources({ latest, earlier }, sources);

describe("calibratedConfidence", () => {
  it("is monotone from 0 to 1", () => {
    let previous = -1;
    for (let coverage = 0; coverage <= 1.0001; coverage += 0.01) {
      const confidence = calibratedConfidence(coverage);
      expect(confidence).toBeGreaterThanOrEqual(previous);
      expect(confidence).toBeLessThanOrEqual(1);
      previous = confidence;
    }
    expect(calibratedConfidence(0)).toBe(0);
  });

  it("puts the answer floor just above the default threshold and strong matches near 0.9", () => {
    expect(calibratedConfidence(MIN_ANSWER_COVERAGE)).toBeGreaterThan(0.55);
    expect(calibratedConfidence(MIN_ANSWER_COVERAGE)).toBeLessThan(0.62);
    expect(calibratedConfidence(MIN_ANSWER_COVERAGE - 0.01)).toBeLessThan(0.5);
    expect(calibratedConfidence(0.8)).toBeGreaterThan(0.88);
    expect(calibratedConfidence(0.8)).toBeLessThan(0.95);
  });
});

describe("answerFromSources", () => {
  it("ranks the sentence that answers above a neighbour sharing one of its words", () => {
    const question = { latest: "Do your gift cards have an expiration date?", earlier: [] };
    const [best] = rankCandidates(question, [GIFT_CARDS]);
    expect(best!.parts.map((part) => part.text)).toEqual(["You can buy them for any amount from $10 to $250, and they never expire."]);
    const answer = answerFromSources(question, [GIFT_CARDS]);
    expect(answer.text).toMatch(/they never expire \[1\]\./);
    expect(answer.confidence).toBeGreaterThan(0.55);
    expect(answer.citations).toEqual(["gift"]);
  });

  it("matches the customer's words to the article's: send back ≈ return, two-factor ≈ two-step, leg length ≈ inseam", () => {
    const returns = ask("How many days after delivery can I still send something back?", [GIFT_CARDS, RETURNS]);
    expect(returns.text).toMatch(/within 60 days of delivery/);
    expect(returns.citations).toEqual(["returns"]);

    const twoFactor = ask("How do I set up two-factor authentication?", [GIFT_CARDS, ACCOUNT]);
    expect(twoFactor.text).toMatch(/Settings → Security/);
    expect(twoFactor.confidence).toBeGreaterThan(0.55);

    const inseam = ask("What leg lengths do the trousers come in?", [SIZES, RETURNS]);
    expect(inseam.text).toMatch(/three inseams/);
  });

  it("answers a list question with the list, lead-in and items on their own lines, verbatim", () => {
    const answer = ask("What information do you need from me to open a warranty claim?", [WARRANTY, RETURNS]);
    expect(answer.text).toBe(
      ["Start a claim on the warranty page or send us a message with:", "1. Your order number.", "2. Two or three photos of the fault.", "3. When and how it happened [1]."].join("\n"),
    );
  });

  it("answers a question about the steps with the whole numbered list", () => {
    const answer = ask("What are the steps to send something back?", [RETURN_STEPS, RETURNS]);
    expect(answer.text.split("\n")).toEqual([
      "How to start a return:",
      "1. Open the returns page and enter your order number.",
      "2. Choose the items you are sending back.",
      "3. Print the prepaid label and drop the parcel off at a post office [1].",
    ]);
  });

  it("shows one list item under its section heading", () => {
    const answer = ask("Do I need to print a label for my return?", [RETURN_STEPS]);
    expect(answer.text.split("\n")).toEqual(["How to start a return:", "3. Print the prepaid label and drop the parcel off at a post office [1]."]);
  });

  it("prefers the row with the customer's number over rows with other numbers, and quotes that row alone", () => {
    const answer = ask("My chest is 42 inches. Which jacket size is mine?", [SIZES]);
    expect(answer.text).toMatch(/^L: chest \(in\) 42–44 \[1\]\./);
    expect(answer.text).not.toMatch(/\b(?:S|M|XL): chest/);
  });

  it("weighs what the customer tells less than what they ask", () => {
    const sources = [
      source("refunds", "Refunds", null, "Refunds go back to the card you paid with. We cannot send a refund to a different card."),
      source("cancel", "Cancelling", null, "Cancelled orders are never charged. Paid orders can be cancelled until they ship."),
    ];
    const answer = ask("My order was paid and then cancelled. Can you send the refund to a new card?", sources);
    expect(answer.text).toMatch(/We cannot send a refund to a different card/);
  });

  it("gives a near-equal sentence of a lower-ranked source less weight", () => {
    const first = source("first", "Returns", null, "Return labels are free within the country.");
    const third = source("third", "Returns", null, "Return labels are free within the country.");
    const ranked = rankCandidates({ latest: "Are return labels free?", earlier: [] }, [first, RETURNS, third]);
    const score = (documentIndex: number) => ranked.find((candidate) => candidate.source === documentIndex)!.score;
    expect(score(0)).toBeGreaterThan(score(2));
  });

  it("does not answer what the sources do not cover", () => {
    const answer = ask("Do you have a loyalty program where I collect points?", [GIFT_CARDS, RETURNS, ACCOUNT]);
    expect(answer.text).toBe("");
    expect(answer.confidence).toBeLessThan(0.5);
  });
});
