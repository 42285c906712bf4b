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
      const misprice = (t: string) => t.replace('price: "{{example.product.1.price}}"', 'price: 1');
      await writeFile(file, misprice(text).replace('args: { sku: "{{example.product.2.sku}}" }', 'args: { sku: 42 }'));
      const report = await checkTree({ skillsDir: path.join(root, 'skills'), promptsDir: path.join(root, 'prompts'), model: 'gpt-4o-mini', maxMessageChars: 2000 });
      expect(report.ok).toBe(false);
      const lines = report.problems.map(formatProblem);
      expect(lines).toContainEqual(expect.stringMatching(/demonstrations\.yaml: \[2\] compare-two turns\[1\]\.calls\[1\]\.args: arguments rejected by get_product: sku/));
      await writeFile(file, misprice(text));
      const second = await checkTree({ skillsDir: path.join(root, 'skills'), promptsDir: path.join(root, 'prompts'), model: 'gpt-4o-mini', maxMessageChars: 2000 });
      expect(second.problems.map(formatProblem)).toEqual([
        expect.stringMatching(/demonstrations\.yaml: recommend-with-budget: the result of search_products prices [A-Z]+-\d+ at 1; the catalog says [\d.]+$/),
      ]);
      await writeFile(file, text);
    });

    it('checks the store it is given: passes for another store, fails on a demonstration naming ids that store does not have', async () => {
      const storeDir = path.join(repo, 'examples/stores/northbound');
      const dirs = { skillsDir: path.join(root, 'skills'), promptsDir: path.join(root, 'prompts'), model: 'gpt-4o-mini', maxMessageChars: 2000, storeDir };
      const ok = await checkTree(dirs);
      expect(ok.problems.map(formatProblem)).toEqual([]);
      const file = path.join(root, 'prompts/returns/demonstrations.yaml');
      const text = await readFile(file, 'utf8');
      await writeFile(file, text.replace('such as {{example.orderNumber}}, and', 'such as SB-12345 or KIT-1001, and').replace('(RMA-204518-KY-1001)', ''));
      const bad = await checkTree(dirs);
      const lines = bad.problems.map(formatProblem);
      expect(lines).toContainEqual(expect.stringMatching(/returns\/demonstrations\.yaml: needs-order-number: names "SB-12345", which is none of this store's ids \(orders like NB-204518, SKUs like KY-1001\)/));
      expect(lines).toContainEqual(expect.stringMatching(/needs-order-number: names "KIT-1001", which is none of this store's ids/));
      // The demo store has both shapes; its catalog has KIT-1001.
      const demo = await checkTree({ ...dirs, storeDir: undefined });
      expect(demo.problems.map(formatProblem)).toEqual([]);
      await writeFile(file, text);
      const uses = await checkTree({ ...dirs, storeDir: path.join(repo, 'skills/_store') });
      expect(uses.ok).toBe(true);
    });

    it("fails when a demonstration's text names a product or brand the selected store does not have", async () => {
      const storeDir = path.join(repo, 'examples/stores/northbound');
      const dirs = { skillsDir: path.join(root, 'skills'), promptsDir: path.join(root, 'prompts'), model: 'gpt-4o-mini', maxMessageChars: 2000, storeDir };
      const file = path.join(root, 'prompts/product_recommendation/demonstrations.yaml');
      const text = await readFile(file, 'utf8');
      const edited = text.replace('Happy to help! What does your dad enjoy', 'The Vireo QuietBlend 600 Blender is a popular gift. What does your dad enjoy');
      expect(edited).not.toBe(text);
      await writeFile(file, edited);
      try {
        const bad = await checkTree(dirs);
        const lines = bad.problems.map(formatProblem);
        expect(bad.ok).toBe(false);
        expect(lines).toContainEqual(expect.stringMatching(/product_recommendation\/demonstrations\.yaml: gift-needs-a-question: names "Vireo QuietBlend 600 Blender", which is neither common language nor in this store's data/));
        // The demo store sells it: the same sentence is true there.
        const demo = await checkTree({ ...dirs, storeDir: undefined });
        expect(demo.problems.map(formatProblem)).toEqual([]);
      } finally {
        await writeFile(file, text);
      }
    });
  });
});
