/**
 * An inverted index for product search at catalog scale (issue 20.4): term → the ascending
 * positions of the indexed products that have it, each with the product's value for the term
 * (in product search, the weight of the field the word appears in). Product search scores a
 * query term at a time over these lists (src/commerce/term-scorer.ts), so a query costs the
 * products that share a word with it instead of the whole catalog.
 *
 * Values are stored as one-byte codes into `values` (a catalog has a handful of distinct
 * field weights), so a posting costs five bytes.
 */
export interface PostingList {
  /** Ascending product positions. */
  ids: Uint32Array;
  /** Per position, the index of its value in TermPostings.values. */
  codes: Uint8Array;
  /** The largest value in the list: what the term can give any product (search's safe pruning). */
  max: number;
}

export interface TermPostings {
  /** Ascending positions of the products that have at least one of `terms`, each once. */
  union(terms: Iterable<string>): number[];
  /** How many products have `term` (0 for a term none has). */
  count(term: string): number;
  /** The products that have `term`, with their values; undefined when none has it. */
  list(term: string): PostingList | undefined;
  /** The distinct values, in code order. */
  readonly values: readonly number[];
  /** Every term, in the order first met (products in order, each product's terms in order). */
  terms(): string[];
  /** How many products were indexed. */
  readonly size: number;
}

/** More distinct values than a byte can code is a misuse (product search has seven weights). */
const MAX_VALUES = 256;

/** Postings read from the stream so far: a growable typed array (doubling), never an array of numbers per term. */
function grown<T extends Uint32Array | Uint8Array>(a: T, need: number, make: (n: number) => T): T {
  if (need <= a.length) return a;
  const b = make(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

/** `termsOf`: each product's terms with their values, in product order (read once; a Map may be reused between products). */
export function buildTermPostings(termsOf: Iterable<ReadonlyMap<string, number>>): TermPostings {
  const values: number[] = [];
  // One pass records every (term, code) pair in product order as flat typed arrays, with each
  // term numbered in the order first met and its count; the lists are then laid out in one
  // buffer by a counting sort. A JavaScript array per term (millions of pushes at 100k
  // products, each list grown and copied) was most of the build's time and garbage.
  const termNumber = new Map<string, number>();
  const termNames: string[] = [];
  let counts = new Uint32Array(1024);
  let streamTerms = new Uint32Array(1 << 16);
  let streamCodes = new Uint8Array(1 << 16);
  /** Per product, where its pairs start in the stream (size + 1 entries once read). */
  let productStart = new Uint32Array(1024);
  let pairs = 0;
  let size = 0;
  for (const terms of termsOf) {
    productStart = grown(productStart, size + 2, (n) => new Uint32Array(n));
    productStart[size++] = pairs;
    streamTerms = grown(streamTerms, pairs + terms.size, (n) => new Uint32Array(n));
    streamCodes = grown(streamCodes, pairs + terms.size, (n) => new Uint8Array(n));
    // forEach: no [term, value] array per entry, as a for-of over the entries makes.
    terms.forEach((v, t) => {
      // A handful of distinct values: a scan of them is cheaper than hashing a float.
      let code = values.indexOf(v);
      if (code < 0) {
        if (values.length >= MAX_VALUES) throw new Error(`term postings: more than ${MAX_VALUES} distinct values`);
        code = values.length;
        values.push(v);
      }
      let n = termNumber.get(t);
      if (n === undefined) {
        n = termNames.length;
        termNumber.set(t, n);
        termNames.push(t);
        counts = grown(counts, n + 1, (k) => new Uint32Array(k));
      }
      counts[n]!++;
      streamTerms[pairs] = n;
      streamCodes[pairs++] = code;
    });
  }
  productStart[size] = pairs;
  // Each term's list starts where the previous one ends.
  const offset = new Uint32Array(termNames.length + 1);
  for (let n = 0; n < termNames.length; n++) offset[n + 1] = offset[n]! + counts[n]!;
  const allIds = new Uint32Array(pairs);
  const allCodes = new Uint8Array(pairs);
  const cursor = offset.slice(0, termNames.length);
  for (let i = 0; i < size; i++) {
    for (let k = productStart[i]!, end = productStart[i + 1]!; k < end; k++) {
      const at = cursor[streamTerms[k]!]!++;
      allIds[at] = i;
      allCodes[at] = streamCodes[k]!;
    }
  }
  const postings = new Map<string, PostingList>();
  for (let n = 0; n < termNames.length; n++) {
    const from = offset[n]!;
    const to = offset[n + 1]!;
    let max = 0;
    for (let k = from; k < to; k++) max = Math.max(max, values[allCodes[k]!]!);
    postings.set(termNames[n]!, { ids: allIds.subarray(from, to), codes: allCodes.subarray(from, to), max });
  }
  // One mark per product, reused: a query touches only the positions it marks.
  const seen = new Uint32Array(size);
  let epoch = 0;
  return {
    union(terms) {
      epoch = epoch === 0xffffffff ? 1 : epoch + 1;
      if (epoch === 1) seen.fill(0);
      const out: number[] = [];
      for (const t of terms) {
        const list = postings.get(t);
        if (!list) continue;
        for (const i of list.ids) {
          if (seen[i] === epoch) continue;
          seen[i] = epoch;
          out.push(i);
        }
      }
      // Ascending, so hits with equal scores and prices keep the catalog's order.
      return out.sort((a, b) => a - b);
    },
    count: (term) => postings.get(term)?.ids.length ?? 0,
    list: (term) => postings.get(term),
    values,
    terms: () => [...postings.keys()],
    size,
  };
}
