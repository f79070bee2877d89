import { GIFT_CARDS, RETURNS, SHIPPING, STORE, WARRANTY } from "./store-facts";

export interface SeedArticle {
  slug: string;
  title: string;
  /** Conversation topic this article answers (matches the scripts' topics). */
  topic: string;
  markdown: string;
}

export const KNOWLEDGE_ARTICLES: readonly SeedArticle[] = [
  {
    slug: "shipping-times-and-costs",
    title: "Shipping times and costs",
    topic: "shipping",
    markdown: `# Shipping times and costs

We ship every order from our warehouse in Harrisburg, Pennsylvania. Orders placed before ${SHIPPING.cutoff} on a business day leave the warehouse the same day; orders placed later, or on weekends and US holidays, leave on the next business day.

## Shipping options within the United States

| Option | Delivery time | Price |
| --- | --- | --- |
| Standard | ${SHIPPING.standardDays} | ${SHIPPING.standardPrice}, free on orders over ${SHIPPING.freeOver} |
| Express | ${SHIPPING.expressDays} | ${SHIPPING.expressPrice} |
| Overnight | next business day | ${SHIPPING.overnightPrice} |

Delivery times count business days from the day the order leaves the warehouse, not from the day it was placed. Domestic parcels travel with ${SHIPPING.domesticCarrier}.

## Free shipping

Standard shipping is free when the order total after discounts is over ${SHIPPING.freeOver}. Gift card purchases do not count towards the threshold, and the free option cannot be combined with Express or Overnight delivery.

If a return brings an order below the threshold, we do not charge the shipping cost afterwards.

## Alaska, Hawaii, PO boxes and military addresses

We deliver to Alaska, Hawaii, PO boxes and APO/FPO/DPO addresses with Standard shipping only. Allow an extra 2–4 business days. Express and Overnight are not available for these addresses.

## Split shipments

When part of an order is on backorder we ship what is in stock first and send the rest as soon as it arrives, at no extra cost. Each parcel gets its own tracking number, and the order page shows which items are in which parcel.`,
  },
  {
    slug: "returns-policy",
    title: "Returns: the 30-day policy",
    topic: "returns",
    markdown: `# Returns: the ${RETURNS.windowDays}-day policy

You can return most items within ${RETURNS.windowDays} days of delivery for a refund to the original payment method. Items must be unworn and unwashed, with their tags attached. Footwear must be returned in its original box.

## How to start a return

1. Go to the returns portal at ${STORE.returnsPortal} and enter your order number and email address.
2. Choose the items and tell us why you are returning them; this helps us improve our sizing and products.
3. Print the prepaid label (or show the QR code at any ${SHIPPING.domesticCarrier} Store) and drop the parcel off within 7 days.

Return labels are free for orders shipped within the United States. For international orders the label costs ${RETURNS.internationalLabelFee}, which we deduct from the refund.

## What cannot be returned

- Items marked as final sale.
- Socks, underwear and swimwear that have been worn or whose hygiene seal is broken.
- Gift cards.
- Personalised items, such as embroidered jackets, unless they arrive faulty.

## Faulty or wrong items

If an item arrives damaged, faulty or is not what you ordered, contact us first with your order number and a photo. We send a free label and, if you like, ship the replacement straight away without waiting for the return. Faults that appear after use are covered by our ${WARRANTY.years}-year warranty rather than by the return window.

## After we receive your return

Returns are checked within ${RETURNS.refundProcessingDays} of arriving at the warehouse. You get an email when the refund is issued; see the Refunds article for when the money shows up on your statement.`,
  },
  {
    slug: "refunds",
    title: "Refunds: when and how you get your money back",
    topic: "refunds",
    markdown: `# Refunds: when and how you get your money back

Refunds always go back to the payment method used for the order. We cannot send a refund to a different card or bank account, and we do not refund in cash.

## Timeline

- **Day 0:** your return parcel is scanned at our warehouse. The tracking link on your return label shows this.
- **Within ${RETURNS.refundProcessingDays}:** we inspect the items and issue the refund. You get an email with the amount.
- **Another ${RETURNS.bankDays}:** your bank or card issuer posts the credit. Most banks are faster, but some take the full ten days.

PayPal and Shop Pay refunds usually appear within 24 hours of the refund email. Gift card payments are refunded to the same gift card, instantly.

## How much is refunded

We refund the price you paid for each returned item, after any discount applied to it. Original shipping charges are refunded only when the whole order is returned because of our mistake (faulty, damaged or wrong items). For international returns the ${RETURNS.internationalLabelFee} label fee is deducted.

## Cancelled orders

Orders can be cancelled until they leave the warehouse. We never charge a card before shipping: what you see after a cancellation is an authorisation hold, which your bank releases within 3–5 business days.

## Missing refund

If more than ${RETURNS.bankDays} have passed since the refund email, check the statement for a credit from "ACME OUTFITTERS". If it is not there, contact us with the order number; we can send you the refund's reference number (ARN) so your bank can trace it.`,
  },
  {
    slug: "billing-and-invoices",
    title: "Billing, payments and invoices",
    topic: "billing",
    markdown: `# Billing, payments and invoices

## Accepted payment methods

We accept Visa, Mastercard, American Express and Discover, plus PayPal, Apple Pay, Google Pay, Shop Pay and Acme Outfitters gift cards. You can combine one gift card with one other payment method on the same order.

## When you are charged

When you place an order your bank places an authorisation hold for the order total. We capture the payment only when the order ships. If an order ships in several parcels, you may see one charge per parcel; together they add up to the order total.

If an order is cancelled before it ships, the hold disappears on its own within 3–5 business days, depending on your bank.

## Duplicate charges

Seeing the amount twice almost always means one authorisation hold and one captured charge. The hold drops off within 3–5 business days. If two captured charges are still there after that, contact the Billing team with the order number and the last four digits of the card, and we refund the duplicate the same day.

## Invoices and receipts

Every order confirmation email is also your receipt. To download a PDF invoice, sign in, go to **Account → Orders**, open the order and choose **Download invoice**. Invoices show the items, shipping, taxes and the payment method used.

Business customers can ask us to add a company name, address and VAT or tax ID to an invoice. Reply to your order confirmation or message the Billing team within 60 days of the order.

## Sales tax

We collect sales tax in every US state that requires it, based on the shipping address. The tax appears at checkout before you pay. Tax-exempt organisations can email a copy of their exemption certificate to ${STORE.supportEmail} before ordering.`,
  },
  {
    slug: "sizing-guide",
    title: "Sizing guide",
    topic: "sizing",
    markdown: `# Sizing guide

Our clothing follows standard US sizing with a regular, athletic fit. If you are between two sizes, choose the larger one for outerwear you will layer over a fleece, and the smaller one for base layers such as the Switchback Merino Tee.

## How to measure

- **Chest:** measure around the fullest part of your chest, under the arms, keeping the tape level.
- **Waist:** measure around your natural waist, just above the belly button.
- **Inseam:** measure from the crotch to the floor along the inside of the leg, without shoes.

## Tops and jackets

| Size | Chest (in) | Waist (in) | Sleeve (in) |
| --- | --- | --- | --- |
| XS | 32–34 | 26–28 | 32 |
| S | 35–37 | 29–31 | 33 |
| M | 38–40 | 32–34 | 34 |
| L | 41–43 | 35–37 | 35 |
| XL | 44–46 | 38–40 | 36 |
| XXL | 47–49 | 41–43 | 37 |

## Pants

The Canyon Hiking Pants come in waist sizes 28 to 40 and in three inseams: short (30 in), regular (32 in) and long (34 in). They have a gusseted crotch and a slightly tapered leg.

## Footwear

The Basecamp Hiking Boots run half a size small. We recommend ordering half a size up from your usual sneaker size, especially if you hike in thick socks. Wide (E) widths are available in sizes 8 to 13.

## Still unsure?

Send us your height, weight and usual size in another brand and we will recommend a size. If it does not fit, exchanges are free within ${RETURNS.windowDays} days.`,
  },
  {
    slug: "account-and-password",
    title: "Your account and password",
    topic: "account",
    markdown: `# Your account and password

An account lets you track orders, download invoices, save addresses and start returns in a few clicks. You can still order as a guest; to connect past guest orders to a new account, sign up with the same email address.

## Resetting your password

1. On the sign-in page choose **Forgot password?**
2. Enter the email address of your account. We send a reset link within a couple of minutes.
3. The link is valid for 60 minutes and works once. If it has expired, request a new one.

If the email does not arrive, check your spam folder and make sure you are using the address you signed up with. For security, support staff cannot see or set your password, but we can confirm which email your account uses.

## Two-step verification

You can turn on two-step verification under **Account → Security**. After that, signing in on a new device asks for a six-digit code from an authenticator app. Keep the recovery codes we show you when you turn it on: they are the only way in if you lose your phone.

## Changing your email address

Change it under **Account → Profile**. We send a confirmation link to the new address, and the change takes effect once you click it. Order emails for orders already placed keep going to the old address.

## Locked accounts

After ten failed sign-in attempts we lock the account for 15 minutes to protect it. Wait and try again, or reset your password.

## Deleting your account

Ask us to delete your account from **Account → Privacy** or by contacting support. We remove your personal data within 30 days, except for order records we must keep for tax purposes.`,
  },
  {
    slug: "warranty",
    title: `${WARRANTY.years}-year warranty`,
    topic: "warranty",
    markdown: `# ${WARRANTY.years}-year warranty

Everything we sell is covered by a ${WARRANTY.years}-year warranty against defects in materials and workmanship, counted from the delivery date. The warranty is in addition to your rights under consumer law.

## What the warranty covers

- Seams that come apart, failing zippers, snaps and buckles.
- Delaminating waterproof membranes and taped seams that start to leak.
- Boot soles that separate from the upper.
- Broken trekking pole locks and backpack frames under normal use.

## What it does not cover

Normal wear and tear, damage from accidents or misuse, pilling, fading, and items altered by someone other than us. Gift cards and socks are not covered.

## How to make a claim

Start a claim at ${STORE.warrantyPage} or send us a message with:

1. Your order number (or the email address used for the purchase).
2. Two or three photos that show the fault clearly.
3. A short description of when and how it happened.

We reply within two business days. Most claims are approved from the photos alone; sometimes we ask you to send the item in with a free label.

## Repair, replacement or refund

We repair the item when we can, because repairs keep gear out of landfill. If a repair is not possible we replace it with the same item, or a comparable one if it is no longer made. If neither is possible we refund the price you paid. Repairs take about 2–3 weeks including shipping.`,
  },
  {
    slug: "order-tracking",
    title: "Tracking your order",
    topic: "tracking",
    markdown: `# Tracking your order

As soon as your order leaves the warehouse we email you a shipping confirmation with a tracking number. You can also follow every order at ${STORE.trackingPage} with your order number and email address, or under **Account → Orders**.

## What the statuses mean

| Status | Meaning |
| --- | --- |
| Processing | We received the order and are packing it. |
| Shipped | The parcel left the warehouse; the carrier has it. |
| Out for delivery | The driver has the parcel today. |
| Delivered | The carrier marked the parcel as delivered. |

## "Label created" but no movement

The carrier's page may show "label created" for up to 24 hours after we ship, until the parcel is first scanned at their depot. If nothing changes after two business days, contact us and we will open a trace with the carrier.

## Marked as delivered but not received

Check around the delivery address, with neighbours and at the building's mail room, and wait until the end of the next business day: carriers sometimes mark parcels as delivered a little early. If it still has not turned up, contact us within 14 days of the delivery date. We open a claim with the carrier and send a replacement or a refund.

## Changing the delivery address

We can change the address only while the order is still processing. Once it has shipped, you can ask ${SHIPPING.domesticCarrier} to hold the parcel at a nearby access point using the tracking link.`,
  },
  {
    slug: "international-shipping",
    title: "International shipping, duties and taxes",
    topic: "international",
    markdown: `# International shipping, duties and taxes

We ship to ${SHIPPING.countries} countries, including Canada, Mexico, the United Kingdom, the countries of the European Union, Norway, Switzerland, Australia, New Zealand and Japan. Checkout shows whether we deliver to your country.

## Cost and delivery time

International orders ship with ${SHIPPING.internationalCarrier} for a flat ${SHIPPING.internationalPrice}, free on orders over ${SHIPPING.internationalFreeOver}. Delivery takes ${SHIPPING.internationalDays} from the day the order leaves the warehouse; customs checks can add a few days.

## Duties and import taxes

Prices on our site do not include import duties or taxes. They are charged by your country's customs when the parcel arrives, and ${SHIPPING.internationalCarrier} collects them before delivery, usually by a payment link sent by text or email. We cannot estimate them precisely because they depend on your country's rules and the parcel's value.

If you refuse to pay duties, the parcel comes back to us and we refund the items minus the return shipping cost.

## Returns from abroad

The ${RETURNS.windowDays}-day return policy applies worldwide. Use the returns portal to get a prepaid label; it costs ${RETURNS.internationalLabelFee}, deducted from your refund. Duties you paid on arrival are not refunded by us, but many customs authorities refund them on request when you export the goods again.

## Currency

Prices are in US dollars. Your card issuer converts the amount and may add a foreign transaction fee.`,
  },
  {
    slug: "exchanges",
    title: "Exchanges",
    topic: "exchanges",
    markdown: `# Exchanges

Exchanging for a different size or colour of the same item is free within ${RETURNS.windowDays} days of delivery, in the United States and abroad.

## How an exchange works

1. Start it in the returns portal at ${STORE.returnsPortal} and choose **Exchange** instead of **Refund**.
2. Pick the new size or colour. We reserve it for you straight away.
3. Send the original item back with the prepaid label.

We ship the replacement as soon as the carrier scans your parcel, so you do not have to wait for it to reach our warehouse. The replacement ships with Standard shipping at no cost; you can pay the difference to upgrade it to Express.

## Exchanging for a different product

To swap for a different product, return the item for a refund and place a new order. That way you get the new item sooner and any price difference is handled automatically.

## Out of stock

If the size or colour you want is sold out, the portal offers a back-in-stock alert or a refund instead. Reserved exchange items are held for 14 days; if the original item has not been shipped back by then, the reservation lapses.`,
  },
  {
    slug: "gift-cards",
    title: "Gift cards",
    topic: "gift_cards",
    markdown: `# Gift cards

Acme Outfitters gift cards are digital. You can buy them for any amount from ${GIFT_CARDS.min} to ${GIFT_CARDS.max}, and they never expire.

## Sending a gift card

At checkout enter the recipient's name, email address and an optional message, and choose when it should be delivered: straight away or on a date up to a year ahead. The recipient gets an email with the card number and PIN. You get a copy, so you can print it if you prefer to hand it over in person.

## Using a gift card

Enter the card number and PIN at checkout. If the order costs more than the balance, pay the rest with any other payment method. Any balance left stays on the card for your next order. Check the balance at any time on the gift card page.

## Lost or not received

If the recipient cannot find the email, check the spam folder first. We can resend it to the same address, or to a different one once the buyer confirms the change. Lost gift cards can be reissued as long as the balance has not been spent; we need the order number of the gift card purchase.

## Refunds and restrictions

Gift cards cannot be exchanged for cash, returned, or used to buy other gift cards, except where the law requires it. Orders paid with a gift card are refunded to the same card.`,
  },
  {
    slug: "contact-and-hours",
    title: "Contacting us and support hours",
    topic: "contact",
    markdown: `# Contacting us and support hours

Our support team is based in New York and works in Eastern Time.

## Support hours

| Days | Hours (Eastern Time) |
| --- | --- |
| Monday to Friday | 8 am – 8 pm |
| Saturday and Sunday | 10 am – 6 pm |

We are closed on New Year's Day, Thanksgiving and Christmas Day. Our assistant answers common questions around the clock, and hands the conversation to a person as soon as the team is in.

## Ways to reach us

- **Chat** on ${STORE.site}: usually answered within a few minutes during support hours.
- **Email** at ${STORE.supportEmail}: answered within 24 hours, often much sooner.
- **WhatsApp** at ${STORE.whatsapp}, and direct messages on Instagram, Facebook Messenger, X and Telegram.
- **Phone** at ${STORE.phone} on weekdays, 9 am – 5 pm.

However you contact us, the whole conversation stays in one place, so you never have to repeat yourself if you switch from chat to email.

## Helping us help you faster

Include your order number (it starts with AO-) and the email address you ordered with. For damaged or faulty items, attach a photo. Please do not send full card numbers or passwords: we will never ask for them.`,
  },
];
