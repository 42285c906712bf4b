import type { Commerce, Product } from '../core/commerce.js';
import { stem as repositoryStem, words } from '../commerce/text-terms.js';
import type { Stemmer } from '../locale/stemmer.js';
import { cueWords } from './cue-phrases.js';
import { messageStemmer } from '../locale/language-stemmers.js';
import type { OfflineTurn } from './offline-turn.js';

export interface ProductGuess {
  category: string;
  /** The word of the message that matched ("blender"). */
  word: string;
  /** Products of that category matching the same word, best first. */
  products: Product[];
  /** The one product the message names, when it clearly names one. */
  specific?: Product;
}

/**
 * What a service message is about ("my kettle leaks" -> kettles, kitchen appliances),
 * from the best search hits that matched a word of it. Used to pick which policy
 * section to explain; a reading aid, not a tool call.
 */
export async function guessProducts(
  commerce: Commerce,
  text: string,
  serviceWords: ReadonlySet<string>,
  /** Product search's stemmer (the locale packs' `stemming: search`; OfflineTurn `words.stem`). */
  stem: Stemmer = repositoryStem,
  /** The customer's language: product search reads the words with its stemmer too (ProductQuery.language). */
  language: string | null = null,
): Promise<ProductGuess | null> {
  // Words of returns and warranty talk (the locale packs' `service_words`) would otherwise match product attributes ("3 days" battery, "long battery").
  const productWords = cueWords(text)
    .filter((w) => !serviceWords.has(w))
    .join(' ');
  if (!productWords) return null;
  // `matched` holds the customer's words only (filters are data of their own), so any hit with words counts.
  const hits = (await commerce.searchProducts({ text: productWords, limit: 6, language })).filter((h) => h.matched.length > 0);
  const top = hits[0];
  if (!top) return null;
  const content = (h: (typeof hits)[number]) => h.matched;
  const stemsOf = (text: string) => new Set(words(text).map(stem));
  // The product-type word ("mattress"), not a brand ("Drift"), names the group in answers.
  const tagStems = stemsOf(top.product.tags.join(' '));
  const word = content(top).find((m) => words(m).every((w) => tagStems.has(stem(w)))) ?? content(top)[0]!;
  const products = hits.filter((h) => h.product.category === top.product.category && h.matched.includes(word)).map((h) => h.product);
  // Named closely enough to be one product ("the Hushwave ANC 700"): more of its words are in the
  // product's name than in any other hit's name.
  // In the message's language, a word also names the product by its stem there, as search read
  // it ("Wanderschuh" in "Wanderschuhe Gipfelstürmer"); without a stemmer, as before.
  const languageStem = messageStemmer(commerce, language);
  const inName = (h: (typeof hits)[number]) => {
    const name = stemsOf(h.product.name);
    if (!languageStem) return content(h).filter((m) => words(m).every((w) => name.has(stem(w)))).length;
    const own = new Set(words(h.product.name).map(languageStem));
    return content(h).filter((m) => words(m).every((w) => name.has(stem(w)) || own.has(languageStem(w)))).length;
  };
  const second = hits[1];
  const specific = inName(top) >= 2 && (!second || inName(second) < inName(top)) ? top.product : undefined;
  return { category: top.product.category, word, products, ...(specific ? { specific } : {}) };
}

export async function guessCategory(commerce: Commerce, text: string, serviceWords: ReadonlySet<string>, stem: Stemmer = repositoryStem, language: string | null = null): Promise<string | null> {
  return (await guessProducts(commerce, text, serviceWords, stem, language))?.category ?? null;
}

/**
 * guessProducts of `text` with the turn's service words, stemmer and language, searched once
 * per text in one turn: the warranty answer's product slot and its renderer read the same
 * message, a product search each (issue 14). Kept with the turn object, so never shared with
 * another turn or another skill's answer.
 */
const guessesOf = new WeakMap<OfflineTurn, Map<string, Promise<ProductGuess | null>>>();
export function turnGuess(turn: OfflineTurn, text: string): Promise<ProductGuess | null> {
  let byText = guessesOf.get(turn);
  if (!byText) guessesOf.set(turn, (byText = new Map()));
  let guess = byText.get(text);
  if (!guess) {
    guess = guessProducts(turn.commerce, text, turn.cues.words('service_words'), turn.words.stem, turn.language);
    byText.set(text, guess);
  }
  return guess;
}
