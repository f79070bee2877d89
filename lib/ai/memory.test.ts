import { describe, expect, it } from "vitest";
import { retrievalQuery, toModelMessages, type ThreadTurn } from "./memory";

const turn = (senderType: ThreadTurn["senderType"], content: string, attachments: ThreadTurn["attachments"] = []): ThreadTurn => ({
  id: content,
  senderType,
  content,
  attachments,
  createdAt: new Date(),
});

describe("conversation memory", () => {
  it("searches a short follow-up together with the customer's previous turn", () => {
    const turns = [turn("contact", "How long does shipping take?"), turn("bot", "3–5 business days."), turn("contact", "And to Alaska?")];
    expect(retrievalQuery(turns)).toBe("How long does shipping take?\nAnd to Alaska?");
    expect(retrievalQuery([turn("contact", "Do you ship to Australia?"), turn("contact", "How many days would it take to get there?")])).toBe(
      "Do you ship to Australia?\nHow many days would it take to get there?",
    );
    const unrelated = [turn("contact", "Do you ship to Australia?"), turn("contact", "How much does standard shipping to Canada cost per parcel?")];
    expect(retrievalQuery(unrelated)).toBe("How much does standard shipping to Canada cost per parcel?");
    expect(retrievalQuery([turn("contact", "How long does shipping take to Anchorage in Alaska for a parcel?")])).toBe("How long does shipping take to Anchorage in Alaska for a parcel?");
  });

  it("maps the customer to user and agents and the assistant to assistant, mentioning earlier attachments", () => {
    const messages = toModelMessages(
      [turn("contact", "My boot broke", [{ url: "https://cdn.example/boot.jpg", contentType: "image/jpeg" }]), turn("agent", "Sorry to hear that."), turn("contact", "Can you help?")],
      null,
    );
    expect(messages).toEqual([
      { role: "user", content: "My boot broke [sent an image]" },
      { role: "assistant", content: "Sorry to hear that." },
      { role: "user", content: "Can you help?" },
    ]);
  });
});
