/**
 * When the assistant hands a conversation to a person, and what it tells the customer.
 *
 * Checked before any model runs (so no model can talk its way past them): the customer
 * asks for a person, in any phrasing of six languages; a sensitive topic (self-harm,
 * legal threats, formal complaints, payment disputes and fraud, personal-data requests,
 * injuries, an angry customer); the assistant already answered `maxBotTurns` times
 * without the conversation being resolved. After the model: its confidence is below the
 * workspace's threshold, or it called handoffToHuman.
 */
import type { Priority } from "@/lib/db/generated/enums";
import { foldText, foldedWords, guessLanguage, type Language } from "./language";

export type EscalationReason =
  | "customer_requested"
  | "self_harm"
  | "legal_threat"
  | "formal_complaint"
  | "payment_dispute"
  | "data_request"
  | "injury"
  | "upset_customer"
  | "max_bot_turns"
  | "low_confidence"
  | "assistant_handoff"
  | "image_needs_person"
  | "ai_unavailable";

export const escalationReasonLabels: Record<EscalationReason, string> = {
  customer_requested: "Customer asked for a person",
  self_harm: "Possible self-harm",
  legal_threat: "Legal threat",
  formal_complaint: "Formal complaint",
  payment_dispute: "Payment dispute or fraud",
  data_request: "Personal-data request",
  injury: "Injury or liability",
  upset_customer: "Upset customer",
  max_bot_turns: "Too many assistant answers",
  low_confidence: "Low confidence",
  assistant_handoff: "Assistant handed off",
  image_needs_person: "Image needs a person",
  ai_unavailable: "AI unavailable",
};

export interface Escalation {
  reason: EscalationReason;
  /** Raised to this when higher than the conversation's priority. */
  priority: Priority | null;
  /** What the customer is told. */
  customerMessage: string;
}

// ───────────────────────────── asking for a person ─────────────────────────────

/** Verbs after which a person-noun means "put me through" (talk to, hablar con, parler à…). */
const STRONG_VERBS = new Set(
  (
    "talk speak chat connect transfer escalate put " +
    "hablar comunicarme comunicar conversar charlar pasar pasame pasarme paseme transferir transfiereme transferirme ponme ponerme atienda " +
    "parler discuter passer passez transferer transferez mettre mettez " +
    "sprechen reden chatten verbinden verbunden weiterleiten durchstellen " +
    "falar conversar transferir passar passe transfira " +
    "parlare comunicare passare passami passatemi mettere mettermi metta trasferire"
  ).split(" "),
);

/** Verbs that ask for a person only when the person follows at once (want a human, quiero una persona). */
const WEAK_VERBS = new Set("want need get give like quiero necesito veux voudrais souhaite will mochte brauche quero preciso gostaria voglio vorrei".split(" "));

/** Words allowed between a verb and the person ("to a real", "con una", "mit einem"). */
const FILLERS = new Set(
  (
    "to with me us through in touch a an the one some your of from please now directly right away just immediately real live actual proper " +
    "con a un una el la al alguna algun de verdad por favor me que ahora mismo real " +
    "a avec un une le la l moi en relation contact vrai vraie reel reelle directement s il vous plait " +
    "mit einem einer einen echten richtigen menschlichen bitte sie mich gerne jetzt dem der den zu" +
    " com um uma o a de verdade por favor me para agora real " +
    "con un una uno l il lo la in contatto me mi vero vera reale per favore subito"
  ).split(" "),
);

/** Who the customer may ask for. `resources`/`error` after "human" and a possessive after any of them rule a match out. */
const PERSON_NOUNS = new Set(
  (
    "human humans person people someone somebody agent agents representative rep operator manager supervisor staff team employee " +
    "persona humano agente asesor asesora operador operadora representante alguien ejecutivo encargado supervisor gerente " +
    "conseiller conseillere humain agent personne operateur operatrice representant responsable quelqu " +
    "mensch menschen mitarbeiter mitarbeiterin berater beraterin kundenberater kundenberaterin person jemandem jemand agenten " +
    "atendente humano pessoa agente operador operadora representante alguem consultor gerente " +
    "operatore operatrice persona umano agente consulente addetto addetta qualcuno responsabile"
  ).split(" "),
);

