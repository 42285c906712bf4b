import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadStoreData } from '../commerce/load-store-data.js';
import { exited, forkTs, nextMessage } from './child.js';
import { run as storeImport } from '../cli/store-import.js';
import { DEFAULT_STORE_DIR, generateCatalog, loadBaseCatalog, loadCatalogWords, writeGeneratedCsv, writeGeneratedStore } from './catalog-generator.js';
import type { CatalogRun, CatalogSection } from './results-schema.js';
import { round } from './stats.js';

export interface CatalogBenchOptions {
  /** Catalog sizes in products (the shipped store is always measured too, as the baseline). */
  sizes: number[];
  /** Sizes up to this are also loaded once as block YAML (a hand-written catalog; `npm run store:import` writes JSON-shaped YAML), for comparison. */
  yamlUpTo: number;
  /** Sizes up to this are also imported from a CSV feed with `npm run store:import -- --format csv` (timed in this process). */
  importUpTo: number;
  /** Customer messages for the per-message routing cost. */
  messages: readonly string[];
  minMs: number;
  /** Search queries per size (the same set for every size). */
  queries: number;
  log: (line: string) => void;
}

interface ChildResult {
  products: number;
  categories: number;
  loadMs: number;
  startMs: number;
  coldStartMs: number;
  trainMs: number;
  searchP50Us: number;
  searchP99Us: number;
  searchFirstP50Us: number;
  searchFirstP99Us: number;
  searches: number;
  routeUsPerMessage: number;
  routePairedRatio: number | null;
  rssMb: number;
  heapUsedMb: number;
}

async function measureStore(storeDir: string, queries: string[], messages: readonly string[], minMs: number, pairedStoreDir?: string): Promise<ChildResult> {
  const child = forkTs('catalog-process.ts', { BENCH_CATALOG: JSON.stringify({ storeDir, queries, messages, minMs, pairedStoreDir }) }, ['--expose-gc']);
  try {
    return await nextMessage<ChildResult & { type: 'result' }>(child, ['result'], 600_000);
  } finally {
    await exited(child, 60_000);
  }
}

/** Milliseconds to load (read + parse + validate) a store folder, in this process. */
async function timeLoad(dir: string): Promise<number> {
  const t = performance.now();
  await loadStoreData(dir);
  return performance.now() - t;
}

/**
 * Issue 20.4: generated catalogs of growing size (src/bench/catalog-generator.ts), each in its
 * own store folder and measured in a fresh app process: catalog load, start-up, router
 * training, product search p50/p99, routing CPU per message and RSS, against the shipped store
 * measured the same way in the same run.
 */
export async function runCatalogBench(opts: CatalogBenchOptions): Promise<CatalogSection> {
  const words = await loadCatalogWords();
  const base = await loadBaseCatalog();
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'switchboard-catalog-'));
  const runs: CatalogRun[] = [];
  try {
    const all = generateCatalog(words, base, Math.max(...opts.sizes));
    // One fixed query set for every size (drawn from the largest catalog's products), so p50/p99 compare like with like.
    const queries = all.queries.filter((_, i) => i % Math.max(1, Math.floor(all.queries.length / opts.queries)) === 0).slice(0, opts.queries);
    const add = (size: number | 'shipped', r: ChildResult, fileMb: number | null, yamlLoadMs: number | null, genMs: number | null, importMs: number | null = null) => {
      const run: CatalogRun = {
        size: size === 'shipped' ? 'shipped' : String(size),
        products: r.products,
        categories: r.categories,
        fileMb: fileMb === null ? null : round(fileMb, 2),
        generateMs: genMs === null ? null : Math.round(genMs),
        loadMs: Math.round(r.loadMs),
        yamlLoadMs: yamlLoadMs === null ? null : Math.round(yamlLoadMs),
        importMs: importMs === null ? null : Math.round(importMs),
        startMs: Math.round(r.startMs),
        coldStartMs: Math.round(r.coldStartMs),
        trainMs: round(r.trainMs, 1) ?? 0,
        searchP50Us: round(r.searchP50Us, 1) ?? 0,
        searchP99Us: round(r.searchP99Us, 1) ?? 0,
        searchFirstP50Us: round(r.searchFirstP50Us, 1) ?? 0,
        searchFirstP99Us: round(r.searchFirstP99Us, 1) ?? 0,
        searches: r.searches,
        routeUsPerMessage: round(r.routeUsPerMessage, 1) ?? 0,
        routePairedRatio: r.routePairedRatio === null ? null : round(r.routePairedRatio, 3),
        rssMb: round(r.rssMb, 1) ?? 0,
        heapUsedMb: round(r.heapUsedMb, 1) ?? 0,
      };
      runs.push(run);
      opts.log(
        `  ${run.size}: ${run.products} products${run.fileMb !== null ? ` (${run.fileMb} MB)` : ''}, load ${run.loadMs} ms${run.yamlLoadMs !== null ? ` (block YAML ${run.yamlLoadMs} ms)` : ''}${run.importMs !== null ? `, store:import ${run.importMs} ms` : ''}, start ${run.startMs} ms (from process start ${run.coldStartMs} ms), router training ${run.trainMs} ms, search p50 ${run.searchP50Us} µs p99 ${run.searchP99Us} µs (first pass ${run.searchFirstP50Us} / ${run.searchFirstP99Us} µs), route ${run.routeUsPerMessage} µs/message${run.routePairedRatio != null ? ` (${run.routePairedRatio}× the shipped store's, paired in one process)` : ''}, RSS ${run.rssMb} MB`,
      );
    };
    add('shipped', await measureStore(DEFAULT_STORE_DIR, queries, opts.messages, opts.minMs), null, null, null);
    for (const size of opts.sizes) {
      const t = performance.now();
      const { catalog } = size === all.catalog.products.length ? all : generateCatalog(words, base, size);
      const genMs = performance.now() - t;
      const dir = path.join(tmp, String(size));
      let importMs: number | null = null;
      if (size <= opts.importUpTo) {
        const feed = path.join(tmp, `feed-${size}.csv`);
        const maps = await writeGeneratedCsv(feed, catalog);
        const out: string[] = [];
        const io = { stdout: { write: (x: string) => out.push(x) }, stderr: { write: (x: string) => out.push(x) } };
        const t0 = performance.now();
        const code = await storeImport(['--format', 'csv', '--out', path.join(tmp, `imported-${size}`), ...maps, feed], io);
        importMs = performance.now() - t0;
        if (code !== 0) throw new Error(`store:import of the generated ${size}-product feed failed: ${out.join('').slice(0, 500)}`);
        await rm(path.join(tmp, `imported-${size}`), { recursive: true, force: true });
        await rm(feed, { force: true });
      }
      let yamlLoadMs: number | null = null;
      if (size <= opts.yamlUpTo) {
        await writeGeneratedStore(dir, catalog, 'yaml');
        yamlLoadMs = await timeLoad(dir);
      }
      const bytes = await writeGeneratedStore(dir, catalog, 'json');
      add(size, await measureStore(dir, queries, opts.messages, opts.minMs, DEFAULT_STORE_DIR), bytes / 1024 / 1024, yamlLoadMs, genMs, importMs);
      await rm(dir, { recursive: true, force: true });
    }
    const shipped = runs[0]!;
    const top = runs[runs.length - 1]!;
    return {
      queries: queries.length,
      messages: opts.messages.length,
      runs,
      largest: top.size,
      // The paired figure when there is one: both routers in one process, alternating rounds.
      routeRatioLargest: top.routePairedRatio ?? round(top.routeUsPerMessage / shipped.routeUsPerMessage, 3),
    };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
