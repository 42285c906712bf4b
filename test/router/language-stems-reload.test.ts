import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from '../../src/config/config.js';
import { silentLogger } from '../../src/core/logger.js';
import { compose, type Composed } from '../../src/main.js';

/**
 * A locale pack's `stemming: snowball` is live for routing as for search (issue 16): the app
 * watches LOCALES_DIR with the skills and the store folder; a pack edit reloads the store (whose
 * search reads the packs again), and the skill set hands the stemmers that reload read to the
 * router, which retrains. Before, the router kept the stemmers it started with until a restart.
 */
const LOCALES = path.resolve(import.meta.dirname, '../../locales');

let dir: string;
let app: Composed;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'switchboard-locales-'));
  await cp(LOCALES, dir, { recursive: true });
  app = await compose(parseEnv({ PORT: '0', LOG_LEVEL: 'silent', SKILLS_WATCH: 'true', LOCALES_DIR: dir }), { logger: silentLogger, defaultMetrics: false });
}, 60_000);
afterAll(async () => {
  await app?.close();
  await rm(dir, { recursive: true, force: true });
});

async function waitFor(what: string, check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const json = (x: unknown) => JSON.stringify(x);

describe("a pack's edited stemming reaches the router on the next reload", () => {
  it('drops and restores the German key forms for routing and search alike', async () => {
    const { router, commerce, skills } = app;
    const plural = 'Uhren mit GPS';
    // With German's Snowball stemmer, "Uhren" is read as the key "uhr".
    expect(json(router.classify(plural, 'de'))).toBe(json(router.classify('uhr mit GPS', 'de')));
    const searched = async () => (await commerce.searchProducts({ text: 'Uhren', language: 'de' })).map((h) => h.product.sku);
    const withStemmer = await searched();

    const file = path.join(dir, 'de.yaml');
    const original = await readFile(file, 'utf8');
    const edited = original.replace(/\nstemming:\n {2}snowball: german\n/, '\n');
    expect(edited).not.toBe(original);
    let version = skills.current().version;
    await writeFile(file, edited);
    await waitFor('the reload', () => skills.current().version !== version);
    expect(json(router.classify(plural, 'de'))).toBe(json(router.classify(plural, null)));
    expect(json(router.classify(plural, 'de'))).not.toBe(json(router.classify('uhr mit GPS', 'de')));
    expect(await searched()).not.toEqual(withStemmer);

    version = skills.current().version;
    await writeFile(file, original);
    await waitFor('the second reload', () => skills.current().version !== version);
    expect(json(router.classify(plural, 'de'))).toBe(json(router.classify('uhr mit GPS', 'de')));
    expect(await searched()).toEqual(withStemmer);
  }, 60_000);
});
