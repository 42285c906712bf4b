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
  /** Words of a message that are analysed (features, n-grams, phrase matching). */
  tokens: 48,
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
