/**
 * The work budget of one customer message (issue 14). Every step that reads customer text
 * on a turn (routing, the offline answer, product search, the answer guard, prompt
 * similarity) reads at most a bounded window of it, so one message costs at most a few
 * times a typical one whatever its text: a 2,000-character "word", a CJK sentence without
 * spaces or a page of punctuation cost no more than an ordinary long message.
 *
 * The figures are about what carries meaning, not about any vocabulary: customers state
 * what they want in the first sentences, and a longer message adds detail the steps below
 * cannot use anyway. `npm run bench -- --only hostile` measures the result.
 */
export const TEXT_BUDGET = {
  /** Characters of a message that text analysis reads (the first ones, cut between words). */
  analysisChars: 600,
  /** Words of a message that are analysed (knowledge terms, product search, price phrases). */
  tokens: 48,
  /**
   * Words of a message the router classifies (features, n-grams, phrase matching, spelling).
   * Routing examples average 7 words and 99% have at most 18. On the evaluation files
   * (HINT3, CLINC150 out-of-scope, the example store's) 24 words route every message to the
   * same skill as 48 did, with the same accuracy and calibration; one message of 1,542 falls
   * under the 0.9 threshold. Every routed word costs about the same, so this sets the
   * router's worst case at a few times a typical (7-word) message.
   */
  routingWords: 24,
  /**
   * Unknown words per message that the spelling corrector may try to correct (a probe costs
   * a few µs; a real message has a typo or two). 4 instead of 8 routes every message of the
   * evaluation files and every routing example the same; a message of fresh non-words tried 8.
   */
  corrections: 4,
  /** Words of a product query that are matched against the catalog (a longer query is prose, not a search). */
  queryWords: 16,
  /** Words of a message that may be matched against a whole vocabulary by prefix or with typos (product search); the rest match exactly. */
  vocabularyScans: 16,
  /** Characters of one word that are analysed; a longer "word" is cut (a name, a code or noise). */
  tokenChars: 40,
} as const;

/** How far back from the limit a cut looks for a space, so a word is not split. */
const CUT_SEARCH = 40;

/**
 * The first `maxChars` characters of `text`, cut at a space or line break near the limit
 * (or exactly at it when there is none nearby) and never inside a surrogate pair.
 */
export function analysisWindow(text: string, maxChars: number = TEXT_BUDGET.analysisChars): string {
  if (text.length <= maxChars) return text;
  let end = maxChars;
  for (let i = maxChars; i > maxChars - CUT_SEARCH && i > 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
      end = i;
      break;
    }
  }
  // Never leave half of a surrogate pair at the end.
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return text.slice(0, end);
}

/**
 * How many words `wordWindow` keeps per word of the budget. Normalisation can read several
 * written words as one token (a link, an e-mail address, "$ 5", "72 x 36 in"), so the window
 * keeps more words than the steps after it will analyse.
 */
const WORD_SLACK = 1.5;

/**
 * A code unit that continues a word for `wordWindow`: ASCII letters, digits, apostrophes, and
 * anything outside ASCII but the common non-ASCII spaces and sentence punctuation (no-break
 * and typographic spaces, 、。 and their full-width kin). Unknown punctuation counts as part of
 * a word: that only makes the window longer, never cuts a word the router would read.
 */
function inWord(c: number): boolean {
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x27 || c === 0x60;
  return !(
    c === 0xa0 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    (c >= 0x3000 && c <= 0x3002) ||
    c === 0xff01 ||
    c === 0xff0c ||
    c === 0xff0e ||
    c === 0xff1a ||
    c === 0xff1b ||
    c === 0xff1f
  );
}

/**
 * Code units of one word after which `wordWindow` stops reading: the router reads the first
 * TEXT_BUDGET.tokenChars characters of a word, and normalisation rarely shortens a word by
 * more than this factor (stretched letters, combining marks), so a longer run (2,000 letters
 * with no space, a CJK paragraph, a blob) is noise past this point.
 */
const MAX_RUN = 4 * TEXT_BUDGET.tokenChars;

/** ASCII symbols that normalisation turns into words of their own ("%" -> "percent"). */
function isWordSymbol(c: number): boolean {
  return c === 0x25 || c === 0x2b || c === 0x3d || c === 0x26;
}

/**
 * The analysis window (`analysisWindow`) cut after the word that ends the budget's words
 * (`maxWords` times a slack for the words normalisation merges): the router reads only
 * `TEXT_BUDGET.routingWords` words, so the characters after them were normalised for nothing. A
 * page of "1,1,1,..." or of short words then costs what its first words cost, and so does a
 * single "word" of 2,000 letters (cut after MAX_RUN). One pass over the characters, no
 * allocation; a cut falls between words, or inside a word past MAX_RUN, never inside a
 * surrogate pair.
 */
export function wordWindow(text: string, maxWords: number, maxChars: number = TEXT_BUDGET.analysisChars): string {
  const window = analysisWindow(text, maxChars);
  const keep = Math.ceil(maxWords * WORD_SLACK);
  let words = 0;
  let inside = false;
  let run = 0;
  for (let i = 0; i < window.length; i++) {
    const c = window.charCodeAt(i);
    if (inWord(c)) {
      if (!inside) {
        inside = true;
        words++;
        run = 0;
      }
      // Cut a word that runs past MAX_RUN, never between the halves of a surrogate pair.
      if (++run > MAX_RUN && !(c >= 0xdc00 && c <= 0xdfff)) return window.slice(0, i);
      continue;
    }
    if (inside && words >= keep) return window.slice(0, i);
    inside = false;
    if (isWordSymbol(c) && ++words > keep) return window.slice(0, i);
  }
  return window;
}
