import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DemoCommerce } from '../../src/commerce/demo-commerce.js';
import { idKey } from '../../src/commerce/identifiers.js';
import { identifiersIn } from '../../src/commerce/order-ids.js';
import type { VerifiedCustomer } from '../../src/core/identity.js';
import { demoCommerce, PINNED_NOW } from './demo-fixture.js';

/**
 * A store whose order numbers and SKUs write the letters and digits together (CW48213, RDB102;
 * examples/stores/cadence) is served in its own form: ids found in a message, orders and products
 * looked up, however the customer typed them. Before, every id was made "CW-48213" and "RDB-102",
 * which such a store does not have: its orders were never found (issue 16).
 */
const CADENCE = path.resolve(import.meta.dirname, '../../examples/stores/cadence');
const gareth: VerifiedCustomer = { email: 'gareth.jones@example.com', method: 'order_email', verifiedAt: PINNED_NOW, viaOrder: 'CW48277' };

let commerce: DemoCommerce;
beforeAll(async () => {
  ({ commerce } = await demoCommerce({ dir: CADENCE }));
});

describe("a store's own id forms", () => {
  it("finds ids in a message in the store's own form, as its example writes it", () => {
    const order = { pattern: '#?CW[-\\s]?\\d{5}', example: 'CW48213' };
    expect(identifiersIn('where is cw-48277 and #CW 48213, also cw48290', order)).toEqual(['CW48277', 'CW48213', 'CW48290']);
    const sku = { pattern: '[A-Z]{2,3}\\d{3,4}(?:-[A-Z0-9]{1,3})?', example: 'RDB102' };
    expect(identifiersIn('is rdb102 like HLM1401-M?', sku)).toEqual(['RDB102', 'HLM1401-M']);
    // A store that dashes them keeps the dashed form.
    expect(identifiersIn('order nb204518', { pattern: '#?NB[-\\s]?\\d{6}', example: 'NB-204518' })).toEqual(['NB-204518']);
  });

  it('compares ids without case, "#" or separators', () => {
    expect(idKey('#cw-48213')).toBe(idKey('CW48213'));
    expect(idKey('hlm 1401-m')).toBe('HLM1401M');
  });

  it('looks orders and products up however the id is written', async () => {
    for (const typed of ['CW48277', 'cw-48277', 'CW 48277']) expect((await commerce.getOrder(gareth, typed))?.id).toBe('CW48277');
    for (const typed of ['RDB102', 'rdb-102', 'RDB-102']) expect((await commerce.getProduct(typed))?.sku).toBe('RDB102');
  });
});
