import { mkdtemp, rm, cp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkTree } from '../../src/cli/prompts-check.js';
import { formatProblem } from '../../src/skills/config-problem.js';
import { formatPromptsCheck } from '../../src/skills/prompts-check.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * `npm run prompts:check` on the shipped skills/ and prompts/, with the demo store and the
 * real tools: this is how the check runs in `npm test`.
 */
describe('prompts check on the shipped skills and prompts', () => {
  it('passes, with every skill under its token budget', async () => {
    const report = await checkTree({ skillsDir: path.join(repo, 'skills'), promptsDir: path.join(repo, 'prompts'), model: 'gpt-4o-mini', maxMessageChars: 2000 });
    const table = formatPromptsCheck(report);
    expect(report.problems.map(formatProblem), table).toEqual([]);
    expect(report.ok).toBe(true);
    // One row per skill and prompt variant: every variant is measured against its skill's budget.
    expect(report.rows.map((r) => `${r.skill}/${r.variant}`).sort()).toEqual(['order_status/default', 'other/default', 'product_recommendation/default', 'product_recommendation/v2', 'returns/default', 'warranty/default']);
    for (const row of report.rows) {
      expect(row.typicalTokens).toBeLessThanOrEqual(row.budget);
      expect(row.worstCaseTokens).toBeLessThanOrEqual(row.budget);
      expect(row.worstCaseHistoryKept).toBeGreaterThanOrEqual(2);
      // Most of each prompt is the cacheable prefix.
      expect(row.prefixShare).toBeGreaterThan(0.5);
    }
  });

  describe('on an edited copy', () => {
    let root: string;
    beforeAll(async () => {
      root = await mkdtemp(path.join(tmpdir(), 'switchboard-prompts-'));
      await cp(path.join(repo, 'skills'), path.join(root, 'skills'), { recursive: true });
      await cp(path.join(repo, 'prompts'), path.join(root, 'prompts'), { recursive: true });
    });
    afterAll(async () => {
      await rm(root, { recursive: true, force: true });
    });

    it('fails when a demonstration misstates the catalog or calls a tool with bad arguments', async () => {
      const file = path.join(root, 'prompts/product_recommendation/demonstrations.yaml');
      const text = await readFile(file, 'utf8');
      await writeFile(file, text.replace('price: 69.99, in_stock: true, rating: 4.4', 'price: 59.99, in_stock: true, rating: 4.4').replace('args: { sku: CLN-2002 }', 'args: { sku: 42 }'));
      const report = await checkTree({ skillsDir: path.join(root, 'skills'), promptsDir: path.join(root, 'prompts'), model: 'gpt-4o-mini', maxMessageChars: 2000 });
      expect(report.ok).toBe(false);
      const lines = report.problems.map(formatProblem);
      expect(lines).toContainEqual(expect.stringMatching(/demonstrations\.yaml: \[2\] compare-two-vacuums turns\[1\]\.calls\[1\]\.args: arguments rejected by get_product: sku/));
      await writeFile(file, text.replace('price: 69.99, in_stock: true, rating: 4.4', 'price: 59.99, in_stock: true, rating: 4.4'));
      const second = await checkTree({ skillsDir: path.join(root, 'skills'), promptsDir: path.join(root, 'prompts'), model: 'gpt-4o-mini', maxMessageChars: 2000 });
      expect(second.problems.map(formatProblem)).toEqual([
        expect.stringMatching(/demonstrations\.yaml: quiet-blender-budget: the result of search_products prices KIT-1001 at 59\.99; the catalog says 69\.99$/),
      ]);
      await writeFile(file, text);
    });
  });
});
