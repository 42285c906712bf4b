import { DEFAULT_LANGUAGE } from '../templates.js';
import { words } from '../../commerce/text-terms.js';
import type { ShownItem } from '../../core/dialogue-state.js';
import { categoryLabels, categoryWords } from '../category-labels.js';
import { guessProducts } from '../category-guess.js';
import { normalized } from '../phrases.js';
import type { OfflineTurn } from '../offline-turn.js';
import { attributeAsk, attributeValues, followUpsIn, hasPronoun, ownOrdinalsIn, resolveReference } from '../references.js';
import { chooseAmongShown, propertyOfFocus } from './item-question.js';
import type { CompareResult, ProductResult, ProductSummaryResult, SearchResult } from '../tool-shapes.js';
import { andWord, decimal, humanize, listing, money, type Rendered, type Renderer } from './render-kit.js';

const MAX_LISTED = 3;
const NO_WORDS: ReadonlySet<string> = new Set();
/** A hit far below the best one is noise ("quiet" matching a keyboard when the ask was a quiet blender). */
const RELATIVE_CUTOFF = 0.3;

const contentWords = (p: ProductSummaryResult): string[] => p.matched ?? [];
/** A real match, as search_products says (`match`), with words matched. */
const hasContent = (r: SearchResult | null): boolean => !!r && r.match !== 'none' && r.products.some((p) => contentWords(p).length > 0);

const attach = (ps: ReadonlyArray<{ sku: string; name: string; price: number; category: string }>) => ({ products: ps.map((p) => ({ sku: p.sku, name: p.name, price: p.price, category: p.category })) });

/**
 * The customer's words in this conversation (this message and the last ones), as search folds
 * them, when the customer writes in another language than the catalog's (store.yaml `language`,
 * else the default one); null when the catalog's words are the customer's language anyway.
 */
function saidWords(turn: OfflineTurn): Set<string> | null {
  const catalog = turn.commerce.storeInfo().language ?? DEFAULT_LANGUAGE;
  if (!turn.language || turn.language === catalog) return null;
  return new Set(words([turn.conv.text, ...turn.conv.earlier].join(' ')));
}

