/**
 * gpt-tokenizer's byte-pair merge of a pre-token that is not one token, done on the string for
 * a pre-token of ASCII characters. The library merges the UTF-8 bytes and, for every pair it
 * ranks, decodes the pair's bytes back to a string (a validity check and a TextDecoder call) to
 * look it up in its rank map: a six-letter word never seen before cost 10 µs, and the exact
 * count of the first 200 characters of a message of new words was the largest extra cost of
 * building and checking its prompts (issue 14). For ASCII one character is one byte, so a
 * slice of the string is the string of those bytes: the same lookups in the same map, in the
 * same order, give the same ranks without encoding or decoding anything. Other pre-tokens keep
 * the library's merge.
 */

/** The part of gpt-tokenizer's BytePairEncodingCore (gpt-tokenizer 4.0.0) this file reads and replaces. */
interface BpeCore {
  bytePairStringRankEncoder: Map<string, number>;
  bytePairEncode(input: string): number[];
}

function isBpeCore(x: unknown): x is BpeCore {
  const c = x as Partial<BpeCore> | null;
  return !!c && c.bytePairStringRankEncoder instanceof Map && typeof c.bytePairEncode === 'function';
}

/**
 * The ranks of an ASCII piece merged as BytePairEncodingCore.bytePairMerge merges its bytes:
 * the lowest-ranked adjacent pair first (the first of equal ones), until no pair has a rank.
 * The rank of a merged part is the rank of the pair that made it (the library looks each part
 * up again at the end), and pairs of two characters (every pair before the first merge) are
 * read from a table of the 128 × 128 of them, filled as they are met: a lookup in the
 * 200,000-entry map cost about 0.3 µs, most of it a cache miss. Undefined for a piece that is
 * not all ASCII (the library's merge is the one for it) or has a character with no rank of its
 * own (which the library would throw for).
 */
export function asciiMerger(ranks: ReadonlyMap<string, number>): (piece: string) => number[] | undefined {
  const UNKNOWN = -2;
  const single = new Int32Array(128).fill(UNKNOWN);
  const pairs = new Int32Array(128 * 128).fill(UNKNOWN);
  const singleRank = (c: number): number => {
    if (single[c] === UNKNOWN) single[c] = ranks.get(String.fromCharCode(c)) ?? -1;
    return single[c]!;
  };
  return (piece) => {
    const pairRank = (i: number): number => {
      const k = (piece.charCodeAt(i) << 7) | piece.charCodeAt(i + 1);
      if (pairs[k] === UNKNOWN) pairs[k] = ranks.get(piece.slice(i, i + 2)) ?? -1;
      return pairs[k] === -1 ? Infinity : pairs[k]!;
    };
    const rankOf = (from: number, to: number | undefined): number => (to === undefined ? Infinity : to - from === 2 ? pairRank(from) : (ranks.get(piece.slice(from, to)) ?? Infinity));
    const n = piece.length;
    const starts: number[] = [];
    const pairRanks: number[] = [];
    const partRanks: number[] = [];
    for (let i = 0; i < n; i++) {
      const c = piece.charCodeAt(i);
      const r = c < 0x80 ? singleRank(c) : -1;
      if (r < 0) return undefined;
      partRanks.push(r);
    }
    for (let i = 0; i <= n; i++) {
      starts.push(i);
      pairRanks.push(i < n - 1 ? pairRank(i) : Infinity);
    }
    while (starts.length > 1) {
      let lowest = Infinity;
      let at = -1;
      for (let i = 0; i < pairRanks.length - 1; i++) {
        if (pairRanks[i]! < lowest) {
          lowest = pairRanks[i]!;
          at = i;
        }
      }
      if (lowest === Infinity || at === -1) break;
      starts.splice(at + 1, 1);
      pairRanks.splice(at, 1);
      partRanks.splice(at, 2, lowest);
      pairRanks[at] = rankOf(starts[at]!, starts[at + 2]);
      if (at > 0) pairRanks[at - 1] = rankOf(starts[at - 1]!, starts[at + 1]);
    }
    return partRanks;
  };
}

/**
 * Makes the encoding's merge of ASCII pre-tokens use asciiMerger (test/skills/ascii-merge.test.ts
 * holds it to the library's own merge). Returns false, changing nothing, when the encoding does
 * not have the shape this was written against (another gpt-tokenizer version): counts stay
 * the library's either way.
 */
const installed = new WeakSet<object>();

export function useAsciiMerge(encoding: unknown): boolean {
  const core = (encoding as { bytePairEncodingCoreProcessor?: unknown } | null)?.bytePairEncodingCoreProcessor;
  if (!isBpeCore(core)) return false;
  if (installed.has(core)) return true;
  installed.add(core);
  const merge = asciiMerger(core.bytePairStringRankEncoder);
  const libraryMerge = core.bytePairEncode.bind(core);
  core.bytePairEncode = (input: string): number[] => merge(input) ?? libraryMerge(input);
  return true;
}
