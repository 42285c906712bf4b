import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/skills/config-problem.js';
import { checkTree } from '../../src/cli/prompts-check.js';
import { loadSkillSet } from '../../src/skills/load-skill-set.js';
import { createToolRegistry } from '../../src/tools/tool-registry.js';
import { CAMERA_STORE, demoCommerce } from '../commerce/demo-fixture.js';

/**
 * A store whose SKUs are all digits (the camera fixture: '310001'): the shipped demonstrations
 * name its products in tool arguments as "{{example.product.1.sku}}". That value is text however
 * it looks; only the numeric variables (days, months, prices) become numbers. Before, a
 * whole-variable value that looked numeric became a number, every get_product / start_return /
 * open_warranty_claim call in the demonstrations was rejected ("sku: must be a string") and the
 * store could not load its skills at all.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const options = async () => {
  const { commerce } = await demoCommerce({ dir: CAMERA_STORE });
  return { skillsDir: path.join(ROOT, 'skills'), promptsDir: path.join(ROOT, 'prompts'), commerce, tools: createToolRegistry(), tokenizerModel: 'gpt-4o-mini' };
};

describe('a store with all-digit SKUs', () => {
  it('passes the prompts check with the shipped skills', async () => {
    const report = await checkTree({ skillsDir: path.join(ROOT, 'skills'), promptsDir: path.join(ROOT, 'prompts'), storeDir: CAMERA_STORE, model: 'gpt-4o-mini', maxMessageChars: 2000 });
    expect(report.problems.map(formatProblem)).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('keeps SKUs as strings and days, months and prices as numbers in the demonstrations', async () => {
    const set = await loadSkillSet(await options());
    const messages = [...set.skills.values()].flatMap((skill) => Object.values(skill.prompts).flatMap((p) => p.demonstrations.flatMap((d) => d.messages)));
    const calls = messages.flatMap((m) => (m.role === 'assistant' && m.toolCalls ? m.toolCalls : []));
    const skus = calls.flatMap((c) => {
      const args = JSON.parse(c.arguments) as { sku?: unknown };
      return args.sku === undefined || args.sku === null ? [] : [args.sku];
    });
    expect(skus.length).toBeGreaterThan(3);
    for (const sku of skus) expect(sku).toMatch(/^\d{6}$/);
    const windows = messages.flatMap((m) => {
      if (m.role !== 'tool') return [];
      const r = JSON.parse(m.content) as { window_days?: unknown; months?: unknown; return?: { sku?: unknown } } | null;
      return r && typeof r === 'object' ? [r.window_days, r.months].filter((v) => v !== undefined) : [];
    });
    expect(windows.length).toBeGreaterThan(0);
    for (const n of windows) expect(typeof n).toBe('number');
  });
});
