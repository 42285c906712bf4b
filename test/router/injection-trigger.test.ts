import { describe, expect, it } from 'vitest';
import { hasTrigger } from '../../src/router/injection.js';
import { seededRandom } from '../../src/core/seeded-random.js';

/** The alternation hasTrigger replaces (the injection filter's pre-check): the answers must be the same. */
const ALTERNATION =
  /ignor|disregard|forget|override|bypass|olvid|vergiss|oubli|system|assistant|developer|admin|root|im_|inst|#|you are|anweisung|skill|route|intent|label|categor|class|tag|assign|output|respond|answer with|set |_|<\s*(?:\/\s*)?user/i;

describe('injection pre-check', () => {
  it('answers as the case-insensitive alternation does, on mixed-case, non-ASCII and look-alike text', () => {
    const next = seededRandom(14);
    // Letters, spaces of several kinds, and characters a Unicode-aware fold would take for ASCII ones (ſ, K, ı, İ).
    const alphabet = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ _#<>/\t\n\u00a0\u2028ſKıİé你\u3000'];
    const pieces = ['ignor', 'IGNORE', 'you are', 'You  are', 'set', 'SET\t', '< user', '<\n/\tUSER', '</user', 'im_', 'answer with', 'ınst', 'ſystem', 'tAg', 'categor', 'roote', '\ud83d\ude00'];
    let matched = 0;
    for (let i = 0; i < 20_000; i++) {
      let text = '';
      const length = Math.floor(next() * 40);
      for (let k = 0; k < length; k++) text += next() < 0.15 ? pieces[Math.floor(next() * pieces.length)]! : alphabet[Math.floor(next() * alphabet.length)]!;
      const expected = ALTERNATION.test(text);
      if (expected) matched++;
      expect(hasTrigger(text), JSON.stringify(text)).toBe(expected);
    }
    // Both answers occur often.
    expect(matched).toBeGreaterThan(2_000);
    expect(matched).toBeLessThan(18_000);
  });
});
