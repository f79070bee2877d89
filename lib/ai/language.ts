/**
 * Just enough language handling for the assistant's own sentences (hand-off notices):
 * text folded for matching, a guess at which of the languages Switchboard writes those
 * sentences in the customer used, and the cues that a message follows up on the last one.
 */

export const SUPPORTED_LANGUAGES = ["en", "es", "fr", "de", "pt", "it"] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];

/** Lower case, accents dropped (ü → u, ç → c), apostrophes and dashes as spaces, one space between words. */
export function foldText(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/ß/g, "ss")
    .replace(/['’`´‘-]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** Words of folded text (letters and digits). */
export function foldedWords(text: string): string[] {
  return foldText(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

// Frequent function words that are distinctive enough to tell the languages apart.
const MARKERS: Record<Language, ReadonlySet<string>> = {
  en: new Set("the and is are to my i you it for of what how can please with this that your me do does have not".split(" ")),
  es: new Set("el los las que por para con mi es una quiero hola gracias como cuando donde puedo tengo pedido favor estoy".split(" ")),
  fr: new Set("le les des est je vous pour avec mon ma une bonjour merci pas ne et mes suis votre commande voudrais".split(" ")),
  de: new Set("der die das ist ich sie mit nicht und bitte mein meine ein einem einen kann danke wie habe meiner bestellung".split(" ")),
  pt: new Set("os as que com meu minha uma nao obrigado obrigada ola voce para por posso tenho pedido estou quero".split(" ")),
  it: new Set("il lo gli che di con mio mia una non grazie ciao sono per vorrei posso ho ordine sto voglio".split(" ")),
};

/** The supported language whose function words the text uses most; English when nothing stands out. */
export function guessLanguage(text: string): Language {
  const words = foldedWords(text);
  let best: Language = "en";
  let bestCount = 0;
  for (const language of SUPPORTED_LANGUAGES) {
    const count = words.filter((word) => MARKERS[language].has(word)).length;
    if (count > bestCount) {
      best = language;
      bestCount = count;
    }
  }
  return best;
}

/** A message that opens like a continuation of the one before it ("and…", "what about…"). */
export const FOLLOW_UP_START = /^(?:and|or|but|also|what about|how about|same|then|so|ok(?:ay)?|alright|in that case)\b/i;
/** A word that points back at something said earlier. */
export const BACK_REFERENCE = /\b(?:it|its|that|this|they|them|those|these|there|one)\b/i;
