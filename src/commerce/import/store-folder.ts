import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isMap, isSeq, parseDocument, type Document } from 'yaml';
import { stringifyJsonShaped } from '../json-shaped.js';
import { loadOrdersFile, loadStoreData, STORE_FILES } from '../load-store-data.js';
import type { CatalogFile } from '../store-schemas.js';
import { caseExample, skuIdentifierOf, type SkuIdentifier } from './sku-identifier.js';

/**
 * The store folder side of an import: a new folder starts as a copy of the default store's info
 * and policies (rules about categories the new catalog does not have are left out, and no
 * orders), the store's currency follows the feed's, and the new catalog.yaml (JSON-shaped: a
 * product a line, read with JSON.parse) replaces the old one in one rename, only after the
 * whole folder validates with it. A running server watching the folder reloads it like any
 * other edit.
 */

export interface FolderResult {
  created: boolean;
  /** Set when store.yaml's currency was changed to the feed's. */
  currencyChanged?: { from: string; to: string };
  /** Policy rules left out of a new folder's copies (they name the default store's categories). */
  prunedRules: number;
  /** A new folder's SKU shape, read from its catalog (store.yaml identifiers.sku). */
  skuShape?: SkuIdentifier;
}

async function readDoc(file: string): Promise<Document> {
  const doc = parseDocument(await readFile(file, 'utf8'));
  if (doc.errors.length) throw new Error(`${file}: invalid YAML: ${doc.errors[0]!.message.split('\n')[0]}`);
  return doc;
}

/** Removes list entries scoped to a category the new catalog does not have (returns windows, exceptions, warranty terms). */
function pruneCategories(doc: Document, lists: readonly string[], keep: ReadonlySet<string>): number {
  let pruned = 0;
  for (const key of lists) {
    const seq = doc.get(key, true);
    if (!isSeq(seq)) continue;
    seq.items = seq.items.filter((item) => {
      const category = isMap(item) ? item.get('category') : undefined;
      const drop = typeof category === 'string' && !keep.has(category);
      if (drop) pruned++;
      return !drop;
    });
  }
  return pruned;
}

export async function writeStoreFolder(opts: { dir: string; defaultsDir: string; catalog: CatalogFile; currency?: string; header: string }): Promise<FolderResult> {
  const dir = path.resolve(opts.dir);
  const created = !existsSync(path.join(dir, STORE_FILES.store));
  const categories = new Set(opts.catalog.categories.map((c) => c.id));
  const stage = await mkdtemp(path.join(os.tmpdir(), 'store-import-'));
  try {
    let prunedRules = 0;
    // The folder as it will be, staged and validated before anything in `dir` changes.
    const from = created ? opts.defaultsDir : dir;
    const storeDoc = await readDoc(path.join(from, STORE_FILES.store));
    let currencyChanged: FolderResult['currencyChanged'];
    const was = storeDoc.get('currency');
    if (opts.currency && was !== opts.currency) {
      storeDoc.set('currency', opts.currency);
      currencyChanged = { from: String(was), to: opts.currency };
    }
    let skuShape: FolderResult['skuShape'];
    if (created) {
      // The copied info describes the demo's SKUs: a new store's come from its own catalog.
      const derived = skuIdentifierOf(opts.catalog.products.map((p) => p.sku));
      if (derived) {
        storeDoc.setIn(['identifiers', 'sku'], storeDoc.createNode(derived, { flow: true }));
        const orderExample = String(storeDoc.getIn(['identifiers', 'order', 'example']) ?? '');
        for (const kind of ['return', 'claim'] as const) {
          const prefix = storeDoc.getIn(['identifiers', kind, 'prefix']);
          if (typeof prefix === 'string' && orderExample) storeDoc.setIn(['identifiers', kind, 'example'], caseExample(prefix, orderExample, derived.example));
        }
        skuShape = derived;
      }
      // The default store's carriers are not the new store's; its demonstrations use its own orders' or a neutral one.
      storeDoc.delete('shipments');
    }
    // lineWidth 0: a long derived pattern stays on one line, as people write them.
    await writeFile(path.join(stage, STORE_FILES.store), storeDoc.toString({ lineWidth: 0 }));
    if (created) {
      const returns = await readDoc(path.join(from, STORE_FILES.returns));
      prunedRules += pruneCategories(returns, ['windows', 'exceptions', 'nonReturnable'], categories);
      await writeFile(path.join(stage, STORE_FILES.returns), returns.toString());
      const warranty = await readDoc(path.join(from, STORE_FILES.warranty));
      prunedRules += pruneCategories(warranty, ['terms'], categories);
      await writeFile(path.join(stage, STORE_FILES.warranty), warranty.toString());
      await writeFile(path.join(stage, STORE_FILES.orders), '# Orders for the demo order back-end (COMMERCE=demo); see skills/_store/orders.yaml for the format.\norders: []\n');
    } else {
      await copyFile(path.join(dir, STORE_FILES.returns), path.join(stage, STORE_FILES.returns));
      await copyFile(path.join(dir, STORE_FILES.warranty), path.join(stage, STORE_FILES.warranty));
      if (existsSync(path.join(dir, STORE_FILES.orders))) await copyFile(path.join(dir, STORE_FILES.orders), path.join(stage, STORE_FILES.orders));
    }
    // JSON-shaped (JSON is YAML): read with JSON.parse, 100x faster than the YAML parser at 10k products.
    await writeFile(path.join(stage, STORE_FILES.catalog), `${opts.header}\n${stringifyJsonShaped(opts.catalog)}`);
    // Throws a ConfigError naming the file and field when the folder would not load.
    const data = await loadStoreData(stage);
    if (existsSync(path.join(stage, STORE_FILES.orders))) await loadOrdersFile(stage, data.productsBySku, Date.now());

    await mkdir(dir, { recursive: true });
    const names = created ? [STORE_FILES.store, STORE_FILES.returns, STORE_FILES.warranty, STORE_FILES.orders] : currencyChanged ? [STORE_FILES.store] : [];
    // The catalog last: a watcher that reloads on the first change sees policies that already fit it.
    for (const name of [...names, STORE_FILES.catalog]) {
      const tmp = path.join(dir, `.${name}.importing`);
      await copyFile(path.join(stage, name), tmp);
      await rename(tmp, path.join(dir, name));
    }
    return { created, prunedRules, ...(currencyChanged ? { currencyChanged } : {}), ...(skuShape ? { skuShape } : {}) };
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}
