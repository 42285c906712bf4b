import { ownValue } from '../core/own-keys.js';
import { LOWER_SNAKE, SKU_SHAPE, type CatalogFile } from './store-schemas.js';

/**
 * catalog.yaml's schema (store-schemas.ts catalogSchema) as plain checks, for the common case
 * of a valid catalog: zod walked 100,000 products in about 0.8 s of a start-up. It says only
 * "valid, and here is what zod would return" or "ask zod": anything it does not accept for
 * certain (a wrong type, an unknown key, an unusual value) returns undefined, and the caller
 * validates with zod, whose issues name the file, the row and the field. So the rules here
 * may be stricter than the schema's, never looser, and the output is zod's: strings trimmed,
 * defaults filled in, keys in the schema's order.
 */

type Row = Record<string, unknown>;
type Product = CatalogFile['products'][number];
type Category = CatalogFile['categories'][number];

export const PRODUCT_KEYS = new Set(['sku', 'name', 'category', 'price', 'description', 'attributes', 'tags', 'warrantyMonths', 'inStock', 'rating']);
export const CATEGORY_KEYS = new Set(['id', 'label', 'words', 'labels']);
export const CATALOG_KEYS = new Set(['categories', 'products']);

const isRow = (v: unknown): v is Row => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/** Only known keys, each an own enumerable property (what zod's strict object allows). */
function onlyKeys(row: Row, allowed: ReadonlySet<string>): boolean {
  for (const k in row) if (!allowed.has(k) || !Object.hasOwn(row, k)) return false;
  return true;
}

/** zod's `z.string().trim().min(1)`: the trimmed text, or undefined. */
function nonEmpty(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  return t.length > 0 ? t : undefined;
}

/** An array of non-empty texts, trimmed; absent is the schema's default []. */
function texts(v: unknown): string[] | undefined {
  if (v === undefined) return [];
  if (!Array.isArray(v)) return undefined;
  const out = new Array<string>(v.length);
  for (let i = 0; i < v.length; i++) {
    const t = nonEmpty(v[i]);
    if (t === undefined) return undefined;
    out[i] = t;
  }
  return out;
}

const finiteAtLeast0 = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

function attributes(v: unknown): Product['attributes'] | undefined {
  if (!isRow(v)) return undefined;
  const out: Product['attributes'] = {};
  for (const k in v) {
    if (!Object.hasOwn(v, k) || !LOWER_SNAKE.test(k)) return undefined;
    const x = ownValue(v, k);
    if (typeof x === 'string' || typeof x === 'boolean' || (typeof x === 'number' && Number.isFinite(x))) out[k] = x;
    else return undefined;
  }
  return out;
}

function product(v: unknown): Product | undefined {
  if (!isRow(v) || !onlyKeys(v, PRODUCT_KEYS)) return undefined;
  const { sku, price, warrantyMonths, inStock, rating } = v;
  if (typeof sku !== 'string' || !SKU_SHAPE.test(sku)) return undefined;
  const name = nonEmpty(v.name);
  const category = v.category;
  if (name === undefined || typeof category !== 'string' || !LOWER_SNAKE.test(category) || !finiteAtLeast0(price)) return undefined;
  const description = nonEmpty(v.description);
  const attrs = attributes(v.attributes);
  const tags = texts(v.tags);
  if (description === undefined || attrs === undefined || tags === undefined) return undefined;
  if (typeof warrantyMonths !== 'number' || !Number.isSafeInteger(warrantyMonths) || warrantyMonths < 0 || typeof inStock !== 'boolean') return undefined;
  if (rating === undefined) return Object.hasOwn(v, 'rating') ? undefined : { sku, name, category, price, description, attributes: attrs, tags, warrantyMonths, inStock };
  if (!finiteAtLeast0(rating) || rating > 5) return undefined;
  return { sku, name, category, price, description, attributes: attrs, tags, warrantyMonths, inStock, rating };
}

function category(v: unknown): Category | undefined {
  if (!isRow(v) || !onlyKeys(v, CATEGORY_KEYS)) return undefined;
  const label = nonEmpty(v.label);
  const words = texts(v.words);
  if (typeof v.id !== 'string' || !LOWER_SNAKE.test(v.id) || label === undefined || words === undefined) return undefined;
  if (v.labels === undefined) return Object.hasOwn(v, 'labels') ? undefined : { id: v.id, label, words };
  const labels = languageLabels(v.labels);
  return labels ? { id: v.id, label, words, labels } : undefined;
}

const LANGUAGE = /^[a-z]{2,3}$/;

/** A category's `labels`: language code to a non-empty label, trimmed. */
function languageLabels(v: unknown): Category['labels'] | undefined {
  if (!isRow(v)) return undefined;
  const out: Record<string, string> = {};
  for (const k in v) {
    if (!Object.hasOwn(v, k) || !LANGUAGE.test(k)) return undefined;
    const t = nonEmpty(ownValue(v, k));
    if (t === undefined) return undefined;
    out[k] = t;
  }
  return out;
}

/** What `catalogSchema.parse(value)` returns when it is certainly valid; undefined: validate with zod. */
export function fastCatalog(value: unknown): CatalogFile | undefined {
  if (!isRow(value) || !onlyKeys(value, CATALOG_KEYS)) return undefined;
  const rawCategories = value.categories === undefined ? [] : value.categories;
  const rawProducts = value.products;
  if (!Array.isArray(rawCategories) || !Array.isArray(rawProducts) || rawProducts.length === 0) return undefined;
  const categories = new Array<Category>(rawCategories.length);
  for (let i = 0; i < rawCategories.length; i++) {
    const c = category(rawCategories[i]);
    if (!c) return undefined;
    categories[i] = c;
  }
  const products = new Array<Product>(rawProducts.length);
  for (let i = 0; i < rawProducts.length; i++) {
    const p = product(rawProducts[i]);
    if (!p) return undefined;
    products[i] = p;
  }
  return { categories, products };
}
