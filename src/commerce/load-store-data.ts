import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument, visit } from 'yaml';
import type { z } from 'zod';
import type { Fulfillment, Order, Product, ShipmentExample } from '../core/commerce.js';
import { configErrorFrom, issuesFromZod, type DataIssue } from './config-issues.js';
import { addDays, DAY_MS } from './day-math.js';
import type { CategoryInfo, StoreData } from './store-types.js';
import { parseJsonShaped } from './json-shaped.js';
import { fastCatalog } from './catalog-fast-check.js';
import { catalogSchema, ordersSchema, returnPolicySchema, storeInfoSchema, warrantyTermsSchema, type OrdersFile } from './store-schemas.js';

/** The store folder's files. orders.yaml belongs to the demo order back-end only. */
export const STORE_FILES = {
  store: 'store.yaml',
  catalog: 'catalog.yaml',
  returns: 'returns-policy.yaml',
  warranty: 'warranty-terms.yaml',
  orders: 'orders.yaml',
} as const;

/** Paths in errors relative to the working directory when that is shorter, so a log line points at the file. */
function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

async function readYaml(file: string, display: string, issues: DataIssue[]): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    issues.push({ file: display, message: `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` });
    return undefined;
  }
  // A JSON-shaped file (large imported catalogs) skips the much slower YAML parser.
  const json = parseJsonShaped(text);
  if (json !== undefined) return json;
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    for (const e of doc.errors) issues.push({ file: display, message: `invalid YAML: ${e.message.split('\n')[0]}` });
    return undefined;
  }
  // Digits a number cannot hold as written ("00123", twenty digits) are an identifier's text:
  // keep them as written rather than as a changed number (store-schemas.ts reads the rest back).
  visit(doc, {
    Scalar(_key, node) {
      if (node.type === 'PLAIN' && typeof node.value === 'number' && node.source !== undefined && /^\d+$/.test(node.source) && String(node.value) !== node.source) node.value = node.source;
    },
  });
  return doc.toJS();
}

function validate<S extends z.ZodType>(schema: S, value: unknown, display: string, issues: DataIssue[]): z.output<S> | undefined {
  if (value === undefined) return undefined;
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    issues.push(...issuesFromZod(display, parsed.error));
    return undefined;
  }
  return parsed.data;
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

function resolveOrders(file: OrdersFile, products: ReadonlyMap<string, Product>, now: number, display: string, issues: DataIssue[]): Order[] {
  const seen = new Map<string, number>();
  const orders: Order[] = [];
  file.orders.forEach((o, i) => {
    const dup = seen.get(o.id);
    if (dup !== undefined) issues.push({ file: display, field: `orders[${i}].id`, message: `duplicate order id ${o.id} (also orders[${dup}])` });
    seen.set(o.id, i);
    const items = o.items.flatMap((item, j) => {
      const product = products.get(item.sku);
      if (!product) {
        issues.push({ file: display, field: `orders[${i}].items[${j}].sku`, message: `unknown SKU ${item.sku} (not in catalog.yaml)` });
        return [];
      }
      return [
        {
          sku: item.sku,
          name: product.name,
          quantity: item.quantity,
          unitPrice: item.unitPrice ?? product.price,
          ...(item.opened !== undefined ? { opened: item.opened } : {}),
          ...(item.onSale !== undefined ? { onSale: item.onSale } : {}),
          ...(item.returned !== undefined ? { returned: item.returned } : {}),
          category: product.category,
        },
      ];
    });
    // Noon UTC keeps "N days ago" on the same calendar day whatever time the process starts.
    const today = Math.floor(now / DAY_MS) * DAY_MS + DAY_MS / 2;
    const ago = (d: number | undefined): string | null => (d === undefined ? null : new Date(addDays(today, -d)).toISOString());
    const deliveredAt = ago(o.deliveredDaysAgo);
    const fulfillments: Fulfillment[] = o.shipment
      ? [
          {
            status: o.status === 'delivered' || o.status === 'returned' ? 'delivered' : 'in_transit',
            carrier: o.shipment.carrier,
            trackingNumber: o.shipment.trackingNumber,
            trackingUrl: o.shipment.trackingUrl ?? null,
            shippedAt: ago(o.shipment.shippedDaysAgo),
            deliveredAt,
            skus: items.map((i) => i.sku),
          },
        ]
      : [];
    orders.push({
      id: o.id,
      ...(o.customer.id !== undefined ? { customerId: o.customer.id } : {}),
      customerName: o.customer.name,
      customerEmail: o.customer.email,
      placedAt: ago(o.placedDaysAgo)!,
      deliveredAt,
      status: o.status,
      items,
      total: round2(items.reduce((sum, it) => sum + it.unitPrice * it.quantity, 0)),
      fulfillments,
      expectedDelivery: o.status === 'shipped' && o.shipment?.expectedInDays !== undefined ? ago(-o.shipment.expectedInDays)!.slice(0, 10) : null,
    });
  });
  return orders;
}