/** Two-word people: "customer service", "support team", "service client", "kundenservice" is one word. */
const PERSON_PHRASES = ["customer service", "customer support", "customer care", "support team", "service client", "servicio al cliente", "atencion al cliente", "servizio clienti", "atendimento ao cliente", "essere umano"];
const PERSON_SINGLE_WORDS = new Set(["kundenservice", "kundendienst", "support"]);

/** Unmistakably a person, for "is there a human…?" questions (not "is there a manager discount?"). */
const HUMANS = new Set("human person agent representative operator humano humain mensch persona pessoa atendente operatore operador".split(" "));

/** A bot the customer refuses: "I don't want to talk to a bot". */
const BOT_NOUNS = new Set("bot robot chatbot machine ai assistant maquina robo roboter macchina".split(" "));
const NEGATIONS = new Set("dont not no never nunca pas nicht kein keinen nao non".split(" "));

const NOT_A_REQUEST_AFTER = new Set(["resources", "error", "rights", "nature", "body"]);

/** Messages that are only a call for a person: "agent", "human please", "operator!!". */
const CALL_WORDS = new Set(
  "agent human humans person operator representative rep someone somebody support humano humain mensch operatore operador atendente persona conseiller mitarbeiter".split(" "),
);
const CALL_EXTRAS = new Set("a an the real live please pls plz now por favor s il vous plait bitte per".split(" "));

function personAt(words: string[], index: number): boolean {
  const word = words[index];
  if (!word) return false;
  const next = words[index + 1];
  const phrase = `${word} ${next ?? ""}`;
  if (PERSON_PHRASES.includes(phrase.trim())) return true;
  if (PERSON_SINGLE_WORDS.has(word)) return true;
  // "the agent s number" (an apostrophe folds to a space) is about someone, not a request; "s il vous plait" is French.
  if (!PERSON_NOUNS.has(word) || (next === "s" && words[index + 2] !== "il")) return false;
  return !(next !== undefined && NOT_A_REQUEST_AFTER.has(next));
}

function negatedBefore(words: string[], index: number): boolean {
  return words.slice(Math.max(0, index - 3), index).some((word) => NEGATIONS.has(word) || word === "t");
}

/** Index of the first non-filler word after `from`, looking at most `span` words ahead. */
function skipFillers(words: string[], from: number, span: number): number {
  let index = from;
  while (index < words.length && index - from < span && FILLERS.has(words[index]!)) index += 1;
  return index;
}

function clauseAsksForPerson(words: string[]): boolean {
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i]!;
    const strong = STRONG_VERBS.has(word);
    if (strong || WEAK_VERBS.has(word)) {
      const at = skipFillers(words, i + 1, strong ? 6 : 3);
      if (negatedBefore(words, i)) {
        // "I don't want to chat with a bot" asks for a person too.
        if (strong && BOT_NOUNS.has(words[at] ?? "")) return true;
        continue;
      }
      if (personAt(words, at)) return true;
    }
    // German puts the verb last: "mit einem Mitarbeiter sprechen".
    if (personAt(words, i)) {
      const after = skipFillers(words, i + 1, 3);
      if (STRONG_VERBS.has(words[after] ?? "") && !negatedBefore(words, i)) return true;
    }
  }
  // "Is there an actual human I can talk to?"
  return /\b(?:is there|are there|hay|y a t il|gibt es|tem|ce)\b/.test(words.join(" ")) && words.some((word, index) => HUMANS.has(word) && personAt(words, index));
}

/** True when the customer asks for a person, in English, Spanish, French, German, Portuguese or Italian. */
export function asksForPerson(text: string): boolean {
  const all = foldedWords(text);
  if (all.length > 0 && all.length <= 4 && all.some((word) => CALL_WORDS.has(word)) && all.every((word) => CALL_WORDS.has(word) || CALL_EXTRAS.has(word))) {
    return true;
  }
  if (PERSON_PHRASES.includes(all.join(" "))) return true;
  const clauses = foldText(text).split(/[.!?;:,]+|\bbut\b|\bpero\b|\bmais\b|\baber\b|\bmas\b|\bma\b/);
  return clauses.some((clause) => clauseAsksForPerson(clause.match(/[\p{L}\p{N}]+/gu) ?? []));
}

