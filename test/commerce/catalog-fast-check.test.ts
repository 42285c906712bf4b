import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { generateCatalog, loadBaseCatalog, loadCatalogWords } from '../../src/bench/catalog-generator.js';
import fc from 'fast-check';
import { CATALOG_KEYS, CATEGORY_KEYS, PRODUCT_KEYS, fastCatalog } from '../../src/commerce/catalog-fast-check.js';
import { catalogSchema, categorySchema, productSchema } from '../../src/commerce/store-schemas.js';
import { STORE_DIR } from './demo-fixture.js';

const NORTHBOUND = path.resolve(__dirname, '../../examples/stores/northbound');
const readCatalog = async (dir: string): Promise<unknown> => parse(await readFile(path.join(dir, 'catalog.yaml'), 'utf8'));

/** zod's output, or null when zod rejects the value. */
const viaZod = (value: unknown): unknown => {
  const r = catalogSchema.safeParse(value);
  return r.success ? r.data : null;
};

/** A valid product, as a catalog file writes one (untrimmed text, no tags: the schema trims and defaults). */
const row = (): Record<string, unknown> => ({
  sku: 'AB-12',
  name: '  Kettle ',
  category: 'kitchen',
  price: 20,
  description: 'A kettle.',
  attributes: { power: '600 W', cordless: true, litres: 1.7 },
  warrantyMonths: 12,
  inStock: true,
});