/** Language names for store.yaml `language`'s message ("nl" is Dutch, "xx" is no language). */
let languageNames: Intl.DisplayNames | undefined;

/**
 * store.yaml `language` against the locale packs there are: the field names a pack (LOCALES_DIR),
 * else it would do nothing and say nothing. A pack without a Snowball stemmer is fine (its
 * catalog is read without one, as a store without the field).
 */
export function catalogLanguageIssue(language: string, packs: ReadonlySet<string>): string | null {
  if (packs.has(language)) return null;
  const known = [...packs].sort().join(', ');
  languageNames ??= new Intl.DisplayNames('en', { type: 'language', fallback: 'none' });
  const name = languageNames.of(language);
  return name === undefined
    ? `"${language}" is not a language code (locale packs: ${known})`
    : `no locale pack for "${language}" (${name}): add ${language}.yaml to the locale packs or use one of ${known}`;
}

export interface LoadStoreOptions {
  /**
   * The languages there are locale packs for (LOCALES_DIR): store.yaml `language` must be one of
   * them. Not given (no packs known: tools, tests): the field is not checked.
   */
  packLanguages?: ReadonlySet<string>;
}

/**
 * Reads and validates the store folder's four files (store info, catalog, returns policy,
 * warranty terms) and cross-checks them (unknown categories and SKUs, duplicates, a catalog
 * language without a locale pack). Throws one ConfigError naming the file, the field and the reason.
 */
