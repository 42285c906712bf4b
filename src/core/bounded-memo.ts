/**
 * A function's results kept for at most `max` keys, cleared when full (cheaper than LRU
 * bookkeeping, and a working set that fits stays warm). For derived data of the store's own
 * texts and names, which repeat turn after turn; a cache keyed by customer text must stay
 * bounded like this one, so a stream of unique messages cannot grow memory.
 */
export function boundedMemo<K, V>(max: number, compute: (key: K) => V): (key: K) => V {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`boundedMemo: max must be a positive integer, got ${max}`);
  const kept = new Map<K, V>();
  return (key: K): V => {
    if (kept.has(key)) return kept.get(key) as V;
    const value = compute(key);
    if (kept.size >= max) kept.clear();
    kept.set(key, value);
    return value;
  };
}
