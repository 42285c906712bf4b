import { fold } from './text-terms.js';

/** A budget read from free text ("under $80", "less than 100 euros", "between 50 and 120"). */
export interface PriceRange {
  min?: number;
  max?: number;
  /** The words that stated it, removed from the text before product matching. */
  phrase: string;
}

// Each optional part carries its own leading space, so no two quantifiers share a run of spaces.
const NUM = String.raw`(?<![\w.-])(?:us\s*)?(?:[$€£]\s*)?(\d{1,6}(?:[.,]\d{1,2})?)(?:\s*k\b)?(?:\s*(?:dollars?|bucks|usd|euros?|eur|pounds?|gbp|dolares|€|\$))?`;
const MAX_WORDS = [
  'under', 'below', 'less than', 'cheaper than', 'no more than', 'not more than', 'up to', 'max', 'maximum', 'at most',
  'budget of', 'budget is', 'budget', 'spend', 'spending', 'lower than', 'beneath',
  'menos de', 'por debajo de', 'hasta', 'maximo', 'unter', 'bis', 'hochstens', 'weniger als', 'moins de', 'jusqu a', 'maximum de', 'en dessous de',
];
const MIN_WORDS = ['over', 'above', 'more than', 'at least', 'starting at', 'from', 'mas de', 'uber', 'mehr als', 'plus de', 'minimum'];

// A number followed by one of these is a duration or a size, not a price ("within 30 days", "under 2 kg").
const UNIT_AFTER = /^\s*(?:days?|nights?|weeks?|months?|years?|yrs?|hours?|hrs?|minutes?|mins?|kg|g|lbs?|cm|mm|m|in|inch(?:es)?|ft|gb|tb|mah|w|watts?|l|litres?|liters?|qt|cups?|people|persons?|kids?|items?|pieces?|dias?|tage|jours|mois|meses|monate)\b/i;

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');
const toNumber = (raw: string, k: boolean): number => Number(raw.replace(',', '.')) * (k ? 1000 : 1);

const BETWEEN = new RegExp(String.raw`\b(?:between|from|entre|zwischen|de)\s+${NUM}\s*(?:and|to|-|y|und|et|a)\s+${NUM}`, 'i');
const RANGE = new RegExp(String.raw`[$€£]\s*(\d{1,6})\s*(?:-|to)\s*(?:[$€£]\s*)?(\d{1,6})\b`, 'i');
const MAX = new RegExp(String.raw`(?:^|\b)(?:${MAX_WORDS.map(escape).join('|')})\s*(?:of\s+|is\s+|de\s+)?${NUM}`, 'i');
const MIN = new RegExp(String.raw`(?:^|\b)(?:${MIN_WORDS.map(escape).join('|')})\s*${NUM}`, 'i');
// "80 dollars or less", "$100 max"
const MAX_AFTER = new RegExp(String.raw`${NUM}\s*(?:or\s+less|or\s+under|max(?:imum)?|tops|o\s+menos|oder\s+weniger|ou\s+moins)\b`, 'i');

/**
 * Finds a price range in a message. Requires a budget word ("under", "max", "between")
 * next to the number, so "12 cups" or "order SB-10012" never become a budget.
 */
export function parsePriceRange(text: string): PriceRange | null {
  const t = fold(text).replace(/['’]/g, ' ');
  const priced = (m: RegExpExecArray | null): RegExpExecArray | null => (m && !UNIT_AFTER.test(t.slice(m.index + m[0].length)) ? m : null);
  let m = priced(BETWEEN.exec(t));
  if (m && m[1] && m[2]) {
    const a = toNumber(m[1], false);
    const b = toNumber(m[2], false);
    return { min: Math.min(a, b), max: Math.max(a, b), phrase: m[0] };
  }
  m = priced(RANGE.exec(t));
  if (m && m[1] && m[2]) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    return { min: Math.min(a, b), max: Math.max(a, b), phrase: m[0] };
  }
  const max = priced(MAX.exec(t)) ?? priced(MAX_AFTER.exec(t));
  const min = priced(MIN.exec(t));
  if (!max && !min) return null;
  const range: PriceRange = { phrase: [max?.[0], min?.[0]].filter(Boolean).join(' ') };
  if (max?.[1] && !/^sb\b/.test(max[0])) range.max = toNumber(max[1], /\dk\b/.test(max[0]));
  if (min?.[1]) range.min = toNumber(min[1], /\dk\b/.test(min[0]));
  if (range.max === undefined && range.min === undefined) return null;
  return range;
}

/** The text with the price phrase cut out, so "under 50" does not search for "50". */
export function withoutPrice(text: string, range: PriceRange | null): string {
  if (!range) return text;
  const folded = fold(text).replace(/['’]/g, ' ');
  const at = folded.indexOf(range.phrase);
  return at < 0 ? folded : `${folded.slice(0, at)} ${folded.slice(at + range.phrase.length)}`;
}
