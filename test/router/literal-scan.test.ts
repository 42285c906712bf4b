import { describe, expect, it } from 'vitest';
import { createLiteralScan } from '../../src/router/literal-scan.js';
import { seededRandom } from '../../src/core/seeded-random.js';

/** What each set's answer must be: its literals as a case-insensitive alternation (no `u` flag), a space standing for `\s+`. */
const asRegex = (set: readonly string[]) => new RegExp(set.map((l) => l.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&').replace(/ /g, String.raw`\s+`)).join('|'), 'i');

describe('literal scan (the injection filter pre-check)', () => {
  it('finds each set as its case-insensitive alternation does, on mixed-case, non-ASCII and look-alike text', () => {
    const sets = [['ignore', 'olvidá', 'vergiss'], ['you are now', 'new instructions'], ['<', '##', '[inst]'], ['{'], ['skill', 'route', 'routing'], ['product_recommendation'], ['garantía', 'rückgabe', 'é']];
    const scan = createLiteralScan(sets);
    const expected = sets.map(asRegex);
    const next = seededRandom(14);
    // Letters, spaces of several kinds, and characters a Unicode-aware fold would take for ASCII ones (ſ, K, ı, İ).
    const alphabet = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ _#<>[]{}/\t\n\u00a0\u2028ſKıİéÉí你\u3000'];
    const pieces = ['IGNORE', 'olvidÁ', 'olvida', 'you are', 'You  are\tNOW', 'new\ninstructions', '##', '[INST]', 'SKILL', 'rout', 'product_Recommendation', 'GARANTÍA', 'rÜckgabe', 'ruckgabe', 'ſkill', 'ınst', '\ud83d\ude00'];
    const seen = sets.map(() => 0);
    for (let i = 0; i < 20_000; i++) {
      let text = '';
      const length = Math.floor(next() * 40);
      for (let k = 0; k < length; k++) text += next() < 0.15 ? pieces[Math.floor(next() * pieces.length)]! : alphabet[Math.floor(next() * alphabet.length)]!;
      const found = scan(text);
      expected.forEach((re, s) => {
        const hit = re.test(text);
        if (hit) seen[s]!++;
        expect((found >> s) & 1, `${JSON.stringify(text)} set ${s}`).toBe(hit ? 1 : 0);
      });
    }
    // Every set is found often, and missed often.
    for (const n of seen) expect(n).toBeGreaterThan(500);
    for (const n of seen) expect(n).toBeLessThan(19_000);
  });
});
