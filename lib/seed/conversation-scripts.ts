import type { Priority } from "@/lib/db/generated/client";
import { RETURNS, SHIPPING, STORE, WARRANTY } from "./store-facts";
import type { TeamName } from "./people";

/**
 * What customers ask about, and how the assistant and the team answer, per topic.
 * Placeholders filled per conversation: {first} (customer's first name), {order} (an
 * order number of theirs), {product} (an item of that order), {tracking}, {agent}
 * (the agent's first name), {team}.
 */
export interface TopicScript {
  /** Label put on the conversation; also the knowledge article's topic. */
  topic: string;
  articleSlug: string;
  team: TeamName;
  /** Agent profile topic that makes someone the natural assignee. */
  agentTopic: string;
  priorities: readonly (readonly [Priority, number])[];
  /** The assistant's answer from the article, shared by the topic's threads unless one overrides it. */
  botAnswer: string;
  /** A second question the assistant can still answer on its own. */
  botFollowUp: { question: string; answer: string };
  threads: Thread[];
}

/** One customer's story within a topic, so every message of a conversation follows from the last. */
export interface Thread {
  subject: string;
  opener: string;
  botAnswer?: string;
  /** What makes the customer want a person. */
  handoffRequest: string;
  /** The assistant's summary for the agent when it hands off. */
  summary: string;
  agentQuestion: string;
  customerDetail: string;
  agentAnswer: string;
  note: string;
}

const NORMAL: TopicScript["priorities"] = [["low", 2], ["medium", 6], ["high", 2]];
const PRESSING: TopicScript["priorities"] = [["medium", 4], ["high", 4], ["urgent", 2]];

