import { describe, expect, it } from "vitest";
import {
  asksForPerson,
  buildHandoffContext,
  detectSensitiveTopic,
  escalationAfterAnswer,
  escalationBeforeAnswer,
  extractFacts,
  handoffMessage,
} from "./escalation";

const before = (text: string, botTurns = 0, maxBotTurns = 3) => escalationBeforeAnswer({ text, botTurns, maxBotTurns });

describe("asking for a person", () => {
  const requests: Record<string, string[]> = {
    en: [
      "agent",
      "representative",
      "operator!!",
      "Human please",
      "real person",
      "talk to customer service",
      "Can I please speak to a real person?",
      "I want to talk to a human",
      "I don't want to chat with a bot. Get me a human.",
      "Could you connect me with someone from your support team?",
      "I need a live agent about my order AO-20931, please.",
      "Please transfer me to a manager or supervisor.",
      "Is there an actual human I can talk to about a return?",
      "That doesn't help me at all. I want to talk to a real person.",
      "put me through to a representative",
    ],
    es: ["Quiero hablar con una persona, por favor.", "¿Puedo hablar con un agente?", "Pásame con un asesor", "No quiero hablar con un robot", "necesito un humano"],
    fr: ["Bonjour, je voudrais parler à un conseiller s'il vous plaît.", "Je veux parler à un humain", "Passez-moi un agent", "mettez-moi en relation avec un conseiller"],
    de: ["Kann ich bitte mit einem Mitarbeiter sprechen?", "Ich möchte mit einem Menschen sprechen", "Verbinden Sie mich mit einem Berater", "Ich will mit einer echten Person reden"],
    pt: ["Posso falar com um atendente humano?", "Quero falar com uma pessoa", "Preciso de um atendente", "me transfira para um humano, por favor"],
    it: ["Vorrei parlare con un operatore, grazie.", "Voglio parlare con una persona", "Posso parlare con un essere umano?", "mi metta in contatto con un operatore"],
  };
  for (const [language, texts] of Object.entries(requests)) {
    it(`recognises requests in ${language}`, () => {
      for (const text of texts) expect(asksForPerson(text), text).toBe(true);
    });
  }

  it("does not escalate questions that merely mention people", () => {
    for (const text of [
      "I'm a human resources manager asking about bulk orders",
      "How do I contact your support team by phone?",
      "Is there a manager discount for staff?",
      "Do you speak Spanish?",
      "Can I transfer my warranty to my brother?",
      "I spoke to an agent yesterday and she said my refund was sent.",
      "Is the agent's number on the invoice?",
      "Can you put my order on hold?",
      "I'd like to place an order for a person who lives in Canada",
      "Je voudrais passer une commande",
      "¿Cuántos días tengo para devolver un producto?",
      "Wie kann ich mein Passwort zurücksetzen?",
      "How long does shipping take?",
    ]) {
      expect(asksForPerson(text), text).toBe(false);
    }
  });

  it("hands off a request for a person before answering, in the customer's language", () => {
    expect(before("I want to talk to a human")).toMatchObject({ reason: "customer_requested", priority: null, customerMessage: expect.stringContaining("person from our team") });
    expect(before("Quiero hablar con una persona")?.customerMessage).toContain("persona de nuestro equipo");
    expect(before("Je voudrais parler à un conseiller")?.customerMessage).toContain("personne de notre équipe");
    expect(before("Kann ich mit einem Mitarbeiter sprechen?")?.customerMessage).toContain("Person aus unserem Team");
    expect(before("Quero falar com uma pessoa")?.customerMessage).toContain("pessoa da nossa equipe");
    expect(before("Vorrei parlare con un operatore")?.customerMessage).toContain("persona del nostro team");
    expect(before("I'm a human resources manager asking about bulk orders")).toBeNull();
  });
});

