/**
 * Words of a text in any script, as product search, the offline responder's item matcher and
 * the knowledge index read a customer's words and the store's alike (issue 16: a catalog in
 * Russian, Japanese, Greek or Arabic is searched as an English one is). Unicode throughout:
 * letters, marks and digits of every script make words (\p{L}\p{M}\p{N}); case is folded;
 * compatibility forms are unified (NFKC: full-width "ＡＢＣ" and half-width "ｼﾞｬｹｯﾄ" are "abc"
 * and "ジャケット"); the marks a language writes optionally are dropped (Latin and Greek accents,
 * Arabic harakat, Hebrew niqqud) while those that make another letter stay (Russian "й" is not
 * "и"). Scripts written without spaces (Han, kana, Hangul, Thai, Lao, Khmer, Myanmar) have no
 * word boundaries to split at: their runs are read as overlapping character pairs, as Lucene's
 * CJK bigrams do, so "ジャケット" is found inside "防水ジャケット" and a name is found by any part
 * of it, with no dictionary. Every step is one pass over the text.
 */

/**
 * Latin and Greek accents; on a Cyrillic letter all but the breve and the diaeresis ("й", "ё", "ї"
 * are letters of their own, a stress mark "мо́ре" is not).
 */
const OPTIONAL_ACCENTS = /(?<![\u0400-\u04ff])[\u0300-\u036f]|(?<=[\u0400-\u04ff])[\u0300-\u0305\u0307\u0309-\u036f]/g;
/** Hebrew niqqud and cantillation, Arabic harakat, Quranic marks and the tatweel: vowel signs most text leaves out. */
const OPTIONAL_MARKS = /[\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7\u0610-\u061a\u0640\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed]/g;

/**
 * A combining mark of any script or a Hangul jamo: what NFKD leaves that NFC composes again or the
 * folds drop. Any mark, so a word reads the same whatever else the text holds (a list of scripts
 * left Bengali vowel signs decomposed in one text and composed in another).
 */
const RECOMPOSE = /[\p{M}\u1100-\u11ff]/u;

/**
 * Letters a shopper's keyboard often writes as another: Latin letters without a decomposition
 * ("ł" typed "l", "æ" typed "ae"), Russian "ё" written "е", the Greek final sigma (a customer's
 * "τσάντ" is a start of "τσάντες"). Arabic's alef maqsura and teh marbuta are left to its
 * Snowball stemmer, which reads them (written as "ي" and "ه" they part "الخيمة" from "خيمة").
 */
const LETTER_FOLDS: ReadonlyMap<string, string> = new Map([
  ['ß', 'ss'], ['ł', 'l'], ['ø', 'o'], ['đ', 'd'], ['ħ', 'h'], ['ı', 'i'], ['æ', 'ae'], ['œ', 'oe'],
  ['ё', 'е'], ['ς', 'σ'],
]);
const FOLDED_LETTERS = /[ßłøđħıæœёς]/g;

/** A decimal digit of a script other than ASCII ("٤٠", "४०"): read as its ASCII digit, so a price or a size is a number. */
const OTHER_DIGIT = /(?![0-9])\p{Nd}/gu;
const IS_DIGIT = /^\p{Nd}$/u;

function asciiDigit(d: string): string {
  // Unicode's decimal digits come in runs that start at zero: the run's start gives the value.
  const cp = d.codePointAt(0)!;
  let zero = cp;
  while (zero > cp - 60 && IS_DIGIT.test(String.fromCodePoint(zero - 1))) zero--;
  return String((cp - zero) % 10);
}

/** Every UTF-16 unit below 0x80: such text needs no folding beyond lower case. */
export function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 127) return false;
  return true;
}

/** Lower case, compatibility forms unified, optional marks off, in any script ("Kopfhörer" -> "kopfhorer", "Ёлка" -> "елка"). */
export function foldText(text: string): string {
  // Plain ASCII (most catalog text, at 100k products): lower case is the whole job.
  if (isAscii(text)) return text.toLowerCase();
  // A search folds its text several times over (money, comparison, words): the last one is kept.
  if (text === lastFolded.text) return lastFolded.folded;
  let s = text.normalize('NFKD');
  // Text without a mark to drop nor a letter to compose again (Han, most Cyrillic) skips the second pass.
  if (RECOMPOSE.test(s)) s = s.replace(OPTIONAL_ACCENTS, '').replace(OPTIONAL_MARKS, '').normalize('NFC');
  s = s.toLowerCase();
  s = s.replace(FOLDED_LETTERS, (c) => LETTER_FOLDS.get(c)!);
  s = s.replace(OTHER_DIGIT, asciiDigit);
  lastFolded = { text, folded: s };
  return s;
}

