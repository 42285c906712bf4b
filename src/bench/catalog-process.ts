import { parseEnv } from '../config/config.js';
import { loadStoreData } from '../commerce/load-store-data.js';
import { silentLogger } from '../core/logger.js';
import { start } from '../main.js';
import { percentile, percentileOfSorted } from './stats.js';

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
  /**
   * Another store folder (the shipped one) to route the same messages with, in this same
   * process, in alternating rounds: separate processes differ by ±20% in routing speed (JIT
   * and heap layout), more than the effect a catalog's size has, so the ratio is paired.
   */
  pairedStoreDir?: string;
}

/** Routes every message once; CPU µs per message. */
async function routeRound(router: { route: (m: string, ctx: { activeSkill: null; unclearStreak: number }) => Promise<unknown> }, messages: readonly string[]): Promise<number> {
  const ctx = { activeSkill: null, unclearStreak: 0 };
  const cpu0 = cpuMs();
  for (const m of messages) await router.route(m, ctx);
  return ((cpuMs() - cpu0) * 1000) / messages.length;
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
    // Warm: process.cpuUsage() counts the JIT's compiler threads too, so a loop that starts
    // cold measures compilation along with routing.
    for (let i = 0; i < 5; i++) await routeRound(composed.router, config.messages);
    // Rounds of equal length: their mean is the CPU per message over all of them.
    const rounds: number[] = [];
    const routeWall0 = performance.now();
    do rounds.push(await routeRound(composed.router, config.messages));
    while (performance.now() - routeWall0 < config.minMs);
    const routeUs = rounds.reduce((a, b) => a + b, 0) / rounds.length;

    gcNow();
    const mem = process.memoryUsage();

    // The paired ratio: this catalog's router against the other store's, round by round (ABBA order).
    let routePairedRatio: number | null = null;
    if (config.pairedStoreDir) {
      const other = await start(
        parseEnv({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', SKILLS_WATCH: 'false', STORE_DIR: config.pairedStoreDir, CATALOG_SYNC_MINUTES: '0' }),
        { logger: silentLogger, defaultMetrics: false },
      );
      try {
        const mine = composed.router;
        const theirs = other.composed.router;
        for (let i = 0; i < 5; i++) await routeRound(theirs, config.messages);
        const ratios: number[] = [];
        const pairedStart = performance.now();
        do {
          const a1 = await routeRound(mine, config.messages);
          const b1 = await routeRound(theirs, config.messages);
          const b2 = await routeRound(theirs, config.messages);
          const a2 = await routeRound(mine, config.messages);
          ratios.push((a1 + a2) / (b1 + b2));
        } while (performance.now() - pairedStart < config.minMs * 2 || ratios.length < 5);
        routePairedRatio = percentile(ratios, 50);
      } finally {
        await other.stop();
      }
    }

    process.send?.({
      type: 'result',
      products,
      categories: data.categories.length,
      loadMs,
      startMs,
      coldStartMs,
      trainMs: trainings[1]!,
      searchP50Us: percentileOfSorted(searchUs, 50),
      searchP99Us: percentileOfSorted(searchUs, 99),
      searchFirstP50Us: percentileOfSorted(firstUs, 50),
      searchFirstP99Us: percentileOfSorted(firstUs, 99),
      searches: searchUs.length,
      routeUsPerMessage: routeUs,
      routePairedRatio,
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
