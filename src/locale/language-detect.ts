import { analysisWindow } from '../core/text-budget.js';
import { ngramScores, smallNgramTable } from './eld-table.js';
import { isAscii } from './script-words.js';

// A module constant, not a literal in the function: the TypeScript loader (esbuild, for the
// node target) compiles a regex literal with `\p{...}` outside a class to `new RegExp(...)` at
// the place it is written, so inside a function it was built again on every call.
const TWO_LETTERS = /\p{L}{2}/u;

/**
 * The language of one customer message, among the languages the store has locale packs for.
 * eld (pinned; its n-gram tables ship inside the package, nothing is fetched at run time) was
 * the most accurate of eld, tinyld and franc-min on short chat messages in en/es/de/fr
 * (80/80 vs 79/80 and 66/80; see test/locale/language-detect.test.ts). A message too short or
 * too plain to tell ("ok", an order number) answers null: the caller keeps the language it had.
 */
export type LanguageDetector = (text: string) => string | null;

/**
 * eld's tokenizer patterns backtrack quadratically on hostile input (about 1 s at 10,000
 * characters); it only ever sees this much of a message (well under a millisecond), which
 * is plenty to tell a language.
 */
const DETECT_CHARS = 300;

/** eld's best score below this is a guess (a lone brand name or number). */
const MIN_SCORE = 0.3;

/**
 * Writing systems a pack's words can be told apart by (Unicode script names; the Japanese
 * syllabaries and Han apart, as a pack may write one and not another). Data about Unicode, not
 * about a language: which language writes which comes from the packs' own words.
 */
const SCRIPTS: ReadonlyArray<RegExp> = ['Latin', 'Cyrillic', 'Greek', 'Armenian', 'Georgian', 'Hebrew', 'Arabic', 'Devanagari', 'Bengali', 'Gurmukhi', 'Gujarati', 'Tamil', 'Telugu', 'Kannada', 'Malayalam', 'Sinhala', 'Thai', 'Lao', 'Myanmar', 'Khmer', 'Ethiopic', 'Hangul', 'Hiragana', 'Katakana', 'Han'].map(
  (name) => new RegExp(`\\p{Script=${name}}`, 'u'),
);

const HAN_BIT = 1 << (SCRIPTS.length - 1);

/** The scripts of SCRIPTS a text's letters are written in, as bits. */
function scriptBits(text: string): number {
  let bits = 0;
  SCRIPTS.forEach((re, i) => {
    if (re.test(text)) bits |= 1 << i;
  });
  return bits;
}

const LATIN = /\p{Script=Latin}/gu;
const LETTER = /\p{L}/gu;

/** Whether most of a text's letters are Latin ones. */
function mostlyLatin(text: string): boolean {
  const letters = text.match(LETTER)?.length ?? 0;
  return letters > 0 && (text.match(LATIN)?.length ?? 0) * 2 > letters;
}

/**
 * `samples`: per language, some of its pack's own words (its name, yes and no words, greeting):
 * the scripts it writes. A message eld cannot tell (a word or two: "да", "σκηνή", "靴"; eld's
 * table has too few n-grams of them) whose letters only one pack's language writes is in that
 * language; a script two packs write (Latin) decides nothing.
 */
export function createLanguageDetector(languages: readonly string[], samples: ReadonlyMap<string, string> = new Map()): LanguageDetector {
  const wanted = new Set(languages);
  const written = [...samples].filter(([language]) => wanted.has(language)).map(([language, text]) => ({ language, bits: scriptBits(text) }));
  // The packs written mostly in Latin letters: a sentence mostly in Latin letters with a word of
  // another script ("do you have a ジャケット?") is in one of them, however eld weighs the other
  // script's n-grams (several bytes a letter).
  const latinPacks = new Set([...samples].filter(([language, text]) => wanted.has(language) && mostlyLatin(text)).map(([language]) => language));
  const table = smallNgramTable();
  // The last answer, by text: one web chat turn asks about the same message in the channel (the
  // reply's language) and in the engine (follow-up check, hand-off notice, skill answer), and
  // eld is a tenth of a millisecond a message.
  let last: { text: string; language: string | null } | undefined;
  return (text) => {
    if (last?.text === text) return last.language;
    const language = detect(text);
    last = { text, language };
    return language;
  };

  function detect(text: string): string | null {
    const window = analysisWindow(text, DETECT_CHARS);
    if (!TWO_LETTERS.test(window)) return byScript(window);
    // The best score among the packs' languages wins (among the Latin-script ones for a text mostly in Latin letters, when it mixes scripts).
    const latinOnly = latinPacks.size > 0 && !isAscii(window) && mostlyLatin(window);
    let best: string | null = null;
    let bestScore = MIN_SCORE;
    for (const [language, score] of ngramScores(table, window)) {
      if (!wanted.has(language) || (latinOnly && !latinPacks.has(language))) continue;
      if (score > bestScore) {
        best = language;
        bestScore = score;
      }
    }
    return best ?? byScript(window);
  }

  /** The one pack language that writes every script of the text's letters (Han aside), or null. */
  function byScript(window: string): string | null {
    if (written.length === 0) return null;
    // Han decides nothing: Chinese, Japanese and Korean all write it, and a pack for one of them
    // would claim every message of the others ("谢谢" answered in Japanese). Kana tell Japanese.
    const bits = scriptBits(window) & ~HAN_BIT;
    if (bits === 0) return null;
    let found: string | null = null;
    for (const w of written) {
      if ((w.bits & bits) !== bits) continue;
      if (found !== null) return null;
      found = w.language;
    }
    return found;
  }
}
