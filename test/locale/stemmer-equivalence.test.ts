import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import dictionary from 'dictionary-en';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stem as searchStem, words } from '../../src/commerce/text-terms.js';
import { fold } from '../../src/locale/fold.js';
import { repositorySingularForms, repositoryStemmer } from '../../src/locale/stemmer.js';
import { normalizeText, stem as routerStem, tokenize } from '../../src/router/normalize.js';

/**
 * Issue 16: the three stemmers that were code (src/router/normalize.ts, src/commerce/text-terms.ts,
 * src/skills/similarity.ts) became the English pack's `stemming:` profiles. The old functions are
 * kept here, and only here, as the reference: the packs' rules must give the same stem for every
 * word of the project's texts, the shared eval sets, the English dictionary and random words.
 */

function oldRouterStem(token: string): string {
  let t = token;
  if (t.length <= 3 || !/^[a-z]+$/.test(t)) return t;
  if (t.endsWith('ies') && t.length > 4) t = `${t.slice(0, -3)}y`;
  else if (t.endsWith('sses')) t = t.slice(0, -2);
  else if (/(?:x|ch|sh|zz)es$/.test(t)) t = t.slice(0, -2);
  else if (t.endsWith('s') && !/(?:ss|us|is)$/.test(t) && t.length > 3) t = t.slice(0, -1);
  if (t.endsWith('ing') && t.length > 5) t = oldUndouble(t.slice(0, -3));
  else if (t.endsWith('ed') && t.length > 5) t = oldUndouble(t.slice(0, -2));
  if (t.endsWith('e') && t.length > 4 && !t.endsWith('ee')) t = t.slice(0, -1);
  return t;
}

function oldUndouble(s: string): string {
  if (s.length >= 5 && /([b-df-hj-np-tv-z])\1$/.test(s) && !/(?:ss|zz)$/.test(s)) return s.slice(0, -1);
  if (s.length === 4 && /(?:pp|tt|gg|nn|mm|dd|bb)$/.test(s)) return s.slice(0, -1);
  return s;
}

const DOUBLED = /([bdfgklmnprt])\1$/;

function oldSearchStem(word: string): string {
  let w = word;
  if (w.length <= 3 || /\d/.test(w)) return w;
  if (w.endsWith('ies') && w.length > 4) return `${w.slice(0, -3)}y`;
  if (w.endsWith('sses')) return w.slice(0, -2);
  if (w.endsWith('ches') || w.endsWith('shes') || w.endsWith('xes')) return w.slice(0, -2);
  if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) w = w.slice(0, -1);
  if (w.endsWith('ing') && w.length > 5) {
    w = w.slice(0, -3);
    if (DOUBLED.test(w)) w = w.slice(0, -1);
  } else if (w.endsWith('ed') && w.length > 4 && !w.endsWith('eed')) {
    w = w.slice(0, -2);
    if (DOUBLED.test(w)) w = w.slice(0, -1);
  }
  return w;
}

/** The English pack's former `retrieval: endings`, in their order. */
const OLD_ENDINGS = ['ing', 'ers', 'ies>y', 'ed', 'es', 'er', 's'].map((e) => {
  const [ending, replacement = ''] = e.split('>') as [string, string?];
  return { ending, replacement };
});

function oldRetrievalStem(w: string): string {
  if (w.length <= 4 || /\d/.test(w)) return w;
  for (const { ending, replacement } of OLD_ENDINGS) {
    if (w.endsWith(ending) && w.length - ending.length >= 3) return w.slice(0, -ending.length) + replacement;
  }
  return w;
}

const OLD_DOUBLED = /([bdfgklmnprstz])\1$/;

/** src/knowledge/knowledge-terms.ts's step after the retrieval stem. */
function oldKnowledgeStep(t: string): string {
  return t.length > 3 ? t.replace(OLD_DOUBLED, '$1') : t;
}

/** src/router/concept-lexicon.ts nounForms and src/locale/dictionary-words.ts: a plural's candidate singulars. */
function oldSingulars(word: string): string[] {
  const forms: string[] = [];
  if (word.endsWith('ies')) forms.push(`${word.slice(0, -3)}y`);
  if (word.endsWith('es')) forms.push(word.slice(0, -2));
  if (word.endsWith('s')) forms.push(word.slice(0, -1));
  return forms;
}

