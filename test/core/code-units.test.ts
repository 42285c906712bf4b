import { describe, expect, it } from 'vitest';
import { codeUnitReader } from '../../src/core/code-units.js';

const textOf = (n: number, seed: number) => Array.from({ length: n }, (_, i) => String.fromCharCode(((i * 7919 + seed) % 0xfffe) + 1)).join('');

describe('codeUnitReader', () => {
  it("gives every text's code units, lone surrogates included, whatever the order of sizes", () => {
    const read = codeUnitReader();
    for (const [k, n] of [0, 1, 4095, 4096, 9000, 40_000, 12, 70_000, 3].entries()) {
      const text = textOf(n, k) + '\ud800';
      const units = read(text);
      expect(units.length).toBeGreaterThanOrEqual(text.length);
      for (let i = 0; i < text.length; i++) if (units[i] !== text.charCodeAt(i)) expect.fail(`text ${k}: unit ${i}`);
    }
  });

  it('keeps no array longer than 64 KB for the next call after a very long text', () => {
    const read = codeUnitReader();
    expect(read(textOf(200_000, 1)).length).toBeGreaterThanOrEqual(200_000);
    expect(read('short').length).toBeLessThanOrEqual(32_768);
  });
});
