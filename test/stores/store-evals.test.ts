import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateAnswers } from '../../src/cli/eval-answers.js';
import { runRouterEval } from '../../src/cli/eval-router.js';
import { storeEvalFiles } from '../../src/cli/shipped-skill-set.js';

/**
 * Issue 16.5: the default skills serve a second store, in another trade, unchanged. CI runs its
 * router and answer evals here, as `npm run eval -- router|answers --store examples/stores/northbound`
 * does. The demo store's own evals run in test/eval/held-out.test.ts (router) and
 * test/answers/answers-offline.test.ts (answers).
 *
 * The targets are 0.90 (router) and 0.9 (answers). The answers floor is the target; the
 * router floors sit about 0.02 under what the default skills reach (0.900 on routing.jsonl,
 * December 6), so retraining noise of one message does not fail CI.
 */
export const NORTHBOUND_ROUTER_MIN = 0.88;
export const NORTHBOUND_ROUTER_HELDOUT_MIN = 0.65;
export const NORTHBOUND_ANSWERS_MIN = 0.9;

const storeDir = path.resolve(import.meta.dirname, '../../examples/stores/northbound');

describe('the northbound store (outdoor gear and cameras) on the default skills', () => {
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
    expect(main.accuracy).toBeGreaterThanOrEqual(NORTHBOUND_ROUTER_MIN);
    expect(report.files['routing-heldout.jsonl']!.accuracy).toBeGreaterThanOrEqual(NORTHBOUND_ROUTER_HELDOUT_MIN);
  }, 60_000);

  it('answers its own cases offline, in its own currency and id formats', async () => {
    const { summary, lines } = await evaluateAnswers({ data: storeEvalFiles(storeDir, 'answers'), offline: true, storeDir });
    expect(summary.mode).toBe('offline');
    expect(summary.passRate, lines.filter((l) => l.startsWith('FAIL')).join('\n')).toBeGreaterThanOrEqual(NORTHBOUND_ANSWERS_MIN);
    // The store's own formats, whatever the routing: its return and claim numbers.
    const passed = new Set(lines.filter((l) => l.startsWith('PASS')).map((l) => l.trim().split(/\s+/).at(-1)));
    expect([...passed]).toEqual(expect.arrayContaining(['nb-rt-confirm-return', 'nb-wa-camera-claim']));
  }, 180_000);
});
