import { parsePhrase, type Item, type Option, type Word } from './phrase-syntax.js';
import { DIGITS, endsSentence, HASH_MASK, lowerUnit, SYMBOL, tokenize, type Tokens } from './phrase-tokens.js';

/**
 * Finds guard phrases (src/locale/phrase-syntax.ts) in a text without regular expressions: the
 * text is cut into tokens once (src/locale/phrase-tokens.ts), and the phrases are indexed by
 * the words their first required slot may start with, in a Map keyed by the word's hash. Each
 * token costs one bit test (and a Map lookup when the bit is set); only the phrases that may
 * start there are tried, each over a bounded number of tokens (slots repeat at most four
 * times, a gap spans at most 80 characters), so a text costs time linear in its length
 * whatever it holds. The phrase lists of one use (the guard's promises, role, hidden text and
 * instructions talk) are compiled together and found in one pass.
 */

interface WordToken {
  /** Lower-cased unit by unit (lowerUnit), or as written for a phrase that keeps its case. */
  text: string;
  hash: number;
}
/** A phrase word as tokens of its own ("i'm": i ' m, which follow each other without a space). */
type MatchWord = { kind: 'text'; tokens: readonly WordToken[]; openStart: boolean; openEnd: boolean } | { kind: 'number' } | { kind: 'any' };
type MatchOption = readonly MatchWord[];
type MatchItem = { gap: number; options: readonly MatchOption[]; min: number; max: number };

interface CompiledPhrase {
  list: number;
  id: number;
  items: readonly MatchItem[];
  exact: boolean;
  not: readonly MatchWord[];
  /** How many tokens the optional slots before the first required one can take. */
  lead: number;
}

export interface PhraseMatch {
  /** Offsets of the match in the text. */
  index: number;
  end: number;
  text: string;
}

export interface CompiledPhrases {
  readonly lists: number;
  phrases: readonly CompiledPhrase[];
  /** Hash of a first word -> the phrases that may start with it. */
  byWord: ReadonlyMap<number, readonly CompiledPhrase[]>;
  /** Hash of the first `prefixLength` units of an open-ended first word ("rembours*"). */
  byPrefix: ReadonlyMap<number, readonly CompiledPhrase[]>;
  prefixLength: number;
  /** Phrases that may start with a number. */
  byNumber: readonly CompiledPhrase[];
  /** Phrases whose first word may be any word or ends a word ("*", "*fund"): tried at every word. */
  anywhere: readonly CompiledPhrase[];
  /** One bit per hash (low 16 bits) of byWord's and byPrefix's keys: most tokens need no Map lookup. */
  bits: Uint8Array;
}

function wordTokens(text: string, exact: boolean): WordToken[] {
  const t = tokenize(text);
  const out: WordToken[] = [];
  for (let k = 0; k < t.count; k++) {
    let lower = '';
    for (let i = t.start[k]!; i < t.end[k]!; i++) lower += String.fromCharCode(lowerUnit(text.charCodeAt(i)));
    out.push({ text: exact ? text.slice(t.start[k], t.end[k]) : lower, hash: t.hash[k]! });
  }
  return out;
}

function compileWord(w: Word, exact: boolean): MatchWord {
  return w.kind === 'text' ? { kind: 'text', tokens: wordTokens(w.text, exact), openStart: w.openStart, openEnd: w.openEnd } : w;
}

const tokenCount = (o: MatchOption): number => o.reduce((n, w) => n + (w.kind === 'text' ? w.tokens.length : 1), 0);

function compilePhrase(source: string, list: number, id: number): CompiledPhrase {
  const p = parsePhrase(source);
  if (typeof p === 'string') throw new Error(`guard phrase "${source}": ${p}`);
  const items = p.items.map((item: Item): MatchItem => {
    if (item.kind === 'gap') return { gap: item.chars, options: [], min: 1, max: 1 };
    // Longest first, as a regex alternation was written: "right now" before "right".
    const options = item.options.map((o: Option) => o.map((w) => compileWord(w, p.exactCase))).sort((a, b) => tokenCount(b) - tokenCount(a));
    return { gap: 0, options, min: item.min, max: item.max };
  });
  const firstRequired = items.findIndex((i) => i.gap === 0 && i.min === 1);
  let lead = 0;
  for (const item of items.slice(0, firstRequired)) lead += item.max * Math.max(...item.options.map(tokenCount));
  return { list, id, items, exact: p.exactCase, not: p.notAfter.map((o) => compileWord(o[0]!, false)), lead };
}

const bitOf = (bits: Uint8Array, h: number): boolean => (bits[(h >>> 3) & 0x1fff]! & (1 << (h & 7))) !== 0;

