import { analysisWindow } from '../core/text-budget.js';
import { ngramScores, smallNgramTable } from './eld-table.js';

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

export function createLanguageDetector(languages: readonly string[]): LanguageDetector {
  const wanted = new Set(languages);
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
    if (!TWO_LETTERS.test(window)) return null;
    // The best score among the packs' languages wins.
    let best: string | null = null;
    let bestScore = MIN_SCORE;
    for (const [language, score] of ngramScores(table, window)) {
      if (wanted.has(language) && score > bestScore) {
        best = language;
        bestScore = score;
      }
    }
    return best;
  }
}
