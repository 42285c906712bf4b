import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/core/logger.js';
import { createKnowledgeSource, type LiveKnowledgeBase } from '../../src/knowledge/knowledge-source.js';

const errors: Array<Record<string, unknown>> = [];
const log = (obj: object | string) => void (typeof obj === 'object' && errors.push(obj as Record<string, unknown>));
const logger: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: log, child: () => logger };

let dir: string;
let kb: LiveKnowledgeBase | null = null;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'kb-live-'));
  errors.length = 0;
});
afterEach(async () => {
  await kb?.close();
  kb = null;
  await rm(dir, { recursive: true, force: true });
});

/** Resolves on the next rebuild the watcher makes (an event, not a sleep). */
const nextChange = (source: LiveKnowledgeBase) => new Promise<void>((resolve) => {
  const off = source.onChange(() => {
    off();
    resolve();
  });
});

describe('knowledge source: live reload', () => {
  it('picks up a new and an edited article without a restart', async () => {
    await writeFile(path.join(dir, 'gifts.md'), '---\ntitle: Gift wrapping\n---\n## Wrapping\n\nWe wrap gifts in recycled paper.\n');
    kb = await createKnowledgeSource({ dir, watch: true, debounceMs: 30, logger });
    expect(kb.search('do you wrap gifts')[0]?.articleId).toBe('gifts');
    expect(kb.search('loyalty points')).toEqual([]);

    let changed = nextChange(kb);
    await writeFile(path.join(dir, 'loyalty.md'), '---\ntitle: Loyalty points\nurl: /help/points\n---\nEvery order earns loyalty points.\n');
    await changed;
    expect(kb.search('loyalty points')[0]).toMatchObject({ articleId: 'loyalty', url: '/help/points' });

    changed = nextChange(kb);
    await writeFile(path.join(dir, 'gifts.md'), '---\ntitle: Gift wrapping\n---\n## Wrapping\n\nWe wrap gifts in brown paper with a ribbon.\n');
    await changed;
    expect(kb.search('do you wrap gifts')[0]?.text).toContain('ribbon');
  });

  it('keeps serving the last good articles when an edit does not validate, and says which file and field', async () => {
    await writeFile(path.join(dir, 'a.md'), '---\ntitle: Gift wrapping\n---\nWe wrap gifts.\n');
    kb = await createKnowledgeSource({ dir, watch: false, logger });
    await writeFile(path.join(dir, 'a.md'), '---\nurl: /x\n---\nWe wrap gifts.\n');
    const outcome = await kb.reload('test');
    expect(outcome.status).toBe('rejected');
    expect(errors.at(-1)).toMatchObject({ file: path.join(dir, 'a.md'), field: 'title' });
    expect(kb.search('wrap gifts')[0]?.title).toBe('Gift wrapping');
  });

  it('a broken article stops start-up', async () => {
    await writeFile(path.join(dir, 'a.md'), 'no front matter');
    await expect(createKnowledgeSource({ dir, watch: false, logger })).rejects.toThrow(/front matter/);
  });
});
