import type { KnowledgeTerms } from '../core/knowledge.js';
import { TEXT_BUDGET, analysisWindow } from '../core/text-budget.js';
import { repositoryRetrievalWords, type RetrievalWords } from '../locale/retrieval-section.js';
import { repositoryStemmer, type Stemmer } from '../locale/stemmer.js';
import { terms } from '../skills/similarity.js';
import { foldText, spacelessPieces } from '../locale/script-words.js';
import { askedFactKinds, passageFactKinds } from './fact-kinds.js';
import { WORD_BREAK } from './word-break.js';

export type { KnowledgeTerms };


/** Sets of asked kinds whose heading terms are kept (the packs name a handful of kinds). */
const MAX_KIND_SETS = 64;

/**
 * A word as it is, or, when it holds a run of Han, kana, Hangul or Thai, the character pairs of
 * its folded form (script-words.ts; folded first, so half-width "ｼﾞｬｹｯﾄ" pairs as "ジャケット" does).
 */
function piecesOf(word: string): string[] {
  const folded = foldText(word);
  const pieces = spacelessPieces(folded);
  return pieces.length === 1 && pieces[0] === folded ? [word] : pieces;
}

/**
 * The word stems the knowledge index works on: the similarity stems (lower case, accents off,
 * the packs' `retrieval` words out, their `stemming: retrieval` rules) through the packs'
 * `stemming: knowledge` rules (a doubled final consonant undone), so "shipping", "shipped" and
 * "ships" all meet "ship". The app builds them from LOCALES_DIR's packs (src/main.ts).
 */
export function createKnowledgeTerms(words: RetrievalWords, knowledgeStem: Stemmer): KnowledgeTerms {
  function knowledgeTerm(word: string): string | null {
    // Folded in any script first (Arabic and Hebrew vowel signs off, NFKC), as product search folds.
    const [t] = terms(foldText(word), words);
    if (!t) return null;
    return knowledgeStem(t);
  }

  /** Every term of an article passage (index side: the passage is store data, bounded by the article limits). */
  function passageTerms(text: string): string[] {
    const out: string[] = [];
    for (const w of text.split(WORD_BREAK)) {
      if (!w) continue;
      for (const piece of piecesOf(w)) {
        const t = knowledgeTerm(piece);
        if (t) out.push(t);
      }
    }
    return out;
  }

  /** A customer message's words with their terms, within its work budget (first characters, first words). */
  function messageWords(text: string): Array<{ word: string; term: string }> {
    const out: Array<{ word: string; term: string }> = [];
    let count = 0;
    for (const w of analysisWindow(text).split(WORD_BREAK)) {
      if (!w) continue;
      // A run of Japanese or Chinese is its character pairs (script-words.ts), each a word of the budget.
      for (const piece of piecesOf(w.slice(0, TEXT_BUDGET.tokenChars))) {
        if (++count > TEXT_BUDGET.tokens) return out;
        const t = knowledgeTerm(piece);
        if (t) out.push({ word: piece, term: t });
      }
    }
    return out;
  }

  /** The distinct terms of a customer message, within its work budget (first characters, first words). */
  function queryTerms(text: string): string[] {
    return [...new Set(messageWords(text).map((w) => w.term))];
  }

  const headingTermsByKinds = new Map<string, string[]>();
  return {
    passageTerms,
    messageWords,
    queryTerms,
    askedKinds: (text) => askedFactKinds(text, words.factQuestions),
    passageKinds: (heading, text) => passageFactKinds(heading, text, words.factQuestions),
    kindHeadingTerms: (kinds) => {
      const key = [...kinds].sort().join(' ');
      let out = headingTermsByKinds.get(key);
      if (!out) {
        const set = new Set<string>();
        for (const q of words.factQuestions) if (kinds.has(q.kind)) for (const w of q.headings) for (const t of passageTerms(w)) set.add(t);
        out = [...set];
        // Kind names come from the packs, not from customers; capped all the same.
        if (headingTermsByKinds.size < MAX_KIND_SETS) headingTermsByKinds.set(key, out);
      }
      return out;
    },
  };
}

let repository: KnowledgeTerms | null = null;

/** The repository's locale packs' knowledge terms (tests, tools, a base built without packs), built once. */
export function repositoryKnowledgeTerms(): KnowledgeTerms {
  repository ??= createKnowledgeTerms(repositoryRetrievalWords(), repositoryStemmer('knowledge'));
  return repository;
}