// ───────────────────────────── sensitive topics ─────────────────────────────

type SensitiveTopic = Extract<EscalationReason, "self_harm" | "legal_threat" | "formal_complaint" | "payment_dispute" | "data_request" | "injury" | "upset_customer">;

/** Patterns over folded text (lower case, no accents, apostrophes and dashes as spaces). Most serious first. */
const SENSITIVE_PATTERNS: ReadonlyArray<{ topic: SensitiveTopic; priority: Priority; pattern: RegExp }> = [
  {
    topic: "self_harm",
    priority: "urgent",
    pattern: new RegExp(
      [
        String.raw`\bkill(?:ing)? myself\b`,
        // "I hurt myself on the pole" is an accident (injury below), not a thought of self-harm.
        String.raw`\b(?:hurt(?:ing)?|harm(?:ing)?) myself\b(?! (?:on|with|when|while|using|because|badly))`,
        String.raw`\bend(?:ing)? (?:my life|it all)\b`,
        String.raw`\btak(?:e|ing) my (?:own )?life\b`,
        String.raw`\bsuicid\w*`,
        String.raw`\b(?:want|wanna) (?:to )?die\b`,
        String.raw`\bself harm\b`,
        String.raw`\b(?:don t|do not) want to (?:live|be alive|be here)\b`,
        String.raw`\bno reason to live\b`,
        String.raw`\bbetter off dead\b`,
        String.raw`\b(?:matarme|quitarme la vida|acabar con mi vida|no quiero (?:seguir )?vivir|hacerme dano|quiero morir)\b`,
        String.raw`\b(?:me tuer|mettre fin a mes jours|en finir avec la vie|envie de mourir|me faire du mal|veux mourir)\b`,
        String.raw`\b(?:selbstmord|mich umbringen|mir das leben nehmen|nicht mehr leben|mir (?:etwas|was) antun|will sterben)\b`,
        String.raw`\b(?:me matar|tirar (?:a )?minha (?:propria )?vida|nao quero (?:mais )?viver|me machucar|quero morrer)\b`,
        String.raw`\b(?:uccidermi|ammazzarmi|togliermi la vita|farla finita|non voglio piu vivere|farmi del male|voglio morire)\b`,
      ].join("|"),
    ),
  },
  {
    topic: "legal_threat",
    priority: "high",
    pattern: new RegExp(
      [
        String.raw`\b(?:my |a )?(?:lawyer|lawyers|attorney|solicitor)s?\b`,
        String.raw`\blaw ?suit\b`,
        String.raw`\blegal (?:action|proceedings|steps)\b`,
        String.raw`\b(?:sue|suing) (?:you|your|them|the company|this company)\b`,
        String.raw`\b(?:will|going to|gonna|i ll|i will) sue\b`,
        String.raw`\b(?:take|taking) (?:you|this|it|your company) to court\b`,
        String.raw`\bsmall claims\b`,
        String.raw`\b(?:abogado|demandar(?:los|les|te)?|demanda judicial|accion(?:es)? legal(?:es)?|llevar(?:los|les|te)? a juicio|tribunales)\b`,
        String.raw`\b(?:avocat|poursuivre en justice|poursuites|action en justice|au tribunal|porter plainte)\b`,
        String.raw`\b(?:anwalt|rechtsanwalt|verklagen|klage einreichen|vor gericht|rechtliche schritte)\b`,
        String.raw`\b(?:advogado|processar|acao judicial|na justica)\b`,
        String.raw`\b(?:avvocato|fare causa|causa legale|in tribunale|azione legale|vie legali)\b`,
      ].join("|"),
    ),
  },
  {
    topic: "payment_dispute",
    priority: "high",
    pattern: new RegExp(
      [
        String.raw`\bcharge ?backs?\b`,
        String.raw`\bdisput(?:e|ing|ed) (?:the |this |a |my |that )?(?:charge|payment|transaction)`,
        String.raw`\b(?:dispute|claim) with (?:my )?(?:bank|visa|mastercard|amex|card issuer|paypal)\b`,
        String.raw`\bfraud\w*`,
        String.raw`\bunauthori[sz]ed\b`,
        String.raw`\b(?:never|didn t|did not) (?:place|placed|make|made|authori[sz]e|authori[sz]ed|order|ordered) (?:this|that|an?|the|these)? ?(?:order|purchase|payment|charge)`,
        String.raw`\bstolen (?:credit )?card\b`,
        String.raw`\bsomeone (?:is |has been )?us(?:ing|ed) my (?:card|account|credit card)\b`,
        String.raw`\b(?:charged (?:me )?twice|double charged|took my money twice)\b`,
        String.raw`\b(?:contracargo|fraude|cargo no autorizado|cobro no (?:autorizado|reconocido)|cobraron dos veces)\b`,
        String.raw`\b(?:retrofacturation|(?:paiement|prelevement|debit) non autorise|faire opposition|contester (?:le|un|ce) (?:paiement|prelevement|debit)|debite deux fois)\b`,
        String.raw`\b(?:ruckbuchung|ruckbelastung|betrug|nicht autorisiert\w*|doppelt abgebucht)\b`,
        String.raw`\b(?:estorno|cobranca (?:nao autorizada|indevida|duplicada)|contestar (?:a |uma )?(?:compra|cobranca))\b`,
        String.raw`\b(?:storno|frode|addebito (?:non autorizzato|doppio)|contestare (?:l )?addebito)\b`,
      ].join("|"),
    ),
  },
  {
    topic: "formal_complaint",
    priority: "high",
    pattern: new RegExp(
      [
        String.raw`\b(?:formal|official) complaint\b`,
        String.raw`\b(?:file|lodge|make|submit|raise) (?:a |an )?(?:formal |official )?complaint\b`,
        String.raw`\b(?:better business bureau|bbb|ombudsman|consumer protection|trading standards|attorney general|ftc)\b`,
        String.raw`\breport(?:ing)? (?:you|your company|this company|this shop) to\b`,
        String.raw`\b(?:queja formal|reclamacion (?:formal|oficial)|hoja de reclamaciones|libro de reclamaciones|poner una (?:queja|reclamacion)|defensa del consumidor)\b`,
        String.raw`\b(?:reclamation (?:officielle|formelle)|plainte (?:officielle|formelle)|deposer une reclamation|mediateur|dgccrf)\b`,
        String.raw`\b(?:formelle beschwerde|offizielle beschwerde|beschwerde einreichen|verbraucherzentrale|schlichtungsstelle)\b`,
        String.raw`\b(?:reclamacao formal|(?:fazer|registrar|abrir) uma reclamacao|procon|reclame aqui|ouvidoria)\b`,
        String.raw`\b(?:reclamo (?:formale|ufficiale)|(?:presentare|fare) (?:un )?reclamo|associazione consumatori|codacons)\b`,
      ].join("|"),
    ),
  },
  {
    topic: "data_request",
    priority: "high",
    pattern: new RegExp(
      [
        String.raw`\b(?:gdpr|ccpa|rgpd|lgpd|dsgvo|lopd|dsar)\b`,
        String.raw`\bright to be forgotten\b`,
        String.raw`\b(?:delete|erase|remove|wipe) (?:all )?(?:of )?my (?:personal )?(?:data|information|info|details|account)\b`,
        String.raw`\bdata (?:deletion|erasure|subject)\b`,
        String.raw`\bsubject access request\b`,
        String.raw`\bwhat (?:personal )?data do you (?:have|hold|keep|store)\b`,
        String.raw`\b(?:borrar|eliminar|suprimir) (?:todos )?mis datos|derecho al olvido|(?:eliminar|borrar) mi cuenta\b`,
        String.raw`\b(?:supprimer|effacer) (?:toutes )?mes donnees|droit a l oubli|supprimer mon compte\b`,
        String.raw`\b(?:meine )?daten loschen|recht auf vergessenwerden|datenschutz(?:anfrage|auskunft)|konto loschen\b`,
        String.raw`\b(?:apagar|excluir|deletar|remover) (?:os )?meus dados|direito ao esquecimento|(?:excluir|apagar) minha conta\b`,
        String.raw`\b(?:cancellare|eliminare) (?:i )?miei dati|diritto all oblio|(?:cancellare|eliminare) il mio account\b`,
      ].join("|"),
    ),
  },
  {
    topic: "injury",
    priority: "high",
    pattern: new RegExp(
      [
        String.raw`\b(?:injur(?:y|ed|ies)|sprain(?:ed)?|(?:in|to) (?:the )?hospital|emergency room|burn(?:ed|t) (?:me|my)|broke my (?:arm|leg|wrist|ankle|foot|hand|nose))\b`,
        String.raw`\b(?:hurt|cut) myself (?:on|with|when|while|using|because|badly)\b`,
        String.raw`\bwho is (?:responsible|liable)\b`,
        String.raw`\b(?:herido|lesion|me lastime)\b`,
        String.raw`\b(?:blesse|blessure)\b`,
        String.raw`\b(?:verletzt|verletzung)\b`,
        String.raw`\b(?:machucado|ferido|lesao)\b`,
        String.raw`\b(?:ferito|infortunio)\b`,
      ].join("|"),
    ),
  },
  {
    topic: "upset_customer",
    priority: "high",
    pattern: new RegExp(
      [
        String.raw`\b(?:furious|scam(?:mer)?s?|rip ?off|disgusting|outrageous|fed up|sick and tired)\b`,
        String.raw`\bworst (?:\w+ )?(?:shop|store|company|service|experience) ever\b`,
        String.raw`\buseless\b.*\b(?:you|people|service|shop|company)\b`,
        String.raw`\b(?:estafa(?:dores)?|furios[oa]|harto|harta|vergonzoso)\b`,
        String.raw`\b(?:arnaque(?:urs)?|furieux|furieuse|honteux|scandaleux)\b`,
        String.raw`\b(?:betruger|abzocke|wutend|unverschamt)\b`,
        String.raw`\b(?:golpistas|furios[oa]|vergonhoso)\b`,
        String.raw`\b(?:truffa(?:tori)?|furios[oa]|vergognoso)\b`,
      ].join("|"),
    ),
  },
];

