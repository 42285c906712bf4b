import type { Commerce, Product } from '../core/commerce.js';
import { fold } from '../commerce/text-terms.js';

const FILTER_NOTE = /^(?:under|over) \$|^\$\d|^category /;

// Words of returns and warranty talk that would otherwise match product attributes ("3 days" battery, "long battery").
const SERVICE_WORDS = new RegExp(
  String.raw`\b(?:returns?|returning|returned|refunds?|refunded|exchange|send(?:ing)? back|money back|policy|policies|window|days?|weeks?|months?|years?|nights?|long|many|much|time|order(?:ed|s)?|item|items|warranty|warranties|guarantee|covered|cover|coverage|claim|repair|fix(?:ed)?|replace(?:ment|d)?|broken|broke|faulty|stopped|working|work|does|doesn't|still|arrived|received|delivered|bought|purchased|got|open(?:ed)?|used|extended|protection|plan|how|what|when|can|could|do|is|are|my|the|a|an|it|i)\b`,
  'g',
);

export interface ProductGuess {
  category: string;
  /** The word of the message that matched ("blender"). */
  word: string;
  /** Products of that category matching the same word, best first. */
  products: Product[];
}

/**
 * What a service message is about ("my kettle leaks" -> kettles, kitchen appliances),
 * from the best search hits that matched a word of it. Used to pick which policy
 * section to explain; a reading aid, not a tool call.
 */
export async function guessProducts(commerce: Commerce, text: string): Promise<ProductGuess | null> {
  const productWords = fold(text).replace(/[’']/g, "'").replace(SERVICE_WORDS, ' ').replace(/\s+/g, ' ').trim();
  if (!productWords) return null;
  const hits = (await commerce.searchProducts({ text: productWords, limit: 6 })).filter((h) => h.matched.some((m) => !FILTER_NOTE.test(m)));
  const top = hits[0];
  if (!top) return null;
  const word = top.matched.find((m) => !FILTER_NOTE.test(m))!;
  const products = hits.filter((h) => h.product.category === top.product.category && h.matched.includes(word)).map((h) => h.product);
  return { category: top.product.category, word, products };
}

export async function guessCategory(commerce: Commerce, text: string): Promise<string | null> {
  return (await guessProducts(commerce, text))?.category ?? null;
}
