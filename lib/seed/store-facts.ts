/**
 * The demo shop's policies and catalogue. Knowledge-base articles, canned responses,
 * bot answers and orders all quote these values, so the demo never contradicts itself.
 */

export const STORE = {
  name: "Acme Outfitters",
  site: "acme.test",
  supportEmail: "support@acme.test",
  phone: "+1 (212) 555-0199",
  whatsapp: "+1 (212) 555-0142",
  timezone: "America/New_York",
  returnsPortal: "https://acme.test/returns",
  trackingPage: "https://acme.test/track",
  warrantyPage: "https://acme.test/warranty",
} as const;

export const SHIPPING = {
  standardPrice: "$5.95",
  standardDays: "3–5 business days",
  freeOver: "$75",
  expressPrice: "$14.95",
  expressDays: "1–2 business days",
  overnightPrice: "$29.95",
  cutoff: "2 pm Eastern",
  internationalPrice: "$19.95",
  internationalDays: "7–14 business days",
  internationalFreeOver: "$150",
  countries: 38,
  domesticCarrier: "UPS",
  internationalCarrier: "DHL Express",
} as const;

export const RETURNS = {
  windowDays: 30,
  refundProcessingDays: "3 business days",
  bankDays: "5–10 business days",
  internationalLabelFee: "$9.95",
} as const;

export const WARRANTY = { years: 2 } as const;

export const GIFT_CARDS = { min: "$25", max: "$500" } as const;

/** Support hours as the web widget and the articles state them, in STORE.timezone. */
export const BUSINESS_HOURS: Record<string, [string, string][]> = {
  mon: [["08:00", "20:00"]],
  tue: [["08:00", "20:00"]],
  wed: [["08:00", "20:00"]],
  thu: [["08:00", "20:00"]],
  fri: [["08:00", "20:00"]],
  sat: [["10:00", "18:00"]],
  sun: [["10:00", "18:00"]],
};

export interface Product {
  sku: string;
  name: string;
  priceCents: number;
}

export const PRODUCTS: readonly Product[] = [
  { sku: "AO-JKT-RDG", name: "Ridgeline Rain Jacket", priceCents: 18900 },
  { sku: "AO-PRK-SMT", name: "Summit Down Parka", priceCents: 28900 },
  { sku: "AO-FLC-TRH", name: "Trailhead Fleece", priceCents: 7900 },
  { sku: "AO-BOT-BSC", name: "Basecamp Hiking Boots", priceCents: 15900 },
  { sku: "AO-TEE-SWB", name: "Switchback Merino Tee", priceCents: 4500 },
  { sku: "AO-PNT-CNY", name: "Canyon Hiking Pants", priceCents: 8500 },
  { sku: "AO-BAG-ALP", name: "Alpine 30L Daypack", priceCents: 11900 },
  { sku: "AO-SCK-EVD", name: "Everyday Wool Socks (3-pack)", priceCents: 2400 },
  { sku: "AO-POL-TRK", name: "Trekker Trekking Poles", priceCents: 6900 },
  { sku: "AO-BNI-DRF", name: "Drift Beanie", priceCents: 2900 },
];
