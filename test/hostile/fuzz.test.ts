import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDirectHarness, DIRECT_TARGETS } from '../../src/fuzz/direct-targets.js';
import { fuzzDirect } from '../../src/fuzz/fuzz-direct.js';
import { fuzzHttp, startChannelFakes, type ChannelFakes } from '../../src/fuzz/fuzz-http.js';
import { formatReport, type FuzzReport } from '../../src/fuzz/fuzz-report.js';
import { fuzzStores, runsPerStore, type FuzzStores } from '../../src/fuzz/fuzz-stores.js';
import { customerTextFor } from '../../src/fuzz/store-text.js';
import { startAppChild, watchHealth } from './app-child.js';

/**
 * Issue 14: property-based fuzzing with fast-check, a fixed seed and a bounded run (`npm run
 * fuzz` runs longer with a random seed). Arbitrary Unicode up to the length limit, long
 * single tokens in four scripts, Object.prototype names as words, odd JSON shapes, and text
 * shaped by each store (near-ids, '#' and digits, other scripts' digits, catalog words glued).
 * Run against the demo store, each example store and a generated hostile store (digits-only
 * order numbers, unseparated SKUs, a Cyrillic/CJK catalog with `language: de`): the runs are
 * split across the stores, not multiplied. No exception, no 5xx, every call within an
 * order-of-magnitude bound (1 s; the bench has the real figures), and /healthz of the app's
 * process keeps answering throughout.
 */

const SEED = 14_2026;
const BOUND_MS = 1000;
const DIRECT_RUNS = 400;
const HTTP_RUNS = 500;

let stores: FuzzStores;
beforeAll(async () => {
  stores = await fuzzStores();
});
afterAll(() => stores?.remove());

describe('fuzzing the steps a message goes through (router, offline responder, search, guard), per store', () => {
  it('throws nothing and stays within the bound for any text, in every store', async () => {
    const reports: FuzzReport[] = [];
    for (const store of stores.stores) {
      const harness = await createDirectHarness({ storeDir: store.dir });
      try {
        const report = await fuzzDirect({ harness, seed: SEED, runs: runsPerStore(DIRECT_RUNS, stores.stores.length), boundMs: BOUND_MS, text: customerTextFor(store) });
        console.info(`store ${store.name}\n${formatReport(report).join('\n')}`);
        reports.push(report);
      } finally {
        await harness.close();
      }
    }
    for (const r of reports) expect(r.failure).toBeNull();
    for (const t of DIRECT_TARGETS) {
      for (const r of reports) expect(r.targets[t]?.cases ?? 0, t).toBeGreaterThan(10);
      expect(reports.reduce((n, r) => n + (r.targets[t]?.cases ?? 0), 0), t).toBeGreaterThan(50);
    }
  }, 180_000);
});

describe('fuzzing every public endpoint over HTTP (app in a child process), per store', () => {
  let fakes: ChannelFakes;
  beforeAll(async () => {
    fakes = await startChannelFakes();
  }, 30_000);
  afterAll(async () => {
    await fakes?.close();
  });

  it('answers no 5xx, within the bound, while /healthz keeps answering, in every store', async () => {
    const reports: FuzzReport[] = [];
    for (const store of stores.stores) {
      const app = await startAppChild({ ...fakes.env, ...(store.dir ? { STORE_DIR: store.dir } : {}) });
      try {
        const watch = watchHealth(app.url);
        const report = await fuzzHttp({ url: app.url, fakes, seed: SEED, runs: runsPerStore(HTTP_RUNS, stores.stores.length), boundMs: BOUND_MS, text: (limit) => customerTextFor(store, limit) });
        const health = await watch.stop();
        console.info(`store ${store.name}\n${formatReport(report).join('\n')}\n/healthz: ${health.polls} polls, slowest ${health.slowestMs.toFixed(0)} ms`);
        expect(report.failure, store.name).toBeNull();
        expect(health.failures, store.name).toEqual([]);
        expect(health.polls).toBeGreaterThan(2);
        reports.push(report);
      } finally {
        await app.stop();
      }
    }
    for (const endpoint of ['POST message', 'POST Slack (signed)', 'POST Teams (valid token)', 'POST conversations', 'GET messages', 'GET events']) {
      expect(reports.reduce((n, r) => n + (r.targets[endpoint]?.cases ?? 0), 0), endpoint).toBeGreaterThan(5);
    }
  }, 300_000);
});
