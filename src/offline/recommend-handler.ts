import type { SkillAnswer } from '../core/skill.js';
import { formatMoney } from '../skills/knowledge-vars.js';
import { categoryLabel, categoryLabels } from './category-labels.js';
import { codesIn } from './message-facts.js';
import type { OfflineTurn } from './offline-turn.js';
import { humanize, listing, money } from './reply-text.js';
import type { CompareResult, ProductResult, ProductSummaryResult, SearchResult } from './tool-shapes.js';

const MAX_LISTED = 3;
/** A hit far below the best one is noise ("quiet" matching a keyboard when the ask was a quiet blender). */
const RELATIVE_CUTOFF = 0.3;
const FOLLOW_UP = /^(?:and|also|what about|how about|any|anything|something|one|ones|cheaper|less expensive|smaller|bigger|larger|lighter|quieter|other|another|is there|are there|do you have (?:a |one |any )?(?:cheaper|smaller|bigger|lighter|quieter|other))\b/i;
const CHEAPER = /\b(?:cheaper|less expensive|lower price|more affordable|cheapest)\b/i;

const contentWords = (p: ProductSummaryResult): string[] => p.matched ?? [];
const hasContent = (r: SearchResult | null): boolean => !!r && r.match !== 'none' && r.products.some((p) => contentWords(p).length > 0);
const listed = (p: ProductSummaryResult) => ({ sku: p.sku, name: p.name, price: p.price, category: p.category });

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

/** " under 50", " between 20 and 80", formatted by Intl in the store's currency from the search's price filter (numbers). */
function budgetNote(r: SearchResult | null): string {
  const f = r?.price_filter;
  if (!f) return '';
  const m = (n: number) => formatMoney(n, f.currency, { whole: true });
  if (f.min !== undefined && f.max !== undefined) return ` between ${m(f.min)} and ${m(f.max)}`;
  if (f.max !== undefined) return ` under ${m(f.max)}`;
  return f.min !== undefined ? ` over ${m(f.min)}` : '';
}

/** "We price in USD, so I haven't applied 200 EUR as a budget." */
function currencyNote(r: SearchResult | null): string {
  const m = r?.currency_mismatch;
  if (!m) return '';
  const amount = m.max ?? m.min;
  const asked = amount !== undefined ? formatMoney(amount, m.asked, { whole: true }) : m.asked;
  return `Our prices are in ${m.store}, so I haven't read ${asked} as a budget here (no conversion). `;
}

/** Side by side from compare_products: price, stock, warranty and the attributes that differ. */
function compareAnswer(turn: OfflineTurn, c: CompareResult): SkillAnswer | null {
  if (!c.found || c.products.length < 2) return null;
  const ps = c.products;
  const cell = (v: string | number | boolean | null): string => (v === null ? '–' : typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v));
  const rows: string[] = [`- Price: ${ps.map((p) => (p.price !== undefined ? money(p.price, c.currency) : '–')).join(' vs ')}`];
  const diff = new Set(c.differences ?? []);
  if (diff.has('warranty_months')) rows.push(`- Warranty: ${ps.map((p) => `${p.warranty_months ?? '–'} months`).join(' vs ')}`);
  const label = (name: string): string => {
    const h = humanize(name);
    return h.charAt(0).toUpperCase() + h.slice(1);
  };
  for (const a of (c.attributes ?? []).filter((x) => diff.has(x.name)).slice(0, 6)) rows.push(`- ${label(a.name)}: ${a.values.map(cell).join(' vs ')}`);
  const same = (c.attributes ?? []).filter((x) => !diff.has(x.name) && x.values.every((v) => v !== null)).slice(0, 3);
  if (same.length) rows.push(`- Both: ${same.map((a) => `${humanize(a.name)} ${cell(a.values[0] ?? null)}`).join(', ')}`);
  const out = ps.filter((p) => p.in_stock === false);
  if (out.length) rows.push(`- Out of stock: ${listing(out.map((p) => p.name))}`);
  const cheapest = ps.find((p) => p.sku === c.cheapest);
  return turn.answer(
    `${ps.map((p) => `${p.name} (${p.sku})`).join(' vs ')}:\n${rows.join('\n')}\n${cheapest ? `${cheapest.name} is the ${ps.length > 2 ? 'most' : 'more'} affordable. ` : ''}Which matters most to you?`,
    { products: ps.map((p) => ({ sku: p.sku, name: p.name, price: p.price ?? 0, category: p.category ?? '' })) },
  );
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
 * Recommendations from the catalog: named SKUs are described or compared; a comparison
 * ("difference between A and B") is answered side by side from compare_products; otherwise
 * the best matches for the message (or the message plus the previous one, for follow-ups such
 * as "anything cheaper?") are listed with price and why they match. Everything it says about
 * the search comes from search_products' data (match level, price filter, currency mismatch,
 * nearest categories, matches beyond the budget), never from text it parses back.
 */
