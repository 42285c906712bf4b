/**
 * Integer ids by a pair of small non-negative integers (two words' numbers in the feature
 * extractor's word facts): open addressing in typed arrays, so a recurring word pair is a
 * multiply, a shift and a compare or two instead of two Map lookups. Grows to `maxPairs`
 * pairs, then the owner clears it (bounded like every cache fed by customer text).
 */
export interface PairIds {
  /** The id stored for (a, b), undefined when there is none. */
  get(a: number, b: number): number | undefined;
  set(a: number, b: number, id: number): void;
  readonly size: number;
  clear(): void;
}

export function createPairIds(initialBits = 12): PairIds {
  let bits = initialBits;
  let mask = (1 << bits) - 1;
  let keyA = new Int32Array(1 << bits).fill(-1);
  let keyB = new Int32Array(1 << bits);
  let vals = new Int32Array(1 << bits);
  let size = 0;
  const slot = (a: number, b: number): number => (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77)) >>> (32 - bits);
  const find = (a: number, b: number): number => {
    let i = slot(a, b);
    for (;;) {
      const k = keyA[i]!;
      if (k === -1 || (k === a && keyB[i] === b)) return i;
      i = (i + 1) & mask;
    }
  };
  const grow = (): void => {
    const oldA = keyA;
    const oldB = keyB;
    const oldV = vals;
    bits++;
    mask = (1 << bits) - 1;
    keyA = new Int32Array(1 << bits).fill(-1);
    keyB = new Int32Array(1 << bits);
    vals = new Int32Array(1 << bits);
    for (let j = 0; j < oldA.length; j++) {
      if (oldA[j] === -1) continue;
      const i = find(oldA[j]!, oldB[j]!);
      keyA[i] = oldA[j]!;
      keyB[i] = oldB[j]!;
      vals[i] = oldV[j]!;
    }
  };
  return {
    get(a, b) {
      const i = find(a, b);
      return keyA[i] === -1 ? undefined : vals[i];
    },
    set(a, b, id) {
      // At most half full, so a probe ends soon.
      if ((size + 1) * 2 > keyA.length) grow();
      const i = find(a, b);
      if (keyA[i] === -1) size++;
      keyA[i] = a;
      keyB[i] = b;
      vals[i] = id;
    },
    get size() {
      return size;
    },
    clear() {
      keyA.fill(-1);
      size = 0;
    },
  };
}
