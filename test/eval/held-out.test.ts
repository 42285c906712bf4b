import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runRouterEval } from '../../src/cli/eval-router.js';

/**
 * The project's own held-out messages (never routing examples, never evaluation data):
 * multi-turn, Spanish/German/French, typos, negation and past topics, injection, customer
 * style and out of scope. A floor per kind, so a change that breaks one kind of message
 * fails here even when the overall figures look fine. Run through the real eval on the
 * shipped skill set, exactly as `npm run eval -- router` does.
 */
const dir = fileURLToPath(new URL('./fixtures/held-out/', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.jsonl')).map((f) => `${dir}${f}`);

describe('held-out routing', () => {
  it('routes every kind of held-out message well, out of the box', async () => {
    const report = await runRouterEval(
      { data: files, train: [], baseline: null, threshold: 0.9, json: false, errors: false, modelRouter: false, skillsDir: 'skills', promptsDir: 'prompts' },
      { out: () => {}, err: () => {} },
    );
    expect(report.skipped).toBe(0);
    expect(Object.keys(report.files).sort()).toEqual(['customer.jsonl', 'injection.jsonl', 'italian-portuguese.jsonl', 'multi-turn.jsonl', 'multilingual.jsonl', 'negation.jsonl', 'out-of-scope.jsonl', 'typos.jsonl']);
    expect(report.overall.accuracy).toBeGreaterThanOrEqual(0.92);
    // 85% per kind, or all but one message in a small file.
    for (const [name, m] of Object.entries(report.files)) expect({ name, ok: m.accuracy >= Math.min(0.85, (m.n - 1) / m.n) }).toEqual({ name, ok: true });
    // What it is sure of, it gets right.
    expect(report.overall.covered_accuracy).toBeGreaterThanOrEqual(0.95);
  }, 30_000);
});