/** Compiles lists of phrases (each list's first match is found separately, all in one pass). */
export function compilePhrases(lists: ReadonlyArray<readonly string[]>): CompiledPhrases {
  const phrases: CompiledPhrase[] = [];
  for (const [list, sources] of lists.entries()) for (const s of new Set(sources)) phrases.push(compilePhrase(s, list, phrases.length));
  const byWord = new Map<number, CompiledPhrase[]>();
  const prefixed: Array<[WordToken, CompiledPhrase]> = [];
  const byNumber: CompiledPhrase[] = [];
  const anywhere: CompiledPhrase[] = [];
  const add = (map: Map<number, CompiledPhrase[]>, h: number, p: CompiledPhrase) => {
    const list = map.get(h) ?? [];
    if (!list.includes(p)) list.push(p);
    map.set(h, list);
  };
  for (const p of phrases) {
    const first = p.items.find((i) => i.gap === 0 && i.min === 1)!;
    // Optional slots before the first required one are found by looking back from it (tryAt).
    for (const o of first.options) {
      const w = o[0]!;
      if (w.kind === 'number') byNumber.push(p);
      else if (w.kind === 'any' || w.openStart) anywhere.push(p);
      else if (w.openEnd && w.tokens.length === 1) prefixed.push([w.tokens[0]!, p]);
      else add(byWord, w.tokens[0]!.hash, p);
    }
  }
  const prefixLength = prefixed.length ? Math.min(...prefixed.map(([t]) => t.text.length)) : 0;
  const byPrefix = new Map<number, CompiledPhrase[]>();
  for (const [t, p] of prefixed) add(byPrefix, wordTokens(t.text.slice(0, prefixLength), false)[0]!.hash, p);
  const bits = new Uint8Array(0x2000);
  for (const h of [...byWord.keys(), ...byPrefix.keys()]) bits[(h >>> 3) & 0x1fff]! |= 1 << (h & 7);
  return { lists: lists.length, phrases, byWord, byPrefix, prefixLength, byNumber: [...new Set(byNumber)], anywhere: [...new Set(anywhere)], bits };
}

// The text being matched and the phrase being tried: module state, as matching is synchronous.
let T: Tokens;
let exactCase = false;
/** Where the last matched word ended (an open end: where its written part ends). */
let wordEnd = 0;
let accept: ((start: number, end: number) => boolean) | null = null;
let matchStart = 0;

function sameUnits(at: number, word: string, from: number, length: number): boolean {
  const text = T.text;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(at + i);
    if ((exactCase ? c : lowerUnit(c)) !== word.charCodeAt(from + i)) return false;
  }
  return true;
}

/** Matches `w` at token `k`: the token after it, or -1 (wordEnd is set). */
function matchWord(w: MatchWord, k: number): number {
  if (k >= T.count) return -1;
  if (w.kind === 'number') {
    if (T.kind[k] !== DIGITS || T.end[k]! - T.start[k]! > 3) return -1;
    wordEnd = T.end[k]!;
    return k + 1;
  }
  if (w.kind === 'any') {
    if (T.kind[k] === SYMBOL) return -1;
    wordEnd = T.end[k]!;
    return k + 1;
  }
  const last = w.tokens.length - 1;
  for (let j = 0; j <= last; j++) {
    const t = k + j;
    if (t >= T.count || (j > 0 && T.start[t] !== T.end[t - 1])) return -1;
    const tok = w.tokens[j]!;
    const start = T.start[t]!;
    const length = T.end[t]! - start;
    const need = tok.text.length;
    const openStart = j === 0 && w.openStart;
    const openEnd = j === last && w.openEnd;
    if (openStart && openEnd) {
      let found = false;
      for (let at = start; !found && at + need <= start + length; at++) found = sameUnits(at, tok.text, 0, need);
      if (!found) return -1;
    } else if (openStart) {
      if (length < need || !sameUnits(start + length - need, tok.text, 0, need)) return -1;
    } else if (openEnd) {
      if (length < need || !sameUnits(start, tok.text, 0, need)) return -1;
    } else if (T.hash[t] !== tok.hash || length !== need || !sameUnits(start, tok.text, 0, need)) return -1;
    wordEnd = openEnd && !openStart ? start + need : T.end[t]!;
  }
  return k + last + 1;
}

function matchOption(o: MatchOption, k: number): number {
  for (const w of o) {
    k = matchWord(w, k);
    if (k < 0) return -1;
  }
  return k;
}

