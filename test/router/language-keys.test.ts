import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EMPTY_ADDITIONS, EMPTY_STORE_VOCABULARY } from '../../src/core/vocabulary.js';
import { loadAppLanguage } from '../../src/locale/app-language.js';
import type { LanguageStemmers } from '../../src/locale/language-stemmers.js';
import { conceptLexicon } from '../../src/router/concept-lexicon.js';
import { createRouter, type SwitchboardRouter } from '../../src/router/create-router.js';
import { languageKeyReader } from '../../src/router/language-keys.js';
import { shippedSkillSet } from './shipped-skills.js';

/**
 * Issue 16: skills/vocabulary.yaml's synonym keys are words customers use for what the store
 * sells. The router reads such a key as a product word, and in a message of a language whose
 * pack names a Snowball stemmer, the key's other forms too ("Zelte", "relojes", "manteaux").
 */

const LOCALES = path.resolve(import.meta.dirname, '../../locales');

describe('synonym keys in the concept lexicon', () => {
  const additions = {
    ...EMPTY_ADDITIONS,
    productWords: ['tent', 'kettle'],
    concepts: new Map([['return', ['cancellation']], ['recommend', ['budget']]]),
    synonyms: new Map<string, readonly string[]>([
      ['zelt', ['tent']],
      ['billig', ['budget']],
      ['tea', ['kettle']],
      ['cancellation', ['tent']],
    ]),
  };
  const lexicon = conceptLexicon({ store: EMPTY_STORE_VOCABULARY, additions });
  const conceptsOf = (w: string) => [...lexicon].filter(([, words]) => words.includes(w)).map(([c]) => c);

  it('a key whose catalog words name something sold is a product word', () => {
    expect(conceptsOf('zelt')).toEqual(['PRODUCT']);
  });

  it('a key for a quality, an English word, or a word the file already gives a meaning stays as it was', () => {
    expect(conceptsOf('billig')).toEqual([]);
    // "tea" is for search ("tea" finds kettles), not a product of its own in "tea or coffee?".
    expect(conceptsOf('tea')).toEqual([]);
    expect(conceptsOf('cancellation')).toEqual(['RETURN']);
  });
});

describe('a synonym key in another form, read in the message language', () => {
  let stems: LanguageStemmers;
  beforeAll(async () => {
    stems = (await loadAppLanguage(LOCALES)).router.languageStems!;
  });

  it('reads the plural of a key as the key in its language only; other messages come back as they were', () => {
    const read = languageKeyReader(['uhr', 'zelt', 'reloj', 'manteau'], new Set(['mit', 'uhr', 'zelt']), stems, 'en');
    expect(read('Uhren mit GPS', 'de')).toBe('uhr mit GPS');
    expect(read('zwei Zelte, bitte', 'de')).toBe('zwei zelt, bitte');
    expect(read('relojes deportivos', 'es')).toBe('reloj deportivos');
    expect(read('des manteaux chauds', 'fr')).toBe('des manteau chauds');
    const english = 'Uhren mit GPS';
    expect(read(english, 'en')).toBe(english);
    expect(read(english, null)).toBe(english);
    expect(read(english, 'it')).toBe(english);
    expect(read('eine Uhr mit GPS', 'de')).toBe('eine Uhr mit GPS');
  });

  it('reaches an accented key from a message word folded as the router folds it', () => {
    // The stemmers keep accents; message words are folded, so keys are stemmed folded too.
    const read = languageKeyReader(['écouteur'], new Set(), stems, 'en');
    expect(read('des écouteurs sans fil', 'fr')).toBe('des écouteur sans fil');
    expect(read('des ecouteurs sans fil', 'fr')).toBe('des écouteur sans fil');
    expect(read('un écouteur', 'fr')).toBe('un écouteur');
  });

  it('reads a phrase key in another form word by word, in its language only', () => {
    const read = languageKeyReader(['tienda de campana', 'reloj'], new Set(['de']), stems, 'en');
    expect(read('busco tiendas de campaña baratas', 'es')).toBe('busco tienda de campana baratas');
    expect(read('dos tiendas de campaña y relojes', 'es')).toBe('dos tienda de campana y reloj');
    // The key as written is left as it is (the lexicon reads it already).
    expect(read('una tienda de campaña', 'es')).toBe('una tienda de campaña');
    expect(read('busco tiendas de campaña', 'en')).toBe('busco tiendas de campaña');
    expect(read('busco tiendas de campaña', null)).toBe('busco tiendas de campaña');
    // A phrase cut by the word budget is not read.
    const long = `${'palabra '.repeat(29)}tiendas de campaña`;
    expect(read(long, 'es')).toBe(long);
  });

  it('leaves a word longer than any key as it is', () => {
    const read = languageKeyReader(['zelt'], new Set(), stems, 'en');
    const text = `${'zelte'.repeat(40)} und Zelte`;
    expect(read(text, 'de')).toBe(`${'zelte'.repeat(40)} und zelt`);
  });

  it('reads only the words the router reads (its word budget)', () => {
    const read = languageKeyReader(['zelt'], new Set(), stems, 'en');
    const long = `${'wort '.repeat(30)}Zelte`;
    expect(read(long, 'de')).toBe(long);
  });

  describe('the shipped router', () => {
    let router: SwitchboardRouter;
    beforeAll(async () => {
      const language = await loadAppLanguage(LOCALES);
      router = createRouter({ skills: await shippedSkillSet(), language: language.router, threshold: 0.9 });
    }, 60_000);

    it('routes product questions naming a key in another form, in the message language', async () => {
      for (const [text, language] of [
        ['warme Jacken für den Winter', 'de'],
        ['höhenverstellbare Schreibtische', 'de'],
        ['manteaux chauds pour l’hiver', 'fr'],
        ['necesito dos tiendas de campaña ligeras', 'es'],
      ] as const) {
        const d = await router.route(text, { activeSkill: null, unclearStreak: 0, language });
        expect(d.skill, text).toBe('product_recommendation');
      }
    });
  });
});
