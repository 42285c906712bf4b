import type { Product, WarrantyTerms } from '../core/commerce.js';
import type { CatalogSnapshot } from '../core/order-backend.js';
import type { Catalog, CategoryInfo } from './store-types.js';

/** "Gift Cards", "gift-cards", "gift_cards" -> "gift_cards": how a platform's product type becomes a category id. */
export function categoryIdOf(label: string): string {
  return label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    // Runs of anything else become one space, trimmed in one pass, then underscores.
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .replace(/ /g, '_')
    .slice(0, 64);
}

/**
 * A platform's catalog merged over the store folder's. The platform says what is sold now
 * (names, prices, stock, tags); the folder keeps what platforms rarely hold: descriptions and
 * attributes it has for a SKU, ratings, warranty months and the category its policies were
 * written for. A platform category that names a folder category (by id, label or one of its
 * words) becomes that category, so return windows and warranty terms keep applying.
 */
export function mergeCatalog(folder: Catalog, snapshot: CatalogSnapshot, warranty: WarrantyTerms): Catalog {
  const folderIds = new Map<string, string>();
  for (const c of folder.categories) {
    for (const key of [c.id, c.label, ...c.words]) {
      const id = categoryIdOf(key);
      if (id && !folderIds.has(id)) folderIds.set(id, c.id);
    }
  }
  const categories = new Map<string, CategoryInfo>(folder.categories.map((c) => [c.id, c]));
  const resolve = (id: string): string => folderIds.get(categoryIdOf(id)) ?? (categoryIdOf(id) || 'uncategorized');
  for (const c of snapshot.categories) {
    const id = resolve(c.id);
    if (!categories.has(id)) categories.set(id, { id, label: c.label, words: c.words.length ? c.words : [c.label.toLowerCase()] });
  }
  const months = (category: string): number => warranty.terms.find((t) => t.category === category)?.months ?? warranty.defaultMonths;

  const productsBySku = new Map<string, Product>();
  for (const p of snapshot.products) {
    if (productsBySku.has(p.sku)) continue;
    const known = folder.productsBySku.get(p.sku);
    const category = known?.category ?? resolve(p.category);
    if (!categories.has(category)) categories.set(category, { id: category, label: p.category, words: [p.category.toLowerCase()] });
    productsBySku.set(p.sku, {
      sku: p.sku,
      name: p.name,
      category,
      price: p.price,
      description: p.description.trim() ? p.description : (known?.description ?? p.name),
      attributes: { ...(known?.attributes ?? {}), ...p.attributes },
      tags: [...new Set([...p.tags, ...(known?.tags ?? [])])],
      warrantyMonths: p.warrantyMonths ?? known?.warrantyMonths ?? months(category),
      inStock: p.inStock,
      ...(p.rating !== undefined ? { rating: p.rating } : known?.rating !== undefined ? { rating: known.rating } : {}),
    });
  }
  const used = new Set([...productsBySku.values()].map((p) => p.category));
  return {
    products: [...productsBySku.values()],
    productsBySku,
    // Folder categories stay (policies and routing words name them) even when nothing is in stock in them.
    categories: [...categories.values()].filter((c) => used.has(c.id) || folder.categories.some((f) => f.id === c.id)),
  };
}
