import { TEXT_BUDGET, analysisWindow } from '../core/text-budget.js';
import { repositoryStemmer, type Stemmer } from '../locale/stemmer.js';
import { terms } from '../skills/similarity.js';

let knowledgeStem: Stemmer | null = null;

/**
 * The word stems the knowledge index works on: the similarity stems (lower case, accents off,
 * common words out, light suffix stripping) through the packs' `stemming: knowledge` rules (a
 * doubled final consonant undone), so "shipping", "shipped" and "ships" all meet "ship".
 */
export function knowledgeTerm(word: string): string | null {
  const [t] = terms(word);
  if (!t) return null;
  knowledgeStem ??= repositoryStemmer('knowledge');
  return knowledgeStem(t);
}

/** Every term of an article passage (index side: the passage is store data, bounded by the article limits). */
export function passageTerms(text: string): string[] {
  const out: string[] = [];
  for (const w of text.split(/[^\p{L}\p{N}]+/u)) {
    const t = w ? knowledgeTerm(w) : null;
    if (t) out.push(t);
  }
  return out;
}

/** A customer message's words with their terms, within its work budget (first characters, first words). */
export function messageWords(text: string): Array<{ word: string; term: string }> {
  const out: Array<{ word: string; term: string }> = [];
  let words = 0;
  for (const w of analysisWindow(text).split(/[^\p{L}\p{N}]+/u)) {
    if (!w) continue;
    if (++words > TEXT_BUDGET.tokens) break;
    const word = w.slice(0, TEXT_BUDGET.tokenChars);
    const t = knowledgeTerm(word);
    if (t) out.push({ word, term: t });
  }
  return out;
}

/** The distinct terms of a customer message, within its work budget (first characters, first words). */
export function queryTerms(text: string): string[] {
  return [...new Set(messageWords(text).map((w) => w.term))];
}