describe('catalog fast check', () => {
  it("returns exactly zod's output (same values, same key order) for the shipped stores and a generated catalog", async () => {
    const generated = generateCatalog(await loadCatalogWords(), await loadBaseCatalog(), 10_000).catalog;
    for (const value of [await readCatalog(STORE_DIR), await readCatalog(NORTHBOUND), JSON.parse(JSON.stringify(generated)) as unknown]) {
      const fast = fastCatalog(value);
      expect(fast).toBeDefined();
      expect(JSON.stringify(fast)).toBe(JSON.stringify(viaZod(value)));
    }
  });

  it('trims texts and fills defaults as the schema does', () => {
    const value = { products: [{ ...row(), tags: [' quiet ', 'travel'], rating: 4.5 }], categories: [{ id: 'kitchen', label: ' Kitchen ' }] };
    const fast = fastCatalog(value);
    expect(fast).toEqual(viaZod(value));
    expect(fast?.products[0]?.name).toBe('Kettle');
    expect(fast?.categories[0]?.words).toEqual([]);
    expect(fastCatalog({ products: [row()] })).toEqual(viaZod({ products: [row()] }));
  });

  it('leaves every invalid or unusual catalog to zod (which names the row and field)', () => {
    const cases: unknown[] = [
      null,
      [],
      { products: [] },
      { products: [row()], categories: null },
      { products: [row()], extra: 1 },
      { products: [{ ...row(), sku: 'has space' }] },
      { products: [{ ...row(), name: '   ' }] },
      { products: [{ ...row(), category: 'Kitchen' }] },
      { products: [{ ...row(), price: -1 }] },
      { products: [{ ...row(), price: Number.POSITIVE_INFINITY }] },
      { products: [{ ...row(), price: '20' }] },
      { products: [{ ...row(), attributes: { Power: 1 } }] },
      { products: [{ ...row(), attributes: { power: null } }] },
      { products: [{ ...row(), attributes: [] }] },
      { products: [{ ...row(), tags: ['ok', ''] }] },
      { products: [{ ...row(), tags: 'quiet' }] },
      { products: [{ ...row(), warrantyMonths: 1.5 }] },
      { products: [{ ...row(), inStock: 'yes' }] },
      { products: [{ ...row(), rating: 6 }] },
      { products: [{ ...row(), rating: undefined }] },
      { products: [{ ...row(), colour: 'red' }] },
      { products: [row(), 'not a product'] },
      { products: [row()], categories: [{ id: 'kitchen', label: 'Kitchen', words: [3] }] },
      { products: [row()], categories: [{ id: 'kitchen', label: 'Kitchen', extra: true }] },
      { products: [row()], categories: [{ id: 'Kitchen', label: 'Kitchen' }] },
      JSON.parse('{"products":[{"__proto__":{"x":1},"sku":"AB-12","name":"K","category":"k","price":1,"description":"d","attributes":{},"warrantyMonths":1,"inStock":true}]}') as unknown,
    ];
    for (const value of cases) expect(fastCatalog(value), JSON.stringify(value)).toBeUndefined();
    // Most of them zod rejects, naming the row and field; the rest it accepts, which the fast check may leave to it.
    const rejected = catalogSchema.safeParse({ products: [row(), { ...row(), price: -1 }] });
    expect(rejected.success).toBe(false);
    expect(rejected.error?.issues[0]?.path).toEqual(['products', 1, 'price']);
  });

  it('knows exactly the schema\'s fields (a field added to the schema must be added here too)', () => {
    expect([...PRODUCT_KEYS].sort()).toEqual(Object.keys(productSchema.shape).sort());
    expect([...CATEGORY_KEYS].sort()).toEqual(Object.keys(categorySchema.shape).sort());
    expect([...CATALOG_KEYS].sort()).toEqual(Object.keys(catalogSchema.shape).sort());
  });

  it('on any catalog, valid or not, what it returns is exactly zod\'s output, and it returns nothing zod rejects', () => {
    // Each field is drawn from valid values, near misses and wrong types, so most rows mix both.
    // Objects with a null prototype (which YAML never gives) are always left to zod: not drawn here.
    const text = fc.oneof(fc.constantFrom('Kettle', '  padded  ', '', '   ', 'x'), fc.string({ maxLength: 6 }), fc.integer(), fc.constant(null));
    const field = {
      sku: fc.oneof(fc.constantFrom('AB-12', 'KIT-1002', 'has space', '', 'ab12'), fc.string({ maxLength: 8 }), fc.integer()),
      name: text,
      category: fc.oneof(fc.constantFrom('kitchen', 'audio_gear', 'Kitchen', 'a-b', ''), fc.string({ maxLength: 6 })),
      price: fc.oneof(fc.double(), fc.integer({ min: -5, max: 5000 }), fc.constantFrom('20', null, Number.NaN)),
      description: text,
      attributes: fc.oneof(
        fc.dictionary(fc.oneof(fc.constantFrom('power', 'size_eu', 'Colour', 'a b'), fc.string({ maxLength: 5 })), fc.oneof(fc.string({ maxLength: 5 }), fc.double(), fc.boolean(), fc.constant(null)), { maxKeys: 3, noNullPrototype: true }),
        fc.constantFrom([], null, 'x'),
      ),
      tags: fc.oneof(fc.array(text, { maxLength: 3 }), fc.constantFrom('quiet', null)),
      warrantyMonths: fc.oneof(fc.integer({ min: -2, max: 60 }), fc.double(), fc.constantFrom('12', null)),
      inStock: fc.oneof(fc.boolean(), fc.constantFrom('yes', 1, null)),
      rating: fc.oneof(fc.double({ min: -1, max: 7 }), fc.constantFrom(undefined, '4', null)),
      colour: fc.constantFrom('red'),
    };
    const anyProduct = fc.record(field, { requiredKeys: ['sku', 'name', 'category', 'price', 'description', 'attributes', 'warrantyMonths', 'inStock'], noNullPrototype: true });
    const validProduct = fc.record(
      {
        sku: fc.constantFrom('AB-12', 'KIT-1002'),
        name: fc.constantFrom('Kettle', '  padded  '),
        category: fc.constantFrom('kitchen', 'audio_gear'),
        price: fc.oneof(fc.integer({ min: 0, max: 5000 }), fc.double({ min: 0, max: 1e6, noNaN: true })),
        description: fc.constantFrom('A kettle.', ' spaced '),
        attributes: fc.dictionary(fc.constantFrom('power', 'size_eu'), fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.boolean()), { maxKeys: 2, noNullPrototype: true }),
        tags: fc.array(fc.constantFrom('quiet', ' travel '), { maxLength: 2 }),
        warrantyMonths: fc.integer({ min: 0, max: 60 }),
        inStock: fc.boolean(),
        rating: fc.double({ min: 0, max: 5, noNaN: true }),
      },
      { requiredKeys: ['sku', 'name', 'category', 'price', 'description', 'attributes', 'warrantyMonths', 'inStock'], noNullPrototype: true },
    );
    const anyCategory = fc.record({ id: field.category, label: text, words: field.tags, extra: fc.constant(1) }, { requiredKeys: ['id', 'label'], noNullPrototype: true });
    const validCategory = fc.record({ id: fc.constantFrom('kitchen', 'audio_gear'), label: fc.constantFrom('Kitchen', ' Audio '), words: fc.array(fc.constantFrom('kettle', ' pan '), { maxLength: 2 }) }, { requiredKeys: ['id', 'label'], noNullPrototype: true });
    const catalog = fc.oneof(
      fc.record({ categories: fc.oneof(fc.array(anyCategory, { maxLength: 2 }), fc.constant(null)), products: fc.array(fc.oneof(anyProduct, validProduct), { maxLength: 3 }), extra: fc.constant(1) }, { requiredKeys: ['products'], noNullPrototype: true }),
      fc.record({ categories: fc.array(validCategory, { maxLength: 2 }), products: fc.array(fc.oneof(validProduct, validProduct, anyProduct), { minLength: 1, maxLength: 3 }) }, { requiredKeys: ['products'], noNullPrototype: true }),
      fc.record({ categories: fc.array(validCategory, { maxLength: 2 }), products: fc.array(validProduct, { minLength: 1, maxLength: 3 }) }, { requiredKeys: ['products'], noNullPrototype: true }),
    );
    let accepted = 0;
    fc.assert(
      fc.property(catalog, (value) => {
        const fast = fastCatalog(value);
        const zod = catalogSchema.safeParse(value);
        if (fast === undefined) return;
        accepted++;
        expect(zod.success).toBe(true);
        expect(JSON.stringify(fast)).toBe(JSON.stringify(zod.data));
      }),
      { seed: 20_261_206, numRuns: 3000 },
    );
    // The property is not empty: a share of the drawn catalogs takes the fast path.
    expect(accepted).toBeGreaterThan(300);
    console.info(`fast path taken on ${accepted} of 3,000 catalogs`);
  });
});
