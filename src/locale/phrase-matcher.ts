import { parsePhrase, type Item, type Option, type Word } from './phrase-syntax.js';
import { DIGITS, endsSentence, HASHED_UNITS, lowerUnit, SYMBOL, tokenize, type Tokens } from './phrase-tokens.js';

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
const TEXT = 0;
const NUMBER = 1;
const ANY = 2;
/** A phrase word as tokens of its own ("i'm": i ' m, which follow each other without a space). One shape for every kind. */
interface MatchWord {
  kind: typeof TEXT | typeof NUMBER | typeof ANY;
  tokens: readonly WordToken[];
  openStart: boolean;
  openEnd: boolean;
  /** The first token's hash when the word is compared whole from its start (else -1): one integer rejects most tokens. */
  firstHash: number;
}
type MatchOption = readonly MatchWord[];
type MatchItem = { gap: number; options: readonly MatchOption[]; min: number; max: number };

interface CompiledPhrase {
  list: number;
  id: number;
  items: readonly MatchItem[];
  exact: boolean;
  not: readonly MatchWord[];
  /** The slot whose words the phrase is looked up by (anchorSlot). */
  anchor: number;
  /** How many tokens the slots before the anchor can take: where a match may start, looking back from it. */
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
  /** Hash of the first HASHED_UNITS units of an open-ended first word ("rembours*"). */
  byPrefix: ReadonlyMap<number, readonly CompiledPhrase[]>;
  /** Phrases that may start with a number. */
  byNumber: readonly CompiledPhrase[];
  /** Phrases whose first word may be any word or ends a word ("*", "*fund"): tried at every word. */
  anywhere: readonly CompiledPhrase[];
  /** The most tokens one match can take without a gap (a gap's characters counted as tokens). */
  maxTokens: number;
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
  if (w.kind !== 'text') return { kind: w.kind === 'number' ? NUMBER : ANY, tokens: [], openStart: false, openEnd: false, firstHash: -1 };
  const tokens = wordTokens(w.text, exact);
  const whole = !w.openStart && !(w.openEnd && tokens.length === 1);
  return { kind: TEXT, tokens, openStart: w.openStart, openEnd: w.openEnd, firstHash: whole ? tokens[0]!.hash : -1 };
}

const tokenCount = (o: MatchOption): number => o.reduce((n, w) => n + (w.kind === TEXT ? w.tokens.length : 1), 0);

/** Whether a word is found by its hash (whole, or by its first HASHED_UNITS units), not tried at every word. */
const indexable = (w: MatchWord): boolean =>
  w.kind === TEXT && !w.openStart && (!w.openEnd || w.tokens.length > 1 || w.tokens[0]!.text.length >= HASHED_UNITS);
/** How rare a slot's words are, roughly: its shortest first word's length (0 for one tried at every word). */
const rarity = (item: MatchItem): number =>
  Math.min(...item.options.map((o) => (o[0]!.kind === NUMBER ? 1 : indexable(o[0]!) ? (o[0] as MatchWord).tokens[0]!.text.length : 0)));

/**
 * The required slot before any gap with the rarest words ("issued|processed|…", not "i|we"):
 * the phrase is tried only where one of them stands, from the few tokens before it where the
 * match may start. A common first word ("i", "the", "my") would try it at every one of them.
 */
function anchorSlot(items: readonly MatchItem[]): number {
  let best = -1;
  for (let i = 0; i < items.length && items[i]!.gap === 0; i++) {
    if (items[i]!.min === 1 && (best < 0 || rarity(items[i]!) > rarity(items[best]!))) best = i;
  }
  return best;
}

