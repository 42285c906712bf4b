import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.js';
import type { ConfigProblem } from '../../src/skills/config-problem.js';
import { knowledgeVariables } from '../../src/skills/knowledge-vars.js';
import { loadSkillSet } from '../../src/skills/load-skill-set.js';
import { renderTemplate, templateVariables } from '../../src/skills/template.js';
import { createFakeCommerce } from './fakes.js';
import { copyTree, type TempTree } from './tree.js';

describe('renderTemplate', () => {
  const vars = new Map([
    ['store.name', 'Harbor & Pine'],
    ['returns.defaultWindowDays', '30'],
  ]);

  it('fills variables, tolerating spaces inside the braces', () => {
    const problems: ConfigProblem[] = [];
    expect(renderTemplate('Welcome to {{store.name}}: {{ returns.defaultWindowDays }} days.', vars, { file: 'x.md' }, problems)).toBe(
      'Welcome to Harbor & Pine: 30 days.',
    );
    expect(problems).toEqual([]);
  });

  it('reports every unknown variable with the file, and suggests a near name', () => {
    const problems: ConfigProblem[] = [];
    renderTemplate('{{store.nmae}} and {{refund.days}}', vars, { file: 'prompts/a/system.md' }, problems);
    expect(problems).toEqual([
      { file: 'prompts/a/system.md', field: '{{store.nmae}}', message: 'unknown template variable "store.nmae" (did you mean "store.name"?)' },
      { file: 'prompts/a/system.md', field: '{{refund.days}}', message: 'unknown template variable "refund.days"' },
    ]);
  });

  it('lists the variables a template uses', () => {
    expect(templateVariables('{{a.b}} {{ c }} {{a.b}}')).toEqual(['a.b', 'c']);
  });
});

describe('knowledge variables', () => {
  it('come from the store data, including rendered lists and per-category values', () => {
    const vars = knowledgeVariables(createFakeCommerce({ kitchenWindowDays: 60 }), []);
    expect(vars.get('store.name')).toBe('Harbor & Pine');
    expect(vars.get('returns.windows')).toBe('- 14 days: Audio\n- 30 days: any other category\n- 60 days: Kitchen');
    expect(vars.get('returns.window.kitchen')).toBe('60');
    expect(vars.get('returns.window.outdoor')).toBe('30');
    expect(vars.get('warranty.months.outdoor')).toBe('36');
    expect(vars.get('warranty.terms')).toContain('- Kitchen: 24 months; covers heating element; excludes limescale');
    expect(vars.get('catalog.categories')).toBe('Kitchen, Audio, Outdoor');
  });
});

describe('templates in a loaded tree', () => {
  let tree: TempTree;
  beforeEach(async () => {
    tree = await copyTree();
  });
  afterEach(async () => {
    await tree.dispose();
  });

  it('fills system prompts, demonstrations and the router prompt from Commerce', async () => {
    const set = await loadSkillSet(tree.options({ commerce: createFakeCommerce({ storeName: 'Lantern Goods', kitchenWindowDays: 21 }) }));
    const returns = set.skills.get('returns')!;
    expect(returns.prompts.default!.system).toContain('You handle returns for Lantern Goods.');
    expect(returns.prompts.default!.system).toContain('- 21 days: Kitchen');
    expect(returns.prompts.default!.system).toContain('Kitchen items: 21 days.');
    expect(returns.prompts.default!.system).not.toContain('{{');
    const refund = returns.prompts.default!.demonstrations.find((d) => d.id === 'refund-timing')!;
    expect(refund.messages[1]).toEqual({ role: 'assistant', content: 'Refunds go to the original payment method within 5 days of the parcel arriving.' });
    expect(set.router.system).toContain('You route messages for Lantern Goods');
    expect(set.router.system).toContain('- returns: Sending an item back');
    // The out-of-scope skill reads last ("anything the others do not handle").
    expect(set.router.system.indexOf('- other:')).toBeGreaterThan(set.router.system.indexOf('- shopping:'));
    // The variant has its own system prompt and reuses the default demonstrations.
    expect(returns.prompts.v2!.system).toContain('Variant two.');
    expect(returns.prompts.v2!.demonstrations).toBe(returns.prompts.default!.demonstrations);
  });

  it('an unknown variable in a system prompt is a load error naming the file and the variable', async () => {
    await tree.edit('prompts/shopping/system.md', (t) => `${t}\nWe ship within {{shipping.days}} days.\n`);
    const err = (await loadSkillSet(tree.options()).catch((e: unknown) => e)) as ConfigError;
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.source).toBe(tree.file('prompts/shopping/system.md'));
    expect(err.field).toBe('{{shipping.days}}');
    expect(err.message).toContain('unknown template variable "shipping.days"');
  });

  it('an unknown variable inside a demonstration names the demonstration path', async () => {
    await tree.edit('prompts/returns/demonstrations.yaml', (t) => t.replace('{{returns.refundDays}}', '{{returns.refundDayz}}'));
    const err = (await loadSkillSet(tree.options()).catch((e: unknown) => e)) as ConfigError;
    expect(err.source).toBe(tree.file('prompts/returns/demonstrations.yaml'));
    expect(err.field).toBe('[2].turns[1].assistant {{returns.refundDayz}}');
    expect(err.message).toContain('did you mean "returns.refundDays"');
  });

  it('the version is a content hash: same files same version, any edit a new one', async () => {
    const a = await loadSkillSet(tree.options());
    const b = await loadSkillSet(tree.options());
    expect(b.version).toBe(a.version);
    await tree.edit('prompts/other/system.md', (t) => `${t}\nBe kind.`);
    const c = await loadSkillSet(tree.options());
    expect(c.version).not.toBe(a.version);
    await tree.write('skills/_store/note.txt', 'store data changed');
    const d = await loadSkillSet(tree.options());
    expect(d.version).not.toBe(c.version);
    // Agents' saved candidates are never loaded, so they are not a new version either.
    await tree.write('prompts/other/candidates/agent-candidates.yaml', '- id: x\n');
    expect((await loadSkillSet(tree.options())).version).toBe(d.version);
  });
});
