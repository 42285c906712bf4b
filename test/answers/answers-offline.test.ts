import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCases } from '../../src/answers/load-cases.js';
import { evaluateAnswers } from '../../src/cli/eval-answers.js';
import { CORE_ROUTES } from '../../src/core/skill.js';

/**
 * `npm run eval -- answers` offline, as CI runs it: every case under test/answers/ passes
 * with the offline responder through the real engine built by compose().
 */

const dir = import.meta.dirname;
describe('answer evaluation, offline', async () => {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.jsonl')).map((f) => path.join(dir, f));

  it('has at least 60 cases across all four skills, multi-turn ones included', async () => {
    const cases = await loadCases(files);
    expect(cases.length).toBeGreaterThanOrEqual(60);
    for (const skill of CORE_ROUTES) expect(cases.filter((c) => c.skill === skill).length, skill).toBeGreaterThanOrEqual(8);
    expect(cases.filter((c) => c.turns.length > 1).length).toBeGreaterThanOrEqual(5);
    // Each case checks something that can fail: a route, a tool, a phrase, a fact or a hand-off.
    for (const c of cases) expect(c.turns.some((t) => t.expect && Object.keys(t.expect).length > 0), c.id).toBe(true);
  });

  it('every case passes', async () => {
    const { summary, lines } = await evaluateAnswers({ data: files, offline: true });
    expect(summary.mode).toBe('offline');
    // Every failing case is listed.
    const failing = lines.filter((l) => !l.startsWith('PASS')).join('\n');
    expect(summary.failures.map((f) => f.id), failing).toEqual([]);
    expect(summary.passRate, failing).toBe(1);
    expect(summary.skills.map((s) => s.skill).sort()).toEqual([...CORE_ROUTES].sort());
  }, 120_000);
});