function compilePhrase(source: string, list: number, id: number): CompiledPhrase {
  const p = parsePhrase(source);
  if (typeof p === 'string') throw new Error(`guard phrase "${source}": ${p}`);
  const items = p.items.map((item: Item): MatchItem => {
    if (item.kind === 'gap') return { gap: item.chars, options: [], min: 1, max: 1 };
    // Longest first, as a regex alternation was written: "right now" before "right".
    const options = item.options.map((o: Option) => o.map((w) => compileWord(w, p.exactCase))).sort((a, b) => tokenCount(b) - tokenCount(a));
    return { gap: 0, options, min: item.min, max: item.max };
  });
  const anchor = anchorSlot(items);
  let lead = 0;
  for (const item of items.slice(0, anchor)) lead += item.max * Math.max(...item.options.map(tokenCount));
  return { list, id, items, exact: p.exactCase, not: p.notAfter.map((o) => compileWord(o[0]!, false)), anchor, lead };
}

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
    // The slots before the anchor are matched from where the match may start, looking back from it (tryAt).
    for (const o of p.items[p.anchor]!.options) {
      const w = o[0]!;
      if (w.kind === NUMBER) byNumber.push(p);
      else if (w.kind === ANY || w.openStart) anywhere.push(p);
      else if (w.openEnd && w.tokens.length === 1) prefixed.push([w.tokens[0]!, p]);
      else add(byWord, w.tokens[0]!.hash, p);
    }
  }
  const byPrefix = new Map<number, CompiledPhrase[]>();
  for (const [t, p] of prefixed) {
    // Looked up by a token's first HASHED_UNITS units: a shorter open-ended word is tried at every word.
    if (t.text.length < HASHED_UNITS) anywhere.push(p);
    else add(byPrefix, tokenize(t.text.slice(0, HASHED_UNITS)).prefix[0]!, p);
  }
  const bits = new Uint8Array(0x2000);
  for (const h of [...byWord.keys(), ...byPrefix.keys()]) bits[(h >>> 3) & 0x1fff]! |= 1 << (h & 7);
  const maxTokens = Math.max(0, ...phrases.map((p) => p.items.reduce((n, i) => n + (i.gap || i.max * Math.max(...i.options.map(tokenCount))), 0)));
  return { lists: lists.length, phrases, byWord, byPrefix, maxTokens, byNumber: [...new Set(byNumber)], anywhere: [...new Set(anywhere)], bits };
}

/** Slot steps tried since the process started: what the linearity test counts (one increment per step). */
export const work = { steps: 0 };

// The text being matched and the phrase being tried: module state, as matching is synchronous
// (the token arrays held in variables of their own: the hot loops read them without a property load).
let T: Tokens;
let tText = '';
let tCount = 0;
let tStart: Int32Array = new Int32Array(0);
let tEnd: Int32Array = new Int32Array(0);
let tHash: Int32Array = new Int32Array(0);
let tKind: Uint8Array = new Uint8Array(0);
let exactCase = false;
/** Where the last matched word ended (an open end: where its written part ends). */
let wordEnd = 0;
let accept: ((start: number, end: number) => boolean) | null = null;
let matchStart = 0;

function useTokens(t: Tokens): void {
  T = t;
  tText = t.text;
  tCount = t.count;
  tStart = t.start;
  tEnd = t.end;
  tHash = t.hash;
  tKind = t.kind;
}

function sameUnits(at: number, word: string, length: number): boolean {
  for (let i = 0; i < length; i++) {
    const c = tText.charCodeAt(at + i);
    if ((exactCase ? c : lowerUnit(c)) !== word.charCodeAt(i)) return false;
  }
  return true;
}

