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
  /** Unknown words per message that the spelling corrector may try to correct. */
  corrections: 8,
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

/** A code unit that continues a word for `wordWindow`: ASCII letters, digits, apostrophes, and anything outside ASCII. */
function inWord(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x27 || c === 0x60 || c >= 0x80;
}

/** ASCII symbols that normalisation turns into words of their own ("%" -> "percent"). */
function isWordSymbol(c: number): boolean {
  return c === 0x25 || c === 0x2b || c === 0x3d || c === 0x26;
}

/**
 * The analysis window (`analysisWindow`) cut after the word that ends the budget's words
 * (`maxWords` times a slack for the words normalisation merges): the router reads only
 * `TEXT_BUDGET.routingWords` words, so the characters after them were normalised for nothing. A
 * page of "1,1,1,..." or of short words then costs what its first words cost. One pass over
 * the characters, no allocation; a cut falls between words, never inside one (nor inside a
 * surrogate pair, as every non-ASCII unit belongs to a word).
 */
export function wordWindow(text: string, maxWords: number, maxChars: number = TEXT_BUDGET.analysisChars): string {
  const window = analysisWindow(text, maxChars);
  const keep = Math.ceil(maxWords * WORD_SLACK);
  let words = 0;
  let inside = false;
  for (let i = 0; i < window.length; i++) {
    const c = window.charCodeAt(i);
    if (inWord(c)) {
      if (!inside) {
        inside = true;
        words++;
      }
      continue;
    }
    if (inside && words >= keep) return window.slice(0, i);
    inside = false;
    if (isWordSymbol(c) && ++words > keep) return window.slice(0, i);
  }
  return window;
}
