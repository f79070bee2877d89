import { describe, expect, it } from "vitest";
import { asCustomerQuestion, buildSuggestions, TALK_TO_PERSON } from "./suggestions";

describe("quick-reply suggestions", () => {
  it("phrases headings and titles as short customer questions", () => {
    expect(asCustomerQuestion("How to start a return")).toBe("How do I start a return?");
    expect(asCustomerQuestion("What the warranty covers")).toBe("Can you tell me what the warranty covers?");
    expect(asCustomerQuestion("Duplicate charges")).toBe("What about duplicate charges?");
    expect(asCustomerQuestion("Returns: the 30-day policy")).toBe("What about returns?");
    expect(asCustomerQuestion("Resetting your password")).toBe("What about resetting my password?");
    expect(asCustomerQuestion("UPS deliveries")).toBe("What about UPS deliveries?");
    expect(asCustomerQuestion("Still unsure?")).toBeNull();
    expect(asCustomerQuestion("A heading that goes on and on far beyond what fits on a small quick-reply chip")).toBeNull();
  });

  it("suggests related knowledge the answer did not use, never the question itself, and is deterministic", () => {
    const related = [
      { documentId: "shipping", title: "Shipping times and costs", heading: "Shipping options" },
      { documentId: "shipping", title: "Shipping times and costs", heading: "Free shipping" },
      { documentId: "returns", title: "Returns policy", heading: "How to start a return" },
      { documentId: "intl", title: "International shipping", heading: null },
    ];
    const input = { question: "How long does shipping take?", related, citedDocumentIds: ["shipping"] };
    const suggestions = buildSuggestions(input);
    expect(suggestions).toEqual(["How do I start a return?", "What about returns policy?", "What about international shipping?"]);
    expect(buildSuggestions(input)).toEqual(suggestions);
  });

  it("offers a person when knowledge suggests too little", () => {
    expect(buildSuggestions({ question: "hi", related: [], citedDocumentIds: [] })).toEqual([TALK_TO_PERSON]);
  });
});