const root = path.resolve(import.meta.dirname, '../..');
const TEXT_FILE = /\.(?:ya?ml|md|jsonl?|txt|csv|tsv|xml)$/;

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  if (!statSync(dir).isDirectory()) return [dir];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : TEXT_FILE.test(e.name) ? [path.join(dir, e.name)] : []));
}

/** Every word of the texts, as each reader cuts it: the router's tokens, product search's words, the similarity search's terms, raw lower case. */
function gatherWords(): Set<string> {
  const out = new Set<string>();
  const dirs = ['skills', 'prompts', 'examples', 'locales', 'test/fixtures', 'test/stores'].map((d) => path.join(root, d));
  const evalDir = process.env.BENCH_DATA_DIR ?? '/work/shared/eval';
  for (const file of [...dirs.flatMap(filesUnder), ...filesUnder(evalDir)]) {
    const text = readFileSync(file, 'utf8');
    for (const line of text.split('\n')) {
      for (const t of tokenize(normalizeText(line))) out.add(t);
      for (const w of words(line)) out.add(w);
      for (const w of fold(line).match(/[\p{L}\p{N}]+/gu) ?? []) out.add(w);
      for (const w of line.toLowerCase().split(/[^\p{L}\p{N}.']+/u)) if (w) out.add(w);
    }
  }
  // The dictionary the router stems (src/router/english-words.ts).
  for (const line of new TextDecoder().decode(dictionary.dic).split('\n').slice(1)) {
    const slash = line.indexOf('/');
    const w = (slash === -1 ? line : line.slice(0, slash)).trim().toLowerCase();
    if (w) out.add(w);
  }
  return out;
}

const CASES = [
  { name: 'router', now: routerStem, old: oldRouterStem },
  { name: 'search', now: searchStem, old: oldSearchStem },
  { name: 'retrieval', now: repositoryStemmer('retrieval'), old: oldRetrievalStem },
  { name: 'plurals', now: (w: string) => repositorySingularForms()(w).join('|'), old: (w: string) => oldSingulars(w).join('|') },
  { name: 'knowledge (after retrieval)', now: (w: string) => repositoryStemmer('knowledge')(repositoryStemmer('retrieval')(w)), old: (w: string) => oldKnowledgeStep(oldRetrievalStem(w)) },
] as const;

describe('the packs’ stemming rules stem as the code they replaced', () => {
  const all = [...gatherWords()];

  it('gathers the project’s words and the dictionary’s', () => {
    expect(all.length).toBeGreaterThan(50_000);
  });

  for (const c of CASES) {
    it(`${c.name}: the same stem for every gathered word`, () => {
      const differ = all.filter((w) => c.now(w) !== c.old(w)).map((w) => `${w}: ${c.now(w)} != ${c.old(w)}`);
      expect(differ.slice(0, 20)).toEqual([]);
    });

    it(`${c.name}: the same stem for random a-z words`, () => {
      const word = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'), minLength: 1, maxLength: 20 });
      fc.assert(fc.property(word, (w) => c.now(w) === c.old(w)), { numRuns: 20_000 });
    });

    it(`${c.name}: the same stem for random words ending like English inflections`, () => {
      // Random a-z words rarely end in "sses" or a doubled consonant before "ing": build such endings on purpose.
      const letters = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'), minLength: 0, maxLength: 8 });
      const tail = fc.constantFrom('s', 'es', 'ies', 'sses', 'xes', 'ches', 'shes', 'zzes', 'ing', 'ed', 'eed', 'e', 'ee', 'ers', 'er', 'us', 'is', 'ss');
      const doubled = fc.constantFrom('', ...[...'abcdefghijklmnopqrstuvwxyz'].map((l) => l + l));
      const word = fc.tuple(letters, doubled, tail, fc.constantFrom('', 's', '1')).map(([a, d, t, s]) => a + d + t + s);
      fc.assert(fc.property(word, (w) => c.now(w) === c.old(w)), { numRuns: 20_000 });
    });
  }
});
