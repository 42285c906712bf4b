import type { Product, WarrantyTerms } from '../../core/commerce.js';
import type { CatalogCategory } from '../../core/order-backend.js';
import { toAmount } from './map-order.js';
import type { VendureVariant } from './schemas.js';
import { ownValue } from '../../core/own-keys.js';

/** What the store folder knows that Vendure does not: warranty lengths and shoppers' words for categories. */
export interface CatalogContext {
  precision: number;
  categoryFacet: string;
  /** The store folder's products by SKU (their warranty months win: a product page states them). */
  knownProducts: ReadonlyMap<string, Product>;
  warranty: WarrantyTerms;
  /** The store folder's categories (their labels and words are kept for the same ids). */
  knownCategories: readonly CatalogCategory[];
}

const UNCATEGORIZED = 'uncategorized';
const MAX_DESCRIPTION = 2000;

/** Vendure descriptions are HTML from its rich-text editor; answers want plain text. */
export function plainText(html: string): string {
  const text = html
    .slice(0, MAX_DESCRIPTION * 4)
    // A tag cannot contain '<', so a stray '<' never starts an overlapping attempt.
    .replace(/<[^<>]{0,2000}>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
  return text.slice(0, MAX_DESCRIPTION);
}

/** In stock unless Vendure says otherwise (its StockDisplayStrategy answers a word or a number). */
const inStock = (level: string): boolean => level !== 'OUT_OF_STOCK' && level.trim() !== '0';

/**
 * One Vendure variant as a catalog product: its SKU, name and price; the category from the facet
 * named by VENDURE_CATEGORY_FACET (variant first, then product); the other facets as attributes and
 * tags. Disabled variants and products are not for sale and are left out (null).
 */
export function mapVariant(v: VendureVariant, ctx: CatalogContext): Product | null {
  if (!v.enabled || !v.product.enabled || v.sku.trim() === '') return null;
  const facets = [...v.facetValues, ...v.product.facetValues];
  const category = facets.find((f) => f.facet.code === ctx.categoryFacet)?.code ?? UNCATEGORIZED;
  const attributes: Record<string, string> = {};
  const tags = new Set<string>();
  for (const f of facets) {
    if (f.facet.code === ctx.categoryFacet) continue;
    const name = f.facet.name;
    const before = ownValue(attributes, name);
    attributes[name] = typeof before === 'string' && !before.split(', ').includes(f.name) ? `${before}, ${f.name}` : f.name;
    tags.add(f.name.toLowerCase());
  }
  const known = ctx.knownProducts.get(v.sku);
  const term = ctx.warranty.terms.find((t) => t.category === category);
  return {
    sku: v.sku,
    name: v.name,
    category,
    price: toAmount(v.price, ctx.precision),
    description: plainText(v.product.description) || v.product.name,
    attributes,
    tags: [...tags],
    warrantyMonths: known?.warrantyMonths ?? term?.months ?? ctx.warranty.defaultMonths,
    inStock: inStock(v.stockLevel),
    ...(known?.rating !== undefined ? { rating: known.rating } : {}),
  };
}

/** The categories the products use: the store folder's entry for a known id, else the facet value's name. */
export function categoriesOf(variants: readonly VendureVariant[], products: readonly Product[], ctx: CatalogContext): CatalogCategory[] {
  const used = new Set(products.map((p) => p.category));
  const known = new Map(ctx.knownCategories.map((c) => [c.id, c]));
  const names = new Map<string, string>();
  for (const v of variants) {
    for (const f of [...v.facetValues, ...v.product.facetValues]) if (f.facet.code === ctx.categoryFacet && !names.has(f.code)) names.set(f.code, f.name);
  }
  const out: CatalogCategory[] = [];
  for (const id of used) {
    const k = known.get(id);
    if (k) out.push({ id, label: k.label, words: [...k.words] });
    else {
      const label = names.get(id) ?? id;
      out.push({ id, label, words: [label.toLowerCase()] });
    }
  }
  return out;
}