describe("sensitive topics", () => {
  const cases: Array<[string, string, string]> = [
    ["If my refund isn't back by Friday I'm handing this to my lawyer and taking you to court.", "legal_threat", "high"],
    ["Voy a demandarlos, ya hablé con mi abogado", "legal_threat", "high"],
    ["Ich werde Sie verklagen", "legal_threat", "high"],
    ["I've opened a chargeback with my bank for order AO-10423 because the parcel never came.", "payment_dispute", "high"],
    ["I'm disputing this charge with Visa. You took my money twice and nobody cares.", "payment_dispute", "high"],
    ["There's an order on my card from your shop that I never placed. Someone is using my card.", "payment_dispute", "high"],
    ["C'est une fraude, je vais faire opposition", "payment_dispute", "high"],
    ["This is the third wrong item in a row. It's unacceptable and I want to make a formal complaint.", "formal_complaint", "high"],
    ["I'm reporting your company to the Better Business Bureau and the attorney general.", "legal_threat", "high"],
    ["Quero fazer uma reclamação formal", "formal_complaint", "high"],
    ["Under GDPR, please delete my data.", "data_request", "high"],
    ["Bitte löschen Sie meine Daten gemäß DSGVO", "data_request", "high"],
    ["Voglio cancellare i miei dati", "data_request", "high"],
    ["honestly I don't see the point of anything anymore, I just want to end it all", "self_harm", "urgent"],
    ["I've been feeling so low lately that I've thought about hurting myself.", "self_harm", "urgent"],
    ["A veces pienso en quitarme la vida", "self_harm", "urgent"],
    ["The sole of my Basecamp boot came off on a descent and I fell and sprained my wrist. Who is responsible for this?", "injury", "high"],
    ["I hurt myself on the trekking pole's sharp edge", "injury", "high"],
    ["You people are useless scammers. Worst shop ever, I'm furious.", "upset_customer", "high"],
  ];
  it("recognises each topic with its priority", () => {
    for (const [text, topic, priority] of cases) expect(detectSensitiveTopic(text), text).toEqual({ topic, priority });
  });

  it("leaves ordinary questions alone", () => {
    for (const text of [
      "When will my refund arrive?",
      "Can I pay with a gift card?",
      "Is Sue from your team working today?",
      "I work at a hospital and need scrubs in size M",
      "Where can I read your privacy policy?",
      "I have a question about the zipper",
    ]) {
      expect(detectSensitiveTopic(text), text).toBeNull();
      expect(before(text), text).toBeNull();
    }
  });

  it("answers self-harm with care and urgency, even when the customer also asks for a person", () => {
    const escalation = before("I want to talk to someone, I want to end my life");
    expect(escalation).toMatchObject({ reason: "self_harm", priority: "urgent" });
    expect(escalation?.customerMessage).toMatch(/sorry you're going through this/);
    expect(escalation?.customerMessage).toMatch(/emergency number/);
    expect(before("Ich will nicht mehr leben")?.customerMessage).toMatch(/Notruf/);
  });
});

describe("turn limit and answer checks", () => {
  it("hands off after maxBotTurns answers without resolution", () => {
    expect(before("And what about Alaska?", 2, 3)).toBeNull();
    expect(before("And what about Alaska?", 3, 3)).toMatchObject({ reason: "max_bot_turns" });
    expect(before("And what about Alaska?", 10, 0)).toBeNull();
  });

  it("hands off below the confidence threshold or when the model asked for it", () => {
    const base = { text: "How heavy is the daypack?", threshold: 0.55, handoffRequested: false };
    expect(escalationAfterAnswer({ ...base, confidence: 0.9 })).toBeNull();
    expect(escalationAfterAnswer({ ...base, confidence: 0.54 })).toMatchObject({ reason: "low_confidence" });
    expect(escalationAfterAnswer({ ...base, confidence: null })).toBeNull();
    expect(escalationAfterAnswer({ ...base, confidence: 0.9, handoffRequested: true })).toMatchObject({ reason: "assistant_handoff" });
  });

  it("tells the customer an image goes to a person", () => {
    expect(handoffMessage("image_needs_person", "look at this")).toMatch(/can't look at images/);
  });
});

describe("bot context", () => {
  it("collects emails, order and ticket numbers and the intent", () => {
    expect(extractFacts(["Hi, my order AO-10231 hasn't arrived", "email me at Jane.Doe@Example.com, it's about ticket #1042 too"])).toEqual({
      emails: ["jane.doe@example.com"],
      orderNumbers: ["AO-10231"],
      ticketNumbers: [1042],
      intent: "order_status",
    });
    expect(extractFacts(["hello"]).intent).toBe("general");
  });

  it("summarises the first and the latest customer message", () => {
    const at = new Date("2030-01-02T03:04:05Z");
    const context = buildHandoffContext({ customerTexts: ["Where is my parcel? It was due Monday.", "I want a human now"], reason: "customer_requested", botTurns: 1, at });
    expect(context).toMatchObject({ reason: "customer_requested", at: at.toISOString(), botTurns: 1 });
    expect(context.summary).toBe('Customer asked "Where is my parcel?"; latest message "I want a human now"; the assistant answered 1 time.');
  });
});