/** Matches items[i..] from token k (`rep` times item i taken already, the text so far ending at `end`): the match's end, or -1. */
function matchItems(items: readonly MatchItem[], i: number, rep: number, k: number, end: number): number {
  if (i === items.length) return accept === null || accept(matchStart, end) ? end : -1;
  const item = items[i]!;
  if (item.gap > 0) {
    // Up to `gap` characters of the same sentence, the longest first (as a greedy regex gap).
    let last = k - 1;
    while (last + 1 < T.count && T.start[last + 1]! - end <= item.gap && !endsSentence(T, last + 1)) last++;
    for (let t = last; t >= k; t--) {
      const r = matchItems(items, i + 1, 0, t, end);
      if (r >= 0) return r;
    }
    return -1;
  }
  if (rep < item.max) {
    for (const o of item.options) {
      const next = matchOption(o, k);
      if (next < 0) continue;
      const r = item.max > 1 ? matchItems(items, i, rep + 1, next, wordEnd) : matchItems(items, i + 1, 0, next, wordEnd);
      if (r >= 0) return r;
    }
  }
  return rep >= item.min ? matchItems(items, i + 1, 0, k, end) : -1;
}

/** Whether one of the phrase's negations stands in the three words before token `s` (same sentence). */
function negated(p: CompiledPhrase, s: number): boolean {
  exactCase = false;
  let words = 0;
  for (let j = s - 1; j >= 0 && words < 3; j--) {
    if (T.kind[j] === SYMBOL) {
      if (endsSentence(T, j)) return false;
      continue;
    }
    words++;
    for (const w of p.not) if (matchWord(w, j) === j + 1) return true;
  }
  return false;
}

/** The match of `p` whose first required slot may start at token `a`, starting at most `lead` tokens before it. */
function tryAt(p: CompiledPhrase, a: number): PhraseMatch | null {
  for (let s = Math.max(0, a - p.lead); s <= a; s++) {
    if (p.not.length > 0 && negated(p, s)) continue;
    exactCase = p.exact;
    matchStart = T.start[s]!;
    const end = matchItems(p.items, 0, 0, s, matchStart);
    if (end >= 0) return { index: matchStart, end, text: T.text.slice(matchStart, end) };
  }
  return null;
}

/**
 * Calls `visit` with every phrase that may start at each token, in the text's order, until it
 * returns false. A phrase is tried once per token at most.
 */
function eachCandidate(c: CompiledPhrases, text: string, visit: (p: CompiledPhrase, k: number) => boolean): void {
  T = tokenize(text, c.prefixLength);
  const tried = new Int32Array(c.phrases.length).fill(-1);
  const tryAll = (list: readonly CompiledPhrase[] | undefined, k: number): boolean => {
    if (list === undefined) return true;
    for (const p of list) {
      if (tried[p.id] === k) continue;
      tried[p.id] = k;
      if (!visit(p, k)) return false;
    }
    return true;
  };
  for (let k = 0; k < T.count; k++) {
    const h = T.hash[k]!;
    if (bitOf(c.bits, h) && !tryAll(c.byWord.get(h), k)) return;
    const ph = T.prefix[k]!;
    if (ph >= 0 && bitOf(c.bits, ph) && !tryAll(c.byPrefix.get(ph), k)) return;
    if (T.kind[k] === SYMBOL) continue;
    if (c.byNumber.length && T.kind[k] === DIGITS && !tryAll(c.byNumber, k)) return;
    if (c.anywhere.length && !tryAll(c.anywhere, k)) return;
  }
}

/** The first match of each list in `text` (by where its first required word is), or null. */
export function firstMatches(c: CompiledPhrases, text: string): Array<PhraseMatch | null> {
  const found: Array<PhraseMatch | null> = new Array<PhraseMatch | null>(c.lists).fill(null);
  let open = c.lists;
  if (open === 0) return found;
  accept = null;
  eachCandidate(c, text, (p, k) => {
    if (found[p.list] !== null) return true;
    const m = tryAt(p, k);
    if (m) {
      found[p.list] = m;
      open--;
    }
    return open > 0;
  });
  return found;
}

/**
 * Every match of the phrases in `text` that `take` takes: it gets a match's offsets and returns
 * where the search goes on (the end of what it used), -1 to refuse the match (a shorter one may
 * do), or Infinity to stop.
 */
export function eachMatch(c: CompiledPhrases, text: string, take: (start: number, end: number) => number): void {
  let resume = 0;
  accept = (start, end) => {
    const r = take(start, end);
    if (r < 0) return false;
    resume = r;
    return true;
  };
  try {
    eachCandidate(c, text, (p, k) => {
      if (T.start[k]! < resume) return true;
      tryAt(p, k);
      return resume !== Infinity;
    });
  } finally {
    accept = null;
  }
}
