import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { generateCatalog, loadBaseCatalog, loadCatalogWords } from '../../src/bench/catalog-generator.js';
import { fastCatalog } from '../../src/commerce/catalog-fast-check.js';
import { catalogSchema } from '../../src/commerce/store-schemas.js';
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
});
