import type { OrderOwner } from '../core/identity.js';
import { CommerceUnavailableError } from '../core/errors.js';
import type { Commerce, Product, StoreIdentifiers } from '../core/commerce.js';
import { identifiersIn } from '../commerce/order-ids.js';
import type { ArticleSource, KnowledgeBase, KnowledgeHit } from '../core/knowledge.js';
import type { SkillManifest } from '../core/skill.js';
import { formatMoney, warrantyTermLine } from './knowledge-vars.js';
import { messageTerms, terms } from './similarity.js';
import { repositoryRetrievalWords, type RetrievalWords } from '../locale/retrieval-section.js';
import { boundedMemo } from '../core/bounded-memo.js';
import { TEXT_BUDGET, wordWindow } from '../core/text-budget.js';
import { perFactWords, repositoryFactWords, type FactWords } from '../locale/fact-words.js';

/** One retrieved fact block, labelled for the turn record (`product:KIT-1001`, `returns:Kitchen`). */
export interface KnowledgeItem {
  label: string;
  text: string;
  /** A help-article passage: where it comes from (the turn record and the panel show it). */
  source?: ArticleSource;
}

/** Help-article passages per prompt at most, and the least share of the message a passage must cover to be worth the tokens. */
export const ARTICLE_PASSAGES = 3;
export const ARTICLE_MIN_CONFIDENCE = 0.3;

/** Ends a passage's marked block early if the article text itself contains the closing tag. */
const CLOSE_TAG = /<\/?article\b/gi;

