import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DemoCommerce } from '../../src/commerce/demo-commerce.js';
import { noEffects } from '../../src/core/actions.js';
import { runToolCall } from '../../src/tools/run-tool-call.js';
import { createToolRegistry } from '../../src/tools/tool-registry.js';
import { guessCategory } from '../../src/offline/category-guess.js';
import { demoCommerce, STORE_DIR } from './demo-fixture.js';

/**
 * Product search reads a message in its detected language's Snowball stemmer (locales/<lang>.yaml
 * `stemming: snowball`): a synonym key of skills/vocabulary.yaml is reached in its other forms
 * ("Matratzen" for "matratze", "manteaux" for "manteau"), and a message without a language, or in
 * the default one, reads as before.
 */
let commerce: DemoCommerce;
beforeAll(async () => {
  ({ commerce } = await demoCommerce());
});

const top = async (text: string, language: string | null): Promise<string> => {
  const r = await commerce.findProducts({ text, language, limit: 1 });
  return r.hits[0] ? `${r.hits[0].product.name} ${r.hits[0].product.category}`.toLowerCase() : '';
};

describe('stemming by the message language', () => {
  it.each([
    ['ich suche Matratzen', 'de', 'mattress'],
    ['warme Jacken', 'de', 'northfold'],
    ['Uhren mit GPS', 'de', 'smartwatch'],
    ['manteaux chauds', 'fr', 'parka'],
    ['des bureaux', 'fr', 'desk'],
    ['hervidores eléctricos', 'es', 'kettle'],
  ])('%s (%s) reaches %s', async (text, language, want) => {
    expect(await top(text, language)).toContain(want);
  });

  it('a phrase key in another form is read word by word in its language', async () => {
    const read = async (text: string, language: string | null) => {
      const r = await commerce.findProducts({ text, language, limit: 3 });
      return { top: r.hits[0]?.product.name.toLowerCase() ?? '', matched: r.hits[0]?.matched ?? [], unmatched: r.unmatched };
    };
    // "tienda de campana" (es), "pas cher" and "reduction de bruit" (fr): plural and feminine forms.
    const tents = await read('busco tiendas de campaña', 'es');
    expect(tents.top).toContain('tent');
    expect(tents.unmatched).toEqual([]);
    const cheap = await read('des écouteurs pas chers', 'fr');
    expect(cheap.matched).toContain('budget');
    expect(cheap.unmatched).toEqual([]);
    const quiet = await read('casques avec réductions de bruit', 'fr');
    expect(quiet.matched).toContain('noise cancelling');
    expect(quiet.unmatched).toEqual([]);
    // The words stay words of their own in a message of another language.
    expect((await read('busco tiendas de campaña', null)).unmatched).toEqual(['tiendas', 'campana']);
    expect((await read('des écouteurs pas chers', null)).unmatched).toContain('chers');
  });

  it('a language without a Snowball stemmer, or none, reads the words as the default language does', async () => {
    for (const text of ['ich suche Matratzen', 'manteaux chauds', 'an electric kettle', 'garden chairs under 200']) {
      const none = JSON.stringify(await commerce.findProducts({ text }));
      expect(JSON.stringify(await commerce.findProducts({ text, language: 'en' }))).toBe(none);
      expect(JSON.stringify(await commerce.findProducts({ text, language: 'it' }))).toBe(none);
    }
  });

  it('English words misdetected as German keep their results (the German stems only reach synonym keys no English lookup reached)', async () => {
    for (const text of ['a kettle for the garden', 'running shoes', 'headphones with noise cancelling', 'a quiet blender']) {
      expect(JSON.stringify(await commerce.findProducts({ text, language: 'de' }))).toBe(JSON.stringify(await commerce.findProducts({ text })));
    }
  });

  it('search_products passes the turn language of its tool context to the search', async () => {
    const registry = createToolRegistry();
    const rec = await runToolCall(registry, { name: 'search_products', arguments: { query: 'Matratzen' } }, { conversationId: 'c-lang', commerce, customer: null, namedOrders: [], effects: noEffects, language: 'de' });
    expect(rec.ok).toBe(true);
    expect(JSON.stringify((rec.result as { products: unknown[] }).products[0])).toMatch(/Mattress/);
  });

  it("the offline responder's category guess for a service message reads it in its language too", async () => {
    expect(await guessCategory(commerce, 'die Matratzen riechen komisch', new Set(), undefined, 'de')).toBe('furniture_bedding');
    expect(await guessCategory(commerce, 'les manteaux sont déchirés', new Set(), undefined, 'fr')).toBe('apparel_shoes');
  });

  it('our own tune set (skills/_store/eval/search-languages.jsonl): the top hit is the kind asked for in at least 15 of 16 messages per language', async () => {
    const cases = readFileSync(path.join(STORE_DIR, 'eval/search-languages.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { text: string; language: string; expect: string[] });
    const right = new Map<string, number>();
    for (const c of cases) {
      const hit = await top(c.text, c.language);
      if (c.expect.some((e) => hit.includes(e))) right.set(c.language, (right.get(c.language) ?? 0) + 1);
    }
    expect(Object.fromEntries(right)).toEqual({ es: expect.any(Number), de: expect.any(Number), fr: expect.any(Number) });
    for (const n of right.values()) expect(n).toBeGreaterThanOrEqual(15);
  });
});
