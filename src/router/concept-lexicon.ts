import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { DomainVocabulary } from '../core/vocabulary.js';
import { EMPTY_STORE_VOCABULARY } from '../core/vocabulary.js';
import { parseVocabulary } from '../vocabulary/vocabulary-file.js';
import { isEnglishWord } from './english-words.js';

/**
 * Concept -> words and phrases. A message that mentions any of them gets a `c:<CONCEPT>`
 * feature, so the classifier learns "a product noun" or "a refund cue" once from a handful
 * of examples instead of needing an example for every product. Built from data only:
 * - the vocabulary file's support concepts (return, warranty, delivery, ...),
 * - PRODUCT: the catalog's tags, category labels and words, the head noun of each product
 *   name, and the file's product_words;
 * - BRAND: the catalog's brands and the invented words of its product names;
 * - ATTRIBUTE / SPEC: the catalog's attribute values / names;
 * - WORLD: the file's out_of_scope_words, minus any the catalog uses ("film" in a camera shop).
 * Which skill a concept points to is learned from the skills' examples, never coded.
 */
export type ConceptLexicon = ReadonlyMap<string, readonly string[]>;

function wordsOf(phrase: string): string[] {
  return phrase.split(' ').filter((w) => w.length > 0);
}

export function conceptLexicon(vocabulary: DomainVocabulary): ConceptLexicon {
  const { additions, store } = vocabulary;
  const out = new Map<string, Set<string>>();
  const add = (concept: string, phrase: string) => {
    let set = out.get(concept);
    if (!set) out.set(concept, (set = new Set()));
    set.add(phrase);
  };
  for (const [name, words] of additions.concepts) for (const w of words) add(name.toUpperCase(), w);
  // A catalog word that already means a support concept ("gift", "voucher") keeps that meaning only.
  const support = new Set<string>();
  for (const set of out.values()) for (const w of set) support.add(w);
  const catalog = (concept: string, phrase: string) => {
    if (phrase.length < 2 || support.has(phrase) || !/\p{L}/u.test(phrase)) return;
    add(concept, phrase);
  };

  // A catalogue code, as the normaliser rewrites the store's SKUs.
  add('PRODUCT', 'skucode');
  for (const w of additions.productWords) add('PRODUCT', w);
  for (const t of store.tags) catalog('PRODUCT', t);
  for (const c of store.categoryPhrases) if (!c.includes('_')) catalog('PRODUCT', c);
  for (const name of store.productNames) {
    const words = wordsOf(name).filter((w) => /^\p{L}+$/u.test(w));
    // The last word of a name is its head noun ("... Gooseneck Kettle"); invented words are names.
    const head = words[words.length - 1];
    if (head) catalog('PRODUCT', head);
    for (const w of words) if (w.length >= 3 && !isEnglishWord(w)) catalog('BRAND', w);
  }
  for (const b of store.brands) catalog('BRAND', b);
  for (const v of store.attributeValues) if (!/\d/.test(v)) catalog('ATTRIBUTE', v);
  for (const n of store.attributeNames) catalog('SPEC', n.replace(/_/g, ' '));

  const catalogWords = new Set<string>();
  for (const c of ['PRODUCT', 'BRAND', 'ATTRIBUTE']) for (const p of out.get(c) ?? []) for (const w of wordsOf(p)) catalogWords.add(w);
  for (const w of additions.outOfScopeWords) {
    if (wordsOf(w).some((x) => catalogWords.has(x))) continue;
    add('WORLD', w);
  }
  return new Map([...out].map(([k, v]) => [k, [...v]]));
}

/** The repository's skills/vocabulary.yaml without a catalog (tests and tools that train on bare examples). */
let cached: ConceptLexicon | null = null;
export function defaultConceptLexicon(): ConceptLexicon {
  if (cached) return cached;
  const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../skills/vocabulary.yaml');
  const { additions } = parseVocabulary(file, parse(readFileSync(file, 'utf8')) as unknown);
  cached = conceptLexicon({ store: EMPTY_STORE_VOCABULARY, additions });
  return cached;
}
