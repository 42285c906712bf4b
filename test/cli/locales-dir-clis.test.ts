import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse, stringify } from 'yaml';
import { run as evalAnswers } from '../../src/cli/eval-answers.js';
import { run as evalRouter } from '../../src/cli/eval-router.js';
import { main as promptsCheck } from '../../src/cli/prompts-check.js';
import { DEFAULT_LOCALES_DIR } from '../../src/router/router-language.js';

/**
 * The CLIs read the locale packs of LOCALES_DIR, as the app does (src/locale/app-language.ts):
 * each is run twice on the same input, once with the repository's packs and once with a copy
 * whose English pack has one more rule, and reports what that rule changes.
 */

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let root: string;
let locales: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'sb-locales-cli-'));
  locales = path.join(root, 'locales');
  await cp(DEFAULT_LOCALES_DIR, locales, { recursive: true });
  const file = path.join(locales, 'en.yaml');
  const en = parse(await readFile(file, 'utf8')) as {
    stemming: { router: { groups: unknown[][] }; search: { groups: unknown[][] }; plurals: unknown[] };
  };
  // The router reads a made-up word as "refund" (as in test/locale/locales-dir-wiring.test.ts).
  en.stemming.router.groups.unshift([{ end: 'qqxq', to: 'refund', stop: true }]);
  // A made-up plural ending: "Kettleqq" is the dictionary's "kettle" with these packs only.
  en.stemming.plurals.unshift({ end: 'qq' });
  // A made-up ending product search and the offline responder take off.
  en.stemming.search.groups.unshift([{ end: 'zzz' }]);
  await writeFile(file, stringify(en));
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

/** What a CLI writes to stdout while `f` runs. */
async function stdoutOf(f: () => Promise<number>): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out.push(String(chunk));
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const code = await f();
  vi.restoreAllMocks();
  return { code, out: out.join('') };
}

const lastJson = (out: string) => JSON.parse(out.trimEnd().split('\n').at(-1)!) as Record<string, unknown>;

describe('npm run prompts:check with LOCALES_DIR', () => {
  it("finds dictionary words by the packs' plurals", async () => {
    const tree = path.join(root, 'tree');
    await cp(path.join(repo, 'skills'), path.join(tree, 'skills'), { recursive: true });
    await cp(path.join(repo, 'prompts'), path.join(tree, 'prompts'), { recursive: true });
    const file = path.join(tree, 'prompts/warranty/demonstrations.yaml');
    const text = await readFile(file, 'utf8');
    expect(text).toContain("I'm sorry it's playing up.");
    await writeFile(file, text.replace("I'm sorry it's playing up.", "I'm sorry the Kettleqq is playing up."));
    const env = { SKILLS_DIR: path.join(tree, 'skills'), PROMPTS_DIR: path.join(tree, 'prompts') };

    const shipped = await stdoutOf(() => promptsCheck(['--json'], env));
    expect(shipped.code).toBe(1);
    const problems = (JSON.parse(shipped.out) as { problems: Array<{ message: string }> }).problems.map((p) => p.message);
    expect(problems).toEqual([expect.stringMatching(/^names "Kettleqq", which is neither common language nor in this store's data/)]);

    const mine = await stdoutOf(() => promptsCheck(['--json'], { ...env, LOCALES_DIR: locales }));
    expect(JSON.parse(mine.out)).toMatchObject({ ok: true, problems: [] });
    expect(mine.code).toBe(0);
  });
});

describe('npm run eval -- router with LOCALES_DIR', () => {
  it("routes with the packs' stemming rules", async () => {
    const data = path.join(root, 'routing.jsonl');
    await writeFile(data, ['i want a qqxq for this', 'can i get a qqxq on my order', 'how do i ask for a qqxq'].map((text) => JSON.stringify({ text, label: 'returns' })).join('\n'));
    const argv = ['--data', data, '--json'];
    const shipped = await stdoutOf(() => evalRouter(argv));
    vi.stubEnv('LOCALES_DIR', locales);
    const mine = await stdoutOf(() => evalRouter(argv));
    expect([shipped.code, mine.code]).toEqual([0, 0]);
    expect(lastJson(mine.out).accuracy).toBe(1);
    expect(lastJson(shipped.out).accuracy).toBeLessThan(1);
  });
});

describe('npm run eval -- answers with LOCALES_DIR', () => {
  it('answers offline with the packs of LOCALES_DIR', async () => {
    const data = path.join(root, 'answers.jsonl');
    const check = { name: 'check_return_eligibility', args: { order_id: 'SB-10002', sku: 'AUD-4001' } };
    await writeFile(
      data,
      JSON.stringify({
        id: 'made-up-ending',
        skill: 'returns',
        customer: 'jonas.becker@example.com',
        turns: [{ user: 'I want to return the headphonezzz from order SB-10002', expect: { route: 'returns', tools: [check] } }],
      }),
    );
    const argv = ['--data', data, '--offline', '--json'];
    const shipped = await stdoutOf(() => evalAnswers(argv));
    vi.stubEnv('LOCALES_DIR', locales);
    const mine = await stdoutOf(() => evalAnswers(argv));
    expect(lastJson(mine.out)).toMatchObject({ mode: 'offline', passed: 1, failed: 0 });
    expect(mine.code).toBe(0);
    // The repository's packs leave the ending on: no item matches, the bot asks which one.
    expect(lastJson(shipped.out)).toMatchObject({ passed: 0, failed: 1 });
  });
});
