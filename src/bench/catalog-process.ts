import { parseEnv } from '../config/config.js';
import { loadStoreData } from '../commerce/load-store-data.js';
import { silentLogger } from '../core/logger.js';
import { start } from '../main.js';
import { percentileOfSorted } from './stats.js';

/**
 * Child process of the catalog-scale section: one store folder, in a fresh process so its
 * RSS is its own. Reports over IPC: the catalog load (read + parse + validate), the app's
 * start-up with that folder, router training, product search and per-message routing times,
 * and RSS. Config in BENCH_CATALOG: { storeDir, queries, messages, minMs }.
 */
interface CatalogConfig {
  storeDir: string;
  queries: string[];
  messages: string[];
  /** Each timing loop runs at least this long. */
  minMs: number;
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function gcNow(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

async function main(): Promise<void> {
  const config = JSON.parse(process.env.BENCH_CATALOG ?? '{}') as CatalogConfig;
  let t = performance.now();
  const running = await start(
    parseEnv({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', SKILLS_WATCH: 'false', STORE_DIR: config.storeDir, CATALOG_SYNC_MINUTES: '0' }),
    { logger: silentLogger, defaultMetrics: false },
  );
  const startMs = performance.now() - t;
  // Since the process began: module loading (under tsx) included, as an operator sees it.
  const coldStartMs = performance.now();
  // The store folder's load alone (read, parse, validate), now that the code is warm.
  t = performance.now();
  const data = await loadStoreData(config.storeDir);
  const loadMs = performance.now() - t;
  const products = data.productsBySku.size;
  const { composed } = running;
  try {
    // Router training: the start-up's own step again, timed alone (median of three).
    const trainings: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      composed.router.retrain(composed.skills.current());
      trainings.push(performance.now() - t0);
    }
    trainings.sort((a, b) => a - b);

    // Product search, each query timed alone: a first pass (its words seen for the first time,
    // so search's per-word expansion cache is cold), then passes over the same queries.
    const firstUs: number[] = [];
    for (const q of config.queries) {
      const t0 = performance.now();
      await composed.commerce.searchProducts({ text: q });
      firstUs.push((performance.now() - t0) * 1000);
    }
    firstUs.sort((a, b) => a - b);
    const searchUs: number[] = [];
    const searchStart = performance.now();
    do {
      for (const q of config.queries) {
        const t0 = performance.now();
        await composed.commerce.searchProducts({ text: q });
        searchUs.push((performance.now() - t0) * 1000);
      }
    } while (performance.now() - searchStart < config.minMs);
    searchUs.sort((a, b) => a - b);

    // Routing (classifier + policy, no model): CPU per message over the bench's messages.
    const ctx = { activeSkill: null, unclearStreak: 0 };
    for (const m of config.messages.slice(0, 50)) await composed.router.route(m, ctx);
    let routed = 0;
    const routeCpu0 = cpuMs();
    const routeWall0 = performance.now();
    do {
      for (const m of config.messages) await composed.router.route(m, ctx);
      routed += config.messages.length;
    } while (performance.now() - routeWall0 < config.minMs);
    const routeUs = ((cpuMs() - routeCpu0) * 1000) / routed;

    gcNow();
    const mem = process.memoryUsage();
    process.send?.({
      type: 'result',
      products,
      categories: data.categories.length,
      loadMs,
      startMs,
      coldStartMs,
      trainMs: trainings[1]!,
      searchP50Us: percentileOfSorted(searchUs, 0.5),
      searchP99Us: percentileOfSorted(searchUs, 0.99),
      searchFirstP50Us: percentileOfSorted(firstUs, 0.5),
      searchFirstP99Us: percentileOfSorted(firstUs, 0.99),
      searches: searchUs.length,
      routeUsPerMessage: routeUs,
      rssMb: mem.rss / 1024 / 1024,
      heapUsedMb: mem.heapUsed / 1024 / 1024,
    });
  } finally {
    await running.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.send?.({ type: 'failed', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    process.exit(1);
  },
);
