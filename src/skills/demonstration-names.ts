import type { Commerce } from '../core/commerce.js';
import { DICTIONARY_LANGUAGE, isDictionaryWord } from '../locale/dictionary-words.js';
import { repositorySingularForms, type SingularForms } from '../locale/stemmer.js';

export { DICTIONARY_LANGUAGE };

/**
 * Names in what a demonstration's customer and assistant say must be the store's own or common
 * language. Ids are checked by shape (prompts-check.ts); this finds the rest: a capitalised word
 * such as a brand or model name ("QuietBlend") that is neither a dictionary word nor anywhere in
 * the store's data, together with the capitalised words around it ("Vireo QuietBlend 600
 * Blender"), so a demonstration copied from another store fails prompts:check instead of
 * teaching the model to recommend what this store does not sell.
 */

const MAX_PRODUCTS_PER_CATEGORY = 5000;
const MAX_STORE_WORDS = 500_000;
const MAX_TEXT_CHARS = 20_000;

const wordsOf = (text: string): string[] => text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);

/** Every word of the store's data: info, carriers, categories, products (names, descriptions, tags, attributes) and policies. */
export async function storeWords(commerce: Commerce): Promise<Set<string>> {
  const out = new Set<string>();
  const add = (text: string) => {
    for (const w of wordsOf(text)) if (out.size < MAX_STORE_WORDS) out.add(w);
  };
  const walk = (v: unknown): void => {
    if (typeof v === 'string') return add(v);
    if (Array.isArray(v)) return v.forEach(walk);
    if (v && typeof v === 'object') for (const [k, child] of Object.entries(v)) (add(k), walk(child));
  };
  walk(commerce.storeInfo());
  walk(commerce.returnPolicy());
  walk(commerce.warrantyTerms());
  for (const c of commerce.categories()) {
    add(c);
    const hits = await commerce.searchProducts({ category: c, limit: MAX_PRODUCTS_PER_CATEGORY });
    for (const h of hits) walk(h.product);
  }
  return out;
}

const TOKEN = /[\p{L}\p{N}][\p{L}\p{N}'’]*/gu;
const CAPITALISED = /^\p{Lu}/u;
const HAS_DIGIT = /\p{N}/u;
// Between two words: the end of a sentence or line, so the next word is capitalised anyway.
const SENTENCE_END = /[.!?:;\n\u00a1\u00bf]/u;

/**
 * The names in `text` that have a word neither common nor the store's: runs of capitalised
 * words (and numbers after them) separated by single spaces, with a word that is neither a
 * dictionary word nor in `known` (lower-case store words); a common first word of a sentence is
 * left out. `singulars`: the locale packs' plurals, for dictionary words in the plural.
 */
export function unknownNames(text: string, known: ReadonlySet<string>, singulars: SingularForms = repositorySingularForms()): string[] {
  const s = text.slice(0, MAX_TEXT_CHARS);
  const unknown = (tok: string) => {
    if (!CAPITALISED.test(tok) || HAS_DIGIT.test(tok)) return false;
    const base = tok.replace(/['’]s$/u, '');
    return !isDictionaryWord(base, singulars) && !wordsOf(base).every((w) => known.has(w));
  };
  const names: string[] = [];
  let run: { tok: string; end: number; sentenceStart: boolean }[] = [];
  const flush = () => {
    if (run.some((t) => unknown(t.tok))) {
      // A sentence's capitalised first word is not part of the name ("The Vireo QuietBlend 600").
      const from = run[0]!.sentenceStart && !unknown(run[0]!.tok) ? 1 : 0;
      const name = run.slice(from).map((t) => t.tok).join(' ');
      if (!names.includes(name)) names.push(name);
    }
    run = [];
  };
  let lastEnd = 0;
  for (const m of s.matchAll(TOKEN)) {
    const tok = m[0];
    const start = m.index;
    const joins = run.length > 0 && start === run[run.length - 1]!.end + 1 && s[start - 1] === ' ';
    const fits = CAPITALISED.test(tok) || (HAS_DIGIT.test(tok) && run.length > 0);
    if (!joins || !fits) flush();
    if (fits) run.push({ tok, end: start + tok.length, sentenceStart: SENTENCE_END.test(s.slice(lastEnd, start)) || lastEnd === 0 });
    lastEnd = start + tok.length;
  }
  flush();
  return names;
}
