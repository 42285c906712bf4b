import { describe, expect, it } from 'vitest';
import type { PromptSet, Skill, SkillManifest } from '../../src/core/skill.js';
import { chooseVariant } from '../../src/skills/variant-choice.js';

function skillWith(id: string, variants: SkillManifest['variants']): Skill {
  const prompts: Record<string, PromptSet> = {};
  for (const v of variants) prompts[v.id] = { variant: v.id, system: `system ${v.id}`, demonstrations: [] };
  return {
    manifest: {
      id,
      title: id,
      description: 'a skill for testing variant choice',
      examples: [],
      tools: [],
      model: { temperature: 0, maxTokens: 100 },
      defaultMode: 'auto',
      tokenBudget: 1000,
      demonstrations: { core: 0, k: 0 },
      variants,
    },
    prompts,
  };
}

describe('variant choice', () => {
  const skill = skillWith('returns', [
    { id: 'v1', weight: 3 },
    { id: 'v2', weight: 1 },
  ]);

  it('is sticky: the same conversation always gets the same variant', () => {
    for (let i = 0; i < 50; i++) {
      const id = `conv-${i}`;
      const first = chooseVariant(skill, id);
      for (let j = 0; j < 5; j++) expect(chooseVariant(skill, id)).toBe(first);
    }
  });

  it('follows the weights across many conversations', () => {
    const n = 4000;
    let v2 = 0;
    for (let i = 0; i < n; i++) if (chooseVariant(skill, `conversation-${i}`) === 'v2') v2++;
    // Expected 25%; a deterministic hash, so the bound is about spread, not luck.
    expect(v2 / n).toBeGreaterThan(0.22);
    expect(v2 / n).toBeLessThan(0.28);
  });

  it('decides independently per skill, and only among variants that have prompts', () => {
    const other = skillWith('warranty', [
      { id: 'v1', weight: 1 },
      { id: 'v2', weight: 1 },
    ]);
    let differ = 0;
    for (let i = 0; i < 200; i++) if (chooseVariant(skill, `c${i}`) !== chooseVariant(other, `c${i}`)) differ++;
    expect(differ).toBeGreaterThan(40);

    const partial = skillWith('x', [{ id: 'only', weight: 1 }]);
    partial.manifest.variants.push({ id: 'ghost', weight: 100 });
    for (let i = 0; i < 20; i++) expect(chooseVariant(partial, `c${i}`)).toBe('only');
  });
});
