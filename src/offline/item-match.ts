import { stem as repositoryStem } from '../commerce/text-terms.js';
import { TEXT_BUDGET } from '../core/text-budget.js';
import type { Stemmer } from '../locale/stemmer.js';
import { strongWords, weakWordsFrom, type WeakWords } from './weak-words.js';
import { defaultRouterLanguage } from '../router/router-language.js';
import type { Commerce } from '../core/commerce.js';
import { cueWords } from './cue-phrases.js';

export interface NamedItem {
  sku: string;
  name: string;
}

function wordStems(text: string, weak: WeakWords, stem: Stemmer, maxChars = Number.POSITIVE_INFINITY): Set<string> {
  const out = new Set<string>();
  for (const w of strongWords(text, weak)) if (w.length <= maxChars) out.add(stem(w));
  return out;
}

let stopwordsOnly: WeakWords | null = null;

/**
 * Which of an order's items a message talks about: a SKU it names, else the item
 * whose name shares the most words with it ("the mixer" -> "Tollan Stand Mixer 5 Qt"),
 * not counting the catalog's weak words (src/offline/weak-words.ts; without a catalog, the
 * packs' stopwords). Null when none or a tie. `languageStem`: the message language's Snowball
 * stemmer (src/locale/language-stemmers.ts messageStemmer), as product search reads a message
 * in its language: a name's word also counts when its stem there is a stem of the message's
 * ("Wanderschuh" names "Wanderschuhe Gipfelstürmer"). Without it, the words as before.
 */
export function matchItem<T extends NamedItem>(
  items: readonly T[],
  text: string,
  skus: readonly string[],
  weak?: WeakWords,
  stem: Stemmer = repositoryStem,
  languageStem?: Stemmer,
): T | null {
  const bySku = items.filter((i) => skus.includes(i.sku));
  if (bySku.length === 1) return bySku[0]!;
  const words = weak ?? (stopwordsOnly ??= weakWordsFrom([], defaultRouterLanguage().stopwords));
  const said = wordStems(text, words, stem);
  // The language stemmers share one process-wide memo: a customer's word longer than a token
  // (no product word is) never reaches it, as in product search.
  const saidInLanguage = languageStem ? wordStems(text, words, languageStem, TEXT_BUDGET.tokenChars) : null;
  let best: T | null = null;
  let bestScore = 0;
  let tie = false;
  for (const item of items) {
    let score = 0;
    if (saidInLanguage) {
      // Each word of the name once (by its search stem), found by either stem.
      const counted = new Set<string>();
      for (const w of strongWords(item.name, words)) {
        const s = stem(w);
        if (counted.has(s)) continue;
        counted.add(s);
        if (said.has(s) || saidInLanguage.has(languageStem!(w))) score++;
      }
    } else for (const s of wordStems(item.name, words, stem)) if (said.has(s)) score++;
    if (score > bestScore) {
      best = item;
      bestScore = score;
      tie = false;
    } else if (score === bestScore && score > 0) tie = true;
  }
  return bestScore > 0 && !tie ? best : null;
}

/**
 * Which of an order's items a message names in words the item's name does not hold: its
 * language's word for the kind of product ("Kopfhörer", "auriculares" for "…Over-Ear
 * Headphones"), a synonym of skills/vocabulary.yaml, a tag. Read as product search reads the
 * message (the customer's language, the store's synonyms), without the words of service talk
 * (`serviceWords`) and the weak words `matchItem` leaves out. The item among the search's hits
 * with the best score, when no other item of the order scores as well; null otherwise.
 */
export async function matchItemBySearch<T extends NamedItem>(
  commerce: Commerce,
  items: readonly T[],
  text: string,
  serviceWords: ReadonlySet<string>,
  language: string | null,
  weak?: WeakWords,
): Promise<T | null> {
  const strong = new Set(strongWords(text, weak ?? (stopwordsOnly ??= weakWordsFrom([], defaultRouterLanguage().stopwords))));
  const productWords = cueWords(text)
    .filter((w) => strong.has(w) && !serviceWords.has(w))
    .join(' ');
  if (!productWords || items.length === 0) return null;
  const hits = (await commerce.searchProducts({ text: productWords, limit: SEARCH_LIMIT, language })).filter((h) => h.matched.length > 0);
  let best: T | null = null;
  let bestScore = -Infinity;
  let tie = false;
  for (const h of hits) {
    const item = items.find((i) => i.sku === h.product.sku);
    if (!item) continue;
    if (h.score > bestScore) {
      best = item;
      bestScore = h.score;
      tie = false;
    } else if (h.score === bestScore) tie = true;
  }
  return tie ? null : best;
}

const SEARCH_LIMIT = 20;
