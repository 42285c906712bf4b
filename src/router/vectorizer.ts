import type { SparseVector } from './sparse.js';

/**
 * Maps feature names to indices and applies inverse document frequency to the lexical
 * features (words, bigrams, character n-grams), then L2-normalises. Concept and shape
 * features keep their raw weight: they are few and deliberately chosen.
 */
export interface Vectorizer {
  readonly size: number;
  readonly names: readonly string[];
  transform(features: Map<string, number>): SparseVector;
  /**
   * transform in steps, for a feature extractor that hands its features over as it makes them
   * (a FeatureSink, which caches ids per word): `begin()`, then `add` or `addId` per feature,
   * then `finish()`. The same additions in the same order give the same vector as transform of
   * a map built from them. The vector is a view of scratch buffers, valid until the next call
   * (one message at a time).
   */
  begin(): void;
  add(name: string, value: number): void;
  /** A feature's index, -1 when it is not in the vocabulary (add drops it). */
  idOf(name: string): number;
  addId(id: number, value: number): void;
  /** addId for each of the first `count` of `ids` (all known: ≥ 0) with the same value, in order. */
  addIds(ids: Int32Array, value: number, count: number): void;
  finish(): SparseVector;
}

const IDF_PREFIXES = ['w:', 'b:', 'g:'];

function usesIdf(name: string): boolean {
  const plain = name.startsWith('w:¬') || name.startsWith('b:¬') ? name.slice(0, 2) + name.slice(3) : name;
  return IDF_PREFIXES.some((p) => plain.startsWith(p));
}

let scratchIdx = new Int32Array(256);
let scratchVal = new Float64Array(256);

export function fitVectorizer(docs: Array<Map<string, number>>, minCount = 1): Vectorizer {
  const df = new Map<string, number>();
  for (const d of docs) for (const f of d.keys()) df.set(f, (df.get(f) ?? 0) + 1);
  const names: string[] = [];
  const index = new Map<string, number>();
  const idf: number[] = [];
  const n = docs.length;
  for (const [f, c] of df) {
    if (c < minCount) continue;
    index.set(f, names.length);
    names.push(f);
    idf.push(usesIdf(f) ? Math.log((n + 1) / (c + 1)) + 1 : 1);
  }
  // Dense accumulator for the steps: touched indices are reset after each message.
  const acc = new Float64Array(names.length);
  const seen = new Uint8Array(names.length);
  let touched = new Int32Array(256);
  let outIdx = new Int32Array(256);
  let outVal = new Float64Array(256);
  // The accumulation in progress: `used` indices touched so far (reset by begin and finish).
  let used = 0;
  const touch = (i: number, v: number): void => {
    if (seen[i] === 0) {
      if (used === touched.length) {
        const bigger = new Int32Array(used * 2);
        bigger.set(touched);
        touched = bigger;
      }
      seen[i] = 1;
      touched[used++] = i;
    }
    acc[i] = acc[i]! + v;
  };
  const begin = (): void => {
    // A step sequence cut short (an exception mid-message) leaves nothing behind.
    for (let t = 0; t < used; t++) {
      const i = touched[t]!;
      acc[i] = 0;
      seen[i] = 0;
    }
    used = 0;
  };
  const add = (name: string, value: number): void => {
    const i = index.get(name);
    if (i !== undefined) touch(i, value);
  };
  const idOf = (name: string): number => index.get(name) ?? -1;
  const addId = (id: number, value: number): void => {
    if (id >= 0) touch(id, value);
  };
  const addIds = (ids: Int32Array, value: number, count: number): void => {
    for (let t = 0; t < count; t++) if (ids[t]! >= 0) touch(ids[t]!, value);
  };
  const finish = (): SparseVector => {
    if (outIdx.length < used) {
      outIdx = new Int32Array(used * 2);
      outVal = new Float64Array(used * 2);
    }
    let norm = 0;
    for (let t = 0; t < used; t++) {
      const i = touched[t]!;
      const w = acc[i]! * idf[i]!;
      outIdx[t] = i;
      outVal[t] = w;
      norm += w * w;
      acc[i] = 0;
      seen[i] = 0;
    }
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let t = 0; t < used; t++) outVal[t] = outVal[t]! * scale;
    const out = { idx: outIdx.subarray(0, used), val: outVal.subarray(0, used) };
    used = 0;
    return out;
  };
  return {
    size: names.length,
    names,
    begin,
    add,
    idOf,
    addId,
    addIds,
    finish,
    transform(features) {
      // Scratch buffers and forEach (no [key, value] entry arrays): this runs on every
      // message, and its garbage showed up as collector pauses at p99.
      if (scratchIdx.length < features.size) {
        scratchIdx = new Int32Array(features.size * 2);
        scratchVal = new Float64Array(features.size * 2);
      }
      let n = 0;
      let norm = 0;
      features.forEach((v, f) => {
        const i = index.get(f);
        if (i === undefined) return;
        const w = v * idf[i]!;
        scratchIdx[n] = i;
        scratchVal[n] = w;
        n++;
        norm += w * w;
      });
      const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      const val = scratchVal.slice(0, n);
      for (let t = 0; t < n; t++) val[t] = val[t]! * scale;
      return { idx: scratchIdx.slice(0, n), val };
    },
  };
}
