/**
 * Hostile customer messages (issue 14): the reproductions of the issue, long single tokens
 * in several scripts, every Object.prototype name as a word. Shared by the regression tests,
 * the fuzzer (src/cli/fuzz.ts, test/hostile/) and the bench's hostile-input section.
 */

import { seededRandom } from '../core/seeded-random.js';

function fromAlphabet(alphabet: string, length: number, seed: number): string {
  const chars = [...alphabet];
  const next = seededRandom(seed);
  let out = '';
  while (out.length < length) out += chars[Math.floor(next() * chars.length)]!;
  return out.slice(0, length);
}

/** Letters of four scripts: long single tokens in each are a classic worst case for word-level code. */
export const SCRIPTS = {
  latin: 'abcdefghijklmnopqrstuvwxyz',
  cyrillic: 'абвгдеёжзийклмнопрстуфхцчшщъыьэюя',
  arabic: 'ابتثجحخدذرزسشصضطظعغفقكلمنهوي',
  cjk: '你好我们的是在不了有人这中大为上个国以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经',
} as const;

/** The message length limit the app ships with (MAX_MESSAGE_CHARS). */
export const MESSAGE_LIMIT = 2000;

/** Every name on Object.prototype, and the ones a lookup on a function or array would also find. */
export const PROTOTYPE_WORDS: readonly string[] = [
  ...new Set([...Object.getOwnPropertyNames(Object.prototype), '__proto__', 'prototype', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'call', 'apply', 'bind', 'length', 'name']),
];

/** The reproductions and their relatives, each at the message limit. */
export const NAMED_HOSTILE: ReadonlyArray<readonly [name: string, text: string]> = [
  ['"ab" x 1,000', 'ab'.repeat(1000)],
  ['2,000 random letters', fromAlphabet(SCRIPTS.latin, MESSAGE_LIMIT, 14)],
  ['a two-character CJK word x 1,000', '你好'.repeat(1000)],
  ['2,000 CJK characters', fromAlphabet(SCRIPTS.cjk, MESSAGE_LIMIT, 15)],
  ['2,000 Cyrillic letters', fromAlphabet(SCRIPTS.cyrillic, MESSAGE_LIMIT, 16)],
  ['2,000 Arabic letters', fromAlphabet(SCRIPTS.arabic, MESSAGE_LIMIT, 17)],
  ['"@" x 2,000', '@'.repeat(MESSAGE_LIMIT)],
  ['"route" and 2,000 spaces', `route${' '.repeat(MESSAGE_LIMIT - 6)}x`],
  ['"#" x 2,000', '#'.repeat(MESSAGE_LIMIT)],
  ['"1," x 1,000', '1,'.repeat(MESSAGE_LIMIT / 2)],
  ['400 random 4-letter words', Array.from({ length: 400 }, (_, i) => fromAlphabet(SCRIPTS.latin, 4, 100 + i)).join(' ')],
  ['Object.prototype names as words', PROTOTYPE_WORDS.join(' ').repeat(20).slice(0, MESSAGE_LIMIT)],
];