export const TOPIC_SCRIPTS: readonly TopicScript[] = [
  {
    topic: "shipping",
    articleSlug: "shipping-times-and-costs",
    team: "Support",
    agentTopic: "shipping",
    priorities: NORMAL,
    botAnswer: `Standard shipping takes ${SHIPPING.standardDays} and costs ${SHIPPING.standardPrice}; it's free on orders over ${SHIPPING.freeOver}. Express (${SHIPPING.expressDays}) is ${SHIPPING.expressPrice}. Orders placed before ${SHIPPING.cutoff} on a business day leave the warehouse the same day.`,
    botFollowUp: {
      question: "Do you ship to PO boxes?",
      answer: "Yes, we deliver to PO boxes and APO/FPO addresses with Standard shipping only. Please allow an extra 2–4 business days.",
    },
    threads: [
      {
        subject: "Delivery before the weekend?",
        opener: "If I order the Summit Down Parka today, can it arrive by Friday?",
        handoffRequest: "I need it for a trip on Saturday. Can someone confirm it will make it if I pay for express?",
        summary: "Customer needs a parka delivered by Friday for a trip and wants a person to confirm Express makes it.",
        agentQuestion: "What's the ZIP code it's going to? I'll check the carrier's cut-off for you.",
        customerDetail: "It's 80302, Boulder.",
        agentAnswer: `Express to 80302 takes ${SHIPPING.expressDays}, so if you order before ${SHIPPING.cutoff} today it arrives by Thursday. You're good for Saturday!`,
        note: "Checked UPS transit times for 80302: 1 day by Express.",
      },
      {
        subject: "Upgrade to express",
        opener: "hey how much is express shipping",
        handoffRequest: "I already placed order {order} with standard. Can a person upgrade it to express?",
        summary: "Customer asks to upgrade the already placed order {order} from Standard to Express.",
        agentQuestion: "Could you confirm the order is {order} and that the address on it is still correct?",
        customerDetail: "Yes, {order}, same address as always.",
        agentAnswer: `I've upgraded {order} to Express at no extra charge since it hadn't been packed yet. It ships today and should arrive within ${SHIPPING.expressDays}; tracking follows by email.`,
        note: "Upgraded shipping as a goodwill gesture: the order was still in the packing queue.",
      },
      {
        subject: "Free shipping threshold",
        opener: "Do you offer free shipping? My cart is $68.",
        handoffRequest: "Can someone apply free shipping anyway? It's only $7 short.",
        summary: `Customer's cart is just under the ${SHIPPING.freeOver} free-shipping threshold and asks for an exception.`,
        agentQuestion: "Is this your first order with us?",
        customerDetail: "Yes, first time ordering!",
        agentAnswer: "Welcome! I've emailed you a one-time code for free standard shipping on this order. Enjoy your new gear.",
        note: "First-order courtesy code sent (FREESHIP-1X).",
      },
    ],
  },
  {
    topic: "returns",
    articleSlug: "returns-policy",
    team: "Support",
    agentTopic: "returns",
    priorities: NORMAL,
    botAnswer: `You can return most items within ${RETURNS.windowDays} days of delivery, unworn and with tags attached. Start at ${STORE.returnsPortal} with your order number and email; the return label is free within the US.`,
    botFollowUp: {
      question: "How long until I get my money back?",
      answer: `We inspect returns within ${RETURNS.refundProcessingDays} of receiving them and refund the original payment method. Your bank usually posts the credit within ${RETURNS.bankDays}.`,
    },
    threads: [
      {
        subject: "Return outside the window",
        opener: "Hi, what's your return policy? I bought the {product} about a month ago.",
        handoffRequest: "The portal says order {order} is outside the window, but it was delivered late. Can someone help?",
        summary: "Customer wants to return the {product} from order {order}; the portal refuses it as outside the 30-day window.",
        agentQuestion: "Let me check the delivery date. Is the {product} unworn with the tags still on?",
        customerDetail: "Yes, never worn, tags on.",
        agentAnswer: "The parcel was delivered 4 days later than promised, so I've made an exception and emailed you a prepaid return label for the {product}. Drop it off at any UPS location within 7 days.",
        note: "Delivery scan shows it arrived 4 days late, so the exception is fair.",
      },
      {
        subject: "Returning boots without the box",
        opener: "I'd like to send back the boots from order {order}. They pinch at the toes.",
        handoffRequest: "I already threw away the box, can I still return them? I'd like to talk to someone.",
        summary: "Customer wants to return boots from order {order} but no longer has the original box.",
        agentQuestion: "Have the boots been worn outside, or only tried on indoors?",
        customerDetail: "Only indoors on the carpet, I promise.",
        agentAnswer: `No problem: any sturdy box works this time. I've opened the return for {order} and the label is in your inbox. The refund goes out within ${RETURNS.refundProcessingDays} of the parcel reaching us.`,
        note: "Repeat customer, approving the return without the original box.",
      },
      {
        subject: "Return label not working",
        opener: "How do I return something? The jacket is too big.",
        handoffRequest: "The portal gives me an error when I try to print the label for {order}. Can a person send it?",
        summary: "The returns portal fails to produce a label for order {order}.",
        agentQuestion: "Which item are you returning, and is the error message still on the screen?",
        customerDetail: "The {product}. It just says 'Something went wrong'.",
        agentAnswer: "Sorry about that! I've created the label by hand and emailed it to you. You can also show the QR code at any UPS Store instead of printing it.",
        note: "Portal label error reproduced; reported to the web team.",
      },
    ],
  },
  {
    topic: "refunds",
    articleSlug: "refunds",
    team: "Billing",
    agentTopic: "billing",
    priorities: PRESSING,
    botAnswer: `Refunds are issued within ${RETURNS.refundProcessingDays} of your return arriving at our warehouse, always to the original payment method. After the refund email, banks take another ${RETURNS.bankDays} to post the credit.`,
    botFollowUp: {
      question: "Is the original shipping refunded too?",
      answer: "Original shipping is refunded only when the whole order comes back because of our mistake, for example a faulty, damaged or wrong item.",
    },
    threads: [
      {
        subject: "Refund not received",
        opener: "I returned my order two weeks ago and still haven't got my refund.",
        handoffRequest: "The refund email came more than 10 days ago. I want to speak to someone please.",
        summary: "Refund for order {order} was issued over 10 days ago but the customer does not see it.",
        agentQuestion: "Could you share the last four digits of the card you paid with so I can trace it?",
        customerDetail: "It ends in 4242.",
        agentAnswer: "The refund for {order} left us on time. I've emailed you its reference number (ARN): your bank can use it to find the credit on their side.",
        note: "Refund ARN found in the payment dashboard, sent to the customer.",
      },
      {
        subject: "Refund amount looks wrong",
        opener: "Hi, the refund for {order} is $20 less than I paid. Why?",
        handoffRequest: "I returned everything and paid full price. Can a human check the amount?",
        summary: "Customer says the refund for order {order} is $20 short.",
        agentQuestion: "Did you use a discount code on that order?",
        customerDetail: "Yes, WELCOME20, but it was for the whole order.",
        agentAnswer: "You're right: the discount was subtracted twice when the refund was calculated. I've just issued the missing $20.00, and you'll get a separate confirmation email.",
        note: "Partial refund error: flagged to finance for the other affected orders.",
      },
      {
        subject: "Refund to an old card",
        opener: "When will my refund show up? The email says it was issued on Monday.",
        handoffRequest: "The card I paid with was cancelled last week. Where does the money go now? I need a person.",
        summary: "Refund for order {order} went to a card that has since been cancelled.",
        agentQuestion: "Was the card replaced by your bank with a new number, or closed completely?",
        customerDetail: "They replaced it after some fraud, new number.",
        agentAnswer: "Good news: when a bank replaces a card, refunds to the old number are passed on to the new one automatically. It should appear within 10 business days of Monday.",
        note: "Explained card-replacement refunds; no action needed on our side.",
      },
    ],
  },
  {
    topic: "billing",
    articleSlug: "billing-and-invoices",
    team: "Billing",
    agentTopic: "billing",
    priorities: PRESSING,
    botAnswer: "Seeing the amount twice usually means one authorisation hold and one captured charge; the hold drops off within 3–5 business days. You can download a PDF invoice under Account → Orders → Download invoice.",
    botFollowUp: {
      question: "Which payment methods do you accept?",
      answer: "Visa, Mastercard, American Express, Discover, PayPal, Apple Pay, Google Pay, Shop Pay and our gift cards.",
    },
    threads: [
      {
        subject: "Charged twice",
        opener: "I was charged twice for order {order}!!",
        handoffRequest: "It's been a week and both charges are still there. I need a person to fix this.",
        summary: "Two captured charges for order {order} still show after a week.",
        agentQuestion: "Could you confirm the last four digits of the card and the dates of both charges?",
        customerDetail: "Card ending 7731, both charges on the 12th.",
        agentAnswer: "I can see the duplicate capture on {order}. I've refunded it in full just now; it should appear within 3–5 business days.",
        note: "Duplicate capture caused by a payment gateway retry; refunded.",
      },
      {
        subject: "Invoice with VAT number",
        opener: "Can I get an invoice with my company's name and VAT number?",
        botAnswer: "You can download a PDF invoice under Account → Orders → Download invoice. Business customers can ask the Billing team to add a company name, address and VAT or tax ID within 60 days of the order.",
        handoffRequest: "Yes please, it's for order {order}. Can someone add it?",
        summary: "Customer needs a company invoice with VAT ID for order {order}.",
        agentQuestion: "Which company name, address and VAT ID should be on it?",
        customerDetail: "Northwind Trading Ltd, 12 Harbour Street, Leeds, VAT GB123456789.",
        agentAnswer: "Done: the updated invoice for {order} with your company details is on the order page, and I've emailed it to you as well.",
        note: "Invoice re-issued with VAT ID; checked the format with finance.",
      },
      {
        subject: "Payment declined",
        opener: "My card keeps getting declined at checkout, what's going on?",
        botAnswer: "Declines usually come from the card issuer: check that the billing address matches your card statement exactly, or try PayPal, Apple Pay or Google Pay.",
        handoffRequest: "Address is right and my bank says it's fine on their end. Can someone look at it?",
        summary: "Card keeps being declined at checkout although the bank approves it.",
        agentQuestion: "Which card type is it, and roughly what time did you last try?",
        customerDetail: "Amex, about 20 minutes ago.",
        agentAnswer: "I see the attempts: our fraud filter flagged them because the shipping and billing countries differ. I've whitelisted your email, so the next attempt will go through.",
        note: "Fraud rule false positive (billing CA / shipping US); whitelisted.",
      },
    ],
  },
  {
    topic: "sizing",
    articleSlug: "sizing-guide",
    team: "Support",
    agentTopic: "sizing",
    priorities: [["low", 5], ["medium", 5]],
    botAnswer: "Our tops follow standard US sizing: M fits a 38–40 in chest, L fits 41–43 in. If you're between sizes, size up for outerwear you'll layer and down for base layers. The Basecamp boots run half a size small, so order half a size up.",
    botFollowUp: {
      question: "And the pants?",
      answer: "The Canyon Hiking Pants come in waists 28 to 40 and three inseams: short 30 in, regular 32 in and long 34 in.",
    },
    threads: [
      {
        subject: "M or L in the Ridgeline?",
        opener: "I'm 5'10\" and 170 lbs, should I get M or L in the Ridgeline jacket?",
        handoffRequest: "Can I talk to someone? I have broad shoulders and M is always tight.",
        summary: "Customer wants a personal size recommendation for the Ridgeline jacket (broad shoulders).",
        agentQuestion: "What size do you wear in other jackets, and will you layer a fleece underneath?",
        customerDetail: "Usually M in Patagonia, and yes, I'd wear a fleece under it.",
        agentAnswer: "With a fleece underneath I'd go for L: it has room in the shoulders without being boxy. If it doesn't fit, exchanges are free within 30 days.",
        note: "Customer is M elsewhere with broad shoulders: recommended L.",
      },
      {
        subject: "Boot sizing",
        opener: "Do the Basecamp boots run small?",
        handoffRequest: "I'm usually a 10.5 in Salomon. Can someone who knows the boots tell me which size?",
        summary: "Customer asks which Basecamp boot size matches a 10.5 in another brand.",
        agentQuestion: "Do you hike in thick wool socks, and do you need a wide fit?",
        customerDetail: "Thick socks, normal width.",
        agentAnswer: "Then I'd go with an 11: the Basecamp runs half a size small and you'll want room for thick socks.",
        note: "Recommended half a size up, as in the sizing guide.",
      },
    ],
  },
  {
    topic: "account",
    articleSlug: "account-and-password",
    team: "Support",
    agentTopic: "accounts",
    priorities: NORMAL,
    botAnswer: "Choose **Forgot password?** on the sign-in page and enter your account's email address; the reset link arrives within a couple of minutes and is valid for 60 minutes. After ten failed attempts the account locks for 15 minutes.",
    botFollowUp: {
      question: "Can I turn on two-factor?",
      answer: "Yes: under Account → Security you can turn on two-step verification with an authenticator app. Keep the recovery codes somewhere safe.",
    },
    threads: [
      {
        subject: "Password reset email not arriving",
        opener: "The password reset email never arrives.",
        handoffRequest: "I tried three times, nothing in spam either. Can a person check my account?",
        summary: "Password reset emails are not reaching the customer.",
        agentQuestion: "Which email address did you sign up with? I'll check what our system has on file.",
        customerDetail: "I think it might be my old work address, sorry!",
        agentAnswer: "That's it: the account is under your old work address. I've sent the reset link there; it's valid for 60 minutes. Once you're in, you can change the email under Account → Profile.",
        note: "Account found under a different address; identity checked with the last order number.",
      },
      {
        subject: "Lost authenticator app",
        opener: "I can't log in to my account",
        handoffRequest: "I lost my phone with the authenticator app and don't have the recovery codes. I need help getting back in.",
        summary: "Customer lost the phone with their authenticator app and has no recovery codes.",
        agentQuestion: "To confirm it's you: what's the order number and billing ZIP code of your most recent order?",
        customerDetail: "{order}, ZIP 02139.",
        agentAnswer: "Thanks, that matches. I've turned off two-step verification: please sign in and set it up again with your new phone, and keep the recovery codes this time.",
        note: "Identity verified with the last order's number and billing ZIP before disabling 2FA.",
      },
      {
        subject: "Change account email",
        opener: "How do I change the email address on my account?",
        botAnswer: "Change it under Account → Profile. We send a confirmation link to the new address, and the change takes effect once you click it.",
        handoffRequest: "I can't reach the old address any more to sign in. Can someone change it for me?",
        summary: "Customer cannot sign in because they lost access to the account's email address.",
        agentQuestion: "Which new address should the account use, and can you tell me the number of a recent order?",
        customerDetail: "The one I'm writing from. Last order was {order}.",
        agentAnswer: "Done: the account now uses your new address and I've sent you a link to set a password.",
        note: "Email changed after checking the order number; old address kept in the audit log.",
      },
    ],
  },
  {
    topic: "warranty",
    articleSlug: "warranty",
    team: "Support",
    agentTopic: "warranty",
    priorities: [["medium", 5], ["high", 4], ["low", 1]],
    botAnswer: `Everything we sell has a ${WARRANTY.years}-year warranty against defects from the delivery date: failing zippers, leaking membranes and soles coming apart are covered. Start a claim at ${STORE.warrantyPage} with your order number and two or three photos of the fault.`,
    botFollowUp: {
      question: "Will you replace it or repair it?",
      answer: "We repair the item when we can; if not, we replace it with the same or a comparable item, and if neither is possible we refund the price you paid. Repairs take about 2–3 weeks.",
    },
    threads: [
      {
        subject: "Zipper broke",
        opener: "The zipper on my {product} broke after 4 months.",
        handoffRequest: "I need it for a trip next month, can someone speed this up?",
        summary: "Warranty claim: broken zipper on the {product} from order {order}; customer travels next month.",
        agentQuestion: `Sorry about that! Could you email a photo of the zipper to ${STORE.supportEmail} so I can approve the claim right away?`,
        customerDetail: "Just emailed it. The teeth are missing near the bottom.",
        agentAnswer: "Claim approved. Since you need it soon, we'll send a replacement {product} today instead of a repair; a return label for the faulty one is in your inbox.",
        note: "Same zipper issue as two other claims this month: reported to the product team.",
      },
      {
        subject: "Jacket leaking",
        opener: "My rain jacket started leaking at the shoulders. Is that covered?",
        handoffRequest: "I sent the photos through the warranty form last week and nobody answered.",
        summary: "Warranty claim for a leaking rain jacket (order {order}) submitted a week ago without reply.",
        agentQuestion: "I'm sorry for the wait. Is it leaking along the seams or through the fabric itself?",
        customerDetail: "Along the shoulder seams, the tape is peeling off.",
        agentAnswer: "Peeling seam tape is a defect, so the claim is approved. I've emailed a free shipping label; once it reaches our repair team the fix takes about 2 weeks.",
        note: "Seam tape delamination visible in the photos: approved repair.",
      },
      {
        subject: "Boot sole coming off",
        opener: "The sole of my boot is separating. Bought them last year.",
        handoffRequest: "The form won't accept my order number. Can a person take the claim?",
        summary: "Warranty claim for separating boot soles; the claim form rejects order {order}.",
        agentQuestion: "Which boot is it, and could you email us a photo of the sole?",
        customerDetail: "The left one. Photo sent by email just now.",
        agentAnswer: "Thanks, that's clearly a bonding defect. Claim approved: a new pair is on its way, and you can keep or recycle the old ones.",
        note: "Form rejected older order numbers; logged the bug for the web team.",
      },
    ],
  },
  {
    topic: "tracking",
    articleSlug: "order-tracking",
    team: "Support",
    agentTopic: "shipping",
    priorities: [["medium", 5], ["high", 3], ["urgent", 1], ["low", 1]],
    botAnswer: `Order {order} has shipped with tracking number {tracking}. You can follow it at ${STORE.trackingPage}. The carrier page can show "label created" for up to 24 hours until the first depot scan.`,
    botFollowUp: {
      question: "Can I change the delivery address?",
      answer: "Only while the order is still processing. Once it has shipped you can ask UPS to hold the parcel at a nearby access point from the tracking link.",
    },
    threads: [
      {
        subject: "Tracking not updating",
        opener: "Tracking for {order} has said label created for three days.",
        handoffRequest: "It hasn't moved in 3 days. Can someone open a trace with the carrier?",
        summary: "Order {order} (tracking {tracking}) has shown 'label created' for three days.",
        agentQuestion: "Do you need it by a particular date? That helps me decide between a trace and a replacement.",
        customerDetail: "By next Friday ideally, it's a birthday present.",
        agentAnswer: "I've opened a trace with UPS for {tracking}. If it hasn't moved by tomorrow evening, I'll ship a replacement with Express so it still arrives before Friday.",
        note: "Carrier trace opened, case number UPS-4471902.",
      },
      {
        subject: "Package marked delivered but missing",
        opener: "UPS says delivered but there's nothing at my door.",
        handoffRequest: "It says delivered yesterday and I checked everywhere. I want to talk to an agent.",
        summary: "Order {order} is marked as delivered but the customer has not received it.",
        agentQuestion: "Could you confirm the delivery address, and whether there's a mail room or a neighbour who might have taken it?",
        customerDetail: "It's a house, no mail room. Neighbours don't have it.",
        agentAnswer: "I've opened a claim with UPS and we're sending a replacement today with Express shipping at no cost. New tracking will arrive by email.",
        note: "Second missing parcel at this address: asked UPS for a signature on the replacement.",
      },
      {
        subject: "Where is my order?",
        opener: "hi, any update on my order? {order}",
        handoffRequest: "The tracking shows it went back to the depot. Can someone tell me what happened?",
        summary: "Order {order} (tracking {tracking}) was returned to the carrier's depot.",
        agentQuestion: "Is the address on the order complete, including the apartment number?",
        customerDetail: "Oh no, I forgot the apartment number. It's 4B.",
        agentAnswer: "No worries: I've asked UPS to add apartment 4B and redeliver tomorrow. You'll get an updated delivery window by email.",
        note: "Address correction requested with UPS for {tracking}.",
      },
    ],
  },
  {
    topic: "international",
    articleSlug: "international-shipping",
    team: "Support",
    agentTopic: "shipping",
    priorities: NORMAL,
    botAnswer: `We ship to ${SHIPPING.countries} countries with ${SHIPPING.internationalCarrier} for a flat ${SHIPPING.internationalPrice} (free over ${SHIPPING.internationalFreeOver}), arriving in ${SHIPPING.internationalDays}. Prices don't include import duties or taxes; customs charges them on arrival and the carrier collects them before delivery.`,
    botFollowUp: {
      question: "How do returns work from abroad?",
      answer: `The ${RETURNS.windowDays}-day policy applies worldwide. The prepaid return label costs ${RETURNS.internationalLabelFee}, deducted from your refund.`,
    },
    threads: [
      {
        subject: "Customs duties",
        opener: "DHL is asking me to pay import fees, is that right?",
        handoffRequest: "The duties were much higher than I expected. Can someone explain the charge?",
        summary: "International customer questions the import duties charged on order {order}.",
        agentQuestion: "Could you tell me the amount DHL is asking for? I'll compare it with the declared value.",
        customerDetail: "They want €41.20.",
        agentAnswer: "That matches your country's import VAT plus duty on the declared value; it's charged by customs, not by us. If you'd rather refuse the parcel, we'll refund the items minus return shipping.",
        note: "Checked the commercial invoice: declared value correct.",
      },
      {
        subject: "Ship as a gift?",
        opener: "Do you ship to Germany? How much are duties?",
        handoffRequest: "Can you mark my order as a gift so I don't pay customs? I'd like to ask a person.",
        summary: "Customer asks us to declare order {order} as a gift to avoid import charges.",
        agentQuestion: "Has the order shipped yet, or is it still processing?",
        customerDetail: "It's still processing I think.",
        agentAnswer: "I'm sorry, we have to declare purchases as commercial goods, so we can't mark them as gifts. Orders over $150 ship free, which helps offset the duties.",
        note: "Declined gift declaration (customs compliance).",
      },
    ],
  },
  {
    topic: "exchanges",
    articleSlug: "exchanges",
    team: "Support",
    agentTopic: "returns",
    priorities: [["low", 4], ["medium", 6]],
    botAnswer: `Exchanges for a different size or colour of the same item are free within ${RETURNS.windowDays} days. Start one at ${STORE.returnsPortal}, choose Exchange, and we'll ship the new item as soon as the carrier scans your return.`,
    botFollowUp: {
      question: "Can I exchange for a different product?",
      answer: "For a different product, return the item for a refund and place a new order: you get it sooner and any price difference is handled automatically.",
    },
    threads: [
      {
        subject: "Exchange out of stock",
        opener: "Can I swap my {product} for a size up?",
        handoffRequest: "The size I need shows as out of stock in the portal. Can someone reserve one for me?",
        summary: "Customer wants to exchange the {product} from order {order} for a size that shows as sold out.",
        agentQuestion: "Which size and colour would you like instead?",
        customerDetail: "Large in forest green please.",
        agentAnswer: "We have one left in the warehouse and it's now reserved for you for 14 days. The return label is in your inbox.",
        note: "Reserved the last unit manually; the portal showed stale stock.",
      },
      {
        subject: "Wrong size picked in exchange",
        opener: "How do exchanges work?",
        handoffRequest: "I started an exchange for {order} but picked the wrong size. Can a person fix it?",
        summary: "Customer chose the wrong size in an exchange for order {order}.",
        agentQuestion: "Which size should it be?",
        customerDetail: "Size 10 instead of 9.5.",
        agentAnswer: "Done: I've changed the exchange on {order} to size 10. It ships as soon as your return is scanned.",
        note: "Edited the exchange line item by hand.",
      },
    ],
  },
  {
    topic: "gift_cards",
    articleSlug: "gift-cards",
    team: "Billing",
    agentTopic: "billing",
    priorities: [["low", 4], ["medium", 5], ["high", 1]],
    botAnswer: "Our digital gift cards never expire and you can check the balance any time on the gift card page. If the recipient can't find the email, ask them to check their spam folder; we can resend it to the same address.",
    botFollowUp: {
      question: "Can I use a gift card and a credit card together?",
      answer: "Yes. Enter the gift card at checkout and pay the rest with any other payment method; any remaining balance stays on the card.",
    },
    threads: [
      {
        subject: "Gift card sent to the wrong address",
        opener: "My friend never got the gift card I sent her.",
        handoffRequest: "I typed her email wrong! Can someone send it to the right address?",
        summary: "Gift card from order {order} was sent to a mistyped address.",
        agentQuestion: "Which email address should the gift card go to?",
        customerDetail: "It should be maria.g@example.net",
        agentAnswer: "All done: I've resent the gift card to maria.g@example.net and cancelled the link in the first email. She should have it within a few minutes.",
        note: "Buyer confirmed the new address from the purchase email, OK to resend.",
      },
      {
        subject: "Gift card not received",
        opener: "Do gift cards expire? I'm waiting for one I was sent.",
        handoffRequest: "It's been two days and it's not in spam either. Can a person resend it?",
        summary: "Recipient has not received a gift card after two days.",
        agentQuestion: "Could you tell me the sender's name, or the email address it should have arrived at?",
        customerDetail: "It's from my sister, Jane, to this same address.",
        agentAnswer: "Found it: it was scheduled for delivery on your birthday next week! I've sent it now instead, so check your inbox.",
        note: "Scheduled gift card delivered early at the recipient's request; sender informed.",
      },
    ],
  },
  {
    topic: "contact",
    articleSlug: "contact-and-hours",
    team: "Support",
    agentTopic: "accounts",
    priorities: [["low", 7], ["medium", 3]],
    botAnswer: `Our team is available Monday to Friday 8 am – 8 pm and weekends 10 am – 6 pm Eastern Time. You can also reach us at ${STORE.supportEmail} (answered within 24 hours) or call ${STORE.phone} on weekdays, 9 am – 5 pm.`,
    botFollowUp: {
      question: "Do you answer on WhatsApp too?",
      answer: `Yes, message us on WhatsApp at ${STORE.whatsapp}, or on Instagram, Messenger, X and Telegram. It all lands in the same place.`,
    },
    threads: [
      {
        subject: "Bulk order for a hiking club",
        opener: "Is there a phone number I can call?",
        handoffRequest: "I'd just like to talk to a real person please. It's about a bulk order.",
        summary: "Customer wants to talk to a person about a bulk order.",
        agentQuestion: "How many items are you thinking of, and for when?",
        customerDetail: "About 25 fleeces for our hiking club, by the end of next month.",
        agentAnswer: "Great! For orders of 10 or more items we offer 10% off. I've emailed you a quote form; send it back and we'll confirm stock and dates within a day.",
        note: "Bulk order lead: forwarded to sales.",
      },
      {
        subject: "Opening hours",
        opener: "Are you open on Sunday?",
        handoffRequest: "Can someone check that my order {order} is going to the new address I emailed about?",
        summary: "Customer wants confirmation that order {order} ships to an updated address.",
        agentQuestion: "Which city is the new address in? I'll match it against the order.",
        customerDetail: "Portland, the one on Alder Street.",
        agentAnswer: "I've checked: {order} has the Alder Street address on it. You're all set!",
        note: "Address updated earlier by email; verified on the order.",
      },
    ],
  },
];