export async function recommendHandler(turn: OfflineTurn): Promise<SkillAnswer> {
  const { conv, commerce } = turn;
  const currency = commerce.storeInfo().currency;
  const codes = await codesIn(conv.text, commerce);
  const compare = async (skus: readonly string[]): Promise<SkillAnswer | null> => {
    if (skus.length < 2 || !turn.can('compare_products')) return null;
    const c = await turn.call<CompareResult>('compare_products', { skus: skus.slice(0, 4) });
    return c ? compareAnswer(turn, c) : null;
  };
  if (codes.skus.length > 1) {
    const compared = await compare(codes.skus);
    if (compared) return compared;
  }
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
  const compared = await compare(result?.compare_skus ?? []);
  if (compared) return compared;

  const followUp = previous !== undefined && (FOLLOW_UP.test(conv.text.trim()) || !hasContent(result));
  const ownBudget = !!(result?.price_filter || result?.currency_mismatch);
  if (followUp && previous !== undefined && CHEAPER.test(conv.text) && !ownBudget) {
    // "Anything cheaper?": the same kind of product as shown before, below the cheapest shown.
    const before = await search(previous);
    const shown = before && hasContent(before) ? pick(before) : [];
    const lead = shown[0];
    if (lead) {
      const floor = Math.min(...shown.map((p) => p.price));
      // An explicit max_price replaces any budget in the earlier text.
      const cheaper = await search(previous, { max_price: Math.max(0, floor - 0.01), category: lead.category });
      if (cheaper && hasContent(cheaper)) {
        const chosen = pick(cheaper);
        return turn.answer(`Cheaper options:\n${chosen.map((p, i) => `${i + 1}. ${p.name} (${p.sku}), ${money(p.price, currency)}: ${why(p)}.`).join('\n')}\nWould you like more details on one of them?`, {
          products: chosen.map(listed),
        });
      }
      const cheapest = [...shown].sort((a, b) => a.price - b.price)[0]!;
      return turn.answer(`${cheapest.name} (${cheapest.sku}) at ${money(cheapest.price, currency)} is already the most affordable match I have for that. Would you like to look at something a little different?`, {
        products: [listed(cheapest)],
      });
    }
  } else if (followUp && previous !== undefined) {
    // The newest budget in the combined text wins, so "and under 80?" replaces an earlier one.
    const combined = await search(`${previous} ${conv.text}`.trim());
    if (hasContent(combined)) result = combined;
  }

  const note = currencyNote(result);
  if (result && result.match === 'exact' && result.count > 0 && (hasContent(result) || result.price_filter)) {
    const chosen = pick(result);
    const lines = chosen.map((p, i) => `${i + 1}. ${p.name} (${p.sku}), ${money(p.price, currency)}: ${why(p)}.`);
    const intro = chosen.length === 1 ? `My best match${budgetNote(result)}:` : `Here are the best matches${budgetNote(result)}:`;
    return turn.answer(`${note}${intro}\n${lines.join('\n')}\nWould you like more details or a comparison?`, { products: chosen.map(listed) });
  }

  // The budget hid the real matches: say what the closest costs.
  const beyond = result?.outside_budget?.[0];
  if (result && beyond) {
    return turn.answer(
      `${note}I couldn't find a match${budgetNote(result)}. The closest is ${beyond.name} (${beyond.sku}) at ${money(beyond.price, currency)}. Would that budget stretch, or shall I look at something different?`,
      { products: [listed(beyond)] },
    );
  }

  const nearest = (result?.nearest_categories ?? []).map((id) => categoryLabel(commerce, id).toLowerCase());
  const missing = result?.unmatched?.length ? listing(result.unmatched.slice(0, 3).map((w) => `"${w}"`)) : '';
  // Only similar products: say the store does not carry exactly that, then show the closest.
  if (result && result.match === 'related' && hasContent(result)) {
    const chosen = pick(result);
    const lines = chosen.map((p, i) => `${i + 1}. ${p.name} (${p.sku}), ${money(p.price, currency)}: ${why(p)}.`);
    const lead = missing ? `We don't carry ${missing}.` : `We don't carry exactly that${budgetNote(result)}.`;
    return turn.answer(`${note}${lead} The closest we have:\n${lines.join('\n')}\nWould one of these work, or shall I look in ${listing(nearest.length ? nearest : categoryLabels(commerce).slice(0, 3))}?`, {
      products: chosen.map(listed),
    });
  }
  if (!result || (!missing && (result.count === 0 || !hasContent(result)) && !note)) {
    return turn.answer(`Happy to help! What are you shopping for, and roughly what budget? We carry ${listing(categoryLabels(commerce))}.`);
  }
  const offer = nearest.length ? nearest : categoryLabels(commerce);
  return turn.answer(`${note}${missing ? `We don't carry ${missing}.` : "I couldn't find that in our catalog."} The nearest we have: ${listing(offer)}. Which kind of product are you looking for?`);
}
