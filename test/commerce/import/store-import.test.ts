import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { run } from '../../../src/cli/store-import.js';
import { loadStoreData } from '../../../src/commerce/load-store-data.js';
import { parseJsonShaped } from '../../../src/commerce/json-shaped.js';
import { skuIdentifierOf, skuShapePattern } from '../../../src/commerce/import/sku-identifier.js';
import { checkTree } from '../../../src/cli/prompts-check.js';
import { idKinds } from '../../../src/guard/reply-text.js';

/** `npm run store:import` on small feeds of each format, good and bad rows, into fresh and existing store folders. */

const fixtures = path.resolve(import.meta.dirname, '../../fixtures/import');
const defaultsDir = path.resolve(import.meta.dirname, '../../../skills/_store');
let tmp: string;

beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'store-import-test-'));
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function importFile(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(args, { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, cwd: fixtures, defaultsDir });
  return { code, out, err };
}

describe('store:import', () => {
  it('imports a Shopify CSV: variants grouped by Handle, image rows and drafts skipped, a new folder that loads', async () => {
    const dir = path.join(tmp, 'shop');
    const r = await importFile(['--format', 'shopify-csv', '--out', dir, '--currency', 'CAD', 'shopify-small.csv']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/created .*3 products in 2 categories, prices in CAD/);
    const data = await loadStoreData(dir);
    expect(data.info.currency).toBe('CAD');
    expect(data.products.map((p) => p.sku)).toEqual(['KAY-101', 'KAY-102', 'SLP-201']);
    const red = data.productsBySku.get('KAY-101')!;
    expect(red.name).toBe('River Runner 9 Kayak - Red');
    expect(red.category).toBe('kayaks');
    expect(red.description).toBe('A stable 9 ft sit-on-top kayak for rivers & lakes.');
    expect(red.attributes).toEqual({ brand: 'Eddyline Works', colour: 'Red' });
    expect(red.warrantyMonths).toBe(36);
    expect(red.inStock).toBe(true);
    expect(data.productsBySku.get('KAY-102')!.inStock).toBe(false);
    const bag = data.productsBySku.get('SLP-201')!;
    expect(bag.name).toBe('Alpine -10 Sleeping Bag');
    expect(bag.tags).toEqual(['winter', 'down']);
    // No warranty column value: the default store's default months (no term for the new category).
    expect(bag.warrantyMonths).toBe(data.warranty.defaultMonths);
    // The default store's policies came along without rules about its own categories.
    expect(data.policy.windows).toEqual([]);
    expect(data.warranty.terms).toEqual([]);
    expect(parse(await readFile(path.join(dir, 'orders.yaml'), 'utf8'))).toEqual({ orders: [] });
    // The catalog is written JSON-shaped (read with JSON.parse, a product a line), and is still YAML.
    const text = await readFile(path.join(dir, 'catalog.yaml'), 'utf8');
    const json = parseJsonShaped(text) as { products: Array<{ sku: string }> };
    expect(json.products.map((p) => p.sku)).toEqual(['KAY-101', 'KAY-102', 'SLP-201']);
    expect(parse(text)).toEqual(json);
    expect(text.split('\n').filter((line) => line.startsWith('{"sku":'))).toHaveLength(3);
  });

  it('names the row and column of bad Shopify rows and writes nothing', async () => {
    const dir = path.join(tmp, 'bad');
    const r = await importFile(['--format', 'shopify-csv', '--out', dir, 'shopify-bad.csv']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('row 3, column "Variant Price": "twelve dollars" is not a price');
    expect(r.err).toContain('row 4, column "Type": is empty');
    await expect(readFile(path.join(dir, 'catalog.yaml'), 'utf8')).rejects.toThrow();
  });

  it('imports a Google Merchant Center TSV with the feed currency and the product_type path', async () => {
    const dir = path.join(tmp, 'g');
    const r = await importFile(['--format', 'google-feed', '--out', dir, 'google-small.tsv']);
    expect(r.err).toBe('');
    const data = await loadStoreData(dir);
    expect(data.info.currency).toBe('CAD');
    expect(data.categories.map((c) => [c.id, c.label, c.words])).toEqual([
      ['film', 'Film', ['film & photography']],
      ['film_cameras', 'Film Cameras', ['film & photography']],
    ]);
    const ae1 = data.productsBySku.get('CAM-AE1')!;
    expect(ae1).toMatchObject({ price: 449, inStock: false, attributes: { brand: 'Canon', color: 'black' } });
  });

  it('imports a Google Merchant Center XML feed (g: namespace, entities)', async () => {
    const dir = path.join(tmp, 'x');
    const r = await importFile(['--format', 'google-feed', '--out', dir, 'google-small.xml']);
    expect(r.err).toBe('');
    const data = await loadStoreData(dir);
    expect(data.productsBySku.get('GPS-66')).toMatchObject({ category: 'gps_units', price: 379, description: 'Handheld GPS with topo maps & a 16 h battery' });
    expect(data.productsBySku.get('GPS-67')!.price).toBe(429);
  });

  it('names the row of mixed currencies and missing titles in a TSV feed, and the item of a bad XML item', async () => {
    const tsv = await importFile(['--format', 'google-feed', '--out', path.join(tmp, 'b1'), 'google-bad.tsv']);
    expect(tsv.code).toBe(1);
    expect(tsv.err).toContain('row 4, column "title": is empty');
    expect(tsv.err).toContain('row 3, column "price": is in USD, but row 2 is in CAD');
    const xml = await importFile(['--format', 'google-feed', '--out', path.join(tmp, 'b2'), 'google-bad.xml']);
    expect(xml.code).toBe(1);
    expect(xml.err).toContain('item 2, column "price": is empty');
  });

  it('imports any CSV with a column map, and reports bad values and duplicate SKUs by row', async () => {
    const map = ['--map', 'Item No=sku', '--map', 'Product=name', '--map', 'Cost=price', '--map', 'Dept=category', '--map', 'Stock=in_stock', '--map', 'Colour=attribute.color'];
    const ok = await importFile(['--format', 'csv', '--out', path.join(tmp, 'm'), '--currency', 'CAD', ...map, 'mapped-small.csv']);
    expect(ok.err).toBe('');
    const data = await loadStoreData(path.join(tmp, 'm'));
    expect(data.productsBySku.get('TRP-2')).toMatchObject({ category: 'tripods', inStock: false, attributes: { color: 'grey' } });
    const bad = await importFile(['--format', 'csv', '--out', path.join(tmp, 'mb'), ...map.slice(0, 10), 'mapped-bad.csv']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('row 4, column "Stock": "maybe" is not yes/no');
    expect(bad.err).toContain('row 3, column "Item No": SKU "TRP-1" is used twice (also row 2)');
    const unmapped = await importFile(['--format', 'csv', '--out', path.join(tmp, 'mu'), 'mapped-small.csv']);
    expect(unmapped.code).toBe(1);
    expect(unmapped.err).toContain('no column for "sku"; name one with --map COLUMN=sku');
  });

  it('re-importing replaces the catalog of an existing folder and keeps its policies; a policy naming a vanished category is refused', async () => {
    const dir = path.join(tmp, 'again');
    expect((await importFile(['--format', 'google-feed', '--out', dir, 'google-small.tsv'])).code).toBe(0);
    const returnsFile = path.join(dir, 'returns-policy.yaml');
    const policy = parse(await readFile(returnsFile, 'utf8')) as { windows: unknown[] };
    policy.windows = [{ category: 'film_cameras', days: 14 }];
    const { stringify } = await import('yaml');
    await writeFile(returnsFile, stringify(policy));
    const second = await importFile(['--format', 'google-feed', '--out', dir, 'google-small.xml']);
    expect(second.code).toBe(1);
    expect(second.err).toMatch(/returns-policy\.yaml: windows\[0\]\.category: unknown category film_cameras/);
    // Refused: the folder still has the first catalog.
    expect((await loadStoreData(dir)).productsBySku.has('FLM-400')).toBe(true);
    policy.windows = [];
    await writeFile(returnsFile, stringify(policy));
    expect((await importFile(['--format', 'google-feed', '--out', dir, 'google-small.xml'])).code).toBe(0);
    const data = await loadStoreData(dir);
    expect(data.products.map((p) => p.sku)).toEqual(['GPS-66', 'GPS-67']);
  });

  it('rejects bad arguments with usage', async () => {
    expect((await importFile(['--format', 'excel', '--out', tmp, 'x.csv'])).code).toBe(2);
    expect((await importFile(['--format', 'csv', 'x.csv'])).err).toContain('--out DIR is required');
    expect((await importFile(['--format', 'csv', '--out', tmp, '--map', 'A=colour', 'x.csv'])).err).toContain('--map "A=colour"');
  });
});

describe('a running server picks up a re-import', () => {
  it('reloads the store folder outside skills/ when its catalog is replaced', async () => {
    const { createDemoCommerce } = await import('../../../src/commerce/demo-commerce.js');
    const { createMemoryStore } = await import('../../../src/store/create-memory-store.js');
    const { createSkillSource } = await import('../../../src/skills/skill-source.js');
    const { loadSkillSet } = await import('../../../src/skills/load-skill-set.js');
    const { createToolRegistry } = await import('../../../src/tools/tool-registry.js');
    const { systemClock } = await import('../../../src/core/clock.js');
    const { silentLogger } = await import('../../../src/core/logger.js');
    const dir = path.join(tmp, 'live');
    expect((await importFile(['--format', 'google-feed', '--out', dir, 'google-small.tsv'])).code).toBe(0);
    const memory = createMemoryStore({ historyTtlSeconds: 60, maxMessages: 10, clock: systemClock, logger: silentLogger });
    const commerce = await createDemoCommerce({ dir, store: memory.store, clock: systemClock });
    const root = path.resolve(import.meta.dirname, '../../..');
    // The skills as the demo store fills them: this test is about the store folder being watched.
    const demo = await createDemoCommerce({ dir: defaultsDir, store: memory.store, clock: systemClock });
    const skills = await loadSkillSet({ skillsDir: path.join(root, 'skills'), promptsDir: path.join(root, 'prompts'), commerce: demo, tools: createToolRegistry() });
    const source = await createSkillSource({
      skillsDir: path.join(root, 'skills'),
      promptsDir: path.join(root, 'prompts'),
      load: async () => skills,
      watch: true,
      dataDirs: [dir],
      debounceMs: 50,
      logger: silentLogger,
      beforeReload: () => commerce.reload(),
    });
    try {
      expect(await commerce.getProduct('GPS-66')).toBeNull();
      const changed = new Promise<void>((resolve) => commerce.onChange(() => resolve()));
      expect((await importFile(['--format', 'google-feed', '--out', dir, 'google-small.xml'])).code).toBe(0);
      await changed;
      expect((await commerce.getProduct('GPS-66'))?.name).toBe('Trailmark 66 Handheld GPS');
    } finally {
      await source.close();
      await commerce.close();
      await demo.close();
      await memory.close();
    }
  }, 30_000);
});

describe('the northbound example store', () => {
  it('has exactly the catalog store:import builds from its Shopify CSV', async () => {
    const { cp } = await import('node:fs/promises');
    const store = path.resolve(import.meta.dirname, '../../../examples/stores/northbound');
    const dir = path.join(tmp, 'northbound');
    await cp(store, dir, { recursive: true });
    const r = await importFile(['--format', 'shopify-csv', '--currency', 'CAD', '--out', dir, path.join(store, 'feed', 'northbound-products.csv')]);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/76 products in 17 categories, prices in CAD/);
    expect(await readFile(path.join(dir, 'catalog.yaml'), 'utf8')).toBe(await readFile(path.join(store, 'catalog.yaml'), 'utf8'));
  });
});

describe('the cadence example store', () => {
  it('has exactly the catalog store:import builds from its plain CSV and column map', async () => {
    const { cp } = await import('node:fs/promises');
    const store = path.resolve(import.meta.dirname, '../../../examples/stores/cadence');
    const dir = path.join(tmp, 'cadence');
    await cp(store, dir, { recursive: true });
    const map = ['Item Code=sku', 'Department=category', 'Stars=rating', 'Frame Size=attribute.frame_size', 'Wheel Size=attribute.wheel_size', 'Material=attribute.material', 'Colour=attribute.colour', 'Gears=attribute.gears', 'Size=attribute.size'];
    const r = await importFile(['--format', 'csv', '--currency', 'GBP', '--out', dir, ...map.flatMap((m) => ['--map', m]), path.join(store, 'feed', 'cadence-products.csv')]);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/72 products in 24 categories, prices in GBP/);
    expect(await readFile(path.join(dir, 'catalog.yaml'), 'utf8')).toBe(await readFile(path.join(store, 'catalog.yaml'), 'utf8'));
  });
});

