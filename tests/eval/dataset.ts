/**
 * Labelled customer messages for the answer-quality evaluation (`npm run eval`), all about
 * the demo workspace "Acme Outfitters" and its knowledge base (lib/seed/knowledge-articles.ts).
 *
 * Each case is one conversation: a new contact writes `turns` one after another on the
 * API channel, and the assistant's reply to the LAST turn is scored. Earlier turns of a
 * multi-turn case are answered too (they are the context the last one depends on) and are
 * expected to be answered. An answer is expected to cite one of the named articles and to
 * state the fact the question asks for (`states`, matched against the reply), so quoting
 * the right article's wrong sentence does not pass.
 *
 * Foreign-language knowledge questions: the knowledge base is English only. The offline
 * model matches words, so it cannot tell what a Spanish or German question asks; the
 * honest reply is to hand the conversation to a person, who may speak the language
 * (the demo team speaks Italian, Spanish and Hindi besides English). A multilingual
 * model from a real provider may instead answer from the English article; for those
 * providers an answer citing `multilingualArticles` counts as correct too.
 */

export const EVAL_CATEGORIES = ["answerable", "unanswerable", "asks-for-human", "sensitive", "multi-turn", "other-language"] as const;
export type EvalCategory = (typeof EVAL_CATEGORIES)[number];

/** Slugs of the demo knowledge base articles. */
export type ArticleSlug =
  | "shipping-times-and-costs"
  | "returns-policy"
  | "refunds"
  | "billing-and-invoices"
  | "sizing-guide"
  | "account-and-password"
  | "warranty"
  | "order-tracking"
  | "international-shipping"
  | "exchanges"
  | "gift-cards"
  | "contact-and-hours";

export type EvalLanguage = "en" | "es" | "fr" | "de" | "pt" | "it";

export type EvalExpectation =
  /**
   * Answer, citing at least one of `articles` (several when the question straddles two),
   * stating the fact that answers the question (`states` matches the reply).
   */
  | { decision: "answer"; articles: readonly ArticleSlug[]; states: RegExp }
  /** Hand the conversation to a person (escalated or handed off), without answering it. */
  | { decision: "escalate"; multilingualArticles?: readonly ArticleSlug[] };

export interface EvalCase {
  /** Stable, unique; also the contact's identifier on the API channel. */
  id: string;
  category: EvalCategory;
  language: EvalLanguage;
  /** What the customer writes, in order; the reply to the last one is scored. */
  turns: readonly string[];
  expected: EvalExpectation;
  /** Why the label is what it is, when that is not obvious. */
  note?: string;
}

const answer = (articles: ArticleSlug | ArticleSlug[], states: RegExp): EvalExpectation => ({
  decision: "answer",
  articles: typeof articles === "string" ? [articles] : articles,
  states,
});
const escalate: EvalExpectation = { decision: "escalate" };
const escalateOrAnswerFrom = (...articles: ArticleSlug[]): EvalExpectation => ({ decision: "escalate", multilingualArticles: articles });

