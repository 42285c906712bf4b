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

/** `termsOf`: each product's terms with their values, in product order (read once; a Map may be reused between products). */
export function buildTermPostings(termsOf: Iterable<ReadonlyMap<string, number>>): TermPostings {
  const values: number[] = [];
  // While building, one array per term with position and code packed in one small integer
  // (position * 256 + code): half the arrays and pushes of keeping them apart.
  const lists = new Map<string, number[]>();
  let size = 0;
  for (const terms of termsOf) {
    const i = size++;
    for (const [t, v] of terms) {
      // A handful of distinct values: a scan of them is cheaper than hashing a float.
      let code = values.indexOf(v);
      if (code < 0) {
        if (values.length >= MAX_VALUES) throw new Error(`term postings: more than ${MAX_VALUES} distinct values`);
        code = values.length;
        values.push(v);
      }
      const packed = i * MAX_VALUES + code;
      const list = lists.get(t);
      if (list) list.push(packed);
      else lists.set(t, [packed]);
    }
  }
  const postings = new Map<string, PostingList>();
  for (const [t, list] of lists) {
    const ids = new Uint32Array(list.length);
    const codes = new Uint8Array(list.length);
    let max = 0;
    for (let k = 0; k < list.length; k++) {
      const packed = list[k]!;
      ids[k] = Math.floor(packed / MAX_VALUES);
      codes[k] = packed % MAX_VALUES;
      max = Math.max(max, values[codes[k]!]!);
    }
    postings.set(t, { ids, codes, max });
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
