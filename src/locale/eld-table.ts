import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * eld's detection (eld 2.1.0, Apache-2.0, Nito T.M.: the steps below are its textProcessor,
 * getByteNgrams, calculateScores and LanguageResult scoring, unchanged) over a compact copy of
 * its 'small' n-gram table. Importing eld/small built the table as 81,206 small objects and kept
 * the module's 1.6 MB source and 6 MB of bytecode alive: about 44 MB of every process's heap
 * (21 MB once equal score sets were shared). Here the table is read from the same file as text
 * into one Map and two typed arrays, about 6 MB, and nothing of eld's table module is loaded
 * (issue 20: peak RSS). test/locale/eld-table.test.ts checks the parsed table entry by entry
 * against eld's own and the scores against eld.detect().
 */

/** eld's source folder: its package exports list only the entry files, so the rest is reached from one. */
const ELD_SRC = new URL('..', import.meta.resolve('eld/small'));
const { dictionary } = (await import(new URL('dictionary.js', ELD_SRC).href)) as { dictionary: readonly string[] };
const { separators } = (await import(new URL('regexPatterns.js', ELD_SRC).href)) as { separators: RegExp };

export interface NgramTable {
  /** ISO 639-1 code by eld's language number. */
  languages: readonly string[];
  /** n-gram -> its number; its scores are pairs[2*start[i] .. 2*start[i+1]) as (language, score). */
  slot: ReadonlyMap<string, number>;
  start: Uint32Array;
  pairs: Uint8Array;
}

/** eld subtracts this from every stored score to keep the file small (calculateScores). */
const BASE_NGRAM_SCORE = 53;
/** Hand-picked by eld to scale raw scores (orderAndScale). */
const SCALE = 25;

function readInt(text: string, at: number): [number, number] {
  let n = 0;
  let i = at;
  for (let c = text.charCodeAt(i); c >= 48 && c <= 57; c = text.charCodeAt(++i)) n = n * 10 + (c - 48);
  return [n, i];
}

/**
 * Parses eld's n-gram file: `languages:{0:'am',...}` and `ngrams:{'key':{lang:score,...},...}`,
 * keys single- or double-quoted (with backslash escapes) or bare. One pass over the text.
 */
export function parseNgramTable(text: string): NgramTable {
  const languages: string[] = [];
  const langBlock = text.slice(text.indexOf('languages:{'), text.indexOf('}', text.indexOf('languages:{')));
  for (const m of langBlock.matchAll(/(\d+):'([a-z]+)'/g)) languages[Number(m[1])] = m[2]!;
  const slot = new Map<string, number>();
  const starts: number[] = [];
  const pairs: number[] = [];
  let i = text.indexOf('ngrams:{') + 'ngrams:{'.length;
  while (text[i] !== '}') {
    let key: string;
    const quote = text[i];
    if (quote === "'" || quote === '"') {
      let j = i + 1;
      let escaped = false;
      while (text[j] !== quote) {
        if (text[j] === '\\') {
          escaped = true;
          j++;
        }
        j++;
      }
      const raw = text.slice(i + 1, j);
      key = escaped ? raw.replace(/\\(.)/g, '$1') : raw;
      i = j + 1;
    } else {
      const colon = text.indexOf(':', i);
      key = text.slice(i, colon);
      i = colon;
    }
    i += 2; // ':{'
    slot.set(key, starts.length);
    starts.push(pairs.length / 2);
    while (text[i] !== '}') {
      const [lang, afterLang] = readInt(text, i);
      const [score, afterScore] = readInt(text, afterLang + 1);
      pairs.push(lang, score);
      i = text[afterScore] === ',' ? afterScore + 1 : afterScore;
    }
    i++; // '}'
    if (text[i] === ',') i++;
  }
  starts.push(pairs.length / 2);
  return { languages, slot, start: Uint32Array.from(starts), pairs: Uint8Array.from(pairs) };
}

let small: NgramTable | null = null;

/** eld's 'small' table, read once per process on first use. */
export function smallNgramTable(): NgramTable {
  small ??= parseNgramTable(readFileSync(fileURLToPath(new URL('ngrams/small.js', ELD_SRC)), 'utf8'));
  return small;
}

/** UTF-8 bytes as eld's one-character-per-byte words (strToUtf8Bytes). */
function byteWords(str: string): string[] {
  let encoded = '';
  const words: string[] = [];
  let countBytes = 0;
  const cutAfter = 350;
  const enforceCutAfter = 380;
  for (let ii = 0; ii < str.length; ii++) {
    let charCode = str.charCodeAt(ii);
    if (charCode < 0x80) {
      if (charCode === 32) {
        if (encoded !== '') {
          words.push(encoded);
          encoded = '';
        }
        if (countBytes > cutAfter) break;
      } else {
        encoded += str[ii];
      }
      countBytes++;
    } else if (charCode < 0x800) {
      encoded += dictionary[0xc0 | (charCode >> 6)]! + dictionary[0x80 | (charCode & 0x3f)]!;
      countBytes += 2;
    } else if (charCode < 0xd800 || charCode >= 0xe000) {
      encoded += dictionary[0xe0 | (charCode >> 12)]! + dictionary[0x80 | ((charCode >> 6) & 0x3f)]! + dictionary[0x80 | (charCode & 0x3f)]!;
      countBytes += 3;
    } else {
      ii++;
      charCode = 0x10000 + (((charCode & 0x3ff) << 10) | (str.charCodeAt(ii) & 0x3ff));
      encoded +=
        dictionary[0xf0 | (charCode >> 18)]! + dictionary[0x80 | ((charCode >> 12) & 0x3f)]! + dictionary[0x80 | ((charCode >> 6) & 0x3f)]! + dictionary[0x80 | (charCode & 0x3f)]!;
      countBytes += 4;
    }
    if (countBytes > enforceCutAfter) break;
  }
  if (encoded !== '') words.push(encoded);
  return words;
}

/** 4-byte n-grams at a stride of 3, word starts and ends marked with a space (getByteNgrams). */
function byteNgrams(words: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const word of words) {
    const len = Math.min(word.length, 70);
    let j = 0;
    for (; j + 4 < len; j += 3) out.add((j === 0 ? ' ' : '') + word.substring(j, j + 4));
    out.add((j === 0 ? ' ' : '') + word.substring(len !== 3 ? len - 4 : 0) + ' ');
  }
  return out;
}

/**
 * What eld.detect(text).getScores() answers, as [language, score] pairs in its order (best
 * first; equal scores in language-number order); empty when nothing scored.
 */
export function ngramScores(table: NgramTable, text: string): Array<[string, number]> {
  const words = byteWords(text.substring(0, 1000).replace(separators, ' ').trim().toLowerCase());
  const grams = byteNgrams(words);
  const raw = new Array<number>(table.languages.length).fill(0);
  for (const gram of grams) {
    const s = table.slot.get(gram);
    if (s === undefined) continue;
    for (let p = table.start[s]!; p < table.start[s + 1]!; p++) raw[table.pairs[2 * p]!]! += table.pairs[2 * p + 1]! + BASE_NGRAM_SCORE;
  }
  const scored: Array<[number, number]> = [];
  for (let lang = 0; lang < raw.length; lang++) {
    if (raw[lang]! > 0) {
      const ngramScore = raw[lang]! / grams.size;
      scored.push([lang, ngramScore / (ngramScore + SCALE)]);
    }
  }
  scored.sort((a, b) => b[1] - a[1]);
  return scored.map(([lang, score]) => [table.languages[lang]!, score]);
}
