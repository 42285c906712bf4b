import type { ShownItem } from '../../core/dialogue-state.js';
import { parsePriceRange, withoutPrice } from '../../commerce/price-phrases.js';
import { SEARCH_STOPWORDS } from '../../commerce/search-lexicon.js';
import { words } from '../../commerce/text-terms.js';
import { categoryLabel, categoryLabels } from '../category-labels.js';
import type { OfflineTurn } from '../offline-turn.js';
import { followUpsIn, resolveReference } from '../references.js';
import type { ProductResult, ProductSummaryResult, SearchResult } from '../tool-shapes.js';
import { andWord, humanize, listing, money, type Rendered, type Renderer } from './render-kit.js';

const MAX_LISTED = 3;
/** A hit far below the best one is noise ("quiet" matching a keyboard when the ask was a quiet blender). */
const RELATIVE_CUTOFF = 0.3;
const FILTER_NOTE = /^(?:under|over) \$|^\$\d|^category /;

const contentWords = (p: ProductSummaryResult): string[] => (p.matched ?? []).filter((m) => !FILTER_NOTE.test(m));
/** A real match: search_products says so (`match`), or, from a search without that field, a hit matched on words. */
const hasContent = (r: SearchResult | null): boolean =>
  !!r && (r.match !== undefined ? r.match !== 'none' && r.products.length > 0 : r.products.some((p) => contentWords(p).length > 0));

const attach = (ps: ReadonlyArray<{ sku: string; name: string; price: number; category: string }>) => ({ products: ps.map((p) => ({ sku: p.sku, name: p.name, price: p.price, category: p.category })) });

function why(turn: OfflineTurn, p: ProductSummaryResult): string {
  const parts: string[] = [];
  const matched = contentWords(p);
  if (matched.length) parts.push(turn.say('why_matches', { words: listing(matched.slice(0, 3).map((w) => `"${w}"`), andWord(turn)) }));
  const attrs = Object.entries(p.key_attributes)
    .filter(([, v]) => typeof v !== 'boolean')
    .slice(0, 2)
    .map(([k, v]) => `${humanize(k)} ${String(v)}`);
  if (attrs.length) parts.push(attrs.join(', '));
  if (p.rating !== undefined) parts.push(turn.say('why_rated', { rating: p.rating }));
  if (!p.in_stock) parts.push(turn.say('why_out_of_stock'));
  return parts.join('; ');
}

function pick(result: SearchResult): ProductSummaryResult[] {
  const top = result.products[0];
  if (!top) return [];
  const topWords = contentWords(top).length;
  // A budget alone ("something under $30"): the best-rated few are all equally good matches.
  if (topWords === 0) return result.products.slice(0, MAX_LISTED);
  return result.products.filter((p, i) => i === 0 || contentWords(p).length >= Math.max(1, topWords * (1 - RELATIVE_CUTOFF))).slice(0, MAX_LISTED);
}

function budgetNote(turn: OfflineTurn, text: string, currency: string): string {
  const r = parsePriceRange(text);
  if (!r) return '';
  // A budget as the customer said it: "$70", not "$70.00".
  const m = (n: number) => money(n, currency, turn.language, Number.isInteger(n) ? 0 : 2);
  if (r.min !== undefined && r.max !== undefined) return turn.say('budget_between', { min: m(r.min), max: m(r.max) });
  if (r.max !== undefined) return turn.say('budget_under', { max: m(r.max) });
  return r.min !== undefined ? turn.say('budget_over', { min: m(r.min) }) : '';
}

/** A currency the store does not use ("unter 200 Euro" in a dollar store): said, never silently read as the store's. */
function currencyNote(turn: OfflineTurn, r: SearchResult | null): string {
  const c = r?.currency_mismatch;
  return c ? turn.say('currency_mismatch', { asked: c.asked, store: c.store }) : '';
}

function listAnswer(turn: OfflineTurn, chosen: readonly ProductSummaryResult[], asked: string, currency: string, result: SearchResult | null, intro?: string): Rendered {
  const lines = chosen.map((p, i) => `${i + 1}. ${p.name} (${p.sku}), ${money(p.price, currency, turn.language)}: ${why(turn, p)}.`);
  const head = intro ?? turn.say(chosen.length === 1 ? 'best_match' : 'best_matches', { budget: budgetNote(turn, asked, currency) });
  return { text: `${currencyNote(turn, result)}\n${head}\n${lines.join('\n')}\n${turn.say('more_or_compare')}`.trim(), attachments: attach(chosen) };
}

