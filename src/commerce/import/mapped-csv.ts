import { ImportError, MAX_ISSUES, type FeedProduct, type FeedRead, type ImportIssue } from './feed-product.js';
import { attributeKey, plainText, readFlag, readList, readNumber, readPath, readPrice } from './feed-values.js';
import { findColumn, readTable } from './read-table.js';

/**
 * Any CSV, with a column map (`--map "Item No=sku" --map "Colour=attribute.color"`). A column
 * named like a field (sku, name, price, category, ...) maps itself; other columns are ignored
 * unless mapped. Fields: sku, name, description, price, currency, category (a path such as
 * "Outdoor > Tents"), brand, tags, in_stock, rating, warranty_months, attribute.<key>.
 */

export const MAPPABLE_FIELDS = ['sku', 'name', 'description', 'price', 'currency', 'category', 'brand', 'tags', 'in_stock', 'rating', 'warranty_months'] as const;
type Field = (typeof MAPPABLE_FIELDS)[number];

/** Header names a column may have to map itself to a field without --map. */
const ALIASES: ReadonlyMap<Field, string[]> = new Map<Field, string[]>([
  ['sku', ['sku', 'id', 'product id', 'item id', 'code']],
  ['name', ['name', 'title', 'product name']],
  ['description', ['description', 'body', 'details']],
  ['price', ['price', 'unit price']],
  ['currency', ['currency', 'currency code']],
  ['category', ['category', 'product type', 'type', 'category path']],
  ['brand', ['brand', 'vendor', 'manufacturer']],
  ['tags', ['tags', 'keywords']],
  ['in_stock', ['in_stock', 'in stock', 'availability', 'available']],
  ['rating', ['rating']],
  ['warranty_months', ['warranty_months', 'warranty months', 'warranty']],
]);

export interface ColumnMap {
  fields: ReadonlyMap<Field, string>;
  attributes: ReadonlyMap<string, string>;
}

/** Parses `column=field` pairs; a bad pair is a usage error naming it. */
export function parseColumnMap(pairs: readonly string[]): { map: Map<string, string>; errors: string[] } {
  const map = new Map<string, string>();
  const errors: string[] = [];
  for (const pair of pairs) {
    const at = pair.lastIndexOf('=');
    const column = pair.slice(0, Math.max(0, at)).trim();
    const field = pair.slice(at + 1).trim();
    const known = (MAPPABLE_FIELDS as readonly string[]).includes(field) || /^attributes?\.[A-Za-z][\w ]*$/.test(field);
    if (at < 1 || !column || !known) {
      errors.push(`--map "${pair}": use COLUMN=FIELD with FIELD one of ${MAPPABLE_FIELDS.join(', ')} or attribute.<name>`);
      continue;
    }
    map.set(column, field);
  }
  return { map, errors };
}

function resolveColumns(headers: readonly string[], map: ReadonlyMap<string, string>, file: string): ColumnMap {
  const fields = new Map<Field, string>();
  const attributes = new Map<string, string>();
  const issues: ImportIssue[] = [];
  for (const [column, field] of map) {
    const header = findColumn(headers, column);
    if (!header) {
      issues.push({ row: 1, column, message: `--map names column "${column}", which the header does not have (columns: ${headers.join(', ')})` });
      continue;
    }
    if (field.startsWith('attribute')) attributes.set(attributeKey(field.replace(/^attributes?\./, '')), header);
    else fields.set(field as Field, header);
  }
  const mapped = new Set(map.keys());
  for (const [field, aliases] of ALIASES) {
    if (fields.has(field)) continue;
    const header = findColumn(headers, ...aliases);
    if (header && !mapped.has(header)) fields.set(field, header);
  }
  for (const required of ['sku', 'name', 'price', 'category'] as const) {
    if (!fields.has(required)) issues.push({ row: 1, message: `no column for "${required}"; name one with --map COLUMN=${required}` });
  }
  if (issues.length) throw new ImportError(file, issues);
  return { fields, attributes };
}

export function parseMappedCsv(text: string, file: string, map: ReadonlyMap<string, string>): FeedRead {
  const delimiter = (text.split('\n', 1)[0] ?? '').includes('\t') ? '\t' : ',';
  const table = readTable(text, file, delimiter);
  const cols = resolveColumns(table.headers, map, file);
  const issues: ImportIssue[] = [];
  const products: FeedProduct[] = [];
  for (const r of table.rows) {
    if (issues.length >= MAX_ISSUES) break;
    const before = issues.length;
    const col = (f: Field) => cols.fields.get(f);
    const get = (f: Field) => {
      const h = col(f);
      return h ? (r.cells.get(h) ?? '').trim() : '';
    };
    const need = (f: Field) => {
      const v = get(f);
      if (!v) issues.push({ row: r.row, column: col(f)!, message: `is empty; every product needs a ${f}` });
      return v;
    };
    const sku = need('sku');
    const name = need('name');
    const priceRaw = need('price');
    const path = readPath(need('category'));
    const price = priceRaw ? readPrice(priceRaw, r.row, col('price')!, issues) : undefined;
    const currency = get('currency').toUpperCase() || price?.currency;
    if (currency && !/^[A-Z]{3}$/.test(currency)) issues.push({ row: r.row, column: col('currency')!, message: `"${currency}" is not a 3-letter currency code` });
    const stockRaw = get('in_stock');
    const inStock = stockRaw ? readFlag(stockRaw, r.row, col('in_stock')!, issues) : true;
    const ratingRaw = get('rating');
    const rating = ratingRaw ? readNumber(ratingRaw, r.row, col('rating')!, issues, { min: 0, max: 5 }) : undefined;
    const warrantyRaw = get('warranty_months');
    const warrantyMonths = warrantyRaw ? readNumber(warrantyRaw, r.row, col('warranty_months')!, issues, { min: 0, max: 600, integer: true }) : undefined;
    const brand = get('brand');
    const attributes: Record<string, string | number | boolean> = {};
    if (brand) attributes.brand = brand;
    for (const [key, header] of cols.attributes) {
      const v = (r.cells.get(header) ?? '').trim();
      if (v) attributes[key] = v;
    }
    if (issues.length > before || !price) continue;
    products.push({
      row: r.row,
      sku,
      name,
      description: plainText(get('description')) || name,
      price: price.amount,
      ...(currency ? { currency } : {}),
      categoryPath: path,
      ...(brand ? { brand } : {}),
      tags: readList(get('tags')),
      attributes,
      inStock: inStock ?? true,
      ...(rating !== undefined ? { rating } : {}),
      ...(warrantyMonths !== undefined ? { warrantyMonths } : {}),
    });
  }
  return { products, issues, columns: { sku: cols.fields.get('sku')!, price: cols.fields.get('price')! } };
}
