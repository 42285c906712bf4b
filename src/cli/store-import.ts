import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ImportError } from '../commerce/import/feed-product.js';
import { IMPORT_FORMATS, importFeed, type ImportFormat } from '../commerce/import/import-feed.js';
import { parseColumnMap } from '../commerce/import/mapped-csv.js';
import { ConfigError } from '../core/errors.js';

/**
 * `npm run store:import -- --format shopify-csv|google-feed|csv --out DIR FILE [--map column=field ...]`
 *
 * Turns a product feed into the catalog of the store folder DIR (a new DIR starts with copies
 * of the default store's info and policies), so `STORE_DIR=DIR npm start` serves it.
 */

export const STORE_IMPORT_USAGE = `Usage: npm run store:import -- --format shopify-csv|google-feed|csv --out DIR FILE [--map COLUMN=FIELD ...] [--currency CODE]

  --format shopify-csv   a Shopify products export: one row per variant, grouped by Handle
           google-feed   a Google Merchant Center feed, TSV or XML (RSS 2.0 / Atom with g: elements)
           csv           any CSV (or TSV); columns named like fields map themselves, others with --map
  --out DIR              the store folder; created with copies of the default store's info and policies
  --map COLUMN=FIELD     (csv) FIELD: sku, name, description, price, currency, category, brand, tags,
                         in_stock, rating, warranty_months, attribute.<name>
  --currency CODE        the prices' currency when the feed does not say (Shopify exports); default: the store's

Re-importing replaces the catalog; a server with STORE_DIR=DIR picks it up live.`;

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface StoreImportIo {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
  cwd?: string;
  /** The default store folder (tests); else SKILLS_DIR/_store. */
  defaultsDir?: string;
  env?: Record<string, string | undefined>;
}

export async function run(argv: string[], io: StoreImportIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  let values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      options: {
        format: { type: 'string' },
        out: { type: 'string' },
        map: { type: 'string', multiple: true },
        currency: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: true,
    }));
  } catch (err) {
    io.stderr.write(`store:import: ${(err as Error).message}\n\n${STORE_IMPORT_USAGE}\n`);
    return 2;
  }
  if (values.help) {
    io.stdout.write(`${STORE_IMPORT_USAGE}\n`);
    return 0;
  }
  const problems: string[] = [];
  if (!values.format || !(IMPORT_FORMATS as readonly string[]).includes(values.format)) problems.push(`--format must be one of ${IMPORT_FORMATS.join(', ')}`);
  if (!values.out) problems.push('--out DIR is required');
  if (positionals.length !== 1) problems.push(`give exactly one FILE to import (got ${positionals.length})`);
  if (values.currency !== undefined && !/^[A-Z]{3}$/.test(values.currency)) problems.push(`--currency must be a 3-letter ISO code such as CAD, got "${values.currency}"`);
  const { map, errors } = parseColumnMap(values.map ?? []);
  problems.push(...errors);
  if (values.map?.length && values.format !== 'csv') problems.push('--map applies to --format csv only');
  if (problems.length) {
    io.stderr.write(`store:import: ${problems.join('\nstore:import: ')}\n\n${STORE_IMPORT_USAGE}\n`);
    return 2;
  }
  const cwd = io.cwd ?? process.cwd();
  const env = io.env ?? process.env;
  const skillsDir = path.resolve(ROOT, env.SKILLS_DIR ?? 'skills');
  try {
    const summary = await importFeed({
      format: values.format as ImportFormat,
      file: path.resolve(cwd, positionals[0]!),
      out: path.resolve(cwd, values.out!),
      defaultsDir: io.defaultsDir ?? path.join(skillsDir, '_store'),
      map,
      ...(values.currency ? { currency: values.currency } : {}),
    });
    const lines = [
      `${summary.created ? 'created' : 'updated'} ${values.out}: ${summary.products} products in ${summary.categories.length} categories${summary.currency ? `, prices in ${summary.currency}` : ''}`,
      ...summary.categories.map((c) => `  ${c.id}: ${c.products}`),
    ];
    if (summary.currencyChanged) lines.push(`store.yaml currency: ${summary.currencyChanged.from} -> ${summary.currencyChanged.to} (the feed's)`);
    if (summary.warrantyFromTerms) lines.push(`${summary.warrantyFromTerms} products without warranty months got their category's (warranty-terms.yaml) or the default`);
    if (summary.skipped?.drafts) lines.push(`${summary.skipped.drafts} draft or archived products skipped`);
    if (summary.prunedRules) lines.push(`${summary.prunedRules} policy rules of the default store's categories left out of the new folder; add rules for the new categories to returns-policy.yaml and warranty-terms.yaml`);
    if (summary.skuShape) lines.push(`store.yaml identifiers.sku: read from the catalog (codes like ${summary.skuShape.example})`);
    if (summary.created) lines.push(`serve it with: STORE_DIR=${values.out} npm start  (edit store.yaml: name, contacts, identifiers)`);
    io.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } catch (err) {
    if (err instanceof ImportError || err instanceof ConfigError) {
      io.stderr.write(`store:import: ${err.message.split('\n').join('\nstore:import: ')}\n`);
      return 1;
    }
    throw err;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  run(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`store:import: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