export async function loadStoreData(dir: string, opts: LoadStoreOptions = {}): Promise<StoreData> {
  const issues: DataIssue[] = [];
  const file = (name: string) => ({ abs: path.join(dir, name), display: displayPath(path.join(dir, name)) });
  const f = {
    store: file(STORE_FILES.store),
    catalog: file(STORE_FILES.catalog),
    returns: file(STORE_FILES.returns),
    warranty: file(STORE_FILES.warranty),
  };
  const [storeRaw, catalogRaw, returnsRaw, warrantyRaw] = await Promise.all([
    readYaml(f.store.abs, f.store.display, issues),
    readYaml(f.catalog.abs, f.catalog.display, issues),
    readYaml(f.returns.abs, f.returns.display, issues),
    readYaml(f.warranty.abs, f.warranty.display, issues),
  ]);
  const info = validate(storeInfoSchema, storeRaw, f.store.display, issues);
  // A valid catalog skips zod's walk of every row; anything else gets zod's issues.
  const catalog = fastCatalog(catalogRaw) ?? validate(catalogSchema, catalogRaw, f.catalog.display, issues);
  const policy = validate(returnPolicySchema, returnsRaw, f.returns.display, issues);
  const warranty = validate(warrantyTermsSchema, warrantyRaw, f.warranty.display, issues);
  if (info?.language !== undefined && opts.packLanguages && opts.packLanguages.size > 0) {
    const why = catalogLanguageIssue(info.language, opts.packLanguages);
    if (why) issues.push({ file: f.store.display, field: 'language', message: why });
  }
  if (!info || !catalog || !policy || !warranty) throw configErrorFrom(issues);
  // Catalog: unique SKUs; categories declared when a categories list is given.
  const productsBySku = new Map<string, Product>();
  catalog.products.forEach((p, i) => {
    if (productsBySku.has(p.sku)) issues.push({ file: f.catalog.display, field: `products[${i}].sku`, message: `duplicate SKU ${p.sku}` });
    productsBySku.set(p.sku, { ...p, ...(p.rating === undefined ? {} : { rating: p.rating }) });
  });
  const declared = new Map(catalog.categories.map((c) => [c.id, c]));
  const categories: CategoryInfo[] = [];
  for (const p of catalog.products) {
    if (categories.some((c) => c.id === p.category)) continue;
    const d = declared.get(p.category);
    categories.push({ id: p.category, label: d?.label ?? p.category.replace(/_/g, ' '), words: d?.words ?? [], ...(d?.labels ? { labels: { ...d.labels } } : {}) });
  }
  if (declared.size > 0) {
    catalog.products.forEach((p, i) => {
      if (!declared.has(p.category)) {
        issues.push({ file: f.catalog.display, field: `products[${i}].category`, message: `unknown category ${p.category} (add it under categories)` });
      }
    });
  }
  const known = new Set(categories.map((c) => c.id));
  const knownList = [...known].join(', ');
  const checkCategory = (display: string, field: string, category: string | undefined) => {
    if (category !== undefined && !known.has(category)) issues.push({ file: display, field, message: `unknown category ${category} (catalog categories: ${knownList})` });
  };
  const checkSku = (display: string, field: string, sku: string | undefined) => {
    if (sku !== undefined && !productsBySku.has(sku)) issues.push({ file: display, field, message: `unknown SKU ${sku} (not in catalog.yaml)` });
  };
  policy.windows.forEach((w, i) => checkCategory(f.returns.display, `windows[${i}].category`, w.category));
  policy.exceptions.forEach((e, i) => {
    checkCategory(f.returns.display, `exceptions[${i}].category`, e.category);
    checkSku(f.returns.display, `exceptions[${i}].sku`, e.sku);
  });
  policy.nonReturnable.forEach((e, i) => {
    checkCategory(f.returns.display, `nonReturnable[${i}].category`, e.category);
    checkSku(f.returns.display, `nonReturnable[${i}].sku`, e.sku);
  });
  warranty.terms.forEach((t, i) => checkCategory(f.warranty.display, `terms[${i}].category`, t.category));

  if (issues.length > 0) throw configErrorFrom(issues);
  const shipments = info.shipments ?? (await shipmentsFromOrders(dir));

  return {
    info: { ...info, shipments },
    categories,
    products: [...productsBySku.values()],
    productsBySku,
    policy,
    warranty,
  };
}

const MAX_SHIPMENT_EXAMPLES = 20;

/**
 * Example shipments for demonstrations from the demo back-end's orders.yaml, when the folder has
 * one: each carrier's first shipment, then further ones, so demonstrations can show several
 * carriers. A missing or broken file gives none (the order back-end reports it).
 */
async function shipmentsFromOrders(dir: string): Promise<ShipmentExample[]> {
  const quiet: DataIssue[] = [];
  const abs = path.join(dir, STORE_FILES.orders);
  let raw: unknown;
  try {
    await access(abs);
    raw = await readYaml(abs, abs, quiet);
  } catch {
    return [];
  }
  const parsed = ordersSchema.safeParse(raw);
  if (!parsed.success) return [];
  const all: ShipmentExample[] = [];
  for (const o of parsed.data.orders) {
    const s = o.shipment;
    if (s) all.push({ carrier: s.carrier, trackingNumber: s.trackingNumber, ...(s.trackingUrl ? { trackingUrl: s.trackingUrl } : {}) });
  }
  const firsts = all.filter((s, i) => all.findIndex((t) => t.carrier === s.carrier) === i);
  const rest = all.filter((s) => !firsts.includes(s));
  return [...firsts, ...rest].slice(0, MAX_SHIPMENT_EXAMPLES);
}

/** The demo back-end's orders.yaml, validated against the catalog, with relative dates resolved against `now`. */
export async function loadOrdersFile(dir: string, productsBySku: ReadonlyMap<string, Product>, now: number): Promise<Order[]> {
  const issues: DataIssue[] = [];
  const abs = path.join(dir, STORE_FILES.orders);
  const display = displayPath(abs);
  const raw = await readYaml(abs, display, issues);
  const file = validate(ordersSchema, raw, display, issues);
  if (!file) throw configErrorFrom(issues);
  const orders = resolveOrders(file, productsBySku, now, display, issues);
  if (issues.length > 0) throw configErrorFrom(issues);
  return orders;
}