function why(turn: OfflineTurn, p: ProductSummaryResult, said: ReadonlySet<string> | null): string {
  const parts: string[] = [];
  // In another language than the catalog's, quoted only when they are the customer's words: a
  // word search reached through a synonym ("blender" for "licuadora") is the catalog's language.
  const matched = said ? contentWords(p).filter((m) => words(m).every((w) => said.has(w))) : contentWords(p);
  if (matched.length) parts.push(turn.say('why_matches', { words: listing(matched.slice(0, 3).map((w) => `"${w}"`), andWord(turn)) }));
  const attrs = Object.entries(p.key_attributes)
    .filter(([, v]) => typeof v !== 'boolean')
    .slice(0, 2)
    .map(([k, v]) => `${humanize(k)} ${String(v)}`);
  if (attrs.length) parts.push(attrs.join(', '));
  if (p.rating !== undefined) parts.push(turn.say('why_rated', { rating: decimal(p.rating, turn.language) }));
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

/** "under $50", from the search's price filter (numbers in the store's currency). */
function budgetNote(turn: OfflineTurn, r: SearchResult | null): string {
  const f = r?.price_filter;
  if (!f) return '';
  const m = (n: number) => money(n, f.currency, turn.language, Number.isInteger(n) ? 0 : 2);
  if (f.min !== undefined && f.max !== undefined) return turn.say('budget_between', { min: m(f.min), max: m(f.max) });
  if (f.max !== undefined) return turn.say('budget_under', { max: m(f.max) });
  return f.min !== undefined ? turn.say('budget_over', { min: m(f.min) }) : '';
}

/** A currency the store does not use ("unter 200 Euro" in a dollar store): said, never silently read as the store's. */
function currencyNote(turn: OfflineTurn, r: SearchResult | null): string {
  const c = r?.currency_mismatch;
  if (!c) return '';
  const amount = c.max ?? c.min;
  const asked = amount !== undefined ? money(amount, c.asked, turn.language, Number.isInteger(amount) ? 0 : 2) : c.asked;
  return turn.say('currency_mismatch', { asked, store: c.store });
}

const lineOf = (turn: OfflineTurn, p: ProductSummaryResult, i: number, currency: string, said: ReadonlySet<string> | null) => `${i + 1}. ${p.name} (${p.sku}), ${money(p.price, currency, turn.language)}: ${why(turn, p, said)}.`;

function listAnswer(turn: OfflineTurn, chosen: readonly ProductSummaryResult[], currency: string, result: SearchResult | null, intro?: string): Rendered {
  const said = saidWords(turn);
  const lines = chosen.map((p, i) => lineOf(turn, p, i, currency, said));
  const head = intro ?? turn.say(chosen.length === 1 ? 'best_match' : 'best_matches', { budget: budgetNote(turn, result) });
  return { text: `${currencyNote(turn, result)}\n${head}\n${lines.join('\n')}\n${turn.say('more_or_compare')}`.trim(), attachments: attach(chosen) };
}

/** Side by side from compare_products: price, warranty and the attributes that differ. */
function compareToolAnswer(turn: OfflineTurn, c: CompareResult): Rendered | null {
  if (!c.found || c.products.length < 2) return null;
  const ps = c.products;
  const cell = (v: string | number | boolean | null): string => (v === null ? '–' : typeof v === 'boolean' ? turn.say(v ? 'yes_word' : 'no_word') : String(v));
  const rows: string[] = [`- ${turn.say('price_word')}: ${ps.map((p) => (p.price !== undefined ? money(p.price, c.currency, turn.language) : '–')).join(' vs ')}`];
  const diff = new Set(c.differences ?? []);
  if (diff.has('warranty_months')) rows.push(`- ${turn.say('warranty_word')}: ${ps.map((p) => turn.say('months', { n: p.warranty_months ?? '–' })).join(' vs ')}`);
  const label = (name: string): string => {
    const h = humanize(name);
    return h.charAt(0).toUpperCase() + h.slice(1);
  };
  for (const a of (c.attributes ?? []).filter((x) => diff.has(x.name)).slice(0, 6)) rows.push(`- ${label(a.name)}: ${a.values.map(cell).join(' vs ')}`);
  const same = (c.attributes ?? []).filter((x) => !diff.has(x.name) && x.values.every((v) => v !== null)).slice(0, 3);
  if (same.length) rows.push(`- ${turn.say('both_word')}: ${same.map((a) => `${humanize(a.name)} ${cell(a.values[0] ?? null)}`).join(', ')}`);
  const out = ps.filter((p) => p.in_stock === false);
  if (out.length) rows.push(`- ${turn.say('out_of_stock_word')}: ${listing(out.map((p) => p.name), andWord(turn))}`);
  const cheapest = ps.find((p) => p.sku === c.cheapest);
  return {
    text: `${ps.map((p) => `${p.name} (${p.sku})`).join(' vs ')}:\n${rows.join('\n')}\n${cheapest ? turn.say('compare_cheapest', { name: cheapest.name }) : turn.say('which_matters')}`,
    attachments: { products: ps.map((p) => ({ sku: p.sku, name: p.name, price: p.price ?? 0, category: p.category ?? '' })) },
  };
}

async function compareSkus(turn: OfflineTurn, skus: readonly string[]): Promise<Rendered | null> {
  if (skus.length < 2 || !turn.can('compare_products')) return null;
  const c = await turn.call<CompareResult>('compare_products', { skus: skus.slice(0, 4) });
  return c ? compareToolAnswer(turn, c) : null;
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
  if (skus.length > 1) {
    const compared = await compareSkus(turn, skus);
    if (compared) return compared;
  }
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
      // A consumable or a gift card carries none: "a 0-month warranty" is no answer.
      warranty: (p.warrantyMonths ?? 0) > 0 ? turn.say('product_warranty', { months: p.warrantyMonths! }) : turn.say('product_no_warranty'),
      rating: product.rating !== undefined ? turn.say('and_rated', { rating: decimal(product.rating, turn.language) }) : '',
    }),
    attachments: attach(found),
  };
}

/**
 * "How heavy is it?" / "what does the second one weigh?": the asked attribute of the item(s)
 * the message points at (the one in focus, or each item shown when several are), from their
 * facts in the dialogue state; says so when the store lists no such value. Null when the
 * message asks no attribute or points at nothing.
 */
