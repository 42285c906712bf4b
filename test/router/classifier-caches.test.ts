import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/logger.js';
import { createRouter } from '../../src/router/create-router.js';
import { createPairIds } from '../../src/router/pair-ids.js';
import { indexSinkNames } from '../../src/router/sink-names.js';
import { seededRandom } from '../../src/core/seeded-random.js';
import { shippedSkillSet } from './shipped-skills.js';

/** A deterministic stream of pseudo-random 32-bit integers (the shared mulberry32, scaled back up). */
function numbers(seed: number): () => number {
  const next = seededRandom(seed);
  return () => Math.floor(next() * 4294967296);
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
    // Letters-only words never seen before, four a message (as many as a message may add to
    // the caches): 52,800 words, past the word facts' bound (50,000) and so through a new
    // epoch (facts, their numbers and pair ids dropped together).
    const word = (i: number): string => {
      let s = 'zq';
      do {
        s += String.fromCharCode(97 + (i % 26));
        i = Math.floor(i / 26);
      } while (i > 0);
      return s;
    };
    for (let m = 0; m < 13_200; m++) {
      const words: string[] = [];
      for (let k = 0; k < 4; k++) words.push(word(m * 4 + k));
      router.classify(words.join(' '));
      if (m % 3_300 === 0) expect(probes.map((t) => router.classify(t))).toEqual(before);
    }
    expect(probes.map((t) => router.classify(t))).toEqual(before);
  });
});

describe("the index of a sink's names (lookups that cannot hit, answered without the name)", () => {
  it('finds every 3- and 4-unit letter n-gram at its id and nothing else, whatever the code units', () => {
    const grams = ['<ab', 'abc', 'bc>', '<abc', 'abc>', '\uffff\uffff\uffff', '\uffff\uffff\uffff\uffff', '\u0000ab', '\ud83d\ude00x', 'ab\ud83d\ude00'];
    const names = ['w:ab', 'b:ab cd', 'f:ab cd', 'g:ab', 'g:abcde', ...grams.map((g) => `g:${g}`)];
    const index = indexSinkNames(names);
    for (const g of grams) expect(index.grams.idAt(`..${g}..`, 2, g.length)).toBe(names.indexOf(`g:${g}`));
    // Not features: a 2-unit or 5-unit "gram" name is never asked for, other grams are absent.
    for (const [text, n] of [['xab', 3], ['abcd', 4], ['\uffff\uffff\ufffe', 3], ['abc\uffff', 4], ['\u0000\u0000\u0000', 3]] as const) {
      expect(index.grams.idAt(text, 0, n)).toBe(-1);
    }
    expect([...index.wordStems]).toEqual(['ab']);
    expect(index.bigramHeads.has('ab') && index.bigramTails.has('cd') && !index.bigramHeads.has('cd')).toBe(true);
    expect(index.frameHeads.has('ab') && index.frameTails.has('cd')).toBe(true);
  });
});

describe('new words past the per-message cache admissions', () => {
  it('classify the same whether their facts were cached or not', async () => {
    const router = createRouter({ skills: await shippedSkillSet(), model: null, threshold: 0.6, logger: silentLogger });
    // New words (a few are admitted to the caches per message, the rest are analysed for
    // their message only) mixed with known ones, some misspelt: the second call finds some of
    // the words cached that the first did not, and must answer the same.
    const texts = [
      'zqva zqvb zqvc zqvd zqve zqvf my blender stopped workng can I get a refnd',
      'zqwa zqwb zqwc zqwd zqwe zqwf zqwg zqwh which matress is best for back pain',
      'plorvex drimmant quastel fenwick hubbering toaster not heating anymore warrenty',
    ];
    for (const t of texts) {
      const first = router.classify(t);
      expect(router.classify(t)).toEqual(first);
      expect(router.classify(t)).toEqual(first);
    }
  });

  it('answer a message the same after other messages of new words (their facts are reused objects)', async () => {
    const skills = await shippedSkillSet();
    const warm = createRouter({ skills, model: null, threshold: 0.6, logger: silentLogger });
    const fresh = createRouter({ skills, model: null, threshold: 0.6, logger: silentLogger });
    const next = seededRandom(11);
    const word = () => Array.from({ length: 4 + Math.floor(next() * 5) }, () => 'abcdefghijklmnopqrstuvwxyz'[Math.floor(next() * 26)]).join('');
    // Four new words with digits first (cache admissions, never spelling-corrected), so the
    // misspelt words after them are analysed in reused facts, corrected there: a reused object
    // that kept an earlier word's correction or n-grams would answer differently.
    const lead = (m: number) => [1, 2, 3, 4].map((k) => `zq${m}v${k}`).join(' ');
    const probe = `${lead(999)} my kettle stopped heating can I get a replacment or a refunnd for the kettel`;
    for (let m = 0; m < 30; m++) warm.classify(`${lead(m)} ${Array.from({ length: 20 }, word).join(' ')}`);
    expect(warm.classify(probe)).toEqual(fresh.classify(probe));
  });
});
