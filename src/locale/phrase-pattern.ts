import { z } from 'zod';

/**
 * Guard phrases: a locale pack writes words, the engine compiles them to one linear pattern.
 * A phrase is slots separated by spaces, matched in order with whitespace between them:
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
 * A word next to a symbol (`'ve`, `%`, `:`) needs no space before or after it. Every word is
 * escaped, so nothing a pack writes is a regex; slots repeat at most four times and a gap
 * has a fixed bound, so a phrase tries a bounded amount of text at each place it could start
 * and a test stays linear in the text's length.
 */

const MAX_SLOTS = 12;
const MAX_REPEAT = 4;
const MAX_GAP = 80;
const isWordChar = (c: string | undefined): boolean => c !== undefined && /[\p{L}\p{N}_]/u.test(c);
/**
 * The patterns are compiled without the `u` flag: V8 runs `\b` and `/i` much faster without it
 * (the guard's phrase lists cost about 4x more with `u` on typical replies). So a word's edge is
 * `\b` where its letter is ASCII, and otherwise a look-around over the letters of the Latin,
 * Greek, Cyrillic, Indic and other scripts of the Basic Multilingual Plane.
 */
const LETTER = String.raw`[\w\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F\u0370-\u1FFF\u2C00-\uD7FF]`;
const edgeBefore = (c: string): string => (/\w/.test(c) ? String.raw`\b` : isWordChar(c) ? `(?<!${LETTER})` : '');
const edgeAfter = (c: string): string => (/\w/.test(c) ? String.raw`\b` : isWordChar(c) ? `(?!${LETTER})` : '');
const escapeRegex = (w: string): string => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

type Word = { kind: 'text'; text: string; openStart: boolean; openEnd: boolean } | { kind: 'number' } | { kind: 'any' };
/** Words that follow each other ("right+now"). */
type Option = readonly Word[];
type Item = { kind: 'slot'; options: readonly Option[]; min: 0 | 1; max: number } | { kind: 'gap'; chars: number };

