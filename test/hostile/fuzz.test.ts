import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppTarget } from '../../src/cli/load-target.js';
import { createDirectHarness, DIRECT_TARGETS, type DirectHarness } from '../../src/fuzz/direct-targets.js';
import { fuzzDirect } from '../../src/fuzz/fuzz-direct.js';
import { fuzzHttp, startChannelFakes, type ChannelFakes } from '../../src/fuzz/fuzz-http.js';
import { formatReport } from '../../src/fuzz/fuzz-report.js';
import { startAppChild, watchHealth } from './app-child.js';

/**
 * Issue 14: property-based fuzzing with fast-check, a fixed seed and a bounded run (`npm run
 * fuzz` runs longer with a random seed). Arbitrary Unicode up to the length limit, long
 * single tokens in four scripts, Object.prototype names as words, odd JSON shapes; no
 * exception, no 5xx, every call within an order-of-magnitude bound (1 s; the bench has the
 * real figures), and /healthz of the app's process keeps answering throughout.
 */

const SEED = 14_2026;
const BOUND_MS = 1000;

describe('fuzzing the steps a message goes through (router, offline responder, search, guard)', () => {
  let harness: DirectHarness;
  beforeAll(async () => {
    harness = await createDirectHarness();
  }, 60_000);
  afterAll(async () => {
    await harness?.close();
  });

  it('throws nothing and stays within the bound for any text', async () => {
    const report = await fuzzDirect({ harness, seed: SEED, runs: 400, boundMs: BOUND_MS });
    console.info(formatReport(report).join('\n'));
    expect(report.failure).toBeNull();
    for (const t of DIRECT_TARGETS) expect(report.targets[t]?.cases ?? 0, t).toBeGreaterThan(50);
  }, 120_000);
});

describe('fuzzing every public endpoint over HTTP (app in a child process)', () => {
  let fakes: ChannelFakes;
  let app: AppTarget;
  beforeAll(async () => {
    fakes = await startChannelFakes();
    app = await startAppChild(fakes.env);
  }, 90_000);
  afterAll(async () => {
    await app?.stop();
    await fakes?.close();
  });

  it('answers no 5xx, within the bound, while /healthz keeps answering', async () => {
    const watch = watchHealth(app.url);
    const report = await fuzzHttp({ url: app.url, fakes, seed: SEED, runs: 500, boundMs: BOUND_MS });
    const health = await watch.stop();
    console.info(formatReport(report).join('\n'));
    console.info(`/healthz: ${health.polls} polls, slowest ${health.slowestMs.toFixed(0)} ms`);
    expect(report.failure).toBeNull();
    expect(health.failures).toEqual([]);
    expect(health.polls).toBeGreaterThan(5);
    for (const endpoint of ['POST message', 'POST Slack (signed)', 'POST Teams (valid token)', 'POST conversations', 'GET messages', 'GET events']) {
      expect(report.targets[endpoint]?.cases ?? 0, endpoint).toBeGreaterThan(5);
    }
  }, 180_000);
});