describe("a new store folder's SKU shape", () => {
  it('comes from its own catalog, so its codes are its ids to prompts:check and the guard at once', async () => {
    // The folder used to keep the default store's shape (KIT-1001): "FM-1901-36" and "OW-2502-M"
    // were "none of this store's ids" and prompts:check failed on a store fresh from the import.
    const feed = path.resolve(import.meta.dirname, '../../../examples/stores/northbound/feed/northbound-products.csv');
    const dir = path.join(tmp, 'fresh');
    const r = await importFile(['--format', 'shopify-csv', '--currency', 'CAD', '--out', dir, feed]);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/identifiers\.sku: read from the catalog \(codes like KY-1001\)/);
    const data = await loadStoreData(dir);
    const ids = data.info.identifiers;
    expect(ids.sku.example).toBe('KY-1001');
    expect(ids.return.example).toBe(`RET-${ids.order.example.replace(/\D/g, '')}-KY-1001`);
    const kinds = idKinds(ids);
    for (const p of data.products) expect(kinds.kind(p.sku), p.sku).toBe('sku');
    // Shoppers drop the dashes or type spaces; the pattern reads those too.
    expect(kinds.kind('ky1001')).toBe('sku');
    const report = await checkTree({ skillsDir: 'skills', promptsDir: 'prompts', model: 'gpt-4o-mini', maxMessageChars: 2000, storeDir: dir });
    expect(report.problems.map((p) => p.message)).toEqual([]);
  }, 60_000);

  it('keeps the copied shape when the codes have none a shopper would type, or an existing folder is re-imported', () => {
    expect(skuShapePattern('KY-1001')).toBe('[A-Z]{2}[-\\s]?\\d{4}');
    expect(skuShapePattern('12345')).toBeNull();
    expect(skuShapePattern('blue-shirt')).toBeNull();
    expect(skuShapePattern('A--1')).toBeNull();
    expect(skuShapePattern('AB_12')).toBeNull();
    expect(skuIdentifierOf(['KY-1001', 'handle/with/slashes'])).toBeNull();
    expect(skuIdentifierOf([])).toBeNull();
    expect(skuIdentifierOf(['KY-1001', 'KY-1002-L'])).toEqual({ pattern: '[A-Z]{2}[-\\s]?\\d{4}[-\\s]?[A-Z]{1}|[A-Z]{2}[-\\s]?\\d{4}', example: 'KY-1001' });
  });
});
