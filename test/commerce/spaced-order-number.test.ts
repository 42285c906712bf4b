import { describe, expect, it } from 'vitest';
import { identifiersIn } from '../../src/commerce/order-ids.js';

/**
 * A store whose order numbers are digit groups joined by a mark (test/fixtures/pet-store:
 * 4417-2093, pattern '\d{4}-\d{4}') hears them said with a space. "status of order 4417 2201"
 * was read as order "4417" (the locale pack's "order <number>" cue), and the bot asked for the
 * e-mail of an order that does not exist, counting a failed check when it came.
 */
const order = { pattern: '\\d{4}-\\d{4}', example: '4417-2093' };

describe('an order number of digit groups said with spaces', () => {
  it("is read in the store's form", () => {
    expect(identifiersIn('status of order 4417 2201 please', order)).toEqual(['4417-2201']);
    expect(identifiersIn('orders 4417  2201 and 4415\t0871', order)).toEqual(['4417-2201', '4415-0871']);
  });

  it('the written form wins, and a store without a mark between digits is as before', () => {
    expect(identifiersIn('4417-2201, not 1234 5678', order)).toEqual(['4417-2201']);
    expect(identifiersIn('order 10012 3', { pattern: '#?SB[-\\s]?\\d{5}', example: 'SB-10001' })).toEqual([]);
    expect(identifiersIn('4417 22', order)).toEqual([]);
  });

  it('stays linear on a long run of spaced digits', () => {
    const text = '1 '.repeat(1000);
    const t0 = performance.now();
    for (let i = 0; i < 50; i++) identifiersIn(text, order);
    expect(performance.now() - t0).toBeLessThan(500);
  });
});
