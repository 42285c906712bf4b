import type { SkillAnswer } from '../core/skill.js';
import { parsePriceRange, withoutPrice } from '../commerce/price-phrases.js';
import { SEARCH_STOPWORDS } from '../commerce/search-lexicon.js';
import { words } from '../commerce/text-terms.js';
import { categoryLabels } from './category-labels.js';
import { codesIn } from './message-facts.js';
import type { OfflineTurn } from './offline-turn.js';
import { humanize, listing, money } from './reply-text.js';
import type { ProductResult, ProductSummaryResult, SearchResult } from './tool-shapes.js';

const MAX_LISTED = 3;
/** A hit far below the best one is noise ("quiet" matching a keyboard when the ask was a quiet blender). */
const RELATIVE_CUTOFF = 0.3;
const FILTER_NOTE = /^(?:under|over) \$|^\$\d|^category /;
const FOLLOW_UP = /^(?:and|also|what about|how about|any|anything|something|one|ones|cheaper|less expensive|smaller|bigger|larger|lighter|quieter|other|another|is there|are there|do you have (?:a |one |any )?(?:cheaper|smaller|bigger|lighter|quieter|other))\b/i;
const CHEAPER = /\b(?:cheaper|less expensive|lower price|more affordable|cheapest)\b/i;

const contentWords = (p: ProductSummaryResult): string[] => (p.matched ?? []).filter((m) => !FILTER_NOTE.test(m));
const hasContent = (r: SearchResult | null): r is SearchResult => !!r && r.products.some((p) => contentWords(p).length > 0);

function why(p: ProductSummaryResult): string {
  const parts: string[] = [];
  const words = contentWords(p);
  if (words.length) parts.push(`matches ${listing(words.slice(0, 3).map((w) => `"${w}"`))}`);
  const attrs = Object.entries(p.key_attributes)
    .filter(([, v]) => typeof v !== 'boolean')
    .slice(0, 2)
    .map(([k, v]) => `${humanize(k)} ${String(v)}`);
  if (attrs.length) parts.push(attrs.join(', '));
  if (p.rating !== undefined) parts.push(`rated ${p.rating}/5`);
  if (!p.in_stock) parts.push('currently out of stock');
  return parts.join('; ');
}

function pick(result: SearchResult): ProductSummaryResult[] {
  const top = result.products[0];
  if (!top) return [];
  const topWords = contentWords(top).length;
  // A budget alone ("something under $30"): the best-rated few are all equally good matches.
  if (topWords === 0) return result.products.slice(0, MAX_LISTED);
  // Keep the hits that match about as much of the request as the best one does.
  return result.products.filter((p, i) => i === 0 || contentWords(p).length >= Math.max(1, topWords * (1 - RELATIVE_CUTOFF))).slice(0, MAX_LISTED);
}

function budgetNote(text: string): string {
  const r = parsePriceRange(text);
  if (!r) return '';
  if (r.min !== undefined && r.max !== undefined) return ` between $${r.min} and $${r.max}`;
  if (r.max !== undefined) return ` under $${r.max}`;
  return r.min !== undefined ? ` over $${r.min}` : '';
}

async function describeSkus(turn: OfflineTurn, skus: string[], currency: string): Promise<SkillAnswer | null> {
  const found: NonNullable<ProductResult['product']>[] = [];
  for (const sku of skus.slice(0, MAX_LISTED)) {
    const r = await turn.call<ProductResult>('get_product', { sku });
    if (r?.found && r.product) found.push(r.product);
  }
  if (found.length === 0) return null;
  const attachments = { products: found.map((p) => ({ sku: p.sku, name: p.name, price: p.price, category: p.category })) };
  const specs = (p: (typeof found)[number]) =>
    Object.entries(p.attributes)
      .slice(0, 4)
      .map(([k, v]) => (typeof v === 'boolean' ? (v ? humanize(k) : `no ${humanize(k)}`) : `${humanize(k)} ${String(v)}`))
      .join(', ');
  const stock = (p: (typeof found)[number]) => (p.in_stock ? 'in stock' : 'out of stock');
  if (found.length === 1) {
    const p = found[0]!;
    return turn.answer(
      `${p.name} (${p.sku}) costs ${money(p.price, currency)} and is ${stock(p)}. ${p.description} Key specs: ${specs(p)}. ` +
        `It comes with a ${p.warranty_months}-month warranty${p.rating !== undefined ? ` and is rated ${p.rating}/5` : ''}. Anything else you'd like to know about it?`,
      attachments,
    );
  }
  const lines = found.map((p) => `- ${p.name} (${p.sku}): ${money(p.price, currency)}, ${specs(p)}, ${p.warranty_months}-month warranty${p.rating !== undefined ? `, rated ${p.rating}/5` : ''}, ${stock(p)}.`);
  const cheapest = [...found].sort((a, b) => a.price - b.price)[0]!;
  return turn.answer(`Here's how they compare:\n${lines.join('\n')}\n${cheapest.name} is the most affordable. Which matters most to you?`, attachments);
}

