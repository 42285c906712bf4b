import { describe, expect, it } from 'vitest';
import { boundedMemo } from '../../src/core/bounded-memo.js';

describe('boundedMemo', () => {
  it('computes a key once while it is kept, and never keeps more than max keys', () => {
    const calls: string[] = [];
    const memo = boundedMemo(2, (k: string) => {
      calls.push(k);
      return k.length;
    });
    expect([memo('a'), memo('bb'), memo('a'), memo('bb')]).toEqual([1, 2, 1, 2]);
    expect(calls).toEqual(['a', 'bb']);
    // A third key clears the full memo: 'a' is computed again, and only then is it kept again.
    expect(memo('ccc')).toBe(3);
    expect(memo('a')).toBe(1);
    expect(calls).toEqual(['a', 'bb', 'ccc', 'a']);
  });

  it('keeps undefined results too, and refuses a bound that is not a positive integer', () => {
    let n = 0;
    const memo = boundedMemo(4, () => {
      n++;
      return undefined;
    });
    memo('x');
    memo('x');
    expect(n).toBe(1);
    expect(() => boundedMemo(0, (k: string) => k)).toThrow(/positive integer/);
  });
});
