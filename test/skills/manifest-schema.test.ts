import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.js';
import { loadSkillSet } from '../../src/skills/load-skill-set.js';
import { copyTree, type TempTree } from './tree.js';

let tree: TempTree;
beforeEach(async () => {
  tree = await copyTree();
});
afterEach(async () => {
  await tree.dispose();
});

async function loadError(): Promise<ConfigError> {
  const err = await loadSkillSet(tree.options()).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConfigError);
  return err as ConfigError;
}

describe('skill manifests', () => {
  it('loads a valid tree and fills defaults for fields left out', async () => {
    const set = await loadSkillSet(tree.options());
    expect([...set.skills.keys()]).toEqual(['other', 'returns', 'shopping']);
    const other = set.skills.get('other')!.manifest;
    expect(other.tools).toEqual([]);
    expect(other.defaultMode).toBe('auto');
    expect(other.variants).toEqual([{ id: 'default', weight: 1 }]);
    expect(set.skills.get('returns')!.manifest.variants).toEqual([
      { id: 'default', weight: 3 },
      { id: 'v2', weight: 1 },
    ]);
  });

  it('ignores folders that start with an underscore (shared store data)', async () => {
    const set = await loadSkillSet(tree.options());
    expect(set.skills.has('_store')).toBe(false);
  });

  it('names file, field and reason for a temperature out of range', async () => {
    await tree.edit('skills/returns/skill.yaml', (t) => t.replace('temperature: 0.2', 'temperature: 3.5'));
    const err = await loadError();
    expect(err.source).toBe(tree.file('skills/returns/skill.yaml'));
    expect(err.field).toBe('model.temperature');
    expect(err.message).toMatch(/<=\s*2|less than or equal to 2/i);
  });

  it('rejects a tool the registry does not have', async () => {
    await tree.edit('skills/shopping/skill.yaml', (t) => t.replace('get_product]', 'get_produkt]'));
    const err = await loadError();
    expect(err.field).toBe('tools[1]');
    expect(err.message).toContain('unknown tool "get_produkt"');
  });

  it('requires the id to equal the folder name', async () => {
    await tree.edit('skills/shopping/skill.yaml', (t) => t.replace('id: shopping', 'id: shop'));
    const err = await loadError();
    expect(err.field).toBe('id');
    expect(err.message).toContain('must equal the folder name "shopping"');
  });

  it('requires the minimum number of routing examples (80 by default)', async () => {
    const err = await loadSkillSet(tree.options({ minExamples: undefined })).catch((e: ConfigError) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).field).toBe('examples');
    expect((err as ConfigError).message).toContain('at least 80 routing examples, found 3');
  });

  it('rejects variants with a weight that is not positive', async () => {
    await tree.edit('skills/returns/skill.yaml', (t) => t.replace('{ id: v2, weight: 1 }', '{ id: v2, weight: 0 }'));
    const err = await loadError();
    expect(err.field).toBe('variants[1].weight');
    expect(err.message).toContain('positive');
  });

  it('rejects a misspelt key instead of ignoring it', async () => {
    await tree.edit('skills/other/skill.yaml', (t) => t.replace('tokenBudget: 1500', 'tokenbudget: 1500'));
    const err = await loadError();
    expect(err.source).toBe(tree.file('skills/other/skill.yaml'));
    expect(err.message).toMatch(/tokenbudget/);
  });

  it('rejects a bad default mode and a non-integer token budget', async () => {
    await tree.edit('skills/other/skill.yaml', (t) => t.replace('tokenBudget: 1500', 'tokenBudget: 1500.5\ndefaultMode: robot'));
    const err = await loadError();
    // Every problem is in the one error, the first names its field.
    expect(err.field).toBe('defaultMode');
    expect(err.message).toContain('tokenBudget');
    expect(err.message).toMatch(/int/);
    expect(err.message).not.toContain('examples.yaml');
  });

  it('requires every declared variant to have its prompt folder', async () => {
    await tree.remove('prompts/returns/variants/v2');
    const err = await loadError();
    expect(err.source).toBe(tree.file('prompts/returns/variants/v2/system.md'));
    expect(err.message).toContain('variant "v2" is declared');
  });

  it('reports YAML syntax errors with the line', async () => {
    await tree.edit('skills/shopping/skill.yaml', (t) => t.replace('title: Shopping help', 'title: [Shopping help'));
    const err = await loadError();
    expect(err.source).toBe(tree.file('skills/shopping/skill.yaml'));
    expect(err.field).toMatch(/^line \d+, column \d+$/);
    expect(err.message).toContain('invalid YAML');
  });

  it('requires more core demonstrations than the manifest asks for', async () => {
    await tree.edit('skills/returns/skill.yaml', (t) => t.replace('core: 2, k: 1', 'core: 5, k: 1'));
    const err = await loadError();
    expect(err.source).toBe(tree.file('prompts/returns/demonstrations.yaml'));
    expect(err.message).toContain('5 core demonstrations');
  });

  it('requires an "other" skill and a manifest in every skill folder', async () => {
    await tree.remove('skills/other/skill.yaml');
    const err = await loadError();
    expect(err.source).toBe(tree.file('skills/other'));
    expect(err.message).toContain('no skill.yaml');
  });

  it('adds a skill with a new folder and its prompts, no code change', async () => {
    await tree.write(
      'skills/gifts/skill.yaml',
      ['id: gifts', 'title: Gift ideas', 'description: Suggests presents for friends and family by budget.', 'tools: [search_products]', 'demonstrations: { core: 1, k: 1 }', 'examples: [a gift for my dad, present ideas under 30, birthday gift for a runner]'].join('\n'),
    );
    await tree.copy('prompts/shopping', 'prompts/gifts');
    await tree.edit('prompts/gifts/demonstrations.yaml', (t) => t.replace(/calls:\n(\s+- tool: get_product[\s\S]*?result: .*\n)/, (m) => m.replace('get_product', 'search_products').replace('{ sku: TN-400 }', '{ query: tent }')));
    await tree.edit('prompts/router/examples.yaml', (t) => `${t}- { text: a present for my sister, skill: gifts }\n`);
    const set = await loadSkillSet(tree.options());
    expect(set.skills.get('gifts')?.manifest.title).toBe('Gift ideas');
    expect(set.router.system).toContain('- gifts: Suggests presents');
  });
});