async function attributeAnswer(turn: OfflineTurn): Promise<Rendered | null> {
  const ask = attributeAsk(turn.conv.text, turn.references);
  const concept = ask?.concept;
  const comparison = concept ? turn.comparisons.get(concept) : undefined;
  const dialogue = turn.dialogue;
  if (!ask || !concept || !comparison?.attributes || !dialogue) return null;
  const ref = resolveReference(turn.conv.text, dialogue, turn.references, turn.comparisons);
  const items =
    ref && ref.kind !== 'comparative' ? ref.items : hasPronoun(turn.conv.text, turn.references) ? dialogue.shown.slice(0, MAX_LISTED) : [];
  if (items.length === 0) return null;
  // "Quelle taille pour la tente ?" after kayaks: the message names another kind of product
  // (its words other than the asking phrase find one), so it is a new search, not about them.
  const rest = normalized(turn.conv.text).replace(normalized(ask.phrase), ' ');
  const other = await guessProducts(turn.commerce, rest, NO_WORDS, turn.words.stem, turn.language);
  if (other && !items.some((i) => i.category === other.category)) return null;
  const what = turn.say(`concept_${concept}`) || humanize(concept);
  const lines = items.map((p) => {
    const values = attributeValues(p, comparison);
    return values.length
      ? turn.say('attribute_value', { name: p.name, sku: p.sku, values: values.map(([k, v]) => `${humanize(k)} ${String(v)}`).join(', ') })
      : turn.say('attribute_none', { name: p.name, sku: p.sku, what });
  });
  return { text: lines.join('\n'), attachments: attach(items) };
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
  const asked = own?.length ? null : await attributeAnswer(turn);
  if (asked) return asked;
  // "Which is cheaper?" between the items shown; "is it washable?" about the one in focus.
  const chosen = own?.length ? null : chooseAmongShown(turn, currency);
  if (chosen) return chosen;
  const property = own?.length ? null : await propertyOfFocus(turn);
  if (property) return property;
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

  // "Anything cheaper?": the same kind of product as shown before, below the cheapest shown.
  if (ref?.kind === 'comparative' && ref.concept === 'price' && ref.prefer === 'lower' && shown.length > 0 && previous) {
    const floor = Math.min(...shown.map((p) => p.price));
    // An explicit max_price replaces any budget in the earlier text.
    const cheaper = await search(previous, { max_price: Math.max(0, floor - 0.01), category: shown[0]!.category });
    if (cheaper && hasContent(cheaper)) return listAnswer(turn, pick(cheaper), currency, cheaper, turn.say('cheaper_options'));
    const cheapest = [...shown].sort((a, b) => a.price - b.price)[0]!;
    return { text: turn.say('already_cheapest', { name: cheapest.name, sku: cheapest.sku, price: money(cheapest.price, currency, turn.language) }), attachments: attach([cheapest]) };
  }
  if (ref?.kind === 'comparative') {
    // "The quieter one": which of the shown items is best on that, from their facts.
    const described = await describe(turn, [ref.items[0]!.sku], currency);
    if (described) return described;
  }

  let result = conv.text.trim() ? await search(conv.text) : null;
  // "The second one" when fewer were shown: say how many were, rather than searching again
  // (unless the words find a product of their own).
  const past = ref ? [] : ownOrdinalsIn(conv.text, turn.references);
  if (past.length > 0 && shown.length > 0 && !(result?.match === 'exact' && hasContent(result))) {
    return { text: turn.say(shown.length === 1 ? 'only_one_shown' : 'only_shown', { count: shown.length, names: listing(shown.map((p) => p.name), andWord(turn)) }), attachments: attach(shown) };
  }
  const compared = await compareSkus(turn, result?.compare_skus ?? []);
  if (compared) return compared;
  const refinement = previous !== undefined && (kinds.has('refine') || !hasContent(result));
  if (refinement && previous !== undefined) {
    // The newest budget in the combined text wins, so "and under 80?" replaces an earlier one.
    const combined = await search(`${previous} ${conv.text}`.trim());
    if (combined && hasContent(combined)) result = combined;
  }

  const note = currencyNote(turn, result);
  if (result && result.match === 'exact' && result.count > 0 && (hasContent(result) || result.price_filter)) {
    return listAnswer(turn, pick(result), currency, result);
  }
  // The budget hid the real matches: say what the closest costs.
  const beyond = result?.outside_budget?.[0];
  if (result && beyond) {
    return {
      text: `${note}\n${turn.say('closest_over_budget', { budget: budgetNote(turn, result), name: beyond.name, sku: beyond.sku, price: money(beyond.price, currency, turn.language) })}`.trim(),
      attachments: attach([beyond]),
    };
  }
  const nearest = (result?.nearest_categories ?? []).map((id) => categoryWords(commerce, id, turn.language));
  const and = andWord(turn);
  const missing = result?.unmatched?.length ? listing(result.unmatched.slice(0, 3).map((w) => `"${w}"`), and) : '';
  // Only similar products: say the store does not carry exactly that, then show the closest.
  if (result && result.match === 'related' && hasContent(result)) {
    const chosen = pick(result);
    const lead = missing ? turn.say('not_carried_words', { missing }) : turn.say('not_carried_exactly', { budget: budgetNote(turn, result) });
    const said = saidWords(turn);
  const lines = chosen.map((p, i) => lineOf(turn, p, i, currency, said));
    const look = listing(nearest.length ? nearest : categoryLabels(commerce, turn.language).slice(0, 3), and);
    return { text: `${note}\n${lead} ${turn.say('closest_we_have')}\n${lines.join('\n')}\n${turn.say('or_look_in', { categories: look })}`.trim(), attachments: attach(chosen) };
  }
  if (!result || (!missing && (result.count === 0 || !hasContent(result)) && !note)) {
    return { text: turn.say('what_shopping_for', { categories: listing(categoryLabels(commerce, turn.language), and) }) };
  }
  const offer = listing(nearest.length ? nearest : categoryLabels(commerce, turn.language), and);
  return { text: `${note}\n${missing ? turn.say('not_carried_words', { missing }) : turn.say('not_in_catalog')} ${turn.say('nearest_we_have', { categories: offer })}`.trim() };
};
