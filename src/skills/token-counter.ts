import { modelToEncodingMap } from 'gpt-tokenizer/mapping';
import type { ChatMessage, ToolSpec } from '../core/model.js';
import { ownValue } from '../core/own-keys.js';
import { useByteMerger } from './byte-merge.js';
import { codeUnitReader } from '../core/code-units.js';
import { createWordFilter, HASH_SEED_A, HASH_SEED_B, hashStepA, hashStepB, type WordFilter } from '../router/word-filter.js';

/** Counts tokens the way the configured model's tokenizer does. */
export interface TokenCounter {
  /** The model the count is for and the BPE encoding used for it. */
  readonly model: string;
  readonly encoding: 'o200k_base' | 'cl100k_base';
  /** False when the model is unknown to gpt-tokenizer and o200k is an estimate. */
  readonly exact: boolean;
  text(text: string): number;
  /**
   * Tokens of customer text under the message's work budget: its first CUSTOMER_EXACT_CHARS
   * characters are counted exactly, the words after them from cached counts or bounded from
   * above by their UTF-8 bytes. Exact for any message within the budget.
   */
  customerText(text: string): number;
  /** Tokens one chat message adds to a prompt, framing included (a user message's content is customer text). */
  message(message: ChatMessage): number;
  /** A whole request: messages, reply priming and the tool definitions. */
  messages(messages: readonly ChatMessage[], tools?: readonly ToolSpec[]): number;
  tools(tools: readonly ToolSpec[]): number;
  /**
   * The longest start of `text` that ends a piece (a word with the spaces before it, or 64
   * characters of a longer run) and, followed by `tail`, counts at most `maxTokens` as
   * customerText counts it: 0 when none does. `tail` starts with a space, so that the count
   * of the start and the tail add up (a cut of a message: the block's start, then the marker
   * and the closing tag; see prompt-assembler.ts). One pass over `text`, kept for the next cut.
   */
  fit(text: string, maxTokens: number, tail?: string): number;
}

// OpenAI's published counting recipe for chat messages: each message is framed by a few
// tokens, and the reply is primed with a few more.
const PER_MESSAGE = 3;
export const REPLY_PRIMING = 3;

// Customer text may contain strings such as "<|endoftext|>"; count them as plain text
// instead of letting the tokenizer throw on a disallowed special token.
const PLAIN = { disallowedSpecial: new Set<string>() };

type Encoding = TokenCounter['encoding'];

// gpt-tokenizer's map lists only the older cl100k/p50k models; everything newer is o200k.
const CL100K_FAMILY = /^(gpt-3\.5|gpt-35|gpt-4(-\d|-turbo|-32k|-vision|$)|text-embedding-(ada|3))/;
const O200K_FAMILY = /^(gpt-4o|chatgpt-4o|gpt-4\.[15]|gpt-5|o[1-9](-|$)|gpt-oss|gpt-realtime|gpt-audio|codex)/;

