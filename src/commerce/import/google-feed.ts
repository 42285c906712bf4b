import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ImportError, MAX_ISSUES, MAX_PRODUCTS, type FeedProduct, type FeedRead, type ImportIssue } from './feed-product.js';
import { attributeKey, readFlag, readList, readNumber, readPath, readPrice } from './feed-values.js';
import { readTable } from './read-table.js';

/**
 * A Google Merchant Center product feed: tab-separated text with Google's attribute names as the
 * header, or RSS 2.0 / Atom XML with `g:` elements. Prices carry their currency ("15.00 USD");
 * the category is the store's own `product_type` path, else Google's `google_product_category`
 * path. Variants (`item_group_id`) are separate products, as in the feed.
 */

/** Google attributes kept as product attributes (what shoppers ask about). */
const ATTRIBUTES = ['color', 'size', 'material', 'pattern', 'gender', 'age_group', 'condition', 'size_system', 'size_type', 'energy_efficiency_class'];

type Cells = (name: string) => string;

function fromCells(get: Cells, row: number, unit: 'row' | 'item', issues: ImportIssue[]): FeedProduct | undefined {
  const before = issues.length;
  const issue = (column: string, message: string) => issues.push({ row, unit, column, message });
  const sku = get('id');
  const name = get('title');
  if (!sku) issue('id', 'is empty; every product needs an id');
  if (!name) issue('title', 'is empty; every product needs a title');
  const priceRaw = get('price');
  if (!priceRaw) issue('price', 'is empty; every product needs a price such as "15.00 USD"');
  const price = priceRaw ? readPrice(priceRaw, row, 'price', issues) : undefined;
  if (price && !price.currency) issue('price', `"${priceRaw}" has no currency code; Merchant Center prices look like "15.00 USD"`);
  // product_type may list several paths separated by commas; the first is the main one.
  const typePath = readPath(get('product_type').split(',')[0] ?? '');
  const googlePath = readPath(get('google_product_category'));
  const path = typePath.length ? typePath : googlePath.every((s) => /^\d+$/.test(s)) ? [] : googlePath;
  if (!path.length) issue('product_type', 'is empty (and google_product_category gives no name); every product needs a category path such as "Outdoor > Tents"');
  const availability = get('availability');
  const inStock = availability ? readFlag(availability, row, 'availability', issues) : true;
  const brand = get('brand');
  const attributes: Record<string, string | number | boolean> = {};
  if (brand) attributes.brand = brand;
  for (const a of ATTRIBUTES) {
    const v = get(a);
    if (v && !(a === 'condition' && v.toLowerCase() === 'new')) attributes[attributeKey(a)] = v;
  }
  const ratingRaw = get('product_rating') || get('rating');
  const rating = ratingRaw ? readNumber(ratingRaw, row, 'product_rating', issues, { min: 0, max: 5 }) : undefined;
  const warrantyRaw = get('warranty_months');
  const warrantyMonths = warrantyRaw ? readNumber(warrantyRaw, row, 'warranty_months', issues, { min: 0, max: 600, integer: true }) : undefined;
  const tags = readList([get('custom_label_0'), get('custom_label_1'), get('custom_label_2'), get('custom_label_3'), get('custom_label_4')].filter(Boolean).join(','));
  if (issues.length > before || !price) return undefined;
  return {
    row,
    sku,
    name,
    description: get('description') || name,
    price: price.amount,
    ...(price.currency ? { currency: price.currency } : {}),
    categoryPath: path,
    ...(brand ? { brand } : {}),
    tags,
    attributes,
    inStock: inStock ?? true,
    ...(rating !== undefined ? { rating } : {}),
    ...(warrantyMonths !== undefined ? { warrantyMonths } : {}),
  };
}

/** Header names as Google documents them ("Product Type" and "g:product_type" are the same column). */
const googleName = (h: string): string =>
  h
    .trim()
    .replace(/^g:/i, '')
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

function parseTsv(text: string, file: string): FeedRead {
  const table = readTable(text, file, '\t');
  const byName = new Map(table.headers.map((h) => [googleName(h), h]));
  for (const required of ['id', 'title', 'price']) {
    if (!byName.has(required)) throw new ImportError(file, [{ row: 1, column: required, message: `a Merchant Center feed needs an "${required}" column` }]);
  }
  const issues: ImportIssue[] = [];
  const products: FeedProduct[] = [];
  for (const r of table.rows) {
    const get: Cells = (name) => {
      const h = byName.get(name);
      return h ? (r.cells.get(h) ?? '').trim() : '';
    };
    // Errors name the file's own header, not Google's normalised one.
    const mark = issues.length;
    const p = fromCells(get, r.row, 'row', issues);
    for (const i of issues.slice(mark)) if (i.column) i.column = byName.get(i.column) ?? i.column;
    if (p) products.push(p);
    if (issues.length >= MAX_ISSUES) break;
  }
  return { products, issues };
}

function text(v: unknown): string {
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v).trim();
  // An element with attributes keeps its text under "#text".
  if (v && typeof v === 'object' && '#text' in v) return text((v as { '#text': unknown })['#text']);
  if (Array.isArray(v)) return text(v[0]);
  return '';
}

function parseXml(xml: string, file: string): FeedRead {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new ImportError(file, [{ row: valid.err.line, message: `not valid XML: ${valid.err.msg}` }]);
  const parser = new XMLParser({
    removeNSPrefix: true,
    ignoreAttributes: true,
    parseTagValue: false,
    processEntities: true,
    isArray: (name) => name === 'item' || name === 'entry',
  });
  const doc = parser.parse(xml) as { rss?: { channel?: { item?: unknown[] } }; feed?: { entry?: unknown[] } };
  const items = doc.rss?.channel?.item ?? doc.feed?.entry;
  if (!Array.isArray(items)) throw new ImportError(file, [{ message: 'no products: expected an RSS 2.0 feed (<rss><channel><item>) or an Atom feed (<feed><entry>)' }]);
  if (items.length > MAX_PRODUCTS) throw new ImportError(file, [{ message: `has ${items.length} items; at most ${MAX_PRODUCTS} are imported` }]);
  const issues: ImportIssue[] = [];
  const products: FeedProduct[] = [];
  items.forEach((raw, i) => {
    if (issues.length >= MAX_ISSUES) return;
    const item = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
    const fields = new Map(Object.entries(item).map(([k, v]) => [googleName(k), text(v)]));
    const p = fromCells((name) => fields.get(name) ?? '', i + 1, 'item', issues);
    if (p) products.push(p);
  });
  return { products, issues };
}

/** TSV or XML, told apart by the content (an XML feed starts with "<"). */
export function parseGoogleFeed(content: string, file: string): FeedRead {
  const start = content.replace(/^\uFEFF/, '').trimStart();
  return start.startsWith('<') ? parseXml(content, file) : parseTsv(content, file);
}
