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
  return {
    size: names.length,
    names,
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
