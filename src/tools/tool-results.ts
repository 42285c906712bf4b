import type { Product, ProductHit } from '../core/commerce.js';

/**
 * Compact shapes for tool results. The model pays for every token it reads, so a
 * product in a list carries a few key attributes, not the whole record.
 */

const LIST_ATTRIBUTES = 4;

/** A product's facts as tools give them; prices are numbers in the store's currency (ISO 4217 code alongside): answers format them, nobody parses them. */
export function productFacts(p: Product, currency: string) {
  return {
    sku: p.sku,
    name: p.name,
    category: p.category,
    price: p.price,
    currency,
    in_stock: p.inStock,
    ...(p.rating !== undefined ? { rating: p.rating } : {}),
    warranty_months: p.warrantyMonths,
  };
}

/** A product in a result list: its facts and a few key attributes. */
export function productSummary(p: Product, currency: string, matched?: readonly string[], match?: 'exact' | 'related') {
  return {
    ...productFacts(p, currency),
    key_attributes: Object.fromEntries(Object.entries(p.attributes).slice(0, LIST_ATTRIBUTES)),
    ...(matched && matched.length ? { matched: [...matched] } : {}),
    ...(match ? { match } : {}),
  };
}

export function productDetail(p: Product, currency: string) {
  return {
    sku: p.sku,
    name: p.name,
    category: p.category,
    price: p.price,
    currency,
    description: p.description,
    attributes: p.attributes,
    tags: p.tags,
    warranty_months: p.warrantyMonths,
    in_stock: p.inStock,
    ...(p.rating !== undefined ? { rating: p.rating } : {}),
  };
}

export function hitSummary(h: ProductHit, currency: string) {
  return productSummary(h.product, currency, h.matched, h.match);
}

/** YYYY-MM-DD from an ISO timestamp (or null). */
export function day(iso: string | null): string | null {
  return iso ? iso.slice(0, 10) : null;
}
