import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateAnswers } from '../../src/cli/eval-answers.js';
import { runRouterEval } from '../../src/cli/eval-router.js';
import { storeEvalFiles } from '../../src/cli/shipped-skill-set.js';

/**
 * Issue 16.5: the default skills serve stores in other trades unchanged. CI runs each example
 * store's router and answer evals here, as `npm run eval -- router|answers --store DIR` does.
 * The demo store's own evals run in test/eval/held-out.test.ts (router) and
 * test/answers/answers-offline.test.ts (answers).
 *
 * The targets are 0.90 (router) and 0.9 (answers). The answers floor is the target; the
 * router floors sit about 0.02-0.04 under what the default skills reach, so retraining noise of
 * one message does not fail CI.
 */
// northbound (outdoor gear and cameras): 0.900 on routing.jsonl, December 6; 0.929 once a
// store's own nouns count as product signals (December 7).
export const NORTHBOUND_ROUTER_MIN = 0.9;
export const NORTHBOUND_ROUTER_HELDOUT_MIN = 0.65;
export const NORTHBOUND_ANSWERS_MIN = 0.9;
// cadence (bicycles, parts and cycling kit; ids written without a dash, CW48213 and RDB102), its
// eval messages all written before any measurement, December 7: routing.jsonl 0.821 (6 seeds:
// mean 0.823, min 0.806); the held-out file, read once, 0.862; answers 20/21. Then the store's own
// nouns became product signals (category labels split, trade words that are also everyday words
// such as tyre and light read through the catalog, brand + model): routing.jsonl 0.955 (6 seeds:
// mean 0.955), held-out 0.897 (mean 0.908).
export const CADENCE_ROUTER_MIN = 0.92;
export const CADENCE_ROUTER_HELDOUT_MIN = 0.86;
export const CADENCE_ANSWERS_MIN = 0.9;

interface StoreEvalFloors {
  router: number;
  routerHeldOut: number;
  answers: number;
  /** Answer cases that must pass whatever the routing: the store's own id and number formats. */
  mustPass: string[];
}

function describeStoreEvals(title: string, folder: string, floors: StoreEvalFloors): void {
  const storeDir = path.resolve(import.meta.dirname, '../../examples/stores', folder);
  describe(title, () => {
    it('routes its own messages, multi-turn included', async () => {
      const data = storeEvalFiles(storeDir, 'routing');
      expect(data.map((f) => path.basename(f))).toEqual(['routing.jsonl']);
      const heldOut = path.join(storeDir, 'eval', 'routing-heldout.jsonl');
      const report = await runRouterEval(
        { data: [...data, heldOut], train: [], baseline: null, threshold: 0.9, json: false, errors: false, modelRouter: false, skillsDir: 'skills', promptsDir: 'prompts', storeDir },
        { out: () => {}, err: () => {} },
      );
      expect(report.skipped).toBe(0);
      const main = report.files['routing.jsonl']!;
      expect(main.n).toBeGreaterThanOrEqual(60);
      expect(main.accuracy).toBeGreaterThanOrEqual(floors.router);
      expect(report.files['routing-heldout.jsonl']!.accuracy).toBeGreaterThanOrEqual(floors.routerHeldOut);
    }, 60_000);

    it('answers its own cases offline, in its own currency and id formats', async () => {
      const { summary, lines } = await evaluateAnswers({ data: storeEvalFiles(storeDir, 'answers'), offline: true, storeDir });
      expect(summary.mode).toBe('offline');
      expect(summary.passRate, lines.filter((l) => l.startsWith('FAIL')).join('\n')).toBeGreaterThanOrEqual(floors.answers);
      const passed = new Set(lines.filter((l) => l.startsWith('PASS')).map((l) => l.trim().split(/\s+/).at(-1)));
      expect([...passed]).toEqual(expect.arrayContaining(floors.mustPass));
    }, 180_000);
  });
}

describeStoreEvals('the northbound store (outdoor gear and cameras) on the default skills', 'northbound', {
  router: NORTHBOUND_ROUTER_MIN,
  routerHeldOut: NORTHBOUND_ROUTER_HELDOUT_MIN,
  answers: NORTHBOUND_ANSWERS_MIN,
  // Its return and claim numbers.
  mustPass: ['nb-rt-confirm-return', 'nb-wa-camera-claim'],
});

describeStoreEvals('the cadence store (bicycles and parts) on the default skills', 'cadence', {
  router: CADENCE_ROUTER_MIN,
  routerHeldOut: CADENCE_ROUTER_HELDOUT_MIN,
  answers: CADENCE_ANSWERS_MIN,
  // Its orders found and its claim numbers made in its own form (CW46002, not CW-46002).
  mustPass: ['cw-os-shipped', 'cw-rt-ebike-late', 'cw-wa-light-claim'],
});
