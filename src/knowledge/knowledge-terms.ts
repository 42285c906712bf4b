import type { KnowledgeTerms } from '../core/knowledge.js';
import { TEXT_BUDGET, analysisWindow } from '../core/text-budget.js';
import { repositoryRetrievalWords, type RetrievalWords } from '../locale/retrieval-section.js';
import { repositoryStemmer, type Stemmer } from '../locale/stemmer.js';
import { terms } from '../skills/similarity.js';

export type { KnowledgeTerms };

/**
 * The word stems the knowledge index works on: the similarity stems (lower case, accents off,
 * the packs' `retrieval` words out, their `stemming: retrieval` rules) through the packs'
 * `stemming: knowledge` rules (a doubled final consonant undone), so "shipping", "shipped" and
 * "ships" all meet "ship". The app builds them from LOCALES_DIR's packs (src/main.ts).
 */
export function createKnowledgeTerms(words: RetrievalWords, knowledgeStem: Stemmer): KnowledgeTerms {
  function knowledgeTerm(word: string): string | null {
    const [t] = terms(word, words);
    if (!t) return null;
    return knowledgeStem(t);
  }

  /** Every term of an article passage (index side: the passage is store data, bounded by the article limits). */
  function passageTerms(text: string): string[] {
    const out: string[] = [];
    for (const w of text.split(/[^\p{L}\p{N}]+/u)) {
      const t = w ? knowledgeTerm(w) : null;
      if (t) out.push(t);
    }
    return out;
  }

  /** A customer message's words with their terms, within its work budget (first characters, first words). */
  function messageWords(text: string): Array<{ word: string; term: string }> {
    const out: Array<{ word: string; term: string }> = [];
    let count = 0;
    for (const w of analysisWindow(text).split(/[^\p{L}\p{N}]+/u)) {
      if (!w) continue;
      if (++count > TEXT_BUDGET.tokens) break;
      const word = w.slice(0, TEXT_BUDGET.tokenChars);
      const t = knowledgeTerm(word);
      if (t) out.push({ word, term: t });
    }
    return out;
  }

  /** The distinct terms of a customer message, within its work budget (first characters, first words). */
  function queryTerms(text: string): string[] {
    return [...new Set(messageWords(text).map((w) => w.term))];
  }

  return { passageTerms, messageWords, queryTerms };
}

let repository: KnowledgeTerms | null = null;

/** The repository's locale packs' knowledge terms (tests, tools, a base built without packs), built once. */
export function repositoryKnowledgeTerms(): KnowledgeTerms {
  repository ??= createKnowledgeTerms(repositoryRetrievalWords(), repositoryStemmer('knowledge'));
  return repository;
}
