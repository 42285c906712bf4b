/**
 * gpt-tokenizer's byte-pair merge of a pre-token that is not one token, with each byte range's
 * rank looked up once. The library merges a piece's UTF-8 bytes and, for every pair it ranks,
 * checks and decodes the pair's bytes back to a string (TextDecoder) to look it up in a
 * 200,000-entry map, or binary-searches its list of ranges that are not UTF-8: 10-15 µs for a
 * six-letter word never seen before, 30-40 µs for 16 Cyrillic or CJK characters (the pieces a
 * long run is counted in). The exact count of the first 200 characters of a message of new
 * words or of one long run was the largest extra cost of building and checking its prompts
 * (issue 14). The ranks are the library's own, from the same lookup, kept: pairs of two bytes
 * (every pair before the first merge) in a 256 × 256 table, longer ranges in a bounded map,
 * and the rank of a merged part is the rank of the pair that made it (the library looks each
 * part up again at the end). Same merge order (the lowest rank first, the first of equal
 * ones), so the same tokens.
 */

/** The part of gpt-tokenizer's BytePairEncodingCore (gpt-tokenizer 4.0.0) this file reads and replaces. */
interface BpeCore {
  getBpeRankFromBytes(bytes: Uint8Array): number | undefined;
  bytePairEncode(input: string): number[];
}

function isBpeCore(x: unknown): x is BpeCore {
  const c = x as Partial<BpeCore> | null;
  return !!c && typeof c.getBpeRankFromBytes === 'function' && typeof c.bytePairEncode === 'function';
}

/** Ranges of three bytes or more whose ranks are kept; the map starts again when full. */
const LONGER_KEPT = 16_384;

/**
 * The ranks of `piece`'s UTF-8 bytes merged as BytePairEncodingCore.bytePairMerge merges them,
 * ranks looked up with `rankOfBytes` (the library's getBpeRankFromBytes). Undefined when a byte
 * has no rank of its own, which the library would throw for.
 */
export function byteMerger(rankOfBytes: (bytes: Uint8Array) => number | undefined): (piece: string) => number[] | undefined {
  const UNKNOWN = -2;
  const singles = new Int32Array(256).fill(UNKNOWN);
  const pairs = new Int32Array(256 * 256).fill(UNKNOWN);
  let longer = new Map<string, number>();
  const utf8 = new TextEncoder();
  let bytes = new Uint8Array(256);
  return (piece) => {
    // Three bytes at most per UTF-16 unit (a lone surrogate is encoded as U+FFFD, as the library encodes it).
    if (bytes.length < 3 * piece.length) bytes = new Uint8Array(3 * piece.length);
    const n = utf8.encodeInto(piece, bytes).written;
    const lookup = (from: number, to: number): number => rankOfBytes(bytes.subarray(from, to)) ?? -1;
    const rankOf = (from: number, to: number | undefined): number => {
      if (to === undefined) return Infinity;
      let r: number | undefined;
      if (to - from === 2) {
        const k = (bytes[from]! << 8) | bytes[from + 1]!;
        r = pairs[k]!;
        if (r === UNKNOWN) r = pairs[k] = lookup(from, to);
      } else {
        // The range's bytes as a string of one unit per byte: a key for any bytes, UTF-8 or not.
        let key = '';
        for (let i = from; i < to; i++) key += String.fromCharCode(bytes[i]!);
        r = longer.get(key);
        if (r === undefined) {
          r = lookup(from, to);
          if (longer.size >= LONGER_KEPT) longer = new Map();
          longer.set(key, r);
        }
      }
      return r < 0 ? Infinity : r;
    };
    const partRanks: number[] = [];
    for (let i = 0; i < n; i++) {
      const b = bytes[i]!;
      if (singles[b] === UNKNOWN) singles[b] = lookup(i, i + 1);
      if (singles[b]! < 0) return undefined;
      partRanks.push(singles[b]!);
    }
    const starts: number[] = [];
    const pairRanks: number[] = [];
    for (let i = 0; i <= n; i++) {
      starts.push(i);
      pairRanks.push(i < n - 1 ? rankOf(i, i + 2) : Infinity);
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

const installed = new WeakSet<object>();

/**
 * Makes the encoding's merge of a pre-token use byteMerger (test/skills/byte-merge.test.ts holds
 * it to the library's own merge). Returns false, changing nothing, when the encoding does not
 * have the shape this was written against (another gpt-tokenizer version): counts stay the
 * library's either way.
 */
export function useByteMerger(encoding: unknown): boolean {
  const core = (encoding as { bytePairEncodingCoreProcessor?: unknown } | null)?.bytePairEncodingCoreProcessor;
  if (!isBpeCore(core)) return false;
  if (installed.has(core)) return true;
  installed.add(core);
  const merge = byteMerger((bytes) => core.getBpeRankFromBytes(bytes));
  const libraryMerge = core.bytePairEncode.bind(core);
  core.bytePairEncode = (input: string): number[] => merge(input) ?? libraryMerge(input);
  return true;
}