/** The most serious sensitive topic the text raises, or null. */
export function detectSensitiveTopic(text: string): { topic: SensitiveTopic; priority: Priority } | null {
  const folded = foldText(text);
  const hit = SENSITIVE_PATTERNS.find(({ pattern }) => pattern.test(folded));
  return hit ? { topic: hit.topic, priority: hit.priority } : null;
}

// ───────────────────────────── what the customer is told ─────────────────────────────

const HANDOFF: Record<Language, string> = {
  en: "I'm passing you to a person from our team. Someone will take over this conversation shortly and can see everything you've written.",
  es: "Te paso con una persona de nuestro equipo. En breve alguien continuará esta conversación y podrá ver todo lo que has escrito.",
  fr: "Je vous transmets à une personne de notre équipe. Quelqu'un va reprendre cette conversation sous peu et verra tout ce que vous avez écrit.",
  de: "Ich gebe Sie an eine Person aus unserem Team weiter. Gleich übernimmt jemand dieses Gespräch und sieht alles, was Sie geschrieben haben.",
  pt: "Vou passar você para uma pessoa da nossa equipe. Em breve alguém vai continuar esta conversa e poderá ver tudo o que você escreveu.",
  it: "Ti passo a una persona del nostro team. A breve qualcuno prenderà in carico questa conversazione e potrà vedere tutto quello che hai scritto.",
};

