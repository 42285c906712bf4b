import { mkdtemp, readFile, rm, writeFile, cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLanguageStemmers } from '../../src/locale/language-stemmers.js';
import { loadLocalePacks } from '../../src/locale/locale-packs.js';
import { loadSearchLanguage } from '../../src/commerce/load-search-language.js';

const LOCALES = path.resolve(import.meta.dirname, '../../locales');

describe('locale packs name their Snowball stemmer (stemming: snowball)', () => {
  it('the shipped packs: es, de, fr, ru, el and ar name one, English keeps its suffix rules only', async () => {
    const packs = await loadLocalePacks(LOCALES);
    expect(Object.fromEntries(packs.snowball)).toEqual({ es: 'spanish', de: 'german', fr: 'french', ru: 'russian', el: 'greek', ar: 'arabic' });
    const stems = await loadLanguageStemmers(packs.snowball, LOCALES);
    expect(stems.get('de')!('matratzen')).toBe(stems.get('de')!('matratze'));
    expect(stems.get('fr')!('manteaux')).toBe(stems.get('fr')!('manteau'));
    expect(stems.has('en')).toBe(false);
  });

  it('a name the package does not have is a ConfigError naming the pack and the field; a malformed one fails the schema', async () => {
    await expect(loadLanguageStemmers(new Map([['de', 'klingon']]), LOCALES)).rejects.toThrow(/de\.yaml: stemming\.snowball: no Snowball stemmer "klingon"/);
    const dir = await mkdtemp(path.join(tmpdir(), 'switchboard-snowball-'));
    try {
      await cp(LOCALES, dir, { recursive: true });
      const file = path.join(dir, 'de.yaml');
      await writeFile(file, (await readFile(file, 'utf8')).replace('snowball: german', 'snowball: German!'));
      await expect(loadLocalePacks(dir)).rejects.toThrow(/stemming\.snowball/);
      await writeFile(file, (await readFile(file, 'utf8')).replace('snowball: German!', 'snowball: klingon'));
      await expect(loadSearchLanguage({ localesDir: dir })).rejects.toThrow(/stemming\.snowball/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