/** Side by side: the items' prices, attributes, warranty and stock; the cheapest named. */
function compareAnswer(turn: OfflineTurn, items: readonly ShownItem[], currency: string): Rendered {
  // Side by side on every attribute they have (bounded), so "quieter" or "bigger" can be read off.
  const specs = (p: ShownItem) =>
    Object.entries(p.attributes)
      .slice(0, 8)
      .map(([k, v]) => (typeof v === 'boolean' ? (v ? humanize(k) : turn.say('without', { what: humanize(k) })) : `${humanize(k)} ${String(v)}`))
      .join(', ');
  const lines = items.map(
    (p) =>
      `- ${p.name} (${p.sku}): ${money(p.price, currency, turn.language)}, ${specs(p)}, ${turn.say('warranty_months', { n: p.warrantyMonths ?? 0 })}, ${turn.say(p.inStock === false ? 'out_of_stock' : 'in_stock')}.`,
  );
  const cheapest = [...items].sort((a, b) => a.price - b.price)[0]!;
  return { text: `${turn.say('compare_intro')}\n${lines.join('\n')}\n${turn.say('compare_cheapest', { name: cheapest.name })}`, attachments: attach(items) };
}

async function detailsOf(turn: OfflineTurn, skus: readonly string[]): Promise<ShownItem[]> {
  const out: ShownItem[] = [];
  for (const sku of skus.slice(0, MAX_LISTED)) {
    const r = await turn.call<ProductResult>('get_product', { sku });
    const p = r?.found ? r.product : undefined;
    if (p) out.push({ sku: p.sku, name: p.name, price: p.price, category: p.category, attributes: p.attributes, inStock: p.in_stock, warrantyMonths: p.warranty_months });
  }
  return out;
}

async function describe(turn: OfflineTurn, skus: readonly string[], currency: string): Promise<Rendered | null> {
  if (!turn.can('get_product')) return null;
  const found = await detailsOf(turn, skus);
  if (found.length === 0) return null;
  if (found.length > 1) return compareAnswer(turn, found, currency);
  const p = found[0]!;
  const product = (await turn.commerce.getProduct(p.sku))!;
  const specs = Object.entries(p.attributes)
    .slice(0, 4)
    .map(([k, v]) => (typeof v === 'boolean' ? (v ? humanize(k) : turn.say('without', { what: humanize(k) })) : `${humanize(k)} ${String(v)}`))
    .join(', ');
  return {
    text: turn.say('product_details', {
      name: p.name,
      sku: p.sku,
      price: money(p.price, currency, turn.language),
      stock: turn.say(p.inStock === false ? 'out_of_stock' : 'in_stock'),
      description: product.description,
      specs,
      months: p.warrantyMonths ?? 0,
      rating: product.rating !== undefined ? turn.say('and_rated', { rating: product.rating }) : '',
    }),
    attachments: attach(found),
  };
}

/**
 * Product search offline: named SKUs and items the conversation showed ("the second one",
 * "the quieter one", "both") are described or compared; refinements ("anything cheaper?", "and
 * in black?") search again from the dialogue state's last search; otherwise the best matches
 * for the message, or what the store does carry when nothing matches.
 */