const SELF_HARM: Record<Language, string> = {
  en: "I'm really sorry you're going through this. You matter, and you don't have to face it alone. If you might act on these thoughts or are in danger, please call your local emergency number now or reach a crisis line where you live. I've asked a person from our team to join this conversation right away.",
  es: "Siento mucho que estés pasando por esto. Importas, y no tienes que afrontarlo solo. Si crees que podrías hacerte daño o estás en peligro, llama ahora al número de emergencias o a una línea de ayuda en crisis de tu país. He pedido a una persona de nuestro equipo que se una a esta conversación de inmediato.",
  fr: "Je suis vraiment désolé que vous traversiez cela. Vous comptez, et vous n'avez pas à affronter cela seul. Si vous risquez de passer à l'acte ou êtes en danger, appelez maintenant le numéro d'urgence ou une ligne d'écoute de votre pays. J'ai demandé à une personne de notre équipe de rejoindre cette conversation tout de suite.",
  de: "Es tut mir sehr leid, dass es Ihnen so geht. Sie sind wichtig, und Sie müssen das nicht allein durchstehen. Wenn Sie in Gefahr sind, rufen Sie bitte sofort den Notruf oder eine Krisen-Hotline in Ihrem Land an. Ich habe eine Person aus unserem Team gebeten, sofort in dieses Gespräch zu kommen.",
  pt: "Sinto muito que você esteja passando por isso. Você importa e não precisa enfrentar isso sozinho. Se estiver em perigo, ligue agora para o número de emergência ou para uma linha de apoio do seu país. Pedi para uma pessoa da nossa equipe entrar nesta conversa agora mesmo.",
  it: "Mi dispiace davvero che tu stia attraversando tutto questo. Sei importante e non devi affrontarlo da solo. Se sei in pericolo, chiama subito il numero di emergenza o una linea di ascolto del tuo paese. Ho chiesto a una persona del nostro team di unirsi subito a questa conversazione.",
};

