import fc from 'fast-check';
import cl100k from 'gpt-tokenizer/encoding/cl100k_base';
import o200k from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import { asciiMerger, useAsciiMerge } from '../../src/skills/ascii-merge.js';

interface Core {
  bytePairStringRankEncoder: Map<string, number>;
  bytePairMerge(bytes: Uint8Array): number[];
}

const utf8 = new TextEncoder();
const ENCODINGS = [
  ['o200k_base', o200k],
  ['cl100k_base', cl100k],
] as const;

/** Pieces as the split patterns make them: a word with the space before it, digits, punctuation runs, and any ASCII at all. */
const asciiPiece = fc.oneof(
  fc.stringMatching(/^ ?[A-Za-z]{1,20}$/),
  fc.stringMatching(/^ ?[A-Z]?[a-z]{1,12}('s)?$/),
  fc.stringMatching(/^[0-9]{1,3}$/),
  fc.stringMatching(/^ ?[!-/:-@[-`{-~]{1,8}[\r\n]*$/),
  fc.string({ unit: fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 40 }),
);

describe('ASCII byte-pair merge on strings (issue 14)', () => {
  // First: no other test of this file has installed it yet.
  it('counts as the library does once installed, ASCII and not', () => {
    const texts = ['Can I return the blender I bought last week?', ' qwzxrt plomkv', 'ümlaut naïve café', '你好 world', 'ab'.repeat(40), 'x<|endoftext|>y'];
    const plain = { disallowedSpecial: new Set<string>() };
    const before = texts.map((t) => o200k.encode(t, plain));
    useAsciiMerge(o200k);
    expect(texts.map((t) => o200k.encode(t, plain))).toEqual(before);
  });

  for (const [name, encoding] of ENCODINGS) {
    const core = (encoding as unknown as { bytePairEncodingCoreProcessor: Core }).bytePairEncodingCoreProcessor;
    const merge = asciiMerger(core.bytePairStringRankEncoder);

    it(`gives the library's own ranks for any ASCII piece (${name})`, () => {
      fc.assert(
        fc.property(asciiPiece, (piece) => {
          expect(merge(piece)).toEqual(core.bytePairMerge(utf8.encode(piece)));
        }),
        { seed: 14, numRuns: 3000 },
      );
    });

    it(`leaves any piece that is not all ASCII to the library (${name})`, () => {
      for (const piece of ['a’s', ' café', '你好', ' привет', '😀']) expect(merge(piece)).toBeUndefined();
    });

    it(`gives the library's ranks for words never seen before and for long runs (${name})`, () => {
      for (const piece of [' zqxjvk', ' Supercalifragilisticexpialidocious', 'ab'.repeat(32), '@'.repeat(64), ' '.repeat(64), '1,'.repeat(32), ' hasOwnProperty', 'a']) {
        expect(merge(piece)).toEqual(core.bytePairMerge(utf8.encode(piece)));
      }
    });
  }

  it('is installed on the pinned gpt-tokenizer (a version with another shape keeps the library merge)', () => {
    expect(useAsciiMerge(o200k)).toBe(true);
    expect(useAsciiMerge(o200k)).toBe(true); // once: not wrapped twice
    expect(useAsciiMerge({})).toBe(false);
    expect(useAsciiMerge(null)).toBe(false);
  });

});
