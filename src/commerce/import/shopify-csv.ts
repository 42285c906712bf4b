import { ImportError, MAX_ISSUES, type FeedProduct, type ImportIssue } from './feed-product.js';
import { attributeKey, plainText, readFlag, readList, readNumber, readPath, readPrice } from './feed-values.js';
import { findColumn, readTable, type TableRow } from './read-table.js';

/**
 * A Shopify products export (Admin > Products > Export, CSV): one row per variant, grouped by
 * `Handle`. The first row of a handle carries the product's title, description, vendor, type
 * and tags; every row with a price or SKU is a variant, and each variant becomes one catalog
 * product (its option values in the name and attributes). Rows with only an image are skipped,
 * as are draft and archived products.
 */

const OPTION_SLOTS = [1, 2, 3] as const;

interface Columns {
  handle: string;
  title?: string;
  body?: string;
  vendor?: string;
  type?: string;
  category?: string;
  tags?: string;
  sku?: string;
  price?: string;
  qty?: string;
  tracker?: string;
  policy?: string;
  status?: string;
  published?: string;
  warranty?: string;
  rating?: string;
  options: Array<{ name?: string; value?: string }>;
}

function columns(headers: readonly string[], file: string): Columns {
  const handle = findColumn(headers, 'Handle');
  if (!handle) throw new ImportError(file, [{ row: 1, column: 'Handle', message: 'a Shopify products CSV needs a "Handle" column (Admin > Products > Export)' }]);
  // Metafield columns look like "Warranty months (product.metafields.custom.warranty_months)".
  const metafield = (word: RegExp) => headers.find((h) => word.test(h));
  return {
    handle,
    title: findColumn(headers, 'Title'),
    body: findColumn(headers, 'Body (HTML)', 'Body HTML', 'Description'),
    vendor: findColumn(headers, 'Vendor'),
    type: findColumn(headers, 'Type', 'Product Type'),
    category: findColumn(headers, 'Product Category', 'Standard Product Type'),
    tags: findColumn(headers, 'Tags'),
    sku: findColumn(headers, 'Variant SKU'),
    price: findColumn(headers, 'Variant Price', 'Price'),
    qty: findColumn(headers, 'Variant Inventory Qty', 'Inventory Qty'),
    tracker: findColumn(headers, 'Variant Inventory Tracker'),
    policy: findColumn(headers, 'Variant Inventory Policy'),
    status: findColumn(headers, 'Status'),
    published: findColumn(headers, 'Published'),
    warranty: metafield(/warranty/i),
    rating: metafield(/\brating\b/i),
    options: OPTION_SLOTS.map((n) => ({ name: findColumn(headers, `Option${n} Name`), value: findColumn(headers, `Option${n} Value`) })),
  };
}

const cell = (r: TableRow, column: string | undefined): string => (column ? (r.cells.get(column) ?? '').trim() : '');

export interface ShopifyImport {
  products: FeedProduct[];
  /** Problems in rows (the products of those rows are left out); the caller reports them with its own. */
  issues: ImportIssue[];
  skipped: { drafts: number; imageRows: number };
}

export function parseShopifyCsv(text: string, file: string): ShopifyImport {
  const table = readTable(text, file, ',');
  const c = columns(table.headers, file);
  if (!c.price) throw new ImportError(file, [{ row: 1, column: 'Variant Price', message: 'a Shopify products CSV needs a "Variant Price" column' }]);
  const issues: ImportIssue[] = [];
  const groups = new Map<string, TableRow[]>();
  for (const r of table.rows) {
    const handle = cell(r, c.handle);
    if (!handle) {
      issues.push({ row: r.row, column: c.handle, message: 'is empty; every row needs the product handle' });
      continue;
    }
    const list = groups.get(handle);
    if (list) list.push(r);
    else groups.set(handle, [r]);
  }
  const products: FeedProduct[] = [];
  let drafts = 0;
  let imageRows = 0;
  for (const [handle, rows] of groups) {
    const head = rows[0]!;
    const status = cell(head, c.status).toLowerCase();
    const published = cell(head, c.published).toLowerCase();
    if (status === 'draft' || status === 'archived' || published === 'false') {
      drafts++;
      continue;
    }
    const title = cell(head, c.title);
    if (!title) issues.push({ row: head.row, column: c.title ?? 'Title', message: `is empty; the first row of "${handle}" needs the product title` });
    const variants = rows.filter((r) => cell(r, c.price) || cell(r, c.sku) || c.options.some((o) => cell(r, o.value)));
    imageRows += rows.length - variants.length;
    const optionNames = c.options.map((o) => cell(head, o.name));
    const description = plainText(cell(head, c.body)) || title;
    const path = readPath(cell(head, c.type) || cell(head, c.category));
    if (path.length === 0) issues.push({ row: head.row, column: c.type ?? 'Type', message: `is empty; "${handle}" needs a product type (or a Product Category) to file it under` });
    const brand = cell(head, c.vendor);
    const tags = readList(cell(head, c.tags));
    const warrantyRaw = rows.map((r) => cell(r, c.warranty)).find(Boolean);
    const ratingRaw = rows.map((r) => cell(r, c.rating)).find(Boolean);
    const warrantyMonths = warrantyRaw ? readNumber(warrantyRaw, head.row, c.warranty!, issues, { min: 0, max: 600, integer: true }) : undefined;
    const rating = ratingRaw ? readNumber(ratingRaw, head.row, c.rating!, issues, { min: 0, max: 5 }) : undefined;
    variants.forEach((r, i) => {
      const price = readPrice(cell(r, c.price), r.row, c.price!, issues);
      const attributes: Record<string, string | number | boolean> = {};
      if (brand) attributes.brand = brand;
      const values: string[] = [];
      c.options.forEach((o, k) => {
        const name = optionNames[k];
        const value = cell(r, o.value);
        // A product without options exports "Title: Default Title".
        if (!name || !value || (name === 'Title' && value === 'Default Title')) return;
        attributes[attributeKey(name)] = value;
        values.push(value);
      });
      const sku = cell(r, c.sku) || (variants.length > 1 ? `${handle}-${i + 1}` : handle);
      let inStock = true;
      const qtyRaw = cell(r, c.qty);
      const tracked = c.tracker ? cell(r, c.tracker) !== '' : qtyRaw !== '';
      if (tracked && qtyRaw) {
        const qty = readNumber(qtyRaw, r.row, c.qty!, issues, { integer: true });
        const policy = cell(r, c.policy);
        const oversell = policy ? readFlag(policy, r.row, c.policy!, issues) : false;
        inStock = (qty ?? 0) > 0 || oversell === true;
      }
      if (issues.length >= MAX_ISSUES) return;
      if (price === undefined || !title || path.length === 0) return;
      products.push({
        row: r.row,
        sku,
        name: values.length && variants.length > 1 ? `${title} - ${values.join(' / ')}` : title,
        description,
        price: price.amount,
        ...(price.currency ? { currency: price.currency } : {}),
        categoryPath: path,
        ...(brand ? { brand } : {}),
        tags,
        attributes,
        inStock,
        ...(rating !== undefined ? { rating } : {}),
        ...(warrantyMonths !== undefined ? { warrantyMonths } : {}),
      });
    });
    if (issues.length >= MAX_ISSUES) break;
  }
  return { products, issues, skipped: { drafts, imageRows } };
}
