import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadSkillSetOptions } from '../../src/skills/load-skill-set.js';
import { createFakeCommerce, createFakeTools } from './fakes.js';

export const fixturesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures');

/** A private, editable copy of a fixture skill tree (skills/ + prompts/). */
export interface TempTree {
  root: string;
  skillsDir: string;
  promptsDir: string;
  file(rel: string): string;
  read(rel: string): Promise<string>;
  write(rel: string, text: string): Promise<void>;
  copy(from: string, to: string): Promise<void>;
  edit(rel: string, change: (text: string) => string): Promise<void>;
  remove(rel: string): Promise<void>;
  options(extra?: Partial<LoadSkillSetOptions>): LoadSkillSetOptions;
  dispose(): Promise<void>;
}

export async function copyTree(fixture = 'skills-basic'): Promise<TempTree> {
  const root = await mkdtemp(path.join(tmpdir(), 'switchboard-skills-'));
  await cp(path.join(fixturesDir, fixture), root, { recursive: true });
  const file = (rel: string) => path.join(root, rel);
  const commerce = createFakeCommerce();
  const tools = createFakeTools();
  return {
    root,
    skillsDir: file('skills'),
    promptsDir: file('prompts'),
    file,
    read: (rel) => readFile(file(rel), 'utf8'),
    async write(rel, text) {
      await mkdir(path.dirname(file(rel)), { recursive: true });
      await writeFile(file(rel), text);
    },
    copy: (from, to) => cp(file(from), file(to), { recursive: true }),
    async edit(rel, change) {
      const before = await readFile(file(rel), 'utf8');
      const after = change(before);
      if (after === before) throw new Error(`edit of ${rel} changed nothing`);
      await writeFile(file(rel), after);
    },
    remove: (rel) => rm(file(rel), { recursive: true, force: true }),
    options: (extra = {}) => ({
      skillsDir: file('skills'),
      promptsDir: file('prompts'),
      commerce,
      tools,
      minExamples: 3,
      minDemonstrations: 2,
      ...extra,
    }),
    dispose: () => rm(root, { recursive: true, force: true }),
  };
}
