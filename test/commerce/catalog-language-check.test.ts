import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../../src/core/errors.js';
import { main as promptsCheck } from '../../src/cli/prompts-check.js';
import { demoCommerce, scratchStoreDir } from './demo-fixture.js';

/**
 * store.yaml `language` names a locale pack (issue 16): an unknown code or a language with no
 * pack is a ConfigError naming store.yaml and the field, at store load, on a reload (the last good
 * store keeps serving) and in `npm run prompts:check`; a pack without a Snowball stemmer is fine.
 */
let scratch: Awaited<ReturnType<typeof scratchStoreDir>>;
beforeAll(async () => {
  scratch = await scratchStoreDir();
});
afterAll(() => scratch?.cleanup());

const setLanguage = (code: string | null) =>
  scratch.edit('store.yaml', (t) => {
    const rest = t.replace(/\nlanguage: \S+\n/, '\n').trimEnd();
    return code === null ? `${rest}\n` : `${rest}\nlanguage: ${code}\n`;
  });

async function loadError(): Promise<ConfigError> {
  const err = await demoCommerce({ dir: scratch.dir }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConfigError);
  return err as ConfigError;
}

describe("store.yaml's language", () => {
  it.each([
    ['xx', /"xx" is not a language code/],
    ['nl', /no locale pack for "nl" \(Dutch\)/],
  ])('%s is a ConfigError naming the file and the field', async (code, why) => {
    await setLanguage(code);
    const err = await loadError();
    expect(err.source).toMatch(/store\.yaml$/);
    expect(err.field).toBe('language');
    expect(err.message).toMatch(why);
  });

  it('a pack without a stemmer (it: text-only) and one with (de) load', async () => {
    for (const code of ['it', 'de', 'en']) {
      await setLanguage(code);
      const { commerce } = await demoCommerce({ dir: scratch.dir });
      expect(commerce.storeInfo().name).toBeTruthy();
    }
  });

  it('a reload to a language without a pack is refused and the store keeps serving', async () => {
    await setLanguage('de');
    const { commerce } = await demoCommerce({ dir: scratch.dir });
    const before = await commerce.searchProducts({ text: 'blender' });
    await setLanguage('nl');
    await expect(commerce.reload()).rejects.toThrow(/store\.yaml.*language.*no locale pack for "nl"/);
    expect(await commerce.searchProducts({ text: 'blender' })).toEqual(before);
    await setLanguage(null);
  });

  it('prompts:check reports it and fails', async () => {
    await setLanguage('nl');
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const repo = path.resolve(import.meta.dirname, '../..');
      const code = await promptsCheck(['--store', scratch.dir], { SKILLS_DIR: path.join(repo, 'skills'), PROMPTS_DIR: path.join(repo, 'prompts') });
      expect(code).toBe(1);
      expect(err.mock.calls.map((c) => String(c[0])).join('')).toMatch(/store\.yaml: language: no locale pack for "nl"/);
    } finally {
      err.mockRestore();
      out.mockRestore();
      await setLanguage(null);
    }
  });
});