let lastFolded = { text: '', folded: '' };

/**
 * The scripts written without spaces between words, each its own class: a run changes class
 * where the script changes ("防水" then "ジャケット", a kanji compound then a katakana word),
 * so a pair never spans two scripts. 0: any other character.
 */
function spacelessClass(c: number): number {
  if (c < 0x0e00) return 0;
  if (c <= 0x0eff) return 1; // Thai, Lao
  if (c >= 0x1000 && c <= 0x109f) return 2; // Myanmar
  if (c >= 0x1100 && c <= 0x11ff) return 3; // Hangul jamo
  if (c >= 0x1780 && c <= 0x17ff) return 4; // Khmer
  if (c >= 0x3040 && c <= 0x309f) return 5; // Hiragana
  if ((c >= 0x30a0 && c <= 0x30ff) || (c >= 0x31f0 && c <= 0x31ff)) return 6; // Katakana (with the long-vowel mark)
  if (c >= 0x3130 && c <= 0x318f) return 3; // Hangul compatibility jamo
  if ((c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xd840 && c <= 0xd8bf)) return 7; // Han (the high half of a supplementary ideograph's surrogate pair)
  if (c >= 0xac00 && c <= 0xd7af) return 3; // Hangul syllables
  return 0;
}

/** Has a character of a script written without spaces (a quick test before splitting a word into runs). */
const SPACELESS = /[\u0e00-\u0eff\u1000-\u11ff\u1780-\u17ff\u3040-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\ud840-\ud8bf]/;

/** Each run of a spaceless script as its overlapping pairs (a lone character as itself), the rest of the word as it is. */
function pushSegmented(word: string, out: string[]): void {
  let i = 0;
  while (i < word.length) {
    const cls = spacelessClass(word.charCodeAt(i));
    const start = i;
    if (cls === 0) {
      while (i < word.length && spacelessClass(word.charCodeAt(i)) === 0) i++;
      out.push(word.slice(start, i));
      continue;
    }
    // The run's characters, each one or two code units (a supplementary ideograph's surrogate pair).
    let prev = -1;
    while (i < word.length && spacelessClass(word.charCodeAt(i)) === cls) {
      const next = i + (cls === 7 && word.charCodeAt(i) >= 0xd800 && i + 1 < word.length ? 2 : 1);
      if (prev >= 0) out.push(word.slice(prev, next));
      prev = i;
      i = next;
    }
    if (prev === start) out.push(word.slice(start, i));
  }
}

/** A word as the words product search reads in it: a spaceless script's runs as character pairs, else the word itself. */
export function spacelessPieces(word: string): string[] {
  if (!SPACELESS.test(word)) return [word];
  const out: string[] = [];
  pushSegmented(word, out);
  return out;
}

/** Words of an already folded text matched by `pattern` (global), a spaceless script's runs as character pairs. */
export function segmentedWords(folded: string, pattern: RegExp): string[] {
  const found = folded.match(pattern);
  if (!found) return [];
  if (!SPACELESS.test(folded)) return found;
  // The pairs of the last text read, for the next reading of it (a copy: callers own their arrays).
  if (folded === lastPairs.folded && pattern === lastPairs.pattern) return lastPairs.words.slice();
  const out: string[] = [];
  for (const w of found) {
    if (SPACELESS.test(w)) pushSegmented(w, out);
    else out.push(w);
  }
  lastPairs = { folded, pattern, words: out.slice() };
  return out;
}

let lastPairs: { folded: string; pattern: RegExp | null; words: string[] } = { folded: '', pattern: null, words: [] };

/** A word: letters, marks and digits of any script, with a decimal part ("3.5"). */
export const ANY_SCRIPT_WORD = /[\p{L}\p{M}\p{N}]+(?:\.[0-9]+)?/gu;

/** The words of a text in any script, folded (foldText), spaceless runs as character pairs. */
export function anyScriptWords(text: string): string[] {
  return segmentedWords(foldText(text), ANY_SCRIPT_WORD);
}

/** A language's grammar words for scripts written without spaces (locale packs' `search: grammar`), folded. */
export interface GrammarWords {
  words: ReadonlySet<string>;
  /** The longest word's length: a segmentation tries at most this many lengths at a position. */
  longest: number;
}

export const NO_GRAMMAR: GrammarWords = { words: new Set(), longest: 0 };

/** A run longer than this is never read as grammar only (it is kept as it is; the work stays linear). */
const MAX_GRAMMAR_RUN = 48;
/** No grammar word is longer than this (a pack's longer entries are ignored). */
const MAX_GRAMMAR_WORD = 12;