/** Small talk that fits any topic. */
export const CUSTOMER_THANKS = [
  "Thanks so much!",
  "Perfect, thank you.",
  "Great, that's all I needed 🙏",
  "Awesome, appreciate the quick help.",
  "ok thanks",
  "Thank you, have a nice day!",
];

export const CUSTOMER_NUDGES = ["Hello? Is anyone there?", "Any update?", "Still waiting on this, thanks."];

export const BOT_WELCOME_BACK = [
  "You're welcome, {first}! Anything else I can help with?",
  "Glad I could help. Have a great day!",
];

export const BOT_HANDOFF = "I'm passing this to our {team} team so a person can take a look. They usually reply within a few minutes during support hours.";

export const AGENT_CLOSERS = [
  "You're welcome, {first}! Anything else I can do for you?",
  "Happy to help, {first}. Enjoy the trails!",
  "My pleasure. I'll mark this as resolved, just reply here if anything else comes up.",
];

/** Optional comments by star rating; {agent} is the agent who handled the conversation. */
export const CSAT_COMMENTS: Record<number, string[]> = {
  5: ["Super fast and friendly, thank you!", "Sorted in minutes. Great service.", "{agent} was fantastic.", "Best support experience I've had with an online shop."],
  4: ["Helpful, took a little while to get a person.", "Good answer, thanks.", "Quick and clear."],
  3: ["Fine, but I had to explain twice.", "OK in the end."],
  2: ["Took too long to get my refund sorted."],
  1: ["Still no resolution after several days."],
};