/** One passage as a marked block that names its source, so the model can cite it and never mistakes it for the customer. */
export function articleBlock(hit: Pick<KnowledgeHit, 'title' | 'heading' | 'url' | 'text'>): string {
  const attr = (v: string) => v.replace(/["<>\n]/g, ' ');
  const section = hit.heading && hit.heading !== hit.title ? ` — ${hit.heading}` : '';
  return `<article source="${attr(hit.title + section)}"${hit.url ? ` url="${attr(hit.url)}"` : ''}>\n${hit.text.replace(CLOSE_TAG, '‹article')}\n</article>`;
}

/**
 * The help-article passages for one message: the best passages the routed skill may use
 * (`other` may use every article), each over the confidence floor; when the message says
 * too little, the previous customer message is asked instead.
 */
export function retrieveArticles(knowledge: KnowledgeBase, skill: string, text: string, previous?: string): KnowledgeItem[] {
  // The best-covering passages among the top few by score (the offline answer picks the same way).
  const ask = (t: string) =>
    knowledge
      .search(t, { skill, limit: ARTICLE_PASSAGES + 2 })
      .filter((h) => h.confidence >= ARTICLE_MIN_CONFIDENCE)
      .sort((a, b) => b.confidence - a.confidence || b.score - a.score)
      .slice(0, ARTICLE_PASSAGES);
  let hits = ask(text);
  if (hits.length === 0 && previous) hits = ask(previous);
  return hits.map((h) => ({
    label: `article:${h.articleId}`,
    text: articleBlock(h),
    source: { articleId: h.articleId, title: h.title, ...(h.url ? { url: h.url } : {}), heading: h.heading },
  }));
}

const PRODUCT_TOOLS = ['search_products', 'get_product'];
const RETURN_TOOLS = ['check_return_eligibility', 'start_return', 'get_return_policy'];
const WARRANTY_TOOLS = ['check_warranty', 'open_warranty_claim', 'get_warranty_terms'];


/**
 * Each catalog product's line, kept with the product object (a reload makes new ones): a
 * recommendation turn lists up to four products, and formatting a price with Intl is tens of
 * microseconds.
 */
const productLines = new WeakMap<Product, { currency: string; line: string }>();

export function productLine(p: Product, currency: string): string {
  const known = productLines.get(p);
  if (known?.currency === currency) return known.line;
  const line = formatProductLine(p, currency);
  productLines.set(p, { currency, line });
  return line;
}

function formatProductLine(p: Product, currency: string): string {
  const attrs = Object.entries(p.attributes)
    .slice(0, 5)
    .map(([k, v]) => `${k} ${String(v)}`)
    .join(', ');
  const parts = [
    p.sku,
    p.name,
    p.category,
    formatMoney(p.price, currency),
    `${p.warrantyMonths}-month warranty`,
    p.inStock ? 'in stock' : 'out of stock',
  ];
  if (p.rating !== undefined) parts.push(`rated ${p.rating}/5`);
  return `- ${parts.join(' · ')}${attrs ? ` · ${attrs}` : ''}`;
}

/**
 * The terms of store data (category and product names), read once: every recommendation turn
 * compared the message with every category name and the best hits' names, stemming each again.
 * Bounded (cleared when full); never holds a customer's words.
 */
const STORE_TERMS_MAX = 10_000;
const storeTermsBy = new WeakMap<RetrievalWords, (name: string) => readonly string[]>();
function storeTermsOf(words: RetrievalWords): (name: string) => readonly string[] {
  let memo = storeTermsBy.get(words);
  if (!memo) storeTermsBy.set(words, (memo = boundedMemo(STORE_TERMS_MAX, (name: string) => terms(name, words))));
  return memo;
}

/** Categories whose own words all appear in the message ("small appliances" names "Small Appliances"). */
function categoriesNamed(text: string, categories: readonly string[], retrieval: RetrievalWords): string[] {
  const words = new Set(messageTerms(text, retrieval));
  const storeTerms = storeTermsOf(retrieval);
  return categories.filter((c) => {
    const cw = storeTerms(c);
    return cw.length > 0 && cw.every((w) => words.has(w));
  });
}

/**
 * SKUs and order numbers in the text, found with the store's own patterns (store.yaml
 * `identifiers`, through Commerce) in canonical form: a store's codes need not look like the demo's.
 */
function idCandidates(text: string, shapes: StoreIdentifiers): { skus: string[]; orders: string[] } {
  return { skus: identifiersIn(text, shapes.sku).slice(0, 4), orders: identifiersIn(text, shapes.order).slice(0, 2) };
}

async function productsBySku(commerce: Commerce, ids: readonly string[]): Promise<Product[]> {
  const found: Product[] = [];
  for (const c of ids) {
    const p = await commerce.getProduct(c);
    if (p && !found.some((f) => f.sku === p.sku)) found.push(p);
  }
  return found;
}

const RELATIVE_SCORE = 0.35;

/**
 * Words of support conversations that also occur in product names ("made to order", "Work"):
 * never evidence of which product the customer means. They are the locale packs'
 * (`facts.support_words`, every pack's), as stems; one set per set of fact words.
 */
const supportWordsBy = perFactWords(() => new WeakMap<RetrievalWords, ReadonlySet<string>>());
function supportWordsOf(words: FactWords, retrieval: RetrievalWords): ReadonlySet<string> {
  const byRetrieval = supportWordsBy(words);
  let set = byRetrieval.get(retrieval);
  if (!set) byRetrieval.set(retrieval, (set = new Set([...words.supportWords].flatMap((t) => terms(t, retrieval)))));
  return set;
}

function namesMatch(name: string, matched: readonly string[], support: ReadonlySet<string>, retrieval: RetrievalWords): boolean {
  const nameTerms = new Set(storeTermsOf(retrieval)(name));
  return matched.some((m) => terms(m, retrieval).some((t) => nameTerms.has(t) && !support.has(t)));
}

/**
 * Knowledge for one message, by what the skill can act on: catalog items that match
 * (recommendations), the return rules and warranty terms of the category the
 * customer is talking about (returns, warranty). Most useful first, so trimming to
 * the token budget drops the least useful.
 */
export async function retrieveKnowledge(input: {
  commerce: Commerce;
  manifest: SkillManifest;
  text: string;
  /** The previous customer message: context when this one says little ("and the warranty?"). */
  previous?: string;
  maxProducts?: number;
  /** The verified customer: only their own orders say which policy sections apply; nobody else's are read. */
  customer?: OrderOwner | null;
  /** The store's help articles; their passages come after the catalog and policy facts. */
  knowledge?: KnowledgeBase;
  /** The locale packs' fact words (support words that never name a product); default: the repository's packs. */
  words?: FactWords;
  /** The locale packs' retrieval words and stemming (src/locale/retrieval-section.ts); default: the repository's packs. */
  retrieval?: RetrievalWords;
}): Promise<KnowledgeItem[]> {
  const articles = input.knowledge ? retrieveArticles(input.knowledge, input.manifest.id, input.text, input.previous) : [];
  return [...(await retrieveStoreFacts(input)), ...articles];
}

async function retrieveStoreFacts(input: Parameters<typeof retrieveKnowledge>[0]): Promise<KnowledgeItem[]> {
  const { commerce, manifest } = input;
  const has = (names: string[]) => names.some((n) => manifest.tools.includes(n));
  const wantsProducts = has(PRODUCT_TOOLS);
  const wantsReturns = has(RETURN_TOOLS);
  const wantsWarranty = has(WARRANTY_TOOLS);
  if (!wantsProducts && !wantsReturns && !wantsWarranty) return [];

  const currency = commerce.storeInfo().currency;
  const categories = commerce.categories();
  const searchable = manifest.tools.includes('search_products');
  const maxProducts = input.maxProducts ?? (searchable ? 4 : 2);
  const retrieval = input.retrieval ?? repositoryRetrievalWords();

  async function gather(text: string) {
    const ids = idCandidates(text, commerce.storeInfo().identifiers);
    const products = await productsBySku(commerce, ids.skus);
    const named = categoriesNamed(text, categories, retrieval);
    const orderCategories: string[] = [];
    if (wantsReturns || wantsWarranty) {
      // An order the customer names says exactly which policy sections apply.
      for (const id of input.customer ? ids.orders : []) {
        // Enrichment only: an order system that is down leaves the general policy sections (the tools report the outage).
        const order = await commerce.getOrder(input.customer!, id).catch((err: unknown) => {
          if (err instanceof CommerceUnavailableError) return null;
          throw err;
        });
        if (!order) continue;
        for (const item of order.items) {
          const p = await commerce.getProduct(item.sku);
          if (p && !orderCategories.includes(p.category)) orderCategories.push(p.category);
        }
      }
    }
    let hitCategories: string[] = [];
    if (searchable || ((wantsReturns || wantsWarranty) && orderCategories.length === 0)) {
      // The catalog is searched with the words a product query is made of (TEXT_BUDGET.queryWords,
      // the words product search matches): the rest of a long message is prose, and search read
      // its whole window only to drop it. Ids and category names above read the whole window.
      const query = wordWindow(text, TEXT_BUDGET.queryWords);
      const hits = (await commerce.searchProducts({ text: query, limit: maxProducts + 2 })).filter((h) => h.score > 0 && h.matched.length > 0);
      const top = hits[0]?.score ?? 0;
      // Search ranks loosely related items too; keep the ones close to the best match.
      const strong = hits.filter((h) => h.score >= top * RELATIVE_SCORE);
      if (searchable) for (const h of strong) if (!products.some((p) => p.sku === h.product.sku)) products.push(h.product);
      // A category is inferred only from a match on the product's own name ("my kettle leaks"),
      // not on a loose tag ("work" in "work from home" for "it stopped working").
      const support = supportWordsOf(input.words ?? repositoryFactWords(), retrieval);
      const named = strong.find((h) => namesMatch(h.product.name, h.matched, support, retrieval));
      hitCategories = named ? [named.product.category] : [];
    }
    // Added one list at a time, not spread: the lists are empty literals on some turns and filled
    // on others (two array maps), and the spread deoptimised gather (--trace-deopt). Same order.
    const categorySet = new Set<string>();
    for (const c of orderCategories) categorySet.add(c);
    for (const c of named) categorySet.add(c);
    for (const p of products) categorySet.add(p.category);
    for (const c of hitCategories) categorySet.add(c);
    return { products: products.slice(0, maxProducts), categories: [...categorySet] };
  }

  let found = await gather(input.text);
  if (found.products.length === 0 && found.categories.length === 0 && input.previous) found = await gather(input.previous);

  const items: KnowledgeItem[] = [];
  if (wantsProducts || found.products.length) {
    for (const p of found.products) items.push({ label: `product:${p.sku}`, text: productLine(p, currency) });
  }
  const cats = found.categories.slice(0, 2);
  if (wantsReturns) {
    const policy = commerce.returnPolicy();
    for (const c of cats) {
      const days = policy.windows.find((w) => w.category === c)?.days ?? policy.defaultWindowDays;
      const rules = [
        ...policy.exceptions.filter((e) => e.category === c || found.products.some((p) => p.sku === e.sku)).map((e) => e.rule),
        ...policy.nonReturnable.filter((e) => e.category === c || found.products.some((p) => p.sku === e.sku)).map((e) => `not returnable${e.sku ? ` (${e.sku})` : ''}: ${e.reason}`),
      ];
      items.push({
        label: `returns:${c}`,
        text: `- Return window for ${c}: ${days} days from delivery.${rules.length ? ` ${rules.join(' ')}` : ''}`,
      });
    }
  }
  if (wantsWarranty) {
    const warranty = commerce.warrantyTerms();
    for (const c of cats) {
      const term = warranty.terms.find((t) => t.category === c);
      items.push({
        label: `warranty:${c}`,
        text: `- Warranty for ${term ? warrantyTermLine(term) : `${c}: ${warranty.defaultMonths} months (store default)`}.`,
      });
    }
  }
  return items;
}

export const KNOWLEDGE_HEADER =
  "Reference data for this message, looked up from the store's catalog and policies (not written by the customer). " +
  'Prefer it over memory; use tools for anything about a specific order.';

/** Said once when the reference data holds help-article passages. */
export const ARTICLES_NOTE =
  "Passages from the store's help articles are inside <article> blocks with their source. Answer from them when they cover the question, " +
  'state only what they say (numbers, countries, prices, times), and name the article (and its link) you used.';

export function knowledgeMessage(items: readonly KnowledgeItem[]): string {
  const note = items.some((i) => i.source) ? `\n${ARTICLES_NOTE}` : '';
  return `${KNOWLEDGE_HEADER}${note}\n${items.map((i) => i.text).join('\n')}`;
}
