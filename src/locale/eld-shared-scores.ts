/**
 * eld's 'small' table gives each of its 81,206 n-grams its own score object ({11: 60, 12: 41}):
 * about 44 MB of heap for the table, though only 17,885 distinct score sets exist. Pointing every
 * n-gram at one shared object per distinct set leaves eld's lookups and sums exactly as they were
 * (it only reads the table) and frees about 21 MB of every process's live heap, which under load
 * is RSS (issue 20: peak RSS against the floor's).
 *
 * The table is the module eld itself imports (same URL, so the same module instance); it is
 * reached by path because eld's package exports do not list it. If a later eld changes its
 * layout, nothing is shared and detection is untouched.
 */
type ScoreTable = Record<string, Record<string, number>>;

function isScoreTable(x: unknown): x is ScoreTable {
  return typeof x === 'object' && x !== null;
}

/** Replaces equal score objects by one shared instance; returns how many distinct ones remain. */
export function shareEqualScores(table: ScoreTable): number {
  const shared = new Map<string, Record<string, number>>();
  for (const ngram in table) {
    const scores = table[ngram]!;
    let key = '';
    for (const language in scores) key += `${language}:${scores[language]},`;
    const same = shared.get(key);
    if (same) table[ngram] = same;
    else shared.set(key, scores);
  }
  return shared.size;
}

/** Shares eld's 'small' n-gram scores in place (once per process: the module is cached). */
export async function shareEldScores(): Promise<number | null> {
  const url = new URL('../ngrams/small.js', import.meta.resolve('eld/small'));
  const mod = (await import(url.href)) as { ngramsData?: { ngrams?: unknown } };
  const table = mod.ngramsData?.ngrams;
  return isScoreTable(table) ? shareEqualScores(table) : null;
}
