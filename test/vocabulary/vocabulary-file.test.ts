import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseVocabulary } from '../../src/vocabulary/vocabulary-file.js';
import { storeVocabularyFrom, type CatalogForVocabulary } from '../../src/vocabulary/store-vocabulary.js';

const FILE = 'skills/vocabulary.yaml';

describe('skills/vocabulary.yaml', () => {
  it('the shipped file validates', async () => {
    const raw = parse(await readFile(path.resolve(FILE), 'utf8')) as unknown;
    const { problems, additions } = parseVocabulary(FILE, raw);
    expect(problems).toEqual([]);
    expect(additions.synonyms.size).toBeGreaterThan(0);
  });

  it('names the file and the field of a bad entry', () => {
    const { problems } = parseVocabulary(FILE, { synonyms: { tea: [] }, product_words: ['ok', 3], colour_words: [] });
    const fields = problems.map((p) => p.field);
    expect(problems.every((p) => p.file === FILE)).toBe(true);
    expect(fields).toContain('synonyms.tea');
    expect(fields).toContain('product_words[1]');
    expect(problems.some((p) => /colour_words/.test(p.message) || p.field === 'colour_words')).toBe(true);
  });

  it('merges languages, and a word listed both ways is a product word', () => {
    const { additions } = parseVocabulary(FILE, {
      product_words: ['Kayak'],
      out_of_scope_words: ['kayak', 'weather'],
      languages: { es: { synonyms: { colchon: ['mattress'] }, out_of_scope_words: ['clima'] } },
    });
    expect(additions.productWords).toEqual(['kayak']);
    expect(additions.outOfScopeWords).toEqual(['weather', 'clima']);
    expect(additions.synonyms.get('colchon')).toEqual(['mattress']);
  });

  it('keeps a key such as __proto__ or constructor as data', () => {
    const raw = JSON.parse('{"synonyms": {"__proto__": ["x"], "constructor": ["y"]}}') as unknown;
    const { additions, problems } = parseVocabulary(FILE, raw);
    expect(problems).toEqual([]);
    expect(additions.synonyms.get('constructor')).toEqual(['y']);
  });
});

describe('store vocabulary from the catalog', () => {
  it('derives categories, names, brands, tags and attributes', () => {
    const v = storeVocabularyFrom({
      categories: [{ id: 'water_sports', label: 'Water sports', words: ['paddling'] }],
      products: [
        { name: 'Rivella Trek 10 Kayak', category: 'water_sports', tags: ['kayak', 'river'], attributes: { hull: 'rotomoulded polyethylene', seats: 1 } },
        { name: 'Rivella Paddle Pro', category: 'water_sports', tags: ['paddle'], attributes: { brand: 'Rivella', shaft: 'carbon' } },
      ],
    });
    expect(v.categoryPhrases).toEqual(expect.arrayContaining(['water sports', 'paddling']));
    expect(v.productNames).toContain('rivella trek 10 kayak');
    expect(v.brands).toContain('rivella');
    expect(v.tags).toEqual(expect.arrayContaining(['kayak', 'river', 'paddle']));
    expect(v.attributeNames).toEqual(expect.arrayContaining(['hull', 'seats']));
    expect(v.attributeValues).toEqual(expect.arrayContaining(['rotomoulded polyethylene', 'carbon']));
    expect(v.words.get('kayak')).toBeGreaterThan(0);
  });

  it("reads brands from the attributes the locale packs name (brand_attributes), in any of their languages", () => {
    const catalog: CatalogForVocabulary = {
      categories: [],
      products: [
        { name: 'Kocher 1', category: 'k', tags: [], attributes: { Hersteller: 'Wasserwerk' } },
        { name: 'Olla 2', category: 'k', tags: [], attributes: { fabricante: 'Cocinex', material: 'acero' } },
      ],
    };
    // The repository's packs: German "Hersteller", Spanish "fabricante".
    expect(storeVocabularyFrom(catalog).brands).toEqual(expect.arrayContaining(['wasserwerk', 'cocinex']));
    // A deployment's packs decide: here only "material" names a maker.
    const own = storeVocabularyFrom(catalog, new Set(['material']));
    expect(own.brands).toEqual(['acero']);
  });
});