const IMAGE: Record<Language, string> = {
  en: "Thanks for the picture. I can't look at images myself, so I've passed it to a person from our team, who will reply here shortly.",
  es: "Gracias por la imagen. No puedo ver imágenes, así que se la he pasado a una persona de nuestro equipo, que te responderá aquí en breve.",
  fr: "Merci pour l'image. Je ne peux pas regarder les images moi-même, je l'ai donc transmise à une personne de notre équipe, qui vous répondra ici sous peu.",
  de: "Danke für das Bild. Ich kann mir selbst keine Bilder ansehen, deshalb habe ich es an eine Person aus unserem Team weitergegeben, die Ihnen hier gleich antwortet.",
  pt: "Obrigado pela imagem. Não consigo ver imagens, então passei para uma pessoa da nossa equipe, que vai responder aqui em breve.",
  it: "Grazie per l'immagine. Non posso guardare le immagini, quindi l'ho passata a una persona del nostro team, che ti risponderà qui a breve.",
};

/** Said when every AI provider failed and the workspace has no fallback message of its own. */
export const DEFAULT_FALLBACK_MESSAGE = "Sorry, I can't answer right now. I've passed your message to our team, and a person will reply here shortly.";

/** The message the customer gets when the conversation is handed off for `reason`, in the language of `customerText`. */
export function handoffMessage(reason: EscalationReason, customerText: string): string {
  const language = guessLanguage(customerText);
  if (reason === "self_harm") return SELF_HARM[language];
  if (reason === "image_needs_person") return IMAGE[language];
  return HANDOFF[language];
}

/** A hand-off for `reason`, with the message for the customer in the language of `customerText`. */
export function escalationFor(reason: EscalationReason, customerText: string, priority: Priority | null = null): Escalation {
  return { reason, priority, customerMessage: handoffMessage(reason, customerText) };
}

export interface PreAnswerInput {
  /** The customer's message. */
  text: string;
  /** Assistant answers since the conversation was last resolved, resumed or handed off. */
  botTurns: number;
  maxBotTurns: number;
}

/** The hand-off decided before any answer: safety first, then an explicit request, then the turn limit. */
export function escalationBeforeAnswer({ text, botTurns, maxBotTurns }: PreAnswerInput): Escalation | null {
  const sensitive = detectSensitiveTopic(text);
  if (sensitive?.topic === "self_harm") return escalationFor("self_harm", text, sensitive.priority);
  if (asksForPerson(text)) return escalationFor("customer_requested", text);
  if (sensitive) return escalationFor(sensitive.topic, text, sensitive.priority);
  if (maxBotTurns > 0 && botTurns >= maxBotTurns) return escalationFor("max_bot_turns", text);
  return null;
}

/** The hand-off decided from a finished answer: the model asked for it, or is not sure enough. */
export function escalationAfterAnswer(input: { text: string; confidence: number | null; threshold: number; handoffRequested: boolean }): Escalation | null {
  if (input.handoffRequested) return escalationFor("assistant_handoff", input.text);
  if (input.confidence !== null && input.confidence < input.threshold) return escalationFor("low_confidence", input.text);
  return null;
}

// ───────────────────────────── what the agent is told ─────────────────────────────

export interface BotContextFacts {
  emails: string[];
  orderNumbers: string[];
  ticketNumbers: number[];
  intent: string;
}

