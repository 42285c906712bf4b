import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createNormalizer } from '../../src/router/normalize.js';
import { defaultRouterLanguage } from '../../src/router/router-language.js';
import { skuPattern, skuShape } from '../../src/vocabulary/store-vocabulary.js';

// The ASCII fast path must give byte-for-byte what the general (regex) path gives.
const plain = createNormalizer(defaultRouterLanguage());
const withCodes = createNormalizer(defaultRouterLanguage(), {
  sku: skuPattern([skuShape('KIT-1006'), skuShape('CAM-AE1-07')].filter((s): s is string => s !== null)),
});

function same(text: string): void {
  for (const n of [plain, withCodes]) {
    const general = n.normalizeGeneral(text);
    expect(n.normalizeText(text), JSON.stringify(text)).toBe(general);
    expect(n.normalizeTokens(text), JSON.stringify(text)).toEqual(n.tokenize(general));
  }
}

function linesUnder(dir: string, out: string[]): void {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) linesUnder(p, out);
    else if (/\.(?:ya?ml|jsonl|md)$/.test(name)) out.push(...readFileSync(p, 'utf8').split('\n'));
  }
}

/** Characters the passes treat specially, weighted up so generated strings hit their edges. */
const SPECIAL = [..."'`-?!.,;:|#%+=&@/ \t\n\r\v\f\u001c\u007f\"*x()$"];
const WORDS = ["don't", "it's", "can't", 'www.', 'http://a.b', 'https://x', 'a@b.co', 'foo@bar', '6x3', '72 x 36 in', '5 by 6', '$12', '12 dollars', 'usd 5', '10k', 'KIT-1006', 'kit1006', 'SB-10022', '555-1234', '3.5', '10cm', 'sooooo', 'AAAA', "y'all'", " - ", ' -- ', '---', 'im', 'u', 'pls'];
const asciiChar = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...'abcdeosz019ABZ') },
  { weight: 3, arbitrary: fc.constantFrom(...SPECIAL) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 127 }).map((c) => String.fromCharCode(c)) },
  { weight: 2, arbitrary: fc.constantFrom(...WORDS) },
);
const asciiText = fc.array(asciiChar, { maxLength: 40 }).map((parts) => parts.join(''));

describe('normalizeText ASCII fast path', () => {
  it('matches the general path on generated ASCII text', () => {
    fc.assert(fc.property(asciiText, (t) => same(t)), { seed: 20, numRuns: 20_000 });
  });

  it('matches the general path on every line of the skills, locales, fixtures and example stores', () => {
    const lines: string[] = [];
    for (const dir of ['skills', 'locales', 'test/router/fixtures', 'examples/stores']) linesUnder(dir, lines);
    expect(lines.length).toBeGreaterThan(1000);
    for (const line of lines) same(line);
  });

  it('leaves non-ASCII text to the general path', () => {
    same('Ça coûte combien ? l’été — “sooo” ß');
  });
});
