import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { stem, words, editDistance } from '../../src/commerce/text-terms.js';
import { createVocabularyIndex, MATCH } from '../../src/commerce/vocabulary-index.js';
import { demoCommerce } from './demo-fixture.js';

/** The reference: every vocabulary word tested in order (what product search did before the index). */
function scan(vocabulary: readonly string[], q: string): Map<string, number> {
  const known = new Set(vocabulary);
  const found = new Map<string, number>();
  if (known.has(q)) found.set(q, MATCH.exact);
  else if (q.length <= 4 && q.endsWith('s') && known.has(q.slice(0, -1))) found.set(q.slice(0, -1), MATCH.exact);
  const prefixOk = q.length >= 3;
  const decimalPrefix = /^\d+$/.test(q) ? `${q}.` : null;
  const typos = !known.has(q) && q.length >= 5 && !/\d/.test(q);
  const maxTypos = q.length >= 8 ? 2 : 1;
  for (const t of vocabulary) {
    if (t === q) continue;
    if ((prefixOk && t.startsWith(q)) || (decimalPrefix !== null && t.startsWith(decimalPrefix)) || (t.length >= 4 && q.startsWith(t) && q.length - t.length <= 2)) {
      found.set(t, Math.max(found.get(t) ?? 0, MATCH.prefix));
    } else if (typos && Math.abs(q.length - t.length) <= maxTypos && editDistance(q, t, maxTypos) <= maxTypos) {
      found.set(t, Math.max(found.get(t) ?? 0, MATCH.fuzzy));
    }
  }
  return found;
}

const entries = (m: Map<string, number>): Array<[string, number]> => [...m];

describe('vocabulary index', () => {
  let vocabulary: string[];
  beforeAll(async () => {
    const { commerce } = await demoCommerce();
    const seen = new Set<string>();
    for (const p of commerce.products()) for (const w of words(`${p.name} ${p.description} ${p.tags.join(' ')} ${Object.keys(p.attributes).join(' ')}`)) seen.add(stem(w));
    vocabulary = [...seen];
  });

  it('matches what a scan of the whole vocabulary matches, in the same order, for the catalog\'s own words and their typos', () => {
    const index = createVocabularyIndex(vocabulary);
    for (const t of vocabulary) {
      const typo = t.length > 4 ? `${t.slice(0, 2)}${t.slice(3)}x` : `${t}s`;
      for (const q of [t, t.slice(0, 3), t.slice(0, -1), `${t}er`, typo, `${t.slice(1)}`]) expect(entries(index.matches(q)), q).toEqual(entries(scan(vocabulary, q)));
    }
  });

  it('finds prefixes both ways, decimals and typos of one and two letters', () => {
    const index = createVocabularyIndex(['blender', 'blend', 'kettle', 'headphone', '65', '6.5', '6.5mm', 'toaster']);
    // "blend" is three letters short of "blenders": too far.
    expect(entries(index.matches('blenders'))).toEqual([['blender', MATCH.prefix]]);
    expect(entries(index.matches('blendr'))).toEqual([['blender', MATCH.fuzzy], ['blend', MATCH.prefix]]);
    expect(entries(index.matches('ble'))).toEqual([['blender', MATCH.prefix], ['blend', MATCH.prefix]]);
    expect(entries(index.matches('6'))).toEqual([['6.5', MATCH.prefix], ['6.5mm', MATCH.prefix]]);
    expect(entries(index.matches('ketle'))).toEqual([['kettle', MATCH.fuzzy]]);
    expect(entries(index.matches('headfone'))).toEqual([['headphone', MATCH.fuzzy]]);
    expect(entries(index.matches('constructor'))).toEqual([]);
  });

  it('agrees with the scan on any word (fast-check)', () => {
    const index = createVocabularyIndex(vocabulary);
    const letters = fc.constantFrom(...'abcdeilnorstuy0123456789.'.split(''));
    const word = fc.oneof(fc.constantFrom(...vocabulary), fc.array(letters, { minLength: 1, maxLength: 12 }).map((cs) => cs.join('')));
    const edited = fc.tuple(word, fc.nat(), letters, fc.constantFrom('drop', 'swap', 'add')).map(([w, at, c, op]) => {
      const i = at % (w.length + 1);
      return op === 'drop' ? w.slice(0, i) + w.slice(i + 1) : op === 'swap' ? w.slice(0, i) + c + w.slice(i + 1) : w.slice(0, i) + c + w.slice(i);
    });
    fc.assert(
      fc.property(fc.oneof(word, edited), (q) => {
        expect(entries(index.matches(q))).toEqual(entries(scan(vocabulary, q)));
      }),
      { seed: 20261206, numRuns: 3000 },
    );
  });
});