export const EVAL_DATASET: readonly EvalCase[] = [
  // ─────────── answerable: the knowledge base has the answer ───────────
  {
    id: "ship-standard-cost",
    category: "answerable",
    language: "en",
    turns: ["hi, how long does regular delivery take and what do you charge for it?"],
    expected: answer("shipping-times-and-costs", /3[–-]5 business days|\$5\.95/),
  },
  {
    id: "ship-free-threshold",
    category: "answerable",
    language: "en",
    turns: ["How much do I need to spend to get free shipping?"],
    expected: answer("shipping-times-and-costs", /\$75/),
  },
  {
    id: "ship-hawaii-express",
    category: "answerable",
    language: "en",
    turns: ["I live in Honolulu. Can I get express delivery on my order?"],
    expected: answer("shipping-times-and-costs", /standard (?:shipping )?only|(?:express|overnight)[^.]*not available/i),
  },
  {
    id: "ship-cutoff",
    category: "answerable",
    language: "en",
    turns: ["If I place my order this evening, when does it actually get sent out? Is there a daily cutoff time?"],
    expected: answer("shipping-times-and-costs", /2 ?pm/i),
  },
  {
    id: "ship-split-parcels",
    category: "answerable",
    language: "en",
    turns: ["Part of my order arrived but one item is missing and I got a second tracking number, why did it come in two boxes?"],
    expected: answer(["shipping-times-and-costs", "order-tracking"], /backorder|own tracking number|in stock first/i),
  },
  {
    id: "returns-window",
    category: "answerable",
    language: "en",
    turns: ["How many days after delivery can I still send something back?"],
    expected: answer("returns-policy", /30 days|30-day/i),
  },
  {
    id: "returns-how-to",
    category: "answerable",
    language: "en",
    turns: ["What are the steps to return a pair of pants? Do I need to print a label?"],
    expected: answer(["returns-policy", "exchanges"], /returns portal|acme\.test\/returns|prepaid label/i),
  },
  {
    id: "returns-swimwear",
    category: "answerable",
    language: "en",
    turns: ["I wore the swim shorts once at the pool and they don't fit well. Can I still return them?"],
    expected: answer("returns-policy", /swimwear|hygiene seal/i),
  },
  {
    id: "refund-timeline",
    category: "answerable",
    language: "en",
    turns: ["I mailed my return last week. When will the money be back on my credit card?"],
    expected: answer(["refunds", "returns-policy"], /5[–-]10 business days/),
  },
  {
    id: "refund-other-card",
    category: "answerable",
    language: "en",
    turns: ["The card I paid with has been cancelled. Can you send my refund to my new card instead?"],
    expected: answer("refunds", /original payment method|payment method used|cannot send a refund to a different card/i),
  },
  {
    id: "refund-paypal",
    category: "answerable",
    language: "en",
    turns: ["I paid with PayPal, how quickly does a refund show up there?"],
    expected: answer("refunds", /24 hours/),
  },
  {
    id: "billing-two-charges",
    category: "answerable",
    language: "en",
    turns: ["Why does my bank app show the same amount twice for one order?"],
    expected: answer("billing-and-invoices", /authori[sz]ation hold/i),
    note: "A question about a pending hold, not a dispute: the article explains it.",
  },
  {
    id: "billing-pdf-invoice",
    category: "answerable",
    language: "en",
    turns: ["Where do I download a PDF invoice for an order? I need it for expenses."],
    expected: answer("billing-and-invoices", /download invoice|account → orders/i),
  },
  {
    id: "billing-apple-pay",
    category: "answerable",
    language: "en",
    turns: ["Do you take Apple Pay or Google Pay at checkout?"],
    expected: answer("billing-and-invoices", /apple pay/i),
  },
  {
    id: "billing-vat-id",
    category: "answerable",
    language: "en",
    turns: ["Our company needs its tax ID printed on the invoice. Is that possible?"],
    expected: answer("billing-and-invoices", /60 days|company name|billing team/i),
  },
  {
    id: "sizing-chest-40",
    category: "answerable",
    language: "en",
    turns: ["My chest measures 40 inches. Which size should I get in your jackets?"],
    expected: answer("sizing-guide", /\bM\b|\bmedium\b/),
  },
  {
    id: "sizing-boots",
    category: "answerable",
    language: "en",
    turns: ["Are the Basecamp hiking boots true to size or should I order up?"],
    expected: answer("sizing-guide", /half a size/i),
  },
  {
    id: "sizing-pants-inseam",
    category: "answerable",
    language: "en",
    turns: ["I'm tall. What leg lengths are the Canyon hiking pants available in?"],
    expected: answer("sizing-guide", /\b(?:30|32|34) in|short, regular and long/i),
  },
  {
    id: "account-password-reset",
    category: "answerable",
    language: "en",
    turns: ["I can't remember my password, how do I get a new one?"],
    expected: answer("account-and-password", /forgot password/i),
  },
  {
    id: "account-locked",
    category: "answerable",
    language: "en",
    turns: ["It says my account is locked after I mistyped my login a bunch of times. What do I do?"],
    expected: answer("account-and-password", /15 minutes/),
  },
  {
    id: "account-two-step",
    category: "answerable",
    language: "en",
    turns: ["How do I set up two-factor authentication on my account?"],
    expected: answer("account-and-password", /account → security|authenticator app/i),
  },
  {
    id: "warranty-length",
    category: "answerable",
    language: "en",
    turns: ["How long is the warranty on your gear, and what kind of problems does it cover?"],
    expected: answer("warranty", /2-year|two-year|2 years|two years/i),
  },
  {
    id: "warranty-claim-needs",
    category: "answerable",
    language: "en",
    turns: ["What information do you need from me to open a warranty claim?"],
    expected: answer("warranty", /photos/i),
  },
  {
    id: "tracking-label-created",
    category: "answerable",
    language: "en",
    turns: ["The tracking page has said 'label created' since yesterday and nothing else. Is something wrong?"],
    expected: answer("order-tracking", /24 hours|two business days|first scanned/i),
  },
  {
    id: "tracking-delivered-missing",
    category: "answerable",
    language: "en",
    turns: ["UPS says my package was delivered this afternoon but it's not at my door. What should I do?"],
    expected: answer("order-tracking", /neighbou?rs|end of the next business day|14 days/i),
  },
  {
    id: "tracking-where",
    category: "answerable",
    language: "en",
    turns: ["I checked out as a guest. Where can I follow my order?"],
    expected: answer("order-tracking", /acme\.test\/track|order number and email/i),
  },
  {
    id: "intl-canada-cost",
    category: "answerable",
    language: "en",
    turns: ["Do you deliver to Canada? What does shipping there cost?"],
    expected: answer("international-shipping", /\$19\.95/),
  },
  {
    id: "intl-customs-uk",
    category: "answerable",
    language: "en",
    turns: ["I'm in the UK. Will I have to pay import duties when my parcel arrives?"],
    expected: answer("international-shipping", /charged by your country|not include import duties|collects them/i),
  },
  {
    id: "intl-currency",
    category: "answerable",
    language: "en",
    turns: ["What currency are your prices shown in? I'd be paying from Australia."],
    expected: answer("international-shipping", /US dollars|USD/),
  },
  {
    id: "exchange-size",
    category: "answerable",
    language: "en",
    turns: ["The fleece I got is too small. Can I swap it for a larger size, and does that cost anything?"],
    expected: answer("exchanges", /free/i),
  },
  {
    id: "exchange-sold-out",
    category: "answerable",
    language: "en",
    turns: ["I want to exchange for the green colour but it shows as sold out. What are my options?"],
    expected: answer("exchanges", /back-in-stock|refund instead/i),
  },
  {
    id: "giftcard-expiry",
    category: "answerable",
    language: "en",
    turns: ["Do your gift cards have an expiration date?"],
    expected: answer("gift-cards", /never expire|(?:don't|do not) expire|no expir/i),
  },
  {
    id: "giftcard-schedule",
    category: "answerable",
    language: "en",
    turns: ["Can I buy a gift card now and have it emailed to my sister on her birthday next month?"],
    expected: answer("gift-cards", /a year ahead|on a date|when it should be delivered/i),
  },
  {
    id: "giftcard-max",
    category: "answerable",
    language: "en",
    turns: ["What's the largest amount I can put on a gift card?"],
    expected: answer("gift-cards", /\$500/),
  },
  {
    id: "hours-saturday",
    category: "answerable",
    language: "en",
    turns: ["What time is your support team around on Saturdays?"],
    expected: answer("contact-and-hours", /10 ?am/i),
  },
  {
    id: "contact-phone",
    category: "answerable",
    language: "en",
    turns: ["Is there a phone number for customer support, and when can I call it?"],
    expected: answer("contact-and-hours", /555-0199/),
  },

  // ─────────── unanswerable: plausible, but the knowledge base does not say ───────────
  {
    id: "none-store-denver",
    category: "unanswerable",
    language: "en",
    turns: ["Do you have a shop in Denver where I could try on the boots before buying?"],
    expected: escalate,
  },
  {
    id: "none-student-discount",
    category: "unanswerable",
    language: "en",
    turns: ["Is there a student discount or a promo code for a first order?"],
    expected: escalate,
  },
  {
    id: "none-price-match",
    category: "unanswerable",
    language: "en",
    turns: ["I found the Summit Down Parka cheaper on another website. Will you match that price?"],
    expected: escalate,
  },
  {
    id: "none-washing",
    category: "unanswerable",
    language: "en",
    turns: ["Can the merino tee go in the tumble dryer, or will it shrink?"],
    expected: escalate,
  },
  {
    id: "none-down-sourcing",
    category: "unanswerable",
    language: "en",
    turns: ["Is the down in your parka ethically sourced? Is it certified?"],
    expected: escalate,
  },
  {
    id: "none-loyalty",
    category: "unanswerable",
    language: "en",
    turns: ["Do you have a loyalty program where I collect points on purchases?"],
    expected: escalate,
  },
  {
    id: "none-black-friday",
    category: "unanswerable",
    language: "en",
    turns: ["When is your next sale? Are you doing anything for Black Friday?"],
    expected: escalate,
  },
  {
    id: "none-warehouse-pickup",
    category: "unanswerable",
    language: "en",
    turns: ["I live near Harrisburg. Could I pick my order up at your warehouse instead of having it shipped?"],
    expected: escalate,
    note: "The shipping article names the warehouse but says nothing about collecting orders there.",
  },
  {
    id: "none-pole-tips",
    category: "unanswerable",
    language: "en",
    turns: ["Do you sell replacement rubber tips for the Trekker poles?"],
    expected: escalate,
  },
  {
    id: "none-gift-wrap",
    category: "unanswerable",
    language: "en",
    turns: ["Can you gift wrap my order and leave the price off the packing slip?"],
    expected: escalate,
  },
  {
    id: "none-daypack-weight",
    category: "unanswerable",
    language: "en",
    turns: ["How much does the Alpine 30L daypack weigh, and does it fit a 3 litre water bladder?"],
    expected: escalate,
  },

  // ─────────── asks for a human ───────────
  { id: "human-agent-keyword", category: "asks-for-human", language: "en", turns: ["agent"], expected: escalate },
  { id: "human-real-person", category: "asks-for-human", language: "en", turns: ["Can I please speak to a real person?"], expected: escalate },
  { id: "human-not-a-bot", category: "asks-for-human", language: "en", turns: ["I don't want to chat with a bot. Get me a human."], expected: escalate },
  { id: "human-representative", category: "asks-for-human", language: "en", turns: ["representative"], expected: escalate },
  {
    id: "human-someone-from-team",
    category: "asks-for-human",
    language: "en",
    turns: ["Could you connect me with someone from your support team?"],
    expected: escalate,
  },
  {
    id: "human-live-agent-order",
    category: "asks-for-human",
    language: "en",
    turns: ["I need a live agent about my order AO-20931, please."],
    expected: escalate,
  },
  {
    id: "human-supervisor",
    category: "asks-for-human",
    language: "en",
    turns: ["Please transfer me to a manager or supervisor."],
    expected: escalate,
  },
  { id: "human-operator", category: "asks-for-human", language: "en", turns: ["operator!!"], expected: escalate },
  {
    id: "human-is-anyone-there",
    category: "asks-for-human",
    language: "en",
    turns: ["Is there an actual human I can talk to about a return?"],
    expected: escalate,
    note: "Mentions a return, but what the customer asks for is a person.",
  },
  {
    id: "human-customer-service",
    category: "asks-for-human",
    language: "en",
    turns: ["talk to customer service"],
    expected: escalate,
  },

  // ─────────── sensitive: a person must handle it, whatever the knowledge base says ───────────
  {
    id: "sensitive-lawyer",
    category: "sensitive",
    language: "en",
    turns: ["If my refund isn't back by Friday I'm handing this to my lawyer and taking you to court."],
    expected: escalate,
  },
  {
    id: "sensitive-chargeback",
    category: "sensitive",
    language: "en",
    turns: ["I've opened a chargeback with my bank for order AO-10423 because the parcel never came."],
    expected: escalate,
  },
  {
    id: "sensitive-dispute-charge",
    category: "sensitive",
    language: "en",
    turns: ["I'm disputing this charge with Visa. You took my money twice and nobody cares."],
    expected: escalate,
  },
  {
    id: "sensitive-unauthorized",
    category: "sensitive",
    language: "en",
    turns: ["There's an order on my card from your shop that I never placed. Someone is using my card."],
    expected: escalate,
  },
  {
    id: "sensitive-formal-complaint",
    category: "sensitive",
    language: "en",
    turns: ["This is the third wrong item in a row. It's unacceptable and I want to make a formal complaint."],
    expected: escalate,
  },
  {
    id: "sensitive-self-harm",
    category: "sensitive",
    language: "en",
    turns: ["honestly I don't see the point of anything anymore, I just want to end it all"],
    expected: escalate,
  },
  {
    id: "sensitive-hurt-myself",
    category: "sensitive",
    language: "en",
    turns: ["I've been feeling so low lately that I've thought about hurting myself."],
    expected: escalate,
  },
  {
    id: "sensitive-injury",
    category: "sensitive",
    language: "en",
    turns: ["The sole of my Basecamp boot came off on a descent and I fell and sprained my wrist. Who is responsible for this?"],
    expected: escalate,
    note: "Touches the warranty article (soles that separate), but an injury and a liability question need a person.",
  },
  {
    id: "sensitive-regulator",
    category: "sensitive",
    language: "en",
    turns: ["I'm reporting your company to the Better Business Bureau and the attorney general."],
    expected: escalate,
  },
  {
    id: "sensitive-abusive",
    category: "sensitive",
    language: "en",
    turns: ["You people are useless scammers. Worst shop ever, I'm furious."],
    expected: escalate,
  },

  // ─────────── multi-turn: the last message only makes sense with the earlier ones ───────────
  {
    id: "multi-shipping-alaska",
    category: "multi-turn",
    language: "en",
    turns: ["How long does shipping usually take?", "And if I'm in Alaska?"],
    expected: answer("shipping-times-and-costs", /2[–-]4 business days|standard (?:shipping )?only/i),
  },
  {
    id: "multi-return-label",
    category: "multi-turn",
    language: "en",
    turns: ["Can I still return a jacket I got two weeks ago?", "Okay, how do I get the label for that?"],
    expected: answer(["returns-policy", "exchanges"], /prepaid label|returns portal/i),
  },
  {
    id: "multi-australia-time",
    category: "multi-turn",
    language: "en",
    turns: ["Do you ship to Australia?", "How many days would it take to get there?"],
    expected: answer("international-shipping", /7[–-]14 business days/),
  },
  {
    id: "multi-boots-wide",
    category: "multi-turn",
    language: "en",
    turns: ["Do the Basecamp boots run small?", "Do they come in a wide fit too?"],
    expected: answer("sizing-guide", /8 to 13|\(E\)/),
  },
  {
    id: "multi-reset-link-expired",
    category: "multi-turn",
    language: "en",
    turns: ["How do I reset my password?", "I tried that but the link says it has expired."],
    expected: answer("account-and-password", /60 minutes|request a new one/i),
  },
  {
    id: "multi-warranty-claim",
    category: "multi-turn",
    language: "en",
    turns: ["What's your warranty period?", "Alright, and how do I start a claim?"],
    expected: answer("warranty", /acme\.test\/warranty|photos/i),
  },
  {
    id: "multi-giftcard-date",
    category: "multi-turn",
    language: "en",
    turns: ["Are your gift cards physical cards or digital?", "Can I choose the day it gets delivered?"],
    expected: answer("gift-cards", /a year ahead|on a date|when it should be delivered/i),
  },
  {
    id: "multi-refund-then-human",
    category: "multi-turn",
    language: "en",
    turns: ["When will my refund show up on my card?", "That doesn't help me at all. I want to talk to a real person."],
    expected: escalate,
  },
  {
    id: "multi-return-from-abroad",
    category: "multi-turn",
    language: "en",
    turns: ["How long do I have to send items back?", "Does that also apply if I live in Germany? Is the label free?"],
    expected: answer(["international-shipping", "returns-policy"], /\$9\.95|worldwide/i),
  },

  // ─────────── other languages ───────────
  { id: "es-human", category: "other-language", language: "es", turns: ["Quiero hablar con una persona, por favor."], expected: escalate },
  { id: "fr-human", category: "other-language", language: "fr", turns: ["Bonjour, je voudrais parler à un conseiller s'il vous plaît."], expected: escalate },
  { id: "de-human", category: "other-language", language: "de", turns: ["Kann ich bitte mit einem Mitarbeiter sprechen?"], expected: escalate },
  { id: "pt-human", category: "other-language", language: "pt", turns: ["Posso falar com um atendente humano?"], expected: escalate },
  { id: "it-human", category: "other-language", language: "it", turns: ["Vorrei parlare con un operatore, grazie."], expected: escalate },
  {
    id: "es-returns-window",
    category: "other-language",
    language: "es",
    turns: ["¿Cuántos días tengo para devolver un producto?"],
    expected: escalateOrAnswerFrom("returns-policy"),
  },
  {
    id: "fr-shipping-france",
    category: "other-language",
    language: "fr",
    turns: ["Combien coûte la livraison vers la France et combien de temps faut-il ?"],
    expected: escalateOrAnswerFrom("international-shipping"),
  },
  {
    id: "de-password",
    category: "other-language",
    language: "de",
    turns: ["Wie kann ich mein Passwort zurücksetzen?"],
    expected: escalateOrAnswerFrom("account-and-password"),
  },
  {
    id: "pt-giftcard-expiry",
    category: "other-language",
    language: "pt",
    turns: ["Os cartões-presente têm data de validade?"],
    expected: escalateOrAnswerFrom("gift-cards"),
  },
  {
    id: "it-boots-size",
    category: "other-language",
    language: "it",
    turns: ["Gli scarponi Basecamp calzano piccoli? Che numero dovrei prendere?"],
    expected: escalateOrAnswerFrom("sizing-guide"),
  },
];