/** conversations.bot_context after a hand-off. */
export interface HandoffContext {
  summary: string;
  facts: BotContextFacts;
  reason: EscalationReason;
  /** ISO time of the hand-off. */
  at: string;
  botTurns: number;
}

const INTENTS: ReadonlyArray<[string, RegExp]> = [
  ["order_status", /\b(?:where is|track\w*|tracking|not (?:arrived|received)|hasn t arrived|is late|delayed|delivery status|package|parcel|shipment|pedido|commande|bestellung|encomenda|ordine)\b/],
  ["refund", /\b(?:refund\w*|money back|reembolso|remboursement|ruckerstattung|rimborso)\b/],
  ["return", /\b(?:return\w*|send (?:it )?back|devolucion|devolver|retour|rucksendung|devolucao|reso)\b/],
  ["exchange", /\b(?:exchange|swap|different size|cambio|echange|umtausch|troca)\b/],
  ["billing", /\b(?:charge\w*|invoice|billing|payment|paid|card|factura|facture|rechnung|fatura|fattura)\b/],
  ["account", /\b(?:password|log ?in|sign ?in|account|locked|contrasena|mot de passe|passwort|senha)\b/],
  ["warranty", /\b(?:warranty|defect\w*|broken|fault\w*|repair|garantia|garantie|garanzia)\b/],
  ["sizing", /\b(?:size|sizing|fit|fits|talla|taille|grosse|tamanho|taglia)\b/],
  ["shipping", /\b(?:shipping|delivery|deliver|ship|envio|livraison|versand|entrega|spedizione)\b/],
];

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const ORDER_NUMBER = /\b[A-Z]{1,4}-\d{4,}\b|\border\s*(?:#|no\.?|number)?\s*#?\s*(\d{4,})\b/gi;
const TICKET_NUMBER = /\b(?:ticket|case)\s*(?:#|no\.?|number)?\s*#?\s*(\d{1,9})\b/gi;

/** Emails, order and ticket numbers the customer wrote, and what the conversation is about. */
export function extractFacts(customerTexts: string[]): BotContextFacts {
  const all = customerTexts.join("\n");
  const unique = <T>(values: T[]) => [...new Set(values)];
  const emails = unique((all.match(EMAIL) ?? []).map((email) => email.toLowerCase()));
  const orderNumbers = unique([...all.matchAll(ORDER_NUMBER)].map((match) => (match[1] ?? match[0]).toUpperCase()));
  const ticketNumbers = unique([...all.matchAll(TICKET_NUMBER)].map((match) => Number(match[1])));
  // What the customer wants now: the latest message that says, else an earlier one.
  const folded = customerTexts.map(foldText).reverse();
  const intent = folded.map((text) => INTENTS.find(([, pattern]) => pattern.test(text))?.[0]).find(Boolean) ?? "general";
  return { emails, orderNumbers, ticketNumbers, intent };
}

function quote(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  const sentence = flat.split(/(?<=[.!?])\s/)[0] ?? flat;
  const cut = sentence.length > max ? `${sentence.slice(0, max - 1).trimEnd()}…` : sentence;
  return `"${cut}"`;
}

/** A short, extractive summary: what the customer first asked, and their latest message when it differs. */
export function summarizeConversation(customerTexts: string[], botTurns: number): string {
  const texts = customerTexts.map((text) => text.trim()).filter(Boolean);
  if (texts.length === 0) return "The customer has not written anything yet.";
  const first = texts[0]!;
  const latest = texts.at(-1)!;
  const parts = [`Customer asked ${quote(first, 140)}`];
  if (texts.length > 1 && latest !== first) parts.push(`latest message ${quote(latest, 140)}`);
  const answered = botTurns === 0 ? "the assistant had not answered" : `the assistant answered ${botTurns} time${botTurns === 1 ? "" : "s"}`;
  return `${parts.join("; ")}; ${answered}.`;
}

export function buildHandoffContext(input: { customerTexts: string[]; reason: EscalationReason; botTurns: number; at: Date }): HandoffContext {
  return {
    summary: summarizeConversation(input.customerTexts, input.botTurns),
    facts: extractFacts(input.customerTexts),
    reason: input.reason,
    at: input.at.toISOString(),
    botTurns: input.botTurns,
  };
}
