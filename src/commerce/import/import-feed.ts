import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { STORE_FILES } from '../load-store-data.js';
import { warrantyTermsSchema } from '../store-schemas.js';
import { buildCatalog } from './build-catalog.js';
import { ImportError, type FeedRead } from './feed-product.js';
import { parseGoogleFeed } from './google-feed.js';
import { parseMappedCsv } from './mapped-csv.js';
import { parseShopifyCsv } from './shopify-csv.js';
import { writeStoreFolder, type FolderResult } from './store-folder.js';

export const IMPORT_FORMATS = ['shopify-csv', 'google-feed', 'csv'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export interface ImportOptions {
  format: ImportFormat;
  file: string;
  out: string;
  /** The default store folder a new one is copied from (skills/_store). */
  defaultsDir: string;
  /** `--map column=field` pairs for the csv format. */
  map?: ReadonlyMap<string, string>;
  /** The prices' currency when the feed does not say (Shopify exports); else store.yaml's stays. */
  currency?: string;
  /** Max file size in bytes (a feed is outside data). */
  maxBytes?: number;
}

export interface ImportSummary extends FolderResult {
  products: number;
  categories: Array<{ id: string; products: number }>;
  currency: string | undefined;
  warrantyFromTerms: number;
  skipped?: { drafts: number; imageRows: number };
}

const DEFAULT_MAX_BYTES = 200 * 1024 * 1024;

/** Column names errors cite for SKU and price, per format. */
const COLUMNS: Record<ImportFormat, { sku: string; price: string }> = {
  'shopify-csv': { sku: 'Variant SKU', price: 'Variant Price' },
  'google-feed': { sku: 'id', price: 'price' },
  csv: { sku: 'sku', price: 'price' },
};

/** Reads the feed, builds the catalog and writes the store folder; throws ImportError (row, column) or ConfigError (store files). */
export async function importFeed(opts: ImportOptions): Promise<ImportSummary> {
  const display = path.relative(process.cwd(), opts.file) || opts.file;
  let content: string;
  try {
    const buf = await readFile(opts.file);
    if (buf.length > (opts.maxBytes ?? DEFAULT_MAX_BYTES)) throw new ImportError(display, [{ message: `is ${buf.length} bytes; at most ${opts.maxBytes ?? DEFAULT_MAX_BYTES} are imported` }]);
    content = buf.toString('utf8');
  } catch (err) {
    if (err instanceof ImportError) throw err;
    throw new ImportError(display, [{ message: `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` }]);
  }
  let read: FeedRead;
  let skipped: ImportSummary['skipped'];
  if (opts.format === 'shopify-csv') {
    const r = parseShopifyCsv(content, display);
    read = r;
    skipped = r.skipped;
  } else if (opts.format === 'google-feed') {
    read = parseGoogleFeed(content, display);
  } else {
    read = parseMappedCsv(content, display, opts.map ?? new Map());
  }
  let products = read.products;
  if (opts.currency) products = products.map((p) => (p.currency ? p : { ...p, currency: opts.currency }));

  const existing = existsSync(path.join(opts.out, STORE_FILES.warranty)) ? opts.out : opts.defaultsDir;
  const warrantyFile = path.join(existing, STORE_FILES.warranty);
  const warranty = warrantyTermsSchema.safeParse(parseDocument(await readFile(warrantyFile, 'utf8')).toJS());
  const terms = warranty.success ? warranty.data : { defaultMonths: 12, terms: [] };
  const built = buildCatalog(products, terms, display, read.columns ?? COLUMNS[opts.format], read.issues);
  const header = `# Imported by \`npm run store:import -- --format ${opts.format}\` from ${path.basename(opts.file)}.\n# Re-importing replaces this file; edit the feed, or the store's policies, not this file.`;
  const folder = await writeStoreFolder({ dir: opts.out, defaultsDir: opts.defaultsDir, catalog: built.catalog, ...(built.currency ? { currency: built.currency } : {}), header });
  const counts = new Map<string, number>();
  for (const p of built.catalog.products) counts.set(p.category, (counts.get(p.category) ?? 0) + 1);
  return {
    ...folder,
    products: built.catalog.products.length,
    categories: [...counts].map(([id, n]) => ({ id, products: n })),
    currency: built.currency,
    warrantyFromTerms: built.warrantyFromTerms,
    ...(skipped ? { skipped } : {}),
  };
}
