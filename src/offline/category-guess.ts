import type { Commerce, Product } from '../core/commerce.js';
import { stem as repositoryStem, words } from '../commerce/text-terms.js';
import type { Stemmer } from '../locale/stemmer.js';
import { cueWords } from './cue-phrases.js';
import { messageStemmer } from '../locale/language-stemmers.js';
import type { OfflineTurn } from './offline-turn.js';
import { categoryLabel } from './category-labels.js';

export interface ProductGuess {
  category: string;
  /** The word of the message that matched ("blender"). */
  word: string;
  /** Products of that category matching the same word, best first. */
  products: Product[];
  /** The one product the message names, when it clearly names one. */
  specific?: Product;
  /** The message's words the best hit matched. */
  matched: readonly string[];
  /**
   * How many categories the hits for the group word come from: a word of goods of many kinds
   * ("dog" in a pet shop: its food, toys, beds and leads) says what they are for, not which
   * product is meant.
   */
  spread: number;
}

/**
 * The customer's word that names the group a product belongs to in answers ("blenders"): one of
 * the matched words the product is tagged with, the product-type word ("mattress") rather than its
 * brand or what the product is for ("dog" in "dog bed": its `animal` attribute), which
 * are its attribute values.
 */
export function groupWord(product: Product, matched: readonly string[], stem: Stemmer): string {
  const stemsOf = (text: string) => new Set(words(text).map(stem));
  const tagStems = stemsOf(product.tags.join(' '));
  const tagged = matched.filter((m) => words(m).every((w) => tagStems.has(stem(w))));
  const describing = stemsOf(Object.values(product.attributes).join(' '));
  return tagged.find((m) => !words(m).every((w) => describing.has(stem(w)))) ?? tagged[0] ?? matched[0]!;
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
  const word = groupWord(top.product, content(top), stem);
  const products = hits.filter((h) => h.product.category === top.product.category && h.matched.includes(word)).map((h) => h.product);
  // Named closely enough to be one product ("the Hushwave ANC 700"): more of its words are in the
  // product's name than in any other hit's name.
  // In the message's language, a word also names the product by its stem there, as search read
  // it ("Wanderschuh" in "Wanderschuhe Gipfelstürmer"); without a stemmer, as before.
  // Words of the product's category label ("dog food" in "... Adult Dog Food Salmon") name the
  // kind of product, not one of them: "a warranty on dog food" asks about the category.
  const languageStem = messageStemmer(commerce, language);
  const inName = (h: (typeof hits)[number]) => {
    const name = stemsOf(h.product.name);
    const kind = stemsOf(categoryLabel(commerce, h.product.category));
    const named = content(h).filter((m) => !words(m).every((w) => kind.has(stem(w))));
    if (!languageStem) return named.filter((m) => words(m).every((w) => name.has(stem(w)))).length;
    const own = new Set(words(h.product.name).map(languageStem));
    return named.filter((m) => words(m).every((w) => name.has(stem(w)) || own.has(languageStem(w)))).length;
  };
  const second = hits[1];
  const specific = inName(top) >= 2 && (!second || inName(second) < inName(top)) ? top.product : undefined;
  const spread = new Set(hits.filter((h) => h.matched.includes(word)).map((h) => h.product.category)).size;
  return { category: top.product.category, word, products, matched: content(top), spread, ...(specific ? { specific } : {}) };
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
    guess = guessProducts(turn.commerce, text, turn.cues.words('service_words'), turn.words.stem, turn.language).then((g) => (g ? shownFirst(turn, g) : g));
    byText.set(text, guess);
  }
  return guess;
}

/** At most this many products shown before are read again (the dialogue keeps five). */
const SHOWN_READ = 5;

/**
 * The product talked about before (the one in focus, then the ones last shown) when every word
 * the search matched also describes it: after a list of scratching posts, "can I return it if my
 * cat ignores it" is about the post, not about the cat food "cat" finds first. A message that
 * names a product of its own, or one the shown products do not fit, keeps its guess.
 */
async function shownFirst(turn: OfflineTurn, guess: ProductGuess): Promise<ProductGuess> {
  const d = turn.dialogue;
  if (guess.specific || !d) return guess;
  const skus = [...new Set([...(d.focus ? [d.focus.sku] : []), ...d.shown.map((s) => s.sku)])].slice(0, SHOWN_READ);
  const stem = turn.words.stem;
  for (const sku of skus) {
    const p = await turn.commerce.getProduct(sku);
    if (!p) continue;
    if (p.category === guess.category) return guess;
    const own = new Set(words([p.name, ...p.tags, ...Object.values(p.attributes).map(String), categoryLabel(turn.commerce, p.category)].join(' ')).map(stem));
    if (!guess.matched.every((m) => words(m).every((w) => own.has(stem(w))))) continue;
    const inName = new Set(words(p.name).map(stem));
    const named = p.tags.filter((t) => words(t).every((w) => inName.has(stem(w))));
    return { ...guess, category: p.category, word: named.length ? groupWord(p, named, stem) : guess.word, products: [p] };
  }
  return guess;
}
