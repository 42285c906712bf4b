import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { evaluateChange } from '../../src/insights/route-eval.js';
import { loadAppLanguage } from '../../src/locale/app-language.js';
import { DEFAULT_LOCALES_DIR, loadRouterLanguage } from '../../src/router/router-language.js';
import { shippedSkillSet } from '../router/shipped-skills.js';

/**
 * The Insights page's before/after router eval of a routing proposal routes with the app's
 * router language (LOCALES_DIR's packs, passed by compose()), not the repository's.
 */

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sb-route-eval-'));
  await cp(DEFAULT_LOCALES_DIR, path.join(dir, 'locales'), { recursive: true });
  const file = path.join(dir, 'locales', 'en.yaml');
  const en = parse(await readFile(file, 'utf8')) as { stemming: { router: { groups: unknown[][] } } };
  // The router reads a made-up word as "refund" with these packs only.
  en.stemming.router.groups.unshift([{ end: 'qqxq', to: 'refund', stop: true }]);
  await writeFile(file, stringify(en));
  await writeFile(path.join(dir, 'routing.jsonl'), ['i want a qqxq for this', 'can i get a qqxq on my order'].map((text) => JSON.stringify({ text, label: 'returns', label5: 'returns' })).join('\n'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('a routing proposal eval', () => {
  it("routes with the language it is given (the app's packs)", async () => {
    const set = await shippedSkillSet();
    const input = { set, changes: [], files: [path.join(dir, 'routing.jsonl')], threshold: 0.9 };
    const mine = await evaluateChange({ ...input, language: loadRouterLanguage(path.join(dir, 'locales')) });
    const theirs = await evaluateChange(input);
    expect(mine.before.accuracy).toBe(1);
    expect(theirs.before.accuracy).toBeLessThan(1);
  });

  it('routes each message in its detected language, as the app does', async () => {
    // Other forms of skills/vocabulary.yaml's German keys reach them only when read as German
    // ("Uhren" -> uhr, "Zelten" -> zelt). Many plurals also route by the catalog's own nouns
    // now, so these two are ones that still depend on the language.
    const file = path.join(dir, 'languages.jsonl');
    const texts = ['welche Uhren', 'Zelten'];
    await writeFile(file, texts.map((text) => JSON.stringify({ text, label: 'product_recommendation', label5: 'product_recommendation' })).join('\n'));
    const app = await loadAppLanguage(DEFAULT_LOCALES_DIR);
    const input = { set: await shippedSkillSet(), changes: [{ skill: 'product_recommendation', add: ['zwei Zelte für den Urlaub'], remove: [] }], files: [file], threshold: 0.9, language: app.router };
    const detected = await evaluateChange({ ...input, detect: app.packs.detect });
    const none = await evaluateChange(input);
    expect(detected.before.accuracy).toBe(1);
    expect(none.before.accuracy).toBeLessThan(1);
  }, 60_000);
});
