/** A sparse feature vector: parallel arrays of feature indices and values. */
export interface SparseVector {
  idx: Int32Array;
  val: Float64Array;
}

export function dot(a: SparseVector, dense: Float64Array, stride: number, offset: number): number {
  let s = 0;
  for (let i = 0; i < a.idx.length; i++) s += a.val[i]! * dense[a.idx[i]! * stride + offset]!;
  return s;
}

export function softmaxInPlace(z: Float64Array): void {
  let max = -Infinity;
  for (const v of z) if (v > max) max = v;
  let sum = 0;
  for (let k = 0; k < z.length; k++) {
    z[k] = Math.exp(z[k]! - max);
    sum += z[k]!;
  }
  for (let k = 0; k < z.length; k++) z[k] = z[k]! / sum;
}

