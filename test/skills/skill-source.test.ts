import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/core/logger.js';
import type { SkillSet } from '../../src/core/skill.js';
import { loadSkillSet } from '../../src/skills/load-skill-set.js';
import { createSkillSource, type ReloadingSkillSource } from '../../src/skills/skill-source.js';
import { createFakeCommerce } from './fakes.js';
import { copyTree, type TempTree } from './tree.js';

interface Line {
  level: string;
  obj: Record<string, unknown>;
  msg: string;
}

function recordingLogger(lines: Line[]): Logger {
  const log =
    (level: string) =>
    (obj: object | string, msg?: string): void => {
      lines.push(typeof obj === 'string' ? { level, obj: {}, msg: obj } : { level, obj: obj as Record<string, unknown>, msg: msg ?? '' });
    };
  const logger: Logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error'), child: () => logger };
  return logger;
}

function waitFor<T>(what: string, check: () => T | undefined | null | false, timeoutMs = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      const v = check();
      if (v) return resolve(v);
      if (Date.now() - started > timeoutMs) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 20);
    };
    tick();
  });
}

let tree: TempTree;
let source: ReloadingSkillSource | null = null;
let lines: Line[];

beforeEach(async () => {
  tree = await copyTree();
  lines = [];
});
afterEach(async () => {
  await source?.close();
  source = null;
  await tree.dispose();
});

function start(extra: { beforeReload?: () => Promise<void>; commerce?: ReturnType<typeof createFakeCommerce> } = {}) {
  return createSkillSource({
    skillsDir: tree.skillsDir,
    promptsDir: tree.promptsDir,
    load: () => loadSkillSet(tree.options(extra.commerce ? { commerce: extra.commerce } : {})),
    watch: true,
    debounceMs: 50,
    logger: recordingLogger(lines),
    beforeReload: extra.beforeReload,
  });
}

describe('live reload', () => {
  it('serves an edited prompt on the next read and tells listeners', async () => {
    source = await start();
    const first = source.current();
    const seen: SkillSet[] = [];
    source.onChange((s) => seen.push(s));

    await tree.edit('prompts/other/system.md', (t) => t.replace('Answer briefly', 'Answer in one sentence'));
    const next = await waitFor('the new version', () => seen[0]);
    expect(next.version).not.toBe(first.version);
    expect(source.current()).toBe(next);
    expect(next.skills.get('other')!.prompts.default!.system).toContain('Answer in one sentence');
    expect(lines.some((l) => l.level === 'info' && l.msg.includes('reloaded'))).toBe(true);
  });

  it('picks up new routing examples for the router to retrain on', async () => {
    source = await start();
    const seen: SkillSet[] = [];
    source.onChange((s) => seen.push(s));
    await tree.edit('skills/shopping/skill.yaml', (t) => `${t}  - is there a kettle that keeps water warm\n`);
    const next = await waitFor('the new version', () => seen[0]);
    expect(next.skills.get('shopping')!.manifest.examples).toContain('is there a kettle that keeps water warm');
  });

  it('rejects a broken edit with one clear log line and keeps serving the last good version', async () => {
    source = await start();
    const good = source.current();
    const seen: SkillSet[] = [];
    source.onChange((s) => seen.push(s));

    await tree.edit('skills/returns/skill.yaml', (t) => t.replace('temperature: 0.2', 'temperature: nine'));
    const line = await waitFor('the rejection', () => lines.find((l) => l.level === 'error'));
    expect(line.msg).toContain('skill reload rejected');
    expect(line.obj.file).toBe(tree.file('skills/returns/skill.yaml'));
    expect(line.obj.field).toBe('model.temperature');
    expect(String(line.obj.reason)).toMatch(/number/);
    expect(line.obj.keptVersion).toBe(good.version);
    expect(source.current()).toBe(good);
    expect(seen).toEqual([]);

    // Fixing the file brings reloads back.
    await tree.edit('skills/returns/skill.yaml', (t) => t.replace('temperature: nine', 'temperature: 0.4'));
    const fixed = await waitFor('the fixed version', () => seen[0]);
    expect(fixed.skills.get('returns')!.manifest.model.temperature).toBe(0.4);
  });

  it('runs beforeReload first, so a policy change in the store data reaches the prompts', async () => {
    const commerce = createFakeCommerce({ kitchenWindowDays: 45 });
    source = await start({
      commerce,
      beforeReload: async () => {
        commerce.data.kitchenWindowDays = 60; // what re-reading skills/_store would do
      },
    });
    expect(source.current().skills.get('returns')!.prompts.default!.system).toContain('Kitchen items: 45 days.');
    const seen: SkillSet[] = [];
    source.onChange((s) => seen.push(s));
    await tree.write('skills/_store/policies.yaml', 'kitchen: 60\n');
    const next = await waitFor('the new version', () => seen[0]);
    expect(next.skills.get('returns')!.prompts.default!.system).toContain('Kitchen items: 60 days.');
  });

  it('each source reloads by itself (one per process)', async () => {
    source = await start();
    const second = await start();
    try {
      const a: SkillSet[] = [];
      const b: SkillSet[] = [];
      source.onChange((s) => a.push(s));
      second.onChange((s) => b.push(s));
      await tree.edit('prompts/router/system.md', (t) => `${t}\nPrefer the most specific skill.\n`);
      await waitFor('both reloads', () => a[0] && b[0]);
      expect(a[0]!.version).toBe(b[0]!.version);
    } finally {
      await second.close();
    }
  });

  it('a broken tree at start-up stops start-up', async () => {
    await tree.edit('prompts/other/system.md', (t) => `${t}{{nope}}`);
    await expect(start()).rejects.toThrow(/prompts\/other\/system\.md: \{\{nope\}\}: unknown template variable "nope"/);
  });

  it('an unchanged tree is not a new version', async () => {
    source = await start();
    const outcome = await source.reload('manual');
    expect(outcome.status).toBe('unchanged');
  });
});