/** Grammar words folded as texts are (foldText), each at most MAX_GRAMMAR_WORD characters. */
export function grammarWordsOf(lists: ReadonlyArray<readonly string[]>): GrammarWords {
  const words = new Set<string>();
  let longest = 0;
  for (const list of lists) {
    for (const w of list) {
      const f = foldText(w.trim());
      if (!f || f.length > MAX_GRAMMAR_WORD || /\s/.test(f)) continue;
      words.add(f);
      longest = Math.max(longest, f.length);
    }
  }
  return words.size === 0 ? NO_GRAMMAR : { words, longest };
}

/** Whether `run` is a sequence of grammar words (one pass, each position trying `longest` lengths). */
function onlyGrammar(run: string, grammar: GrammarWords): boolean {
  const reach = new Uint8Array(run.length + 1);
  reach[0] = 1;
  for (let i = 0; i < run.length; i++) {
    if (!reach[i]) continue;
    for (let len = 1; len <= grammar.longest && i + len <= run.length; len++) {
      if (grammar.words.has(run.slice(i, i + len))) reach[i + len] = 1;
    }
  }
  return reach[run.length] === 1;
}

/** Grammar words may cross a change of script ("お願いします", "下さい", "用の": kana and Han): up to this many neighbouring runs are tried together. */
const MAX_JOINED_RUNS = 3;

/**
 * A folded text with every run of a script written without spaces that is grammar only (a
 * particle, an auxiliary, a polite ending: "はありますか" after "電動歯ブラシ") made a space: such a
 * run says nothing about which product is asked for, and read as character pairs it would be
 * asked for as a product ("we don't carry ます"). Runs are split where the script changes (kana
 * from Han), and up to MAX_JOINED_RUNS touching runs are also tried together, longest first, so a
 * polite ending written with a kanji ("をお願いします") goes as a whole. A run with any other word
 * in it is kept whole (a product name written in kana, "はさみ", starts with a particle's letter).
 * Linear: at most MAX_JOINED_RUNS checks a run, and runs longer than MAX_GRAMMAR_RUN are kept
 * without a look.
 */
export function withoutGrammarRuns(folded: string, grammar: GrammarWords): string {
  if (grammar.longest === 0 || !SPACELESS.test(folded)) return folded;
  const starts: number[] = [];
  const ends: number[] = [];
  let i = 0;
  while (i < folded.length) {
    const cls = spacelessClass(folded.charCodeAt(i));
    if (cls === 0) {
      i++;
      continue;
    }
    starts.push(i);
    while (i < folded.length && spacelessClass(folded.charCodeAt(i)) === cls) i++;
    ends.push(i);
  }
  let out = '';
  let from = 0;
  for (let r = 0; r < starts.length; ) {
    let taken = 0;
    for (let k = Math.min(MAX_JOINED_RUNS, starts.length - r); k >= 1 && taken === 0; k--) {
      const last = r + k - 1;
      // Runs joined only where they touch (no space or punctuation between them).
      let touching = true;
      for (let j = r; j < last && touching; j++) touching = ends[j] === starts[j + 1];
      if (!touching || ends[last]! - starts[r]! > MAX_GRAMMAR_RUN) continue;
      if (onlyGrammar(folded.slice(starts[r], ends[last]), grammar)) taken = k;
    }
    if (taken === 0) {
      r++;
      continue;
    }
    out += `${folded.slice(from, starts[r])} `;
    from = ends[r + taken - 1]!;
    r += taken;
  }
  return from === 0 ? folded : out + folded.slice(from);
}

/** A single character of a script written without spaces that names a thing on its own (a Han character: "靴", "水"), not a kana letter. */
export function isLoneIdeograph(word: string): boolean {
  if (spacelessClass(word.charCodeAt(0)) !== 7) return false;
  // One code unit, or a supplementary ideograph's surrogate pair.
  return word.length === 1 ? word.charCodeAt(0) < 0xd800 : word.length === 2 && word.charCodeAt(0) >= 0xd840 && word.charCodeAt(1) >= 0xdc00 && word.charCodeAt(1) <= 0xdfff;
}

/**
 * Words in order with the character pairs of one run joined back ("自転", "転車" -> "自転車"): the
 * unmatched words a reply names are the customer's own, not pieces of them. Two words join when
 * both are pieces of a spaceless script and the second starts with the first's last character.
 */
export function joinedPairs(words: readonly string[]): string[] {
  const out: string[] = [];
  let piece = false;
  for (const w of words) {
    const spaceless = SPACELESS.test(w);
    const prev = out[out.length - 1];
    if (piece && spaceless && prev !== undefined && w.length === 2 && prev.endsWith(w[0]!)) out[out.length - 1] = prev + w[1]!;
    else out.push(w);
    piece = spaceless;
  }
  return out;
}
