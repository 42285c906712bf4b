import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/skills/config-problem.js';
import { checkPrompts, formatPromptsCheck } from '../../src/skills/prompts-check.js';
import { createFakeCommerce, createFakeTools } from '../skills/fakes.js';
import { fixturesDir } from '../skills/tree.js';

function run(fixture: string) {
  const root = path.join(fixturesDir, fixture);
  return checkPrompts({
    skillsDir: path.join(root, 'skills'),
    promptsDir: path.join(root, 'prompts'),
    commerce: createFakeCommerce(),
    tools: createFakeTools(),
    minExamples: 3,
    minDemonstrations: 2,
    tokenizerModel: 'gpt-4o-mini',
  });
}

describe('prompts check on fixture trees', () => {
  it('passes a good tree and reports a size row per skill and variant', async () => {
    const report = await run('skills-basic');
    expect(report.problems.map(formatProblem)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.encoding).toBe('o200k_base');
    expect(report.rows.map((r) => `${r.skill}/${r.variant}`)).toEqual(['other/default', 'returns/default', 'returns/v2', 'shopping/default']);
    for (const row of report.rows) {
      expect(row.typicalTokens).toBeLessThanOrEqual(row.budget);
      expect(row.worstCaseTokens).toBeLessThanOrEqual(row.budget);
      expect(row.prefixTokens).toBeLessThan(row.typicalTokens);
      expect(row.prefixShare).toBeCloseTo(row.prefixTokens / row.typicalTokens, 6);
    }
    const table = formatPromptsCheck(report);
    expect(table).toMatch(/returns\/v2\s+2500\s+\d+\s+\d+\s+\d+%/);
    expect(table).toContain('OK: 4 prompt sets checked');
  });

  it('fails a broken tree, naming each problem with its file and field', async () => {
    const report = await run('skills-broken');
    expect(report.ok).toBe(false);
    const root = path.join(fixturesDir, 'skills-broken');
    const lines = report.problems.map((p) => formatProblem({ ...p, file: path.relative(root, p.file) }));
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^prompts\/shopping\/demonstrations\.yaml: \[3\] tent-two turns\[1\]\.calls\[0\]\.args: arguments rejected by get_product: .*product/),
        'prompts/shopping/demonstrations.yaml: [5] dangling-call: must end with an assistant reply in words (not a tool call or a user turn)',
        'skills/shopping/skill.yaml: examples[3]: "How do refunds work?" is also a routing example of "returns" (examples[1]); one sentence cannot teach two routes',
        'prompts/returns/demonstrations.yaml: wrong-price: get_order uses order "NO-SUCH-ORDER", which does not look like this store\'s order numbers (e.g. ORD-5001)',
        'prompts/returns/demonstrations.yaml: wrong-price: the result of get_order prices KT-100 at 45; the catalog says 49.5',
        expect.stringMatching(/^skills\/other\/skill\.yaml: tokenBudget: other\/default: the fixed prefix alone is \d+ tokens, over the budget of 300$/),
        expect.stringMatching(/^prompts\/gifts: prompts for "gifts" but there is no .*skills\/gifts\/skill\.yaml$/),
      ]),
    );
    expect(formatPromptsCheck(report)).toMatch(/\d+ problems:/);
  });
});
