import { turnGuess } from '../category-guess.js';
import { categoryWords } from '../category-labels.js';
import { termOf } from '../explain.js';
import type { OfflineTurn } from '../offline-turn.js';
import type { TermsResult } from '../tool-shapes.js';
import { andWord, capital, listing, type Renderer } from './render-kit.js';

/** "blender" -> "blenders", "mattress" -> "mattresses"; words already plural stay. */
function plural(word: string): string {
  if (/(?:es|[^s]s)$/.test(word)) return word;
  return /(?:s|x|ch|sh)$/.test(word) ? `${word}es` : `${word}s`;
}

const duration = (turn: OfflineTurn, n: number): string => (n % 12 === 0 && n >= 24 ? turn.say('years', { n: n / 12 }) : turn.say('months', { n }));

/** "It covers a, b and c, but not d and e." from a warranty result's lists. */
export function coverage(turn: OfflineTurn, w: { covers?: unknown; excludes?: unknown }): string {
  const covers = Array.isArray(w.covers) ? w.covers.filter((x): x is string => typeof x === 'string') : [];
  const excludes = Array.isArray(w.excludes) ? w.excludes.filter((x): x is string => typeof x === 'string') : [];
  const and = andWord(turn);
  if (covers.length && excludes.length) return turn.say('covers_but_not', { covers: listing(covers.slice(0, 3), and), excludes: listing(excludes.slice(0, 2), and) });
  if (covers.length) return turn.say('covers', { covers: listing(covers.slice(0, 3), and) });
  if (excludes.length) return turn.say('covers_not', { excludes: listing(excludes.slice(0, 2), and) });
  return '';
}

/** Sorry to hear it, when this message describes a fault. */
export const sorry = (turn: OfflineTurn): string => (turn.cues.has('fault', turn.conv.text) ? `${turn.say('sorry')} ` : '');

/** get_warranty_terms: how long the products talked about are covered, what is covered, the extended offer. */
export const warrantyTerms: Renderer = async ({ turn }) => {
  const { conv, commerce } = turn;
  const extended = turn.cues.has('extended', conv.text);
  // "Do you offer extended protection?" is about the offer, not about the product talked of before.
  const guess = (await turnGuess(turn, conv.text)) ?? (extended ? null : await turnGuess(turn, conv.earlier.slice(0, 2).join(' ')));
  const focusCategory = !guess && !extended ? turn.dialogue?.focus?.category : undefined;
  const category = guess?.category ?? focusCategory;
  const terms = await turn.call<TermsResult>('get_warranty_terms', category ? { category } : {});
  const s = sorry(turn);
  if (extended && terms?.extended_offer) return { text: turn.say('extended_offer', { offer: terms.extended_offer }) };
  if (terms?.found && terms.category && terms.months === 0 && terms.products_with_warranty?.length) {
    const own = terms.products_with_warranty.map((p) => turn.say('product_months', { product: `${p.name} (${p.sku})`, warranty: turn.say('warranty_of', { term: termOf(turn, p.warranty_months) }) }));
    return { text: turn.say('some_products_warranty', { sorry: s, category: capital(categoryWords(commerce, terms.category, turn.language)), products: listing(own, andWord(turn)) }) };
  }
  if (terms?.found && terms.category && terms.months === 0) {
    return { text: turn.say('no_warranty_category', { sorry: s, category: capital(categoryWords(commerce, terms.category, turn.language)) }) };
  }
  if (terms?.found && terms.category && terms.months !== undefined) {
    const covered = guess?.products.filter((p) => p.warrantyMonths > 0) ?? [];
    let length: string;
    if (covered.length) {
      const months = covered.map((p) => p.warrantyMonths);
      const min = Math.min(...months);
      const max = Math.max(...months);
      const range = min === max ? turn.say('warranty_of', { term: termOf(turn, min) }) : turn.say('warranty_range', { from: duration(turn, min), to: duration(turn, max) });
      length = turn.say(new Set(months).size > 1 ? 'products_carry_depending' : 'products_carry', { products: plural(guess!.word), range });
    } else {
      length = turn.say('category_carries', { category: capital(categoryWords(commerce, terms.category, turn.language)), term: termOf(turn, terms.months) });
    }
    return { text: turn.say('terms_answer', { sorry: s, length, coverage: coverage(turn, terms) }) };
  }
  if (terms?.found) {
    const examples = Object.entries(terms.months_by_category ?? {})
      .slice(0, 4)
      .map(([c, m]) => turn.say('category_months', { category: categoryWords(commerce, c, turn.language), n: m }));
    return { text: turn.say('terms_depend', { sorry: s, examples: examples.length ? listing(examples, andWord(turn)) : '' }) };
  }
  return { text: turn.say('send_order_for_coverage', { sorry: s }) };
};
