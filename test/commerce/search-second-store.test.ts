import { beforeAll, describe, expect, it } from 'vitest';
import type { DemoCommerce } from '../../src/commerce/demo-commerce.js';
import { CAMERA_STORE, demoCommerce } from './demo-fixture.js';

/**
 * Product search on a second store in another trade (test/fixtures/camera-store: cameras, film,
 * tents, kayaks; euros; numeric SKUs), and the honest answers of issue 17.4 on both stores.
 * Nothing the search knows may be shaped like the demo catalog.
 */

let camera: DemoCommerce;
let demo: DemoCommerce;
beforeAll(async () => {
  ({ commerce: camera } = await demoCommerce({ dir: CAMERA_STORE }));
  ({ commerce: demo } = await demoCommerce());
});

const skus = (r: { hits: Array<{ product: { sku: string } }> }) => r.hits.map((h) => h.product.sku);

describe('product search on a camera-and-outdoor store', () => {
  it.each([
    ['which kayak is good for river trips', '360001'],
    ['recommend a sleeping bag rated for minus 10 celsius', '350001'],
    ['a fast prime lens for portraits', '320001'],
    ['black and white film', '330002'],
    ['a tent for snow', '340002'],
  ])('"%s" finds %s first, as an exact match', async (text, sku) => {
    const r = await camera.findProducts({ text });
    expect(skus(r)[0]).toBe(sku);
    expect(r.match).toBe('exact');
    expect(r.hits[0]!.match).toBe('exact');
  });

  it('finds a SKU of the store\'s own shape (numeric) and nothing demo-shaped', async () => {
    expect(skus(await camera.findProducts({ text: 'tell me about 310001' }))).toEqual(['310001']);
    expect((await camera.findProducts({ text: 'KIT-1001' })).hits).toEqual([]);
  });

  it('says the store does not carry what it does not, and offers its nearest categories', async () => {
    const r = await camera.findProducts({ text: 'do you sell drones?' });
    expect(r).toMatchObject({ match: 'none', hits: [], unmatched: ['drones'] });
    expect(r.nearestCategories.length).toBeGreaterThan(0);
    for (const c of r.nearestCategories) expect(camera.categories()).toContain(c);
  });

  it('learns unit words from the catalog: a size alone ("35 mm", "3 kg") is not a match', async () => {
    for (const text of ['something 35 mm', 'anything around 3 kg', 'mm']) {
      const r = await camera.findProducts({ text });
      expect(r.match, text).toBe('none');
      expect(r.hits, text).toEqual([]);
    }
    // With a product word, the unit still helps.
    expect((await camera.findProducts({ text: 'a 50 mm lens' })).hits[0]!.product.category).toBe('lenses');
  });

  it('reads a budget in the store currency (EUR) and reports a dollar budget instead of applying it', async () => {
    const euros = await camera.findProducts({ text: 'lens unter 300 Euro' });
    expect(euros).toMatchObject({ currency: 'EUR', priceFilter: { max: 300 }, currencyMismatch: null });
    for (const h of euros.hits) expect(h.product.price).toBeLessThanOrEqual(300);
    const dollars = await camera.findProducts({ text: 'a lens under $300' });
    expect(dollars).toMatchObject({ priceFilter: null, currencyMismatch: { asked: 'USD', store: 'EUR', max: 300 } });
    expect(skus(dollars)).toContain('320002');
  });

  it('finds the products a comparison names', async () => {
    const r = await camera.findProducts({ text: 'what is the difference between the Ridge 2 and the Storm 3?' });
    expect(r.comparison.map((p) => p.sku)).toEqual(['340001', '340002']);
    expect((await camera.findProducts({ text: 'a tent for two' })).comparison).toEqual([]);
  });

  it('compares the products named at the start of long parts (each part searches its first words)', async () => {
    const r = await camera.findProducts({ text: 'what is the difference between the Ridge 2 tent that my sister recommended last summer when we went camping in the hills and the Storm 3?' });
    expect(r.comparison.map((p) => p.sku)).toEqual(['340001', '340002']);
  });

  it('a typo of another product type does not claim an exact match', async () => {
    // "canon" is one letter from the category word "canoe": the film is what was asked for.
    const r = await camera.findProducts({ text: 'which film is best for my old canon ae-1' });
    expect(r.hits[0]!.product.category).toBe('film');
    for (const h of r.hits.filter((x) => x.product.category === 'paddle_sports')) expect(h.match).toBe('related');
  });

  it('a gift within a budget keeps to the stated interest: the nearest real match beyond the budget, not random cheap items', async () => {
    const r = await camera.findProducts({ text: 'gift for dad under 50 euros, he likes photography' });
    expect(r.match).not.toBe('exact');
    expect(r.outsideBudget.length).toBeGreaterThan(0);
    expect(r.outsideBudget[0]!.product.category).toBe('cameras');
  });
});

describe('honest answers on the demo store (issue 17.4)', () => {
  it('"Do you sell TVs? I need a 55 inch one": no laptop, tablet or phone for "inch"', async () => {
    const r = await demo.findProducts({ text: 'Do you sell TVs? I need a 55 inch one' });
    expect(r.match).not.toBe('exact');
    for (const h of r.hits) expect(['computers_tablets', 'phones_wearables']).not.toContain(h.product.category);
    expect(r.nearestCategories).toContain('audio');
  });

  it.each(['inch', '128 GB', 'a 55 inch one', 'watt', 'screen'])('a unit or attribute word alone ("%s") is not a match', async (text) => {
    const r = await demo.findProducts({ text });
    expect(r.match).toBe('none');
  });

  it('"power drills": "power" names an attribute of a dozen appliances and one "Power Bank", so alone it matches nothing', async () => {
    for (const text of ['power drills', 'power']) {
      const r = await demo.findProducts({ text });
      expect(r.match, text).toBe('none');
      expect(r.hits, text).toEqual([]);
    }
    // With the product-type word, the power bank is found.
    const bank = await demo.findProducts({ text: 'a power bank' });
    expect(bank.match).toBe('exact');
    expect(bank.hits[0]!.product.name).toMatch(/power bank/i);
  });

  it('"gift for dad under $50, he likes coffee": the coffee match beyond the budget, not a gift card or a toddler toy', async () => {
    const r = await demo.findProducts({ text: 'gift for dad under $50, he likes coffee' });
    expect(r.match).not.toBe('exact');
    expect(r.outsideBudget[0]!.product.tags).toContain('coffee');
    const withoutBudget = await demo.findProducts({ text: 'gift for dad, he likes coffee' });
    expect(withoutBudget.hits[0]!.product.tags).toEqual(expect.arrayContaining(['coffee', 'gift']));
    expect(withoutBudget.match).toBe('exact');
  });

  it('"unter 200 Euro" in a USD store is a currency mismatch, not $200', async () => {
    const r = await demo.findProducts({ text: 'Kopfhörer unter 200 Euro' });
    expect(r).toMatchObject({ priceFilter: null, currencyMismatch: { asked: 'EUR', store: 'USD', max: 200 } });
  });
});
