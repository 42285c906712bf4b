import { createHash } from 'node:crypto';
import { parseEnv } from '../config/config.js';
import { silentLogger } from '../core/logger.js';
import { start } from '../main.js';
import { createProductSearch } from '../commerce/product-search.js';
import type { StoreCommerce } from '../commerce/store-commerce.js';
import { storeVocabularyOf } from '../vocabulary/load-vocabulary.js';
import { generateCatalog, loadBaseCatalog, loadCatalogWords } from './catalog-generator.js';
import { defaultDataPaths, loadEvalMessages } from './eval-messages.js';

/**
 * What a store folder's catalog builds, as hashes: the store vocabulary, the catalog terms,
 * product search's full results for a fixed set of queries, and the router's classifications
 * of the eval messages. A change to how the catalog is read or indexed (issue 20.4's start-up
 * work) must leave them identical: run it in both checkouts on the same folders and diff.
 *
 *   npx tsx src/bench/catalog-fingerprint.ts skills/_store examples/stores/northbound /tmp/store-10k
 *
 * (a generated folder: src/bench/catalog-generator.ts writeGeneratedStore; the messages are the
 * bench's eval files, BENCH_DATA_DIR). The router's
 * version is left out: it hashes the skill files' absolute paths, which differ between checkouts.
 */
const hash = (x: unknown): string =>
  createHash('sha1')
    .update(JSON.stringify(x, (_k, v: unknown) => (v instanceof Set ? [...(v as Set<unknown>)] : v instanceof Map ? [...(v as Map<unknown, unknown>)] : v)))
    .digest('hex');

async function fingerprint(storeDir: string, queries: readonly string[]): Promise<Record<string, string>> {
  const running = await start(
    parseEnv({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', SKILLS_WATCH: 'false', STORE_DIR: storeDir, CATALOG_SYNC_MINUTES: '0' }),
    { logger: silentLogger, defaultMetrics: false },
  );
  try {
    const { commerce, router, skills } = running.composed;
    const catalog = commerce as typeof commerce & Pick<StoreCommerce, 'products' | 'categoryInfo'>;
    const products = catalog.products();
    const categories = catalog.categoryInfo();
    const messages = (loadEvalMessages(defaultDataPaths(), [...skills.current().skills.keys()])?.messages ?? []).map((m) => m.text);
    // The store's own queries: category labels, and names, last words and tags of a spread of its products.
    const step = Math.max(1, Math.floor(products.length / 300));
    const own = products.filter((_, i) => i % step === 0).flatMap((p) => [p.name, `${p.name.split(' ').pop() ?? ''} under 50`, p.tags.join(' ')]);
    const results = [];
    for (const text of [...queries, ...categories.map((c) => c.label), ...own]) {
      const r = await commerce.findProducts({ text });
      results.push([text, r.match, r.hits.map((h) => [h.product.sku, h.score, h.matched, h.match]), r.nearestCategories, r.unmatched, r.outsideBudget.map((h) => h.product.sku)]);
    }
    return {
      vocabulary: hash(storeVocabularyOf(commerce)),
      catalogTerms: hash(createProductSearch(products, categories, { currency: commerce.storeInfo().currency }).terms),
      search: `${results.length} queries ${hash(results)}`,
      router: `${messages.length} messages ${hash(messages.map((m) => router.classify(m)))}`,
    };
  } finally {
    await running.stop();
  }
}

async function main(): Promise<void> {
  const dirs = process.argv.slice(2);
  if (dirs.length === 0) throw new Error('usage: catalog-fingerprint.ts STORE_DIR...');
  const queries = generateCatalog(await loadCatalogWords(), await loadBaseCatalog(), 3000).queries.slice(0, 400);
  queries.push('kettel', 'blendr for smoothies', 'tent -10', 'noise cancelling headphones');
  for (const dir of dirs) process.stdout.write(`${dir}\n${Object.entries(await fingerprint(dir, queries)).map(([k, v]) => `  ${k}: ${v}`).join('\n')}\n`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