/** Matches `w` at token `k`: the token after it, or -1 (wordEnd is set). */
function matchWord(w: MatchWord, k: number): number {
  if (k >= tCount) return -1;
  if (w.firstHash !== -1 && tHash[k] !== w.firstHash) return -1;
  if (w.kind === NUMBER) {
    if (tKind[k] !== DIGITS || tEnd[k]! - tStart[k]! > 3) return -1;
    wordEnd = tEnd[k]!;
    return k + 1;
  }
  if (w.kind === ANY) {
    if (tKind[k] === SYMBOL) return -1;
    wordEnd = tEnd[k]!;
    return k + 1;
  }
  const toks = w.tokens;
  const last = toks.length - 1;
  for (let j = 0; j <= last; j++) {
    const t = k + j;
    if (t >= tCount || (j > 0 && tStart[t] !== tEnd[t - 1])) return -1;
    const tok = toks[j]!;
    const start = tStart[t]!;
    const length = tEnd[t]! - start;
    const need = tok.text.length;
    const openStart = j === 0 && w.openStart;
    const openEnd = j === last && w.openEnd;
    if (openStart && openEnd) {
      let found = false;
      for (let at = start; !found && at + need <= start + length; at++) found = sameUnits(at, tok.text, need);
      if (!found) return -1;
    } else if (openStart) {
      if (length < need || !sameUnits(start + length - need, tok.text, need)) return -1;
    } else if (openEnd) {
      if (length < need || !sameUnits(start, tok.text, need)) return -1;
    } else if (tHash[t] !== tok.hash || length !== need || !sameUnits(start, tok.text, need)) return -1;
    wordEnd = openEnd && !openStart ? start + need : tEnd[t]!;
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
  work.steps++;
  if (i === items.length) return accept === null || accept(matchStart, end) ? end : -1;
  const item = items[i]!;
  if (item.gap > 0) {
    // Up to `gap` characters of the same sentence, the longest first (as a greedy regex gap).
    let last = k - 1;
    while (last + 1 < tCount && tStart[last + 1]! - end <= item.gap && !endsSentence(T, last + 1)) last++;
    for (let t = last; t >= k; t--) {
      const r = matchItems(items, i + 1, 0, t, end);
      if (r >= 0) return r;
    }
    return -1;
  }
  if (rep < item.max && k < tCount) {
    const h = tHash[k]!;
    for (const o of item.options) {
      // Most options fail on their first word's hash: no call for them.
      const first = o[0]!.firstHash;
      if (first !== -1 && first !== h) continue;
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
    if (tKind[j] === SYMBOL) {
      if (endsSentence(T, j)) return false;
      continue;
    }
    words++;
    for (const w of p.not) if (matchWord(w, j) === j + 1) return true;
  }
  return false;
}

/** A match of `p` whose anchor slot may start at token `a`: one starting at most `lead` tokens before it. */
function tryAt(p: CompiledPhrase, a: number): PhraseMatch | null {
  // A start's negations are read only where the phrase matches when nothing is told of a match
  // (firstMatches): most starts match nothing, and reading the three words before each of them
  // was a tenth of the guard's phrase scan of a long reply of ordinary requests (issue 14).
  // eachMatch's `accept` acts on every match it is told of, so there a negated start is skipped first.
  const late = accept === null && p.not.length > 0;
  for (let s = Math.max(0, a - p.lead); s <= a; s++) {
    if (!late && p.not.length > 0 && negated(p, s)) continue;
    exactCase = p.exact;
    matchStart = tStart[s]!;
    const end = matchItems(p.items, 0, 0, s, matchStart);
    if (end >= 0 && !(late && negated(p, s))) return { index: matchStart, end, text: tText.slice(matchStart, end) };
  }
  return null;
}

// What a scan collects: the first match of each list, or (eachMatch) every match `take` takes.
let found: Array<PhraseMatch | null> = [];
let open = 0;
let collectAll = false;
let resume = 0;
let tried = new Int32Array(0);

/** Tries the phrases of `list` at token k (each once per token); false when the scan is done. */
function visit(list: readonly CompiledPhrase[] | undefined, k: number): boolean {
  if (list === undefined) return true;
  for (let i = 0; i < list.length; i++) {
    const p = list[i]!;
    if (tried[p.id] === k) continue;
    tried[p.id] = k;
    if (collectAll) {
      if (tStart[k]! < resume) continue;
      tryAt(p, k);
      if (resume === Infinity) return false;
    } else if (found[p.list] === null) {
      const m = tryAt(p, k);
      if (m !== null) {
        found[p.list] = m;
        if (--open === 0) return false;
      }
    }
  }
  return true;
}

/** Every token of `text` in order, with the phrases that may start there. */
function scan(c: CompiledPhrases, text: string): void {
  useTokens(tokenize(text));
  tried = new Int32Array(c.phrases.length).fill(-1);
  const { bits, byWord, byPrefix, byNumber, anywhere } = c;
  const prefix = T.prefix;
  for (let k = 0; k < tCount; k++) {
    const h = tHash[k]!;
    if ((bits[(h >>> 3) & 0x1fff]! & (1 << (h & 7))) !== 0 && !visit(byWord.get(h), k)) return;
    const ph = prefix[k]!;
    if (ph >= 0 && (bits[(ph >>> 3) & 0x1fff]! & (1 << (ph & 7))) !== 0 && !visit(byPrefix.get(ph), k)) return;
    if (tKind[k] === SYMBOL) continue;
    if (byNumber.length > 0 && tKind[k] === DIGITS && !visit(byNumber, k)) return;
    if (anywhere.length > 0 && !visit(anywhere, k)) return;
  }
}

/** The first match of each list in `text` (by where its first required word is), or null. */
export function firstMatches(c: CompiledPhrases, text: string): Array<PhraseMatch | null> {
  const out = new Array<PhraseMatch | null>(c.lists).fill(null);
  if (c.lists === 0) return out;
  found = out;
  open = c.lists;
  collectAll = false;
  accept = null;
  scan(c, text);
  found = [];
  return out;
}

/**
 * Every match of the phrases in `text` that `take` takes: it gets a match's offsets and returns
 * where the search goes on (the end of what it used), -1 to refuse the match (a shorter one may
 * do), or Infinity to stop.
 */
export function eachMatch(c: CompiledPhrases, text: string, take: (start: number, end: number) => number): void {
  resume = 0;
  collectAll = true;
  accept = (start, end) => {
    const r = take(start, end);
    if (r < 0) return false;
    resume = r;
    return true;
  };
  try {
    scan(c, text);
  } finally {
    accept = null;
    collectAll = false;
  }
}
