import { z } from 'zod';

/**
 * Guard phrases: a locale pack writes words, src/locale/phrase-matcher.ts finds them in a reply.
 * A phrase is slots separated by spaces, matched in order on consecutive tokens of the text
 * (src/locale/phrase-tokens.ts: words of any script and single symbols):
 *
 *   `refund|refunded`   one of these words (`|`), each a whole word;
 *   `right+now`         words of one option (`+`): "right now";
 *   `[a|the]`           optionally one of these;
 *   `{have|will|'ve}`   none or up to four of these in a row;
 *   `refund*`           the word may go on ("refunds", "refunded"); `*n't` may start earlier;
 *   `*`                 any one word;  `#`  a number of one to three digits;
 *   `..40`              up to 40 characters of the same sentence (no . ! ? between);
 *   `!no|nunca` first   the phrase does not count up to two words after one of these ("no le haremos");
 *   a leading `=`       the phrase keeps its letter case ("=DAN"); otherwise case is ignored.
 *
 * A word next to a symbol (`'ve`, `%`, `:`) needs no space before or after it; the characters
 * of one word ("i'm", "a.b?") follow each other with none between. Nothing a pack writes is a
 * regex; slots repeat at most four times and a gap has a fixed bound, so a phrase tries a
 * bounded number of tokens at each place it could start and matching stays linear.
 */

const MAX_SLOTS = 12;
const MAX_REPEAT = 4;
const MAX_GAP = 80;

export type Word = { kind: 'text'; text: string; openStart: boolean; openEnd: boolean } | { kind: 'number' } | { kind: 'any' };
/** Words that follow each other ("right+now"). */
export type Option = readonly Word[];
export type Item = { kind: 'slot'; options: readonly Option[]; min: 0 | 1; max: number } | { kind: 'gap'; chars: number };

export interface Phrase {
  items: readonly Item[];
  exactCase: boolean;
  /** Words the phrase may not follow (a negation before it). */
  notAfter: readonly Option[];
}

function parseWord(raw: string): Word | string {
  if (raw === '#') return { kind: 'number' };
  if (raw === '*') return { kind: 'any' };
  const openStart = raw.startsWith('*');
  const openEnd = raw.endsWith('*') && raw.length > 1;
  const text = raw.slice(openStart ? 1 : 0, openEnd ? -1 : undefined);
  if (!text || /[*[\]{}|+#]/.test(text)) return `"${raw}" is not a word ("*" may only open or close one)`;
  return { kind: 'text', text, openStart, openEnd };
}

/** The phrase's slots, or why it cannot be read. */
export function parsePhrase(source: string): Phrase | string {
  let text = source.trim();
  const exactCase = text.startsWith('=');
  if (exactCase) text = text.slice(1).trim();
  const items: Item[] = [];
  const notAfter: Option[] = [];
  const tokens = text.split(/\s+/).filter(Boolean);
  if (tokens[0]?.startsWith('!')) {
    for (const raw of tokens.shift()!.slice(1).split('|')) {
      const w = parseWord(raw);
      if (typeof w === 'string' || w.kind !== 'text' || w.openStart || w.openEnd) return `"!${raw}" must be whole words`;
      notAfter.push([w]);
    }
  }
  for (const token of tokens) {
    const gap = /^\.\.(\d{1,3})$/.exec(token);
    if (gap) {
      const chars = Number(gap[1]);
      if (chars < 1 || chars > MAX_GAP) return `a gap is ..1 to ..${MAX_GAP} characters`;
      items.push({ kind: 'gap', chars });
      continue;
    }
    const optional = token.startsWith('[') && token.endsWith(']');
    const repeated = token.startsWith('{') && token.endsWith('}');
    const body = optional || repeated ? token.slice(1, -1) : token;
    const options: Option[] = [];
    for (const option of body.split('|')) {
      const words = option.split('+').map(parseWord);
      const bad = words.find((w): w is string => typeof w === 'string');
      if (bad !== undefined) return bad;
      if (words.length === 0) return `"${token}" has an empty option`;
      options.push(words as Word[]);
    }
    items.push({ kind: 'slot', options, min: optional || repeated ? 0 : 1, max: repeated ? MAX_REPEAT : 1 });
  }
  if (!items.some((i) => i.kind === 'slot' && i.min === 1)) return 'a phrase needs at least one word that is not optional';
  if (items.length > MAX_SLOTS) return `a phrase has at most ${MAX_SLOTS} slots`;
  for (let i = 0; i < items.length; i++) {
    if (items[i]!.kind !== 'gap') continue;
    const before = items[i - 1];
    const after = items[i + 1];
    if (before?.kind !== 'slot' || after?.kind !== 'slot' || before.min === 0 || after.min === 0) return 'a gap goes between two words that are not optional';
  }
  return { items, exactCase, notAfter };
}

/** Checks a phrase's syntax (the pack schemas' refinement). */
export const phraseSchema = z
  .string()
  .trim()
  .min(1)
  .max(400)
  .superRefine((s, ctx) => {
    const p = parsePhrase(s);
    if (typeof p === 'string') ctx.addIssue({ code: 'custom', message: p });
  });
export const phraseListSchema = z.array(phraseSchema).max(200);
