/**
 * Text normalisation shared by training and inference, so an example and a customer
 * message that differ only in case, accents, contractions, numbers or stretched letters
 * ("pleeease") produce the same tokens.
 */

/** A clause boundary token: sentence punctuation and line breaks. */
export const CLAUSE = '|';
/** A question mark survives as its own token: questions and statements route differently. */
export const QUESTION = '?';

const CONTRACTIONS: Array<[RegExp, string]> = [
  [/\bwon'?t\b/g, 'will not'],
  [/\bcan'?t\b/g, 'can not'],
  [/\bcannot\b/g, 'can not'],
  [/\bain'?t\b/g, 'is not'],
  [/\b(do|does|did|is|are|was|were|has|have|had|should|could|would|must|need)n'?t\b/g, '$1 not'],
  [/\b(i)'?m\b/g, 'i am'],
  [/\b(i|you|we|they)'ve\b/g, '$1 have'],
  [/\b(i|you|we|they|it|he|she|that)'ll\b/g, '$1 will'],
  [/\b(i|you|we|they|he|she)'d\b/g, '$1 would'],
  [/\b(you|we|they)'re\b/g, '$1 are'],
  [/\b(it|what|that|there|where|who|how|he|she|here|when|why)'s\b/g, '$1 is'],
  [/\b(what|where|how|that|there|who)s\b/g, '$1 is'],
  [/\bive\b/g, 'i have'],
  [/\bim\b/g, 'i am'],
  [/\bid like\b/g, 'i would like'],
  [/\blets\b/g, 'let us'],
  [/'s\b/g, ''],
  [/n't\b/g, ' not'],
];

/**
 * Chat shorthand that is too short for the spelling corrector. A Map: as a plain object,
 * `SHORTHAND["constructor"]` was Object.prototype.constructor and the word answered 500.
 */
const SHORTHAND: ReadonlyMap<string, string> = new Map(Object.entries({
  u: 'you',
  ur: 'your',
  r: 'are',
  y: 'why',
  plz: 'please',
  pls: 'please',
  plss: 'please',
  pl: 'please',
  wat: 'what',
  wnt: 'want',
  wnted: 'wanted',
  snd: 'send',
  bak: 'back',
  hav: 'have',
  shud: 'should',
  cud: 'could',
  wud: 'would',
  sum: 'some',
  wht: 'what',
  wt: 'what',
  wts: 'what is',
  hw: 'how',
  abt: 'about',
  n: 'and',
  wanna: 'want to',
  gonna: 'going to',
  gimme: 'give me',
  coz: 'because',
  cuz: 'because',
  bcoz: 'because',
  tmrw: 'tomorrow',
  tmr: 'tomorrow',
  thx: 'thanks',
  thnx: 'thanks',
  ty: 'thanks',
  pdt: 'product',
  prdct: 'product',
  prod: 'product',
  ordr: 'order',
  recd: 'received',
  rcvd: 'received',
  msg: 'message',
  amt: 'amount',
  qty: 'quantity',
  info: 'information',
  pics: 'pictures',
  diff: 'difference',
  b4: 'before',
  '2day': 'today',
  nd: 'and',
  hv: 'have',
  frm: 'from',
  m: 'am',
  k: 'ok',
  kk: 'ok',
  okk: 'ok',
  okey: 'okay',
  bcz: 'because',
  yr: 'year',
  yrs: 'years',
  mnth: 'month',
  mnths: 'months',
  wk: 'week',
  wks: 'weeks',
  dnt: 'do not',
  dont: 'do not',
  doesnt: 'does not',
  didnt: 'did not',
  isnt: 'is not',
  wasnt: 'was not',
  arent: 'are not',
  werent: 'were not',
  havent: 'have not',
  hasnt: 'has not',
  hadnt: 'had not',
  cant: 'can not',
  couldnt: 'could not',
  shouldnt: 'should not',
  wouldnt: 'would not',
  wont: 'will not',
}));

const UNIT = '(?:inch|inches|in|ft|feet|cm|mm|kg|kgs|g|gm|gms|lb|lbs|gb|tb|ml|l|ltr|mah|w|hz|k|months?|years?|yrs?|days?|weeks?|mins?|hours?|hrs?)';

/** Lower case, strip accents, expand contractions, tame numbers, clause markers. */
const HAS_DIGIT = /\d/;
const SIZE_NUMBER = String.raw`\d+(?:\.\d+)?(?:\s*(?:ft|feet|foot|in|inch|inches|cm|mm|m|"))?`;
const DIMENSIONS = new RegExp(
  String.raw`\b${SIZE_NUMBER}\s*(?:x|\*|×|by)\s*${SIZE_NUMBER}(?:\s*(?:x|\*|×|by)\s*${SIZE_NUMBER})?`,
  'g',
);
const NUMBER_UNIT = new RegExp(`\\b(\\d+)(${UNIT})\\b`, 'g');

export function normalizeText(raw: string): string {
  let s = raw.normalize('NFKC').toLowerCase();
  s = s.replace(/ß/g, 'ss').normalize('NFKD').replace(/\p{M}+/gu, '');
  s = s.replace(/[\u2018\u2019\u02bc`´]/g, "'");
  // Stretched letters: "sooooo" -> "soo"; the spelling corrector handles the rest.
  s = s.replace(/(\p{L})\1{2,}/gu, '$1$1');
  for (const [re, to] of CONTRACTIONS) s = s.replace(re, to);
  s = s.replace(/https?:\/\/\S+|www\.\S+/g, ' link ');
  // Anchored at the start of a whitespace-separated word and with no '@' inside its parts:
  // the old `\S+@\S+\.\S+` tried every start in a long word and took seconds on "@" x 2,000.
  s = s.replace(/(?<!\S)[^\s@]+@[^\s@]+\.[^\s@]*/g, ' emailaddr ');
  // Everything below about numbers is skipped for the many messages without a digit.
  if (HAS_DIGIT.test(s)) {
    // Sizes written as numbers ("6x3", "72 x 36 in", "5 by 6") are a product signal in their own right.
    s = s.replace(DIMENSIONS, ' dims ');
    // A number starts only where a run of digits and separators starts (the lookbehind), so
    // "1,1,1,..." is scanned once, not once per digit.
    s = s.replace(/[$€£₹]\s*\d[\d,.]*k?|(?<![\d,.])\b\d[\d,.]*\s*(?:k\s*)?(?:dollars?|euros?|pounds?|bucks|rupees?|rs|inr|usd|eur|gbp)\b|\b(?:rs\.?|inr)\s*\d[\d,.]*/g, ' money ');
    // Catalogue codes ("KIT-1006", "aud4001"): short letters and three or four digits name a product.
    s = s.replace(/\b[a-z]{2,4}-?\d{3,4}\b/g, ' skucode ');
    // Order numbers, phone numbers and postcodes: the fact that one is present matters, not its digits.
    s = s.replace(/#?\b[a-z]{0,4}-?\d{5,}\b/g, ' longnum ');
    s = s.replace(NUMBER_UNIT, '$1 $2');
    s = s.replace(/\b\d+(?:\.\d+)?\b/g, ' num ');
  }
  s = s.replace(/%/g, ' percent ').replace(/\+/g, ' plus ').replace(/=/g, ' equals ').replace(/&/g, ' and ');
  s = s.replace(/\?+/g, ` ${QUESTION} `);
  s = s.replace(/[.!;:,\n\r]+|\s[-–—]+\s/g, ` ${CLAUSE} `);
  s = s.replace(/'/g, '');
  s = s.replace(/[^\p{L}\p{N}?|#\s]+/gu, ' ');
  s = s.replace(/#/g, ' ');
  return s.replace(/\s+/g, ' ').trim();
}

/** Splits normalised text into tokens and expands chat shorthand. */
export function tokenize(normalized: string): string[] {
  const out: string[] = [];
  for (const t of normalized.split(' ')) {
    if (!t) continue;
    const expanded = SHORTHAND.get(t);
    if (expanded) out.push(...expanded.split(' '));
    else out.push(t);
  }
  return out;
}

/**
 * A deliberately light English stemmer (plural, -ing, -ed, final e), applied the same
 * way to examples, lexicon and messages. Other languages pass through mostly intact and
 * rely on character n-grams.
 */
export function stem(token: string): string {
  let t = token;
  if (t.length <= 3 || !/^[a-z]+$/.test(t)) return t;
  if (t.endsWith('ies') && t.length > 4) t = `${t.slice(0, -3)}y`;
  else if (t.endsWith('sses')) t = t.slice(0, -2);
  else if (/(?:x|ch|sh|zz)es$/.test(t)) t = t.slice(0, -2);
  else if (t.endsWith('s') && !/(?:ss|us|is)$/.test(t) && t.length > 3) t = t.slice(0, -1);
  if (t.endsWith('ing') && t.length > 5) t = undouble(t.slice(0, -3));
  else if (t.endsWith('ed') && t.length > 5) t = undouble(t.slice(0, -2));
  if (t.endsWith('e') && t.length > 4 && !t.endsWith('ee')) t = t.slice(0, -1);
  return t;
}

function undouble(s: string): string {
  if (s.length >= 5 && /([b-df-hj-np-tv-z])\1$/.test(s) && !/(?:ss|zz)$/.test(s)) return s.slice(0, -1);
  if (s.length === 4 && /(?:pp|tt|gg|nn|mm|dd|bb)$/.test(s)) return s.slice(0, -1);
  return s;
}
