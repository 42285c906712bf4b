import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.js';
import { loadLocalePacks } from '../../src/locale/locale-packs.js';
import { compileStemmer, stemmerOf, stemmingProfileSchema, stemmingSectionOf } from '../../src/locale/stemmer.js';

const profile = (p: unknown) => stemmingProfileSchema.parse(p);

describe('stemming rules from the locale packs', () => {
  it('runs the groups in order, the first fitting rule of each, with its conditions', () => {
    const stem = compileStemmer(
      profile({
        min_length: 4,
        groups: [
          [{ end: 'ies', to: 'y', min_length: 5 }, { end: 's', except: ['ss'] }],
          [{ end: 'ing', min_stem: 3, undouble: true }],
        ],
        undouble: [{ letters: 'pt', min_length: 4 }],
      }),
    );
    expect(stem('parties')).toBe('party');
    // "ies" needs five letters: the plural rule after it fits.
    expect(stem('ties')).toBe('tie');
    expect(stem('class')).toBe('class');
    expect(stem('shopping')).toBe('shop');
    expect(stem('singing')).toBe('sing');
    // Shorter than min_length: whole.
    expect(stem('its')).toBe('its');
  });

  it('keeps words outside the alphabet or with a digit whole, and stops where a rule says so', () => {
    const stem = compileStemmer(profile({ alphabet: 'abcdefghijklmnopqrstuvwxyz', groups: [[{ end: 's', stop: true }], [{ end: 'e' }]] }));
    expect(stem('cafés')).toBe('cafés');
    expect(stem('cakes')).toBe('cake');
    expect(stem('cake')).toBe('cak');
    const noDigits = compileStemmer(profile({ no_digits: true, groups: [[{ end: 's' }]] }));
    expect(noDigits('4ks')).toBe('4ks');
    expect(noDigits('tvs')).toBe('tv');
  });

  it('folds the rules as the readers fold words, and passes words through when no pack has rules', () => {
    expect(compileStemmer(profile({ groups: [[{ end: 'ÉES', to: 'ée' }]] }))('creees')).toBe('creee');
    expect(stemmerOf([undefined, undefined])('running')).toBe('running');
  });

  it('names the file and the field of a rule it cannot read', () => {
    expect(() => stemmingSectionOf({ router: { groups: [[{ end: 'ing', undouble: true }]] } }, 'locales/xx.yaml')).toThrow(
      new ConfigError('locales/xx.yaml', 'the profile has no `undouble` cases', 'stemming.router.groups.0.0.undouble'),
    );
    expect(() => stemmingSectionOf({ search: { groups: [[{ end: 'two words' }]] } }, 'locales/xx.yaml')).toThrow(/locales\/xx\.yaml: stemming\.search\.groups\.0\.0\.end: one ending/);
    expect(() => stemmingSectionOf({ routr: { groups: [] } }, 'locales/xx.yaml')).toThrow(/locales\/xx\.yaml: stemming/);
  });

  it('the app’s pack loader checks the section too', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'stemming-'));
    const en = readFileSync(path.resolve(import.meta.dirname, '../../locales/en.yaml'), 'utf8');
    writeFileSync(path.join(dir, 'en.yaml'), en.replace('  router:\n    min_length: 4', '  router:\n    min_length: four'));
    await expect(loadLocalePacks(dir)).rejects.toThrow(/en\.yaml: stemming\.router\.min_length/);
  });
});
