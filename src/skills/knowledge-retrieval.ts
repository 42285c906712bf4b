import type { Commerce, Product } from '../core/commerce.js';
import type { SkillManifest } from '../core/skill.js';
import { formatMoney, warrantyTermLine } from './knowledge-vars.js';
import { terms } from './similarity.js';

/** One retrieved fact block, labelled for the turn record (`product:KIT-1001`, `returns:Kitchen`). */
export interface KnowledgeItem {
  label: string;
  text: string;
}

const PRODUCT_TOOLS = ['search_products', 'get_product'];
const RETURN_TOOLS = ['check_return_eligibility', 'start_return', 'get_return_policy'];
const WARRANTY_TOOLS = ['check_warranty', 'open_warranty_claim', 'get_warranty_terms'];

// Word-with-digit tokens such as "KIT-1001" or "hp204": candidates for an exact SKU lookup.
const SKU_LIKE = /\b[A-Za-z]{1,6}[-_]?\d{2,6}(?:[-_][A-Za-z0-9]{1,6})?\b/g;

export function productLine(p: Product, currency: string): string {
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

/** Categories whose own words all appear in the message ("small appliances" names "Small Appliances"). */
function categoriesNamed(text: string, categories: readonly string[]): string[] {
  const words = new Set(terms(text));
  return categories.filter((c) => {
    const cw = terms(c);
    return cw.length > 0 && cw.every((w) => words.has(w));
  });
}

async function productsBySku(commerce: Commerce, text: string): Promise<Product[]> {
  const candidates = [...new Set((text.match(SKU_LIKE) ?? []).map((s) => s.toUpperCase()))].slice(0, 4);
  const found: Product[] = [];
  for (const c of candidates) {
    const p = (await commerce.getProduct(c)) ?? (c.includes('-') ? null : await commerce.getProduct(c.replace(/^([A-Z]+)(\d)/, '$1-$2')));
    if (p && !found.some((f) => f.sku === p.sku)) found.push(p);
  }
  return found;
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
}): Promise<KnowledgeItem[]> {
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

  async function gather(text: string) {
    const products = await productsBySku(commerce, text);
    const named = categoriesNamed(text, categories);
    let hitCategories: string[] = [];
    if (searchable || wantsReturns || wantsWarranty) {
      const hits = (await commerce.searchProducts({ text, limit: maxProducts + 2 })).filter((h) => h.score > 0 && h.matched.length > 0);
      if (searchable) for (const h of hits) if (!products.some((p) => p.sku === h.product.sku)) products.push(h.product);
      // The best match says which category a vague message is about ("my kettle leaks").
      hitCategories = hits.slice(0, 1).map((h) => h.product.category);
    }
    return { products: products.slice(0, maxProducts), categories: [...new Set([...named, ...products.map((p) => p.category), ...hitCategories])] };
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

export function knowledgeMessage(items: readonly KnowledgeItem[]): string {
  return `${KNOWLEDGE_HEADER}\n${items.map((i) => i.text).join('\n')}`;
}
