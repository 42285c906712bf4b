import { fromRoot } from '../config/repo-root.js';
import { writeHostileStore } from './hostile-store.js';
import { storeProfile, type StoreProfile } from './store-text.js';

/** The example stores the fuzz runs against besides the demo store (issue 14: stores differ in what code reads from customer text). */
export const EXAMPLE_STORES = ['northbound', 'cadence'] as const;

export interface FuzzStores {
  stores: StoreProfile[];
  /** Removes the generated hostile store's folder. */
  remove(): void;
}

/** The demo store, each example store, and a hostile store written to a temporary folder. */
export async function fuzzStores(): Promise<FuzzStores> {
  const hostile = writeHostileStore();
  try {
    const stores = [
      await storeProfile('demo'),
      ...(await Promise.all(EXAMPLE_STORES.map((name) => storeProfile(name, fromRoot(`examples/stores/${name}`))))),
      await storeProfile('hostile', hostile.dir),
    ];
    return { stores, remove: hostile.remove };
  } catch (err) {
    hostile.remove();
    throw err;
  }
}

/** `total` runs split across `n` stores (the bounded run in npm test keeps its total, not multiplied by the stores). */
export function runsPerStore(total: number, n: number): number {
  return Math.max(1, Math.ceil(total / n));
}
