import fc from 'fast-check';
import cl100k from 'gpt-tokenizer/encoding/cl100k_base';
import o200k from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import { SCRIPTS } from '../../src/bench/hostile-inputs.js';
import { byteMerger, useByteMerger } from '../../src/skills/byte-merge.js';

interface Core {
  getBpeRankFromBytes(bytes: Uint8Array): number | undefined;
  bytePairMerge(bytes: Uint8Array): number[];
}

const utf8 = new TextEncoder();
const ENCODINGS = [
  ['o200k_base', o200k],
  ['cl100k_base', cl100k],
] as const;

/** Pieces as the split patterns make them (a word with the space before it, digits, punctuation), any code points, and runs of one script as a long run is cut. */
const piece = fc.oneof(
  fc.stringMatching(/^ ?[A-Za-z]{1,20}$/),
  fc.stringMatching(/^ ?[A-Z]?[a-z]{1,12}('s)?$/),
  fc.stringMatching(/^[0-9]{1,3}$/),
  fc.stringMatching(/^ ?[!-/:-@[-`{-~]{1,8}[\r\n]*$/),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }),
  ...Object.values(SCRIPTS).map((letters) => fc.array(fc.constantFrom(...letters), { minLength: 1, maxLength: 64 }).map((a) => a.join(''))),
);

describe('byte-pair merge with ranks looked up once (issue 14)', () => {
  // First: no other test of this file has installed it yet.
  it('encodes as the library does once installed, in any script', () => {
    const texts = ['Can I return the blender I bought last week?', ' qwzxrt plomkv', 'ümlaut naïve café', '你好 world', 'ab'.repeat(40), 'x<|endoftext|>y', 'привет мир', '\ud800 lone', '😀👍🏽'];
    const plain = { disallowedSpecial: new Set<string>() };
    const before = texts.map((t) => o200k.encode(t, plain));
    useByteMerger(o200k);
    expect(texts.map((t) => o200k.encode(t, plain))).toEqual(before);
  });

  for (const [name, encoding] of ENCODINGS) {
    const core = (encoding as unknown as { bytePairEncodingCoreProcessor: Core }).bytePairEncodingCoreProcessor;
    const merge = byteMerger((bytes) => core.getBpeRankFromBytes(bytes));

    it(`gives the library's own ranks for any piece (${name})`, () => {
      fc.assert(
        fc.property(piece, (p) => {
          expect(merge(p)).toEqual(core.bytePairMerge(utf8.encode(p)));
        }),
        { seed: 14, numRuns: 4000 },
      );
    });

    it(`gives the library's ranks for words never seen before and for long runs (${name})`, () => {
      for (const p of [' zqxjvk', ' Supercalifragilisticexpialidocious', 'ab'.repeat(32), '@'.repeat(64), ' '.repeat(64), '1,'.repeat(32), ' hasOwnProperty', 'a', '你好'.repeat(8), SCRIPTS.cyrillic.slice(0, 16), SCRIPTS.arabic.slice(0, 16)]) {
        expect(merge(p)).toEqual(core.bytePairMerge(utf8.encode(p)));
      }
    });
  }

  it('is installed on the pinned gpt-tokenizer (a version with another shape keeps the library merge)', () => {
    expect(useByteMerger(o200k)).toBe(true);
    expect(useByteMerger(o200k)).toBe(true); // once: not wrapped twice
    expect(useByteMerger({})).toBe(false);
    expect(useByteMerger(null)).toBe(false);
  });
});