/**
 * Recommendations from the catalog: named SKUs are described or compared; otherwise the
 * best matches for the message (or the message plus the previous one, for follow-ups such
 * as "anything cheaper?") are listed with price and why they match. When nothing fits,
 * one focused question.
 */
export async function recommendHandler(turn: OfflineTurn): Promise<SkillAnswer> {
  const { conv, commerce } = turn;
  const currency = commerce.storeInfo().currency;
  const codes = await codesIn(conv.text, commerce);
  if (codes.skus.length > 0 && turn.can('get_product')) {
    const described = await describeSkus(turn, codes.skus, currency);
    if (described) return described;
  }
  if (!turn.can('search_products')) {
    return turn.answer('Tell me the product code (like the SKU on the product page) and I can give you its details.');
  }

  const search = (query: string, extra: Record<string, unknown> = {}) => turn.call<SearchResult>('search_products', { query: query.slice(0, 300), ...extra });
  const previous = conv.earlier[0];
  let result = conv.text.trim() ? await search(conv.text) : null;
  let asked = conv.text;

  const followUp = previous !== undefined && (FOLLOW_UP.test(conv.text.trim()) || !hasContent(result));
  const ownBudget = parsePriceRange(conv.text);
  if (followUp && previous !== undefined && CHEAPER.test(conv.text) && !ownBudget) {
    // "Anything cheaper?": the same kind of product as shown before, below the cheapest shown.
    const before = await search(previous);
    const shown = before && hasContent(before) ? pick(before) : [];
    const lead = shown[0];
    if (lead) {
      const floor = Math.min(...shown.map((p) => p.price));
      const base = withoutPrice(previous, parsePriceRange(previous)).trim() || previous;
      const cheaper = await search(base, { max_price: Math.max(0, floor - 0.01), category: lead.category });
      if (cheaper && hasContent(cheaper)) {
        const chosen = pick(cheaper);
        return turn.answer(`Cheaper options:\n${chosen.map((p, i) => `${i + 1}. ${p.name} (${p.sku}), ${money(p.price, currency)}: ${why(p)}.`).join('\n')}\nWould you like more details on one of them?`, {
          products: chosen.map((p) => ({ sku: p.sku, name: p.name, price: p.price, category: p.category })),
        });
      }
      const cheapest = [...shown].sort((a, b) => a.price - b.price)[0]!;
      return turn.answer(`${cheapest.name} (${cheapest.sku}) at ${money(cheapest.price, currency)} is already the most affordable match I have for that. Would you like to look at something a little different?`, {
        products: [{ sku: cheapest.sku, name: cheapest.name, price: cheapest.price, category: cheapest.category }],
      });
    }
  } else if (followUp && previous !== undefined) {
    const base = ownBudget ? withoutPrice(previous, parsePriceRange(previous)) : previous;
    const combined = await search(`${base} ${conv.text}`.trim());
    if (hasContent(combined)) {
      result = combined;
      asked = `${base} ${conv.text}`;
    }
  }

  if (result && result.count > 0 && (hasContent(result) || parsePriceRange(asked))) {
    const chosen = pick(result);
    const lines = chosen.map((p, i) => `${i + 1}. ${p.name} (${p.sku}), ${money(p.price, currency)}: ${why(p)}.`);
    const intro = chosen.length === 1 ? `My best match${budgetNote(asked)}:` : `Here are the best matches${budgetNote(asked)}:`;
    return turn.answer(`${intro}\n${lines.join('\n')}\nWould you like more details or a comparison?`, {
      products: chosen.map((p) => ({ sku: p.sku, name: p.name, price: p.price, category: p.category })),
    });
  }

  // Nothing matched. With a budget, say what the closest option costs; otherwise ask what they need.
  const budget = parsePriceRange(asked);
  if (budget) {
    const unbounded = await search(withoutPrice(asked, budget).trim() || asked, { max_price: 1_000_000 });
    // The nearest to the budget among the real matches is the cheapest one.
    const best = unbounded && hasContent(unbounded) ? [...unbounded.products].filter((p) => contentWords(p).length > 0).sort((a, b) => a.price - b.price)[0] : undefined;
    if (best) {
      return turn.answer(
        `I couldn't find a match${budgetNote(asked)}. The closest is ${best.name} (${best.sku}) at ${money(best.price, currency)}. Would that budget stretch, or shall I look at something different?`,
        { products: [{ sku: best.sku, name: best.name, price: best.price, category: best.category }] },
      );
    }
  }
  const categories = categoryLabels(commerce);
  const hasWords = words(conv.text).some((w) => !SEARCH_STOPWORDS.has(w) && !/^\d+$/.test(w));
  if (!hasWords) return turn.answer(`Happy to help! What are you shopping for, and roughly what budget? We carry ${listing(categories)}.`);
  return turn.answer(`I couldn't find that in our catalog. Which kind of product are you looking for? We carry ${listing(categories)}.`);
}
