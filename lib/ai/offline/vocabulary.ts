/**
 * Support-domain vocabulary of the offline model: how customers and help centers name the
 * same things. Applied alike to questions and to source sentences, only to match them:
 * answers are always quoted verbatim.
 */

/**
 * Multi-word expressions read as one word ("send it back" → "return it"), on lower-cased
 * text without apostrophes, before it is split into words. Words in between are kept.
 */
export const PHRASES: ReadonlyArray<readonly [RegExp, string]> = [
  // accounts and security
  [/\be-(mail)/g, "e$1"],
  [/\b(?:two|2|multi)[- ]?(?:factor|step)(?: (?:authentication|verification|auth|login|sign[- ]?in))?\b|\b(?:2fa|mfa|2sv)\b/g, "twostep"],
  [/\b(?:log|logs|logged|logging|sign|signs|signed|signing)[- ]?(?:in|on)\b|\blog[io]n\b/g, "signin"],
  [/\bsign(?:s|ed|ing)?[- ]?up\b/g, "signup"],
  // returns, refunds and stock
  [/\b(?:send|sends|sending|sent|ship|ships|shipping|shipped|mail|mails|mailing|mailed|post|posts|posting|posted|bring|brings|bringing|brought|take|takes|taking|took)\b((?: [\w-]+){0,3}?) back\b/g, "return$1"],
  [/\b(?:money|cash)\b((?: \w+){0,3}?) back\b/g, "refund$1"],
  [/\b(?:sold|sells?|selling)[- ]out\b|\bout[- ]of[- ]stock\b/g, "soldout"],
  // orders and shipping
  [/\b(?:send|sends|sending|sent|ship|ships|shipping|shipped|go|goes|going|went)\b((?: \w+)?) out\b(?! of)/g, "ship$1"],
  [/\b(?:leaves?|left|leaving) (?:our|the) (warehouse|facility|depot)\b/g, "ships $1"],
  [/\b(?:track|follow|trace)(?:s|ed|ing)? (?:my|the|your|our|every|an?|this) (order|package|parcel|shipment|delivery)\b/g, "track $1"],
  [/\b(?:not|never|didnt|did not|havent|have not|hasnt|has not|cant find)\b((?: \w+){0,3}?) (?:received?|arrived?|got|turned up|shown up|showed up|here|(?:at|on) (?:my|the) (?:door|doorstep|porch))\b/g, "notreceived$1"],
  [/\bpick(?:s|ed|ing)?((?: \w+){0,2}?) up\b|\bpick-?up\b|\bcollect(?:ion)? in (?:store|person)\b/g, "pickup$1"],
  [/\bcut-?off\b/g, "cutoff"],
  [/\bcheck(?:s|ed|ing)?[- ]?out\b/g, "checkout"],
  // payments, gift cards and sales
  [/\b(?:credit|debit|bank) cards?\b/g, "card"],
  [/\bgift (?:certificate|voucher)s?\b|\be-?gift cards?\b/g, "gift card"],
  [/\bblack friday\b|\bcyber monday\b/g, "blackfriday"],
  // Someone the customer buys for is a recipient; an occasion is a date.
  [/\b(?:my|his|her|their|our) (?:sister|brother|mother|mom|mum|father|dad|friend|wife|husband|partner|son|daughter|boss|colleague|grandmother|grandfather|niece|nephew|cousin)\b/g, "recipient"],
  [/\b(?:birthday|anniversary|next (?:week|month|year)|(?:a |some )?(?:later|future|specific|particular) (?:date|day))\b/g, "date"],
  // contact
  [/\bcustomer (?:service|support|care)\b|\bhelp ?desk\b/g, "support"],
  [/\b(?:opening|open|business|office) hours\b/g, "hours"],
  [/\bphone numbers?\b|\btelephone\b|\bhotline\b/g, "phone"],
  // sizing and products
  [/\b(?:leg|inside[- ]leg) lengths?\b/g, "inseam"],
  [/\bswim(?:ming)? (?:shorts|trunks|suits?|costumes?)\b|\bbathing (?:suits?|costumes?)\b/g, "swimwear"],
  [/\btr(?:y|ies|ied|ying) (?:(?:it|them|this|these|those|one|\w+s) )?on\b/g, "tryon"],
  // Question scaffolding and quantities with no topic of their own ("what are my options", "a pair of pants", "a bunch of times").
  [/\bwhat (?:are|r) (?:my|the) options\b|\bwhat (?:can|do|should) i do\b|\b(?:does|do|would|will) (?:that|this|it|the same) (?:also )?apply\b/g, ""],
  [/\ba pair of\b/g, ""],
  [/\b(?:a bunch of|several|many|multiple|a few|a couple of|a lot of|numerous|too many|\d+) times\b/g, ""],
];

/**
 * Words customers and help articles use for the same thing, grouped by topic. Every form
 * of a word stems to the same term, so one form per group member is enough.
 */
export const SYNONYM_GROUPS: readonly string[] = [
  // orders and shipping
  "ship shipment dispatch deliver",
  "parcel package box",
  "track trace",
  "arrive arrival receive",
  "late delay slow",
  "day week month",
  "cost price fee charge",
  "free complimentary",
  "standard regular normal",
  "international abroad overseas worldwide foreign",
  // Countries a store may ship to beyond its own (when it is one of them, its articles name it and match anyway).
  "international canada mexico uk britain england scotland ireland germany france spain italy portugal netherlands belgium switzerland austria " +
    "sweden norway denmark finland poland europe eu australia zealand japan korea china india singapore brazil",
  "customs duty import",
  "tax vat gst",
  "currency dollar usd",
  "order purchase buy spend",
  "amount total sum",
  "cutoff deadline",
  // returns, refunds and exchanges
  "refund reimburse",
  "exchange swap switch",
  "broken damaged defective defect faulty fault problem",
  "wrong incorrect",
  "notreceived missing",
  "different new",
  "color red green blue black white gray grey navy brown pink purple yellow orange beige",
  "warranty guarantee",
  "repair fix",
  "discount coupon promo promotion",
  // billing and payments
  "pay payment",
  "invoice receipt bill",
  "twice duplicate double",
  "hold authorization pending",
  "see show appear display",
  // accounts and security
  "password passcode",
  "forget remember reset recover",
  "lock lockout block suspend",
  "delete remove deactivate",
  "phone mobile call cell",
  "contact reach",
  "support service",
  "weekend saturday sunday",
  "start begin open initiate",
  "information detail info",
  "photo picture image",
  "step instruction procedure",
  "company organization corporate",
  // sizing and products
  "size sizing fit",
  "wide width",
  "shoe footwear boot sneaker",
  "swimwear swimsuit swim bikini trunks",
  "pant trouser",
];