/** The encoding for a model name; names outside OpenAI's families (Ollama, vLLM, Azure deployment names) get an o200k estimate. */
export function encodingForModel(model: string): { encoding: Encoding; exact: boolean } {
  const name = model.trim().toLowerCase().replace(/^ft:/, '').replace(/^openai\//, '');
  const listed = ownValue(modelToEncodingMap as Record<string, string>, name);
  if (listed === 'cl100k_base' || CL100K_FAMILY.test(name)) return { encoding: 'cl100k_base', exact: true };
  if (listed === 'o200k_base' || listed === 'o200k_harmony' || O200K_FAMILY.test(name)) return { encoding: 'o200k_base', exact: true };
  return { encoding: 'o200k_base', exact: false };
}

const encoders = new Map<Encoding, Promise<(text: string) => number>>();

interface EncodingModule {
  countTokens(text: string, options: typeof PLAIN): number;
  setMergeCacheSize(size: number): void;
  /** The encoding object (useByteMerger reads its byte-pair core). */
  default: unknown;
}

/**
 * gpt-tokenizer keeps the merges of every word it had to merge in a map of up to 100,000
 * entries, moved to the end on every hit and evicted from the front when full. Filled by words
 * never seen before (a message of new words, issue 14), each eviction walks the map's deleted
 * slots: counting 2,000 characters of new six-letter words went from 2 ms to 20 ms as it filled,
 * against 1.7 ms with no merge cache at all. The counter keeps its own bounded caches (whole
 * texts, pieces) in front of the encoder, so the encoder keeps none. Its merges look each byte
 * range's rank up once (byte-merge.ts): the same counts at a quarter to a half of the cost.
 */
function withoutMergeCache(m: EncodingModule): (text: string) => number {
  m.setMergeCacheSize(0);
  useByteMerger(m.default);
  return (t: string) => m.countTokens(t, PLAIN);
}

// The BPE tables are several MB each: load only the one the model needs, once per process.
function loadEncoder(encoding: Encoding): Promise<(text: string) => number> {
  let pending = encoders.get(encoding);
  if (!pending) {
    pending =
      encoding === 'cl100k_base'
        ? import('gpt-tokenizer/encoding/cl100k_base').then(withoutMergeCache)
        : import('gpt-tokenizer/encoding/o200k_base').then(withoutMergeCache);
    encoders.set(encoding, pending);
  }
  return pending;
}

/**
 * A cache of at most 2 × `max` entries in two generations: hits in the older one move to the
 * newer one, and when the newer one is full the older one is dropped. Recently used entries
 * stay, as with an LRU list, without a Map delete and re-insert on every hit (that re-insert
 * was 10% of the CPU of a guard check on a long message counted in small pieces).
 *
 * With `filter`, the filter holds every key of both generations (rebuilt from the newer one's
 * keys when the older one is dropped), so mayHaveRange can say that a piece of a text is not
 * cached without making the piece's string: see `budgeted`.
 */
function lruCache(
  max: number,
  filter?: WordFilter,
): { get(k: string): number | undefined; set(k: string, v: number): void; mayHaveRange(t: string, from: number, to: number): boolean; mayHaveHashed(a: number, b: number): boolean } {
  let young = new Map<string, number>();
  let old = new Map<string, number>();
  const set = (k: string, v: number) => {
    if (young.size >= max) {
      old = young;
      young = new Map();
      if (filter) {
        filter.clear();
        for (const key of old.keys()) filter.add(key);
      }
    }
    young.set(k, v);
    filter?.add(k);
  };
  return {
    get(k) {
      const v = young.get(k);
      if (v !== undefined) return v;
      const o = old.get(k);
      if (o !== undefined) set(k, o);
      return o;
    },
    set,
    mayHaveRange: (t, from, to) => filter?.mayHaveRange(t, from, to) ?? true,
    mayHaveHashed: (a, b) => filter?.mayHaveHashed(a, b) ?? true,
  };
}

/**
 * Runs without whitespace longer than this are not words: they are counted in CHUNK pieces.
 * So are runs of whitespace as long: BPE merges one as a single pre-token too, and 2,000
 * spaces cut in two by a word (a padded message) took 2 ms to count, 60% of the CPU of
 * building and checking a prompt for every skill (issue 14).
 */
const MAX_RUN = 64;
/** Piece counts kept per generation of the piece cache (lruCache: at most twice as many). */
const PIECES_KEPT = 4096;
const LONG_RUN = new RegExp(`\\S{${MAX_RUN + 1},}|\\s{${MAX_RUN + 1},}`, 'g');
/**
 * The piece size a long run is cut into. gpt-tokenizer's merge costs far more per character
 * on 64 CJK characters (192 bytes) than on 16: measured on 2,000 unique CJK characters, 2.6 ms
 * in 64-character pieces, 0.64 ms in 16-character ones, the same count (one token each);
 * Latin, Cyrillic and Arabic runs cost about the same either way (about 1 µs a character) and
 * count 1-3% more tokens, which only makes the budget more careful.
 */
const CHUNK = 16;

/** End of the chunk of `t` starting at `i`, never splitting a surrogate pair. */
function chunkEnd(t: string, i: number, end: number): number {
  let cut = Math.min(i + CHUNK, end);
  if (cut < end && t.charCodeAt(cut - 1) >= 0xd800 && t.charCodeAt(cut - 1) <= 0xdbff) cut--;
  return cut;
}

/**
 * BPE merging grows faster than linearly with the length of one pre-token, and a run of
 * letters without spaces is one pre-token: 2,000 CJK characters took 100-150 ms to count,
 * "ab" x 1,000 30 ms (issue 14). Runs longer than MAX_RUN are counted in CHUNK-character
 * pieces and summed. Real words are far shorter, so ordinary text is counted exactly; a long
 * run may count a few tokens more than exactly (no merge across a cut), which only makes the
 * prompt budget more careful. The pieces' counts are kept (a bounded cache): the prompt of
 * every skill, and a cut of an over-long message, count the same pieces again.
 */
export function boundedCount(count: (text: string) => number): ((text: string) => number) & {
  budgeted(t: string, exactChars: number): number;
  budgetedStarts(t: string, exactChars: number, ends: readonly number[]): number[];
} {
  const pieces = lruCache(PIECES_KEPT, createWordFilter([], 2 * PIECES_KEPT));
  // scan's code units; scan never runs inside scan (segmentCount counts with `bounded`).
  const scanUnits = codeUnitReader();
  const cached = (p: string): number => {
    let n = pieces.get(p);
    if (n === undefined) {
      n = count(p);
      pieces.set(p, n);
    }
    return n;
  };
  const chunked = (t: string, from: number, end: number): number => {
    let n = 0;
    for (let i = from; i < end; ) {
      const cut = chunkEnd(t, i, end);
      n += cached(t.slice(i, cut));
      i = cut;
    }
    return n;
  };
  const bounded = (t: string): number => {
    LONG_RUN.lastIndex = 0;
    if (!LONG_RUN.test(t)) return count(t);
    LONG_RUN.lastIndex = 0;
    let n = 0;
    let last = 0;
    for (const m of t.matchAll(LONG_RUN)) {
      const end = m.index + m[0].length;
      if (m.index > last) n += count(t.slice(last, m.index));
      n += chunked(t, m.index, end);
      last = end;
    }
    if (last < t.length) n += count(t.slice(last));
    return n;
  };
  /**
   * `t` cut where no pre-token of the encoder spans the cut (see cutsAt): the segments that
   * end within its first `exactChars` characters are counted exactly (their counts kept), later
   * ones are answered from the piece cache or bounded by their bytes. The budget is a position,
   * not an amount per call: the prompt of every skill, the message without its wrapper and its
   * truncations share the message's start, so together they merge its first `exactChars`
   * characters once, and no later call merges words further on. Every message's words are
   * kept, so the common words of a long message are known past the budget too.
   *
   * With `ends` (increasing, each after a unit that is not whitespace), also budgeted(t.slice(0,
   * end), exactChars) for each of them, in the same pass: a start of `t` is counted as `t` is up
   * to its last cut, and its last segment as budgeted counts a text's last segment.
   */
  const scan = (t: string, exactChars: number, ends?: readonly number[], starts?: number[]): number => {
    let n = 0;
    let start = 0;
    // The current segment's filter hashes and UTF-8 bytes, taken on the one pass that looks for
    // the cuts: a message is counted in up to six texts per turn (the message, its wrapped form,
    // each skill's cut of it), and each segment was read again to hash it and again to count its
    // bytes (a third of the cost of counting 2,000 characters of new words; issue 14).
    let a = HASH_SEED_A;
    let b = HASH_SEED_B;
    let bytes = 0;
    const segmentCount = (end: number): number => {
      // A piece the filter rules out is not in the cache: the lookup would miss (and change
      // nothing), so the piece's string is made only to count it exactly. A message of words
      // never seen before made and looked up every word of its text once for each text it is
      // counted in (the message, its wrapped form, each skill's cut of it): 1,700 lookups.
      const known = pieces.mayHaveHashed(a, b) ? pieces.get(t.slice(start, end)) : undefined;
      if (known !== undefined) return known;
      if (end <= exactChars) {
        const seg = t.slice(start, end);
        const exact = bounded(seg);
        pieces.set(seg, exact);
        return exact;
      }
      return bytes;
    };
    const segment = (end: number): void => {
      n += segmentCount(end);
      start = end;
      a = HASH_SEED_A;
      b = HASH_SEED_B;
      bytes = 0;
    };
    let next = 0;
    let nextEnd = ends?.length ? ends[0]! : -1;
    // cutsAt, with each unit read and classed once: whether the unit before is whitespace is
    // carried from the step before (cutsAt classed every unit twice and read it three times).
    let spaceBefore = true;
    // Read from a copy of the code units: the texts counted are mostly concatenations (a message
    // in its block, a cut with its marker), which charCodeAt reads slower than an array.
    const u = scanUnits(t);
    for (let i = 0; i < t.length; i++) {
      if (i === nextEnd) {
        starts!.push(n + segmentCount(i));
        nextEnd = ++next < ends!.length ? ends![next]! : -1;
      }
      const c = u[i]!;
      const space = isSpaceUnit(c);
      if (space && !spaceBefore && ((c !== 0x0a && c !== 0x0d) || letterOrDigitBefore(t, i))) segment(i);
      spaceBefore = space;
      a = hashStepA(a, c);
      b = hashStepB(b, c);
      // UTF-8 bytes, a unit at a time: at least the segment's tokens, as every token is one byte
      // or more (a surrogate half is two of the four bytes of its pair).
      bytes += c < 0x80 ? 1 : c < 0x800 || (c >= 0xd800 && c <= 0xdfff) ? 2 : 3;
    }
    if (start < t.length) segment(t.length);
    if (nextEnd === t.length) starts!.push(n);
    return n;
  };
  const budgeted = (t: string, exactChars: number): number => scan(t, exactChars);
  const budgetedStarts = (t: string, exactChars: number, ends: readonly number[]): number[] => {
    const starts: number[] = [];
    scan(t, exactChars, ends, starts);
    return starts;
  };
  return Object.assign(bounded, { budgeted, budgetedStarts });
}

/**
 * Characters at the start of a customer message that are BPE-merged exactly. A word never seen
 * before costs the encoder 5-10 µs (a merge of its bytes against the rank table, without the
 * encoder's merge cache): the first 600 characters of a message of new words (the budget
 * before) cost 0.7-0.8 ms, half of building and checking the prompts of every skill for an
 * ordinary message; 200 cost 0.25 ms. Chat
 * messages are far shorter than this budget (the shipped routing examples and the evaluation
 * sets' messages are at most 128 characters), so they are counted exactly; past it a piece
 * counts from the cache when it was seen before (the common words of a long message) or its
 * UTF-8 bytes, an upper bound (every token is at least one byte): the prompt budget only gets
 * more careful. The prompts of 3,103 ordinary messages (up to 2,055 characters) x 5 skills are
 * the same as with 600 exact characters (their token counts are a few tokens higher for 38 of
 * them, all over 300 characters); with 160, one joined 1,885-character message was trimmed differently.
 */
export const CUSTOMER_EXACT_CHARS = 200;

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/**
 * Whether t[i] is what `\s` matches (the split patterns' whitespace): the code points are
 * tested directly, as a regex test of a one-character string per character made a message
 * of 2,000 Cyrillic or CJK characters cost 0.2 ms per pass, and a message is passed once
 * per prompt it is counted in. No whitespace lies outside the BMP.
 */
export function isSpace(t: string, i: number): boolean {
  return isSpaceUnit(t.charCodeAt(i));
}

/** isSpace of one code unit (NaN, past a text's end, is none). */
export function isSpaceUnit(c: number): boolean {
  if (c < 0x80) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0x1680) return c === 0xa0;
  return c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** Whether the code point before index i is a letter or a digit. */
function letterOrDigitBefore(t: string, i: number): boolean {
  const c = t.charCodeAt(i - 1);
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39);
  const from = c >= 0xdc00 && c <= 0xdfff && i >= 2 ? i - 2 : i - 1;
  return LETTER_OR_DIGIT.test(String.fromCodePoint(t.codePointAt(from)!));
}

