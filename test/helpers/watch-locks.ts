import type { Store } from '../../src/core/store.js';
import type { StoreBundle } from '../../src/store/store-bundle.js';

/**
 * The same bundle, with a store that records the key of every withLock (and withLockOnce, the
 * engine's lock-and-dedupe step) call before it waits:
 * the positive signal that a request is queued on a conversation (tests wait on it instead of
 * sleeping). Everything else goes to the real store unchanged.
 */
export function watchLocks(bundle: StoreBundle): { bundle: StoreBundle; locks: string[] } {
  const locks: string[] = [];
  const store = new Proxy(bundle.store, {
    get(target, prop) {
      if (prop === 'withLock' || prop === 'withLockOnce') {
        return (key: string, ...rest: unknown[]) => {
          locks.push(key);
          return (Reflect.get(target, prop, target) as (...a: unknown[]) => Promise<unknown>).call(target, key, ...rest);
        };
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  }) as Store;
  return { bundle: { ...bundle, store }, locks };
}
