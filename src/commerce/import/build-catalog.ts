import type { CatalogFile, WarrantyTermsFile } from '../store-schemas.js';
import { productSchema } from '../store-schemas.js';
import { ImportError, MAX_ISSUES, type FeedProduct, type ImportIssue } from './feed-product.js';
import { attributeKey } from './feed-values.js';

/**
 * Turns feed products into a catalog.yaml: a category per most specific path segment (its label
 * the segment, its shopper words the segments above it), warranty months from the product or,
 * failing that, its category's warranty terms or the store's default, and the feed's currency
 * (one per feed). Every problem names the row (and column) it came from.
 */

export interface BuiltCatalog {
  catalog: CatalogFile;
  /** The feed's currency, when its prices carry one. */
  currency?: string;
  /** How many products fell back to a category's (or the default) warranty months. */
  warrantyFromTerms: number;
}

const MAX_WORDS = 12;

/** "Film & Cameras" -> "film_cameras", the lower_snake id policies are keyed by. */
function categoryId(label: string): string {
  const key = attributeKey(label);
  return key.startsWith('attr_') ? `category${key.slice(4)}` : key;
}

export function buildCatalog(
  products: readonly FeedProduct[],
  warranty: Pick<WarrantyTermsFile, 'defaultMonths' | 'terms'>,
  file: string,
  columns: { sku: string; price: string },
  readIssues: readonly ImportIssue[] = [],
): BuiltCatalog {
  const issues: ImportIssue[] = [...readIssues];
  if (products.length === 0 && issues.length === 0) throw new ImportError(file, [{ message: 'has no products to import' }]);
  let currency: string | undefined;
  let currencyRow = 0;
  const seen = new Map<string, number>();
  const categories = new Map<string, { id: string; label: string; words: string[] }>();
  const out: CatalogFile['products'] = [];
  let warrantyFromTerms = 0;
  const termMonths = new Map(warranty.terms.map((t) => [t.category, t.months]));
  for (const p of products) {
    if (issues.length >= MAX_ISSUES) break;
    if (p.currency) {
      if (currency === undefined) {
        currency = p.currency;
        currencyRow = p.row;
      } else if (p.currency !== currency) {
        issues.push({ row: p.row, column: columns.price, message: `is in ${p.currency}, but row ${currencyRow} is in ${currency}; a catalog has one currency` });
      }
    }
    const key = p.sku.toUpperCase();
    const earlier = seen.get(key);
    if (earlier !== undefined) issues.push({ row: p.row, column: columns.sku, message: `SKU "${p.sku}" is used twice (also row ${earlier})` });
    seen.set(key, p.row);
    const label = p.categoryPath[p.categoryPath.length - 1]!;
    const id = categoryId(label);
    const cat = categories.get(id) ?? { id, label, words: [] };
    for (const w of p.categoryPath.slice(0, -1).map((s) => s.toLowerCase())) if (!cat.words.includes(w) && cat.words.length < MAX_WORDS) cat.words.push(w);
    categories.set(id, cat);
    let months = p.warrantyMonths;
    if (months === undefined) {
      months = termMonths.get(id) ?? warranty.defaultMonths;
      warrantyFromTerms++;
    }
    const entry = {
      sku: p.sku,
      name: p.name,
      category: id,
      price: p.price,
      description: p.description,
      attributes: p.attributes,
      tags: p.tags,
      warrantyMonths: months,
      inStock: p.inStock,
      ...(p.rating !== undefined ? { rating: p.rating } : {}),
    };
    const parsed = productSchema.safeParse(entry);
    if (!parsed.success) {
      for (const issue of parsed.error.issues.slice(0, 3)) {
        const field = String(issue.path[0] ?? '');
        issues.push({ row: p.row, ...(field === 'sku' ? { column: columns.sku } : {}), message: `${field ? `${field}: ` : ''}${issue.message}` });
      }
      continue;
    }
    out.push(parsed.data);
  }
  // Problems in file order, so the report reads top to bottom.
  if (issues.length > 0) throw new ImportError(file, [...issues].sort((a, b) => (a.row ?? 0) - (b.row ?? 0)));
  return {
    catalog: { categories: [...categories.values()], products: out },
    ...(currency ? { currency } : {}),
    warrantyFromTerms,
  };
}