export const productSearch: Renderer = async ({ turn, slots }) => {
  const { conv, commerce } = turn;
  const currency = commerce.storeInfo().currency;
  const own = await slots.get('products');
  if (own && own.length > 0) {
    const described = await describe(turn, own.map((p) => p.sku), currency);
    if (described) return described;
  }
  const kinds = followUpsIn(conv.text, turn.references);
  const dialogue = turn.dialogue;
  const shown = dialogue?.shown ?? [];
  // "what's the difference between them" / "compare them": the items shown, side by side.
  if (kinds.has('compare') && shown.length > 1 && !own?.length) {
    const ref = resolveReference(conv.text, dialogue, turn.references, turn.comparisons);
    if (!ref || ref.kind === 'pronoun') return compareAnswer(turn, shown.slice(0, MAX_LISTED), currency);
  }
  const ref = resolveReference(conv.text, dialogue, turn.references, turn.comparisons);
  if (ref && ref.items.length === 1 && ref.kind !== 'comparative' && ref.kind !== 'pronoun') {
    const described = await describe(turn, [ref.items[0]!.sku], currency);
    if (described) return described;
  }
  if (ref?.kind === 'pronoun' && (kinds.has('details') || kinds.has('take'))) {
    const described = await describe(turn, [ref.items[0]!.sku], currency);
    if (described) return described;
  }
  if (ref?.kind === 'comparative' && (kinds.has('take') || kinds.has('details'))) {
    const described = await describe(turn, [ref.items[0]!.sku], currency);
    if (described) return described;
  }
  if (!turn.can('search_products')) return { text: turn.say('ask_sku') };

  const search = (query: string, extra: Record<string, unknown> = {}) => turn.call<SearchResult>('search_products', { query: query.slice(0, 300), ...extra });
  const previous = dialogue?.query ?? conv.earlier[0];
  const ownBudget = parsePriceRange(conv.text);

  // "Anything cheaper?": the same kind of product as shown before, below the cheapest shown.
  if (ref?.kind === 'comparative' && ref.concept === 'price' && ref.prefer === 'lower' && !ownBudget && shown.length > 0 && previous) {
    const floor = Math.min(...shown.map((p) => p.price));
    const base = withoutPrice(previous, parsePriceRange(previous)).trim() || previous;
    const cheaper = await search(base, { max_price: Math.max(0, floor - 0.01), category: shown[0]!.category });
    if (cheaper && hasContent(cheaper)) return listAnswer(turn, pick(cheaper), base, currency, cheaper, turn.say('cheaper_options'));
    const cheapest = [...shown].sort((a, b) => a.price - b.price)[0]!;
    return { text: turn.say('already_cheapest', { name: cheapest.name, sku: cheapest.sku, price: money(cheapest.price, currency, turn.language) }), attachments: attach([cheapest]) };
  }
  if (ref?.kind === 'comparative') {
    // "The quieter one": which of the shown items is best on that, from their facts.
    const described = await describe(turn, [ref.items[0]!.sku], currency);
    if (described) return described;
  }

  let result = conv.text.trim() ? await search(conv.text) : null;
  let asked = conv.text;
  const refinement = previous !== undefined && (kinds.has('refine') || !hasContent(result));
  if (refinement && previous !== undefined) {
    const base = ownBudget ? withoutPrice(previous, parsePriceRange(previous)) : previous;
    const combined = await search(`${base} ${conv.text}`.trim());
    if (hasContent(combined)) {
      result = combined;
      asked = `${base} ${conv.text}`;
    }
  }
  if (result && result.count > 0 && (hasContent(result) || (parsePriceRange(asked) && result.match !== 'none'))) {
    return listAnswer(turn, pick(result), asked, currency, result);
  }

  // Nothing matched. With a budget, say what the closest option costs.
  const budget = parsePriceRange(asked);
  if (budget) {
    const unbounded = await search(withoutPrice(asked, budget).trim() || asked, { max_price: 1_000_000 });
    const best = unbounded && hasContent(unbounded) ? [...unbounded.products].filter((p) => unbounded.match !== undefined || contentWords(p).length > 0).sort((a, b) => a.price - b.price)[0] : undefined;
    if (best) {
      return {
        text: `${currencyNote(turn, result)}\n${turn.say('closest_over_budget', { budget: budgetNote(turn, asked, currency), name: best.name, sku: best.sku, price: money(best.price, currency, turn.language) })}`.trim(),
        attachments: attach([best]),
      };
    }
  }
  const nearest = (result?.nearest_categories ?? []).map((c) => categoryLabel(commerce, c).toLowerCase());
  const categories = nearest.length ? nearest : categoryLabels(commerce);
  const hasWords = words(conv.text).some((w) => !SEARCH_STOPWORDS.has(w) && !/^\d+$/.test(w));
  if (!hasWords) return { text: turn.say('what_shopping_for', { categories: listing(categories, andWord(turn)) }) };
  return { text: `${currencyNote(turn, result)}\n${turn.say(nearest.length ? 'not_carried_nearest' : 'not_carried', { categories: listing(categories, andWord(turn)) })}`.trim() };
};