// cutsAt (budgeted's cut rule): a cut before index i splits no pre-token of the cl100k or o200k
// split pattern, so that the counts of the two sides add up to the count of the whole, when
// t[i] is whitespace and t[i-1] is not. Words end in letters, numbers are digits, whitespace
// runs start at whitespace; only punctuation may take line breaks after it ("." + "\n" is one
// pre-token), so before a line break the cut needs a letter or digit before it.

/**
 * A word with the whitespace before it, or MAX_RUN code points of a longer run. A piece starts
 * only after a non-space (the lookbehind), so a run of spaces with no word after it is read
 * once, not once from each of its characters.
 */
const PIECE = new RegExp(`(?<!\\s)\\s*\\S{1,${MAX_RUN}}`, 'gu');

export async function createTokenCounter(model: string): Promise<TokenCounter> {
  const { encoding, exact } = encodingForModel(model);
  const count = boundedCount(await loadEncoder(encoding));
  // Prompts repeat the same system text and demonstrations on every turn; counting them once is
  // enough. Least recently used entries go first: a stream of new customer messages (each
  // counted once) must not push out the prompt pieces every turn counts again (with a cache
  // that was cleared when full, unique long messages made every turn recount every prompt).
  const cache = lruCache(2000);
  // Short prompt texts (the demonstrations' tool names and arguments: "get_product",
  // {"sku":"…"}) are counted again on every turn too, each a BPE merge that cost more than the
  // lookup; they are kept apart, so customerText never answers from a count made by text().
  const short = lruCache(2000);
  const text = (t: string): number => {
    if (!t) return 0;
    const store = t.length > 64 ? cache : short;
    const hit = store.get(t);
    if (hit !== undefined) return hit;
    const n = count(t);
    store.set(t, n);
    return n;
  };
  const customerText = (t: string): number => {
    if (!t) return 0;
    const hit = cache.get(t);
    if (hit !== undefined) return hit;
    const n = count.budgeted(t, CUSTOMER_EXACT_CHARS);
    if (t.length > 64) cache.set(t, n);
    return n;
  };
  const message = (m: ChatMessage): number => {
    let n = PER_MESSAGE + (m.role === 'user' ? customerText(m.content ?? '') : text(m.content ?? ''));
    if (m.role === 'assistant' && m.toolCalls) {
      for (const c of m.toolCalls) n += PER_MESSAGE + text(c.name) + text(c.arguments);
    }
    if (m.role === 'user' && m.name) n += 1 + text(m.name);
    return n;
  };
  const tools = (specs: readonly ToolSpec[]): number => (specs.length ? text(JSON.stringify(specs)) : 0);
  let lastCut: { text: string; ends: number[]; totals: number[] } | null = null;
  return {
    model,
    encoding,
    exact,
    text,
    customerText,
    message,
    tools,
    fit(t, maxTokens, tail = '') {
      // The counts of the starts of the last text cut: the prompt of each skill, and of a
      // corrected draft's retry, cuts the same message to its own budget, and read it again each
      // time (0.04 ms a cut for 2,000 characters). Only the last text is kept.
      if (lastCut?.text !== t) {
        const ends: number[] = [];
        for (const m of t.matchAll(PIECE)) ends.push(m.index + m[0].length);
        // Kept never decreasing (a longer start may count fewer tokens than a shorter one, one
        // BPE merge to the next), so a start is taken only when every shorter one fits too.
        const totals = count.budgetedStarts(t, CUSTOMER_EXACT_CHARS, ends);
        for (let i = 1; i < totals.length; i++) totals[i] = Math.max(totals[i]!, totals[i - 1]!);
        lastCut = { text: t, ends, totals };
      }
      // The tail after a start that ends at `end`: exact within the first CUSTOMER_EXACT_CHARS
      // characters, bounded by bytes past them, so it never counts less after a longer start.
      // Every end at or past the budget leaves the tail none of it (the same count): counted once
      // per cut, not once per step of the search below (a cut of a long message took 9 or 10).
      let pastBudget: number | undefined;
      const tailAt = (end: number): number => {
        if (!tail) return 0;
        if (end < CUSTOMER_EXACT_CHARS) return count.budgeted(tail, CUSTOMER_EXACT_CHARS - end);
        return (pastBudget ??= count.budgeted(tail, 0));
      };
      // The end of the last start whose total and tail fit (neither decreases).
      const { ends, totals } = lastCut;
      let lo = 0;
      let hi = totals.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (totals[mid]! + tailAt(ends[mid]!) <= maxTokens) lo = mid + 1;
        else hi = mid;
      }
      return lo === 0 ? 0 : ends[lo - 1]!;
    },
    messages(list, specs) {
      let n = REPLY_PRIMING;
      for (const m of list) n += message(m);
      return n + (specs ? tools(specs) : 0);
    },
  };
}
