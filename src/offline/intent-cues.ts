import { fold } from '../commerce/text-terms.js';

/**
 * Cue phrases the offline responder acts on. It only ever *does* something (start a
 * return, open a claim) on an explicit request, so these patterns are narrow on
 * purpose; everything else gets an explanation and an offer. A few Spanish, German
 * and French words are understood; replies stay in English.
 */

const t = (text: string): string => fold(text).replace(/[’`]/g, "'");

const NEGATED_RETURN = /\b(?:don'?t|do not|dont|doesn'?t|not|never|no)\s+(?:(?:want|wish|need|like)\s+)?(?:to\s+)?(?:a\s+)?(?:return|refund|send (?:it|this|them) back)/;
const RETURN_REQUEST = [
  /\b(?:start|begin|open|process|initiate|create|file|make|set up|arrange|book)\s+(?:(?:a|the|my|this|that)\s+)?return/,
  /\b(?:i(?:'d| would)? (?:like|want|wish|need|have)|i'm going|i am going|please|let me|i will|i'll|we want|we'd like)\s+(?:to\s+)?(?:return|send (?:it|this|them|that|the \w+) back|get a refund|have a refund)/,
  /^(?:please\s+)?(?:return|refund)\s+(?:it|this|that|them|the|my)\b/,
  /\bi want (?:a|my) refund\b/,
  /\b(?:quiero|quisiera|deseo)\s+(?:devolver|hacer una devolucion|un reembolso)/,
  /\b(?:ich mochte|ich will|ich wurde gerne?)\b[^.!?\n]{0,80}?\b(?:zuruckgeben|zurucksenden|zuruckschicken|retournieren|erstattung)/,
  /\b(?:je veux|je voudrais|je souhaite)\s+(?:le |la |les )?(?:retourner|renvoyer|etre rembourse|un remboursement)/,
];

const CLAIM_REQUEST = [
  /\b(?:open|start|file|make|submit|raise|lodge|put in|create|begin|log)\s+(?:(?:a|the|my)\s+)?(?:warranty\s+)?(?:claim|repair request|repair)/,
  /\bclaim\s+(?:on|under|with)\s+(?:(?:the|my)\s+)?(?:warranty|guarantee)/,
  /\b(?:use|invoke)\s+(?:the|my)\s+(?:warranty|guarantee)/,
  /\b(?:i(?:'d| would)? (?:like|want|need)|please|can you|could you|i want you to)\s+(?:to\s+)?(?:get (?:it|this|them) |have (?:it|this|them) )?(?:repair|fix|replace)/,
  /\b(?:want|like|need)\s+(?:it|this|them|my \w+)\s+(?:repaired|fixed|replaced|swapped)/,
  /\b(?:reclamar|usar)\s+(?:la\s+)?garantia/,
  /\bgarantie\w*\s+(?:geltend|anmelden|einreichen|nutzen)/,
  /\bfaire (?:jouer|marcher) la garantie/,
];

const FAULT = new RegExp(
  [
    String.raw`\bbroke\b`, String.raw`\bbroken\b`, String.raw`stopped \w+ing`, String.raw`\bno longer\b`, 'not working', "n'?t (?:work|turn on|switch on|charge|start|heat|spin|pair|connect|hold|close|open)",
    'does not work', 'wont work', String.raw`\bdead\b`, 'faulty', 'defect', String.raw`\bleak`, String.raw`\bcrack`, 'rattl', 'overheat', String.raw`\bsmok`,
    'error code', String.raw`\bfault`, 'malfunction', 'flicker', 'sagg', String.raw`\bsplit`, String.raw`\btorn\b`, String.raw`\bripped\b`, 'came apart', 'coming apart', 'fell apart',
    'peeling', 'no sound', 'not charging', 'battery (?:dies|drains|is dead|only lasts|won)', 'dead pixel', 'keeps (?:turning off|restarting|disconnecting|shutting)',
    'stuck', 'buzz', 'grinding', 'burn', 'sparks?', 'snapped', 'loose', 'wobbl', 'no power', 'blank screen',
    'kaputt', 'defekt', 'funktioniert nicht', 'geht nicht', String.raw`\broto\b`, String.raw`\brota\b`, 'no funciona', 'averiad', 'se rompio', 'casse', 'en panne', 'ne marche (?:pas|plus)', 'ne fonctionne (?:pas|plus)',
  ].join('|'),
);

const AFFIRMATIVE = /^(?:yes|yeah|yep|yup|sure|ok|okay|please|please do|go ahead|do it|yes please|sounds good|that'd be great|correct|right|si|claro|ja|gerne|oui|d'accord)\b[\s!.,]*(?:(?:please|thanks|thank you|do it|go ahead|bitte|gerne|por favor|s'il vous plait|merci)[\s!.]*)?$/;
const HUMAN = /\b(?:human|person|agent|someone real|real person|representative|operator|manager|staff|speak to (?:someone|somebody)|talk to (?:someone|somebody)|call me|persona|mensch|mitarbeiter|humain|conseiller)\b/;
const REFUND_STATUS = /\b(?:where(?:'s| is)? my refund|refund (?:status|still|not|hasn'?t|has not|yet)|haven'?t (?:got|received) (?:my |the )?refund|when will i (?:get|receive) (?:my |the )?(?:refund|money))/;
const CANCEL = /\b(?:cancel|cancellation|stornieren|cancelar|annuler)\b/;
const GREETING = /^(?:hi|hello|hey|good (?:morning|afternoon|evening)|hola|hallo|bonjour|salut)\b[\s!.,]*$/;
const NOT_RECEIVED = /\b(?:never (?:came|arrived|got|received)|not (?:received|arrived|here|there)|nothing (?:came|here|there|arrived|at|on)|there'?s nothing|didn'?t (?:get|receive|arrive|come)|haven'?t (?:got|received)|no (?:parcel|package)|(?:parcel|package) (?:is )?missing|nunca (?:llego|ha llegado)|no (?:ha )?llegado|nie angekommen|nicht angekommen|jamais arrive|pas arrive|pas recu)\b/;
const EXTENDED = /\b(?:extend(?:ed)?|extra|additional|longer|protection plan|care plan|cover more)\b/;
const OPENED = /\b(?:opened|open(?:ed)? it|unsealed|seal (?:is )?broken|broke the seal|used (?:it|some)|tried (?:it|some)|abiert[oa]|geoffnet|ouvert)\b/;
const THANKS = /^(?:thanks|thank you|thx|cheers|great,? thanks|gracias|danke|merci)\b[\s!.,a-z]*$/;

export const cues = {
  wantsReturn(text: string): boolean {
    const s = t(text);
    if (NEGATED_RETURN.test(s)) return false;
    return RETURN_REQUEST.some((r) => r.test(s));
  },
  negatesReturn(text: string): boolean {
    return NEGATED_RETURN.test(t(text));
  },
  wantsClaim(text: string): boolean {
    return CLAIM_REQUEST.some((r) => r.test(t(text)));
  },
  describesFault(text: string): boolean {
    return FAULT.test(t(text));
  },
  isAffirmative(text: string): boolean {
    return AFFIRMATIVE.test(t(text).trim());
  },
  wantsHuman(text: string): boolean {
    return HUMAN.test(t(text));
  },
  asksRefundStatus(text: string): boolean {
    return REFUND_STATUS.test(t(text));
  },
  mentionsCancel(text: string): boolean {
    return CANCEL.test(t(text));
  },
  isGreeting(text: string): boolean {
    return GREETING.test(t(text).trim());
  },
  notReceived(text: string): boolean {
    return NOT_RECEIVED.test(t(text));
  },
  asksExtended(text: string): boolean {
    return EXTENDED.test(t(text));
  },
  saysOpened(text: string): boolean {
    return OPENED.test(t(text));
  },
  isThanks(text: string): boolean {
    return THANKS.test(t(text).trim());
  },
};
