import { describe, expect, it } from 'vitest';
import { SortedSet } from '../../src/store/sorted-set.js';

describe('SortedSet', () => {
  it('orders by score, then member, like Redis', () => {
    const z = new SortedSet();
    z.add('b', 2);
    z.add('c', 1);
    z.add('a', 2);
    expect(z.range(0, 10).map((e) => e.member)).toEqual(['c', 'a', 'b']);
    expect(z.range(0, 10, true).map((e) => e.member)).toEqual(['b', 'a', 'c']);
    expect(z.range(1, 1, true)).toEqual([{ member: 'a', score: 2 }]);
  });

  it('moves a member when its score changes and reports whether it was new', () => {
    const z = new SortedSet();
    expect(z.add('x', 5)).toBe(true);
    expect(z.add('y', 6)).toBe(true);
    expect(z.add('x', 7)).toBe(false);
    expect(z.range(0, 10)).toEqual([
      { member: 'y', score: 6 },
      { member: 'x', score: 7 },
    ]);
    expect(z.size).toBe(2);
    expect(z.score('x')).toBe(7);
  });

  it('pops everything at or below a score from the head', () => {
    const z = new SortedSet();
    for (const [m, s] of [['a', 10], ['b', 20], ['c', 20], ['d', 30]] as const) z.add(m, s);
    expect(z.lowestScore()).toBe(10);
    expect(z.popUpTo(20)).toEqual(['a', 'b', 'c']);
    expect(z.popUpTo(20)).toEqual([]);
    expect(z.size).toBe(1);
    expect(z.score('b')).toBeUndefined();
    expect(z.lowestScore()).toBe(30);
  });

  it.each([2, 16, 256])('stays consistent under many random operations (block size %i)', (blockSize) => {
    const z = new SortedSet(blockSize);
    const model = new Map<string, number>();
    let seed = 42;
    const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const expected = () =>
      [...model.entries()]
        .sort(([ma, sa], [mb, sb]) => sa - sb || (ma < mb ? -1 : ma > mb ? 1 : 0))
        .map(([member, score]) => ({ member, score }));
    for (let i = 0; i < 20_000; i++) {
      const member = `m${Math.floor(rand() * 2000)}`;
      const r = rand();
      if (r < 0.7) {
        const score = Math.floor(rand() * 500);
        expect(z.add(member, score)).toBe(!model.has(member));
        model.set(member, score);
      } else if (r < 0.995) {
        expect(z.remove(member)).toBe(model.delete(member));
      } else {
        const max = Math.floor(rand() * 50);
        const due = expected().filter((e) => e.score <= max).map((e) => e.member);
        expect(z.popUpTo(max)).toEqual(due);
        for (const m of due) model.delete(m);
      }
      if (i % 2000 === 0) {
        const all = expected();
        expect(z.range(0, Infinity)).toEqual(all);
        expect(z.range(7, 25, true)).toEqual(all.reverse().slice(7, 32));
        expect(z.size).toBe(model.size);
      }
    }
    expect(z.range(0, Infinity)).toEqual(expected());
    expect(z.lowestScore()).toBe(expected()[0]?.score);
  });
});
