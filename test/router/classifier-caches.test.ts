import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/logger.js';
import { createRouter } from '../../src/router/create-router.js';
import { createPairIds } from '../../src/router/pair-ids.js';
import { shippedSkillSet } from './shipped-skills.js';

/** A deterministic stream of pseudo-random integers (mulberry32). */
function numbers(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

describe('pair ids (the feature extractor\'s cache of two-word feature ids)', () => {
  it('answers as a Map would, through growth, overwrites and clear', () => {
    const ids = createPairIds(2);
    const ref = new Map<string, number>();
    const next = numbers(7);
    for (let n = 0; n < 20_000; n++) {
      const a = next() % 3_000;
      const b = next() % 3_000;
      const id = (next() % 100_000) - 1;
      ids.set(a, b, id);
      ref.set(`${a} ${b}`, id);
    }
    expect(ids.size).toBe(ref.size);
    for (const [key, id] of ref) {
      const [a, b] = key.split(' ').map(Number) as [number, number];
      expect(ids.get(a, b)).toBe(id);
    }
    for (let n = 0; n < 2_000; n++) {
      const a = 3_000 + (next() % 1_000);
      expect(ids.get(a, next() % 3_000)).toBeUndefined();
    }
    ids.clear();
    expect(ids.size).toBe(0);
    const [first] = ref.keys();
    const [a, b] = first!.split(' ').map(Number) as [number, number];
    expect(ids.get(a, b)).toBeUndefined();
    ids.set(a, b, 5);
    expect(ids.get(a, b)).toBe(5);
  });
});

describe('the classifier\'s per-word caches', () => {
  it('classify as before once their bounds are reached and they start over, mid-message included', async () => {
    const router = createRouter({ skills: await shippedSkillSet(), model: null, threshold: 0.6, logger: silentLogger });
    const probes = [
      'my blender stopped working, can I get it fixed?',
      "I don't want a refund, I want it fixed",
      'which mattress is best for back pain',
      'where is my order #12345678',
      'Hallo, mein Toaster heizt nicht mehr',
      'hi there good morning',
    ];
    const before = probes.map((t) => router.classify(t));
    // Letters-only words never seen before: 105,600 words and over 100,000 word pairs, past
    // both caches' bounds (50,000 words, 100,000 pairs) several times over the run.
    const word = (i: number): string => {
      let s = 'zq';
      do {
        s += String.fromCharCode(97 + (i % 26));
        i = Math.floor(i / 26);
      } while (i > 0);
      return s;
    };
    for (let m = 0; m < 4_400; m++) {
      const words: string[] = [];
      for (let k = 0; k < 24; k++) words.push(word(m * 24 + k));
      router.classify(words.join(' '));
      if (m % 1_100 === 0) expect(probes.map((t) => router.classify(t))).toEqual(before);
    }
    expect(probes.map((t) => router.classify(t))).toEqual(before);
  });
});