interface Phrase {
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
function parsePhrase(source: string): Phrase | string {
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

const firstChar = (o: Option): string => {
  const w = o[0]!;
  return w.kind === 'text' ? w.text[0]! : '0';
};
const lastChar = (o: Option): string => {
  const w = o.at(-1)!;
  return w.kind === 'text' ? w.text.at(-1)! : '0';
};
/** Whitespace between two words: any run, or none when one side is a symbol ("I've", "10%"). */
const join = (left: string, right: string): string => (isWordChar(left) && isWordChar(right) ? String.raw`\s+` : String.raw`\s*`);

function wordSource(w: Word): string {
  if (w.kind === 'number') return String.raw`\d{1,3}`;
  if (w.kind === 'any') return `${LETTER}+`;
  return escapeRegex(w.text);
}

/** An option's words joined, and the whole-word edges its ends need (none at an open end or a symbol). */
function optionParts(o: Option, wordBefore = false, wordAfter = false): { body: string; lead: string; trail: string } {
  let body = '';
  o.forEach((w, i) => {
    if (i > 0) body += join(lastChar([o[i - 1]!]), firstChar([w]));
    // An open end with a word after it ("offri* uno sconto": "offrirti uno sconto") takes the rest of its word.
    const rest = w.kind === 'text' && w.openStart && (i > 0 || wordBefore) ? `${LETTER}*` : '';
    body += `${rest}${wordSource(w)}${w.kind === 'text' && w.openEnd && (i < o.length - 1 || wordAfter) ? `${LETTER}*` : ''}`;
  });
  const first = o[0]!;
  const last = o.at(-1)!;
  return {
    body,
    lead: first.kind === 'text' && first.openStart ? '' : edgeBefore(firstChar(o)),
    trail: last.kind === 'text' && last.openEnd ? '' : edgeAfter(lastChar(o)),
  };
}

const optionLength = (o: Option): number => o.reduce((n, w) => n + (w.kind === 'text' ? w.text.length + 1 : 1), 0);

/**
 * A slot's options as one group, those with the same space before, edges and space after
 * sharing them: "\s+(?:have|will)" tries the space once, not once per word.
 */
function slotSource(
  options: readonly Option[],
  before: (o: Option) => string,
  leadEdge: boolean,
  trailEdge: boolean,
  after: (o: Option) => string,
  words: { before: boolean; after: boolean },
): string {
  const groups = new Map<string, string[]>();
  for (const o of [...options].sort((a, b) => optionLength(b) - optionLength(a))) {
    const p = optionParts(o, words.before, words.after);
    // A look-behind before a pattern's first letter made V8 try it at every position of the
    // text (the echo words 3.5 -> 153 us on 2,000 characters, for "écris"): after the first
    // letter, it reads the same character before the match, and only where that letter is.
    const behind = leadEdge && p.lead.startsWith('(?<!') && p.body.codePointAt(0)! <= 0xffff;
    const body = behind ? `${p.body[0]}(?<!${LETTER}.)${p.body.slice(1)}` : p.body;
    const key = [before(o), leadEdge && !behind ? p.lead : '', trailEdge ? p.trail : '', after(o)].join('\0');
    groups.set(key, [...(groups.get(key) ?? []), body]);
  }
  const parts = [...groups].map(([key, bodies]) => {
    const [pre, lead, trail, post] = key.split('\0');
    const body = bodies.length > 1 ? `(?:${bodies.join('|')})` : bodies[0]!;
    return `${pre}${lead}${body}${trail}${post}`;
  });
  return parts.length > 1 ? `(?:${parts.join('|')})` : parts[0]!;
}

function phraseSource(p: Phrase): string {
  const { items } = p;
  const firstRequired = items.findIndex((i) => i.kind === 'slot' && i.min === 1);
  const lastRequired = items.findLastIndex((i) => i.kind === 'slot' && i.min === 1);
  const space = (symbol: boolean): string => (symbol ? String.raw`\s*` : String.raw`\s+`);
  let out = '';
  items.forEach((item, i) => {
    if (item.kind === 'gap') {
      out += `[^.!?]{0,${item.chars}}`;
      return;
    }
    const prev = items[i - 1];
    const next = items[i + 1];
    const lead = i <= firstRequired || prev?.kind === 'gap';
    const trail = i >= lastRequired || next?.kind === 'gap';
    // The options that may come just before this slot: back through optional slots to a required one.
    const before: Option[] = [];
    for (let k = i - 1; k >= 0 && items[k]!.kind === 'slot'; k--) {
      const s = items[k] as Extract<Item, { kind: 'slot' }>;
      before.push(...s.options);
      if (s.min === 1) break;
    }
    const symbolBefore = before.some((o) => !isWordChar(lastChar(o)));
    const symbolAfter = next?.kind === 'slot' && next.options.some((o) => !isWordChar(firstChar(o)));
    const none = () => '';
    const words = { before: prev?.kind === 'slot', after: next?.kind === 'slot' };
    // Optional slots before the first required word carry the space after them (one may be the phrase's first word).
    const group =
      i < firstRequired
        ? slotSource(item.options, none, lead, trail, (o) => space(symbolAfter || !isWordChar(lastChar(o))), words)
        : i === firstRequired || prev?.kind === 'gap'
          ? slotSource(item.options, none, lead, trail, none, words)
          : slotSource(item.options, (o) => space(symbolBefore || !isWordChar(firstChar(o))), lead, trail, none, words);
    out += item.max > 1 ? `(?:${group}){0,${item.max}}` : item.min === 0 ? `(?:${group})?` : group;
  });
  return `(?:${out})`;
}

/**
 * What must not stand right before a phrase (its `!` words and up to two words after them, "no
 * le hemos ..."), read on the text before a match: as a look-behind at the phrase's start it
 * ran at every position of the reply (V8 skips to a pattern's first letters only without one).
 */
function negationBefore(p: Phrase): RegExp | null {
  if (p.notAfter.length === 0) return null;
  const words = p.notAfter.map((o) => `${optionParts(o).lead}${optionParts(o).body}`).join('|');
  return new RegExp(String.raw`(?:${words})(?:\s+\S+){0,2}\s+$`, 'i');
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

/** One alternation of phrases; a phrase with `!` words is a capture group, checked after a match. */
interface PhraseAlternation {
  re: RegExp;
  /** By capture group (1-based, in order): what may not stand before that phrase. */
  negations: ReadonlyArray<RegExp>;
}

/** A list of phrases compiled: what ignores case and what keeps it, each one pattern (null when the list has none). */
export interface PhrasePattern {
  anyCase: PhraseAlternation | null;
  exactCase: PhraseAlternation | null;
}

function parsed(phrases: Iterable<string>, exactCase: boolean): Phrase[] {
  const out: Phrase[] = [];
  for (const s of phrases) {
    const p = parsePhrase(s);
    if (typeof p === 'string') throw new Error(`guard phrase "${s}": ${p}`);
    if (p.exactCase === exactCase) out.push(p);
  }
  return out;
}

/** The source of one alternation of `phrases` (their `!` words left out: the caller reads the match), or null for none. */
export function phrasesSource(phrases: Iterable<string>): string | null {
  const parts = [...new Set(parsed(phrases, false).map(phraseSource))];
  return parts.length ? parts.join('|') : null;
}

function alternation(phrases: readonly string[], exactCase: boolean): PhraseAlternation | null {
  const parts: string[] = [];
  const negations: RegExp[] = [];
  for (const p of parsed(phrases, exactCase)) {
    const negation = negationBefore(p);
    if (negation) negations.push(negation);
    parts.push(negation ? `(${phraseSource(p)})` : phraseSource(p));
  }
  return parts.length ? { re: new RegExp([...new Set(parts)].join('|'), exactCase ? 'g' : 'gi'), negations } : null;
}

export function phrasePattern(phrases: readonly string[]): PhrasePattern {
  return { anyCase: alternation(phrases, false), exactCase: alternation(phrases, true) };
}

/** How far before a match its negation is looked for (the `!` word and two more). */
const NEGATION_WINDOW = 60;

function firstIn(a: PhraseAlternation | null, text: string): RegExpExecArray | null {
  if (!a) return null;
  a.re.lastIndex = 0;
  for (let m = a.re.exec(text); m; m = a.re.exec(text)) {
    const k = a.negations.findIndex((_, i) => m![i + 1] !== undefined);
    if (k < 0 || !a.negations[k]!.test(text.slice(Math.max(0, m.index - NEGATION_WINDOW), m.index))) return m;
    // Negated ("no le hemos emitido ..."): look again from the next character.
    a.re.lastIndex = m.index + 1;
  }
  return null;
}

/** The first match of the pattern in `text` (the earlier of its two halves'), or null. */
export function firstPhrase(p: PhrasePattern, text: string): RegExpExecArray | null {
  const a = firstIn(p.anyCase, text);
  const b = firstIn(p.exactCase, text);
  return a && b ? (b.index < a.index ? b : a) : (a ?? b);
}
