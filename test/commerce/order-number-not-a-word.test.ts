import { describe, expect, it } from 'vitest';
import { CAMERA_STORE, demoCommerce } from './demo-fixture.js';

/**
 * An order number is no product word: a follow-up search that carried an earlier message
 * ("SB-10001 …") answered "we don't carry 'sb'". Found with each store's own order shape.
 */
describe('product search reads an order number as no product word', () => {
  it.each([
    ['the shipped store', undefined],
    ['a store with other id formats', CAMERA_STORE],
  ])('%s', async (_, dir) => {
    const { commerce } = await demoCommerce(dir ? { dir } : {});
    const example = commerce.storeInfo().identifiers.order.example;
    const plain = await commerce.findProducts({ text: 'zorblax', limit: 5 });
    const withOrder = await commerce.findProducts({ text: `${example} zorblax`, limit: 5 });
    expect(withOrder.unmatched).toEqual(plain.unmatched);
    expect(withOrder.hits.map((h) => h.product.sku)).toEqual(plain.hits.map((h) => h.product.sku));
  });
});
