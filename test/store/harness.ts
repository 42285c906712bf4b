import type { StoreBundle } from '../../src/store/store-bundle.js';

/** What a contract suite needs from one backend. */
export interface StoreHarness {
  bundle: StoreBundle;
  /** Lets `ms` of store time pass: a fake clock for memory, a real wait for Redis. */
  advance(ms: number): Promise<void>;
  /** The store's clock now (erasures are stamped with it). */
  now(): number;
  /**
   * Another instance on the same data, standing in for a second process. Only backends that
   * share state across processes (Redis) provide it; cross-process tests are skipped otherwise.
   */
  sibling?: () => Promise<StoreBundle>;
}

export interface HarnessOptions {
  /** Fractions are allowed so TTL tests can use a few hundred milliseconds. */
  historyTtlSeconds: number;
  maxMessages: number;
  /** How long a conversation without messages lives. */
  emptyConversationTtlSeconds: number;
}

export type MakeHarness = (opts: HarnessOptions) => Promise<StoreHarness>;

export const defaultHarnessOptions: HarnessOptions = { historyTtlSeconds: 3600, maxMessages: 50, emptyConversationTtlSeconds: 600 };

/** Polls until `check` returns true; fails the test after `timeoutMs`. */
export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 3000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Creates harnesses for one test and closes everything they opened afterwards
 * (call `track.closeAll()` from afterEach).
 */
export function harnessTracker(make: MakeHarness) {
  const open: StoreBundle[] = [];
  return {
    async make(opts: Partial<HarnessOptions> = {}): Promise<StoreHarness> {
      const h = await make({ ...defaultHarnessOptions, ...opts });
      open.push(h.bundle);
      const sibling = h.sibling;
      return {
        ...h,
        sibling: sibling
          ? async () => {
              const b = await sibling();
              open.push(b);
              return b;
            }
          : undefined,
      };
    },
    async closeAll(): Promise<void> {
      await Promise.all(open.splice(0).map((b) => b.close()));
    },
  };
}
