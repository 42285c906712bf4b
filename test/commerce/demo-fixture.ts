import { readFileSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { canonicalId } from '../../src/commerce/identifiers.js';
import type { Clock } from '../../src/core/clock.js';
import type { VerifiedCustomer } from '../../src/core/identity.js';
import { createDemoCommerce, type DemoCommerce } from '../../src/commerce/demo-commerce.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { loadSearchLanguage } from '../../src/commerce/load-search-language.js';
import type { SearchLanguage } from '../../src/commerce/search-language.js';

/** The real store data shipped in the repo. */
export const STORE_DIR = path.resolve(import.meta.dirname, '../../skills/_store');

/** A second store in another trade (cameras, film, outdoor; EUR; numeric SKUs): nothing in search may be demo-shaped. */
export const CAMERA_STORE = path.resolve(import.meta.dirname, '../fixtures/camera-store');

/** The shipped locale packs and skills/vocabulary.yaml: product search's language data, as compose() reads it. */
export const LOCALES_DIR = path.resolve(import.meta.dirname, '../../locales');
export const VOCABULARY_FILE = path.resolve(import.meta.dirname, '../../skills/vocabulary.yaml');
export const shippedSearchLanguage = (): Promise<SearchLanguage> => loadSearchLanguage({ localesDir: LOCALES_DIR, vocabularyFile: VOCABULARY_FILE });

/** A fixed "now" (10:00 UTC) so relative order dates, windows and warranty ends are exact. */
export const PINNED_NOW = Date.UTC(2025, 5, 15, 10, 0, 0);
export const DAY = 86_400_000;

export function pinnedClock(at = PINNED_NOW): Clock & { set(ms: number): void } {
  let now = at;
  return { now: () => now, set: (ms) => (now = ms) };
}

export function memoryStore(clock: Clock): MemoryStore {
  return new MemoryStore({ historyTtlSeconds: 3600, maxMessages: 200, clock });
}

export async function demoCommerce(opts: { dir?: string; clock?: Clock } = {}): Promise<{ commerce: DemoCommerce; store: MemoryStore; clock: Clock }> {
  const clock = opts.clock ?? pinnedClock();
  const store = memoryStore(clock);
  const commerce = await createDemoCommerce({ dir: opts.dir ?? STORE_DIR, store, clock, language: shippedSearchLanguage });
  return { commerce, store, clock };
}

/** A private copy of the store folder a test may break; `edit` rewrites one file. */
export async function scratchStoreDir(): Promise<{ dir: string; edit(file: string, change: (text: string) => string): Promise<void>; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'switchboard-store-'));
  await cp(STORE_DIR, dir, { recursive: true });
  return {
    dir,
    async edit(file, change) {
      const p = path.join(dir, file);
      await writeFile(p, change(await readFile(p, 'utf8')));
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/** The customer (e-mail) of each demo order, read from the shipped orders.yaml: tests act as the order's owner. */
const ordersYaml = parse(readFileSync(path.join(STORE_DIR, 'orders.yaml'), 'utf8')) as { orders: Array<{ id: string; customer: { email: string } }> };
const OWNERS = new Map(ordersYaml.orders.map((o) => [o.id, o.customer.email]));

/** The owner of a demo order, as a verified customer; an unknown order gets a stranger. */
export function owner(orderId: string): VerifiedCustomer {
  const id = canonicalId(orderId);
  return { email: OWNERS.get(id) ?? 'nobody@example.invalid', method: 'order_email', verifiedAt: PINNED_NOW, viaOrder: id };
}

/** Someone who owns none of the demo orders (signed in, so only ownership decides, not what they proved). */
export const stranger: VerifiedCustomer = { email: 'stranger@example.com', method: 'identity_token', verifiedAt: PINNED_NOW };
