import type { Commerce } from '../core/commerce.js';
import type { Stemmer } from '../locale/stemmer.js';
import type { KnowledgeBase, KnowledgeHit } from '../core/knowledge.js';
import { repositoryKnowledgeTerms, type KnowledgeTerms } from '../knowledge/knowledge-terms.js';
import { confidentPassage, quotedAnswer, type KnowledgeAnswer } from '../knowledge/offline-answer.js';
import { categoryLabel } from './category-labels.js';
import { guessProducts } from './category-guess.js';

const NO_WORDS: ReadonlySet<string> = new Set();

/** Categories among a word's search hits from which the word is shared by goods of several kinds. */
const SHARED_BY_KINDS = 3;

/**
 * The help-article answer, checked against the product asked about: a confident passage that
 * matched the message's other words ("wash") but not the product it names ("duvet") is about
 * another product (shoe care). Then the section of the same article that names the product or
 * its category is the answer, and without one the customer is told the article does not cover
 * it (`noCover`), rather than quoting care advice for something else. The catalog says which
 * words are products, so this holds for any store.
 */
export async function articleAnswer(input: {
  knowledge: KnowledgeBase;
  commerce: Commerce;
  skill: string;
  text: string;
  noCover: (what: string, title: string) => string;
  /** Product search's stemmer (the locale packs'); the repository's by default. */
  stem?: Stemmer;
}): Promise<KnowledgeAnswer | null> {
  const hit = confidentPassage(input.knowledge, input.skill, input.text);
  if (!hit) return null;
  // The terms the base was built with (the app's locale packs).
  const terms = input.knowledge.terms ?? repositoryKnowledgeTerms();
  const { messageWords, passageTerms, queryTerms } = terms;
  const missing = new Set(hit.missing ?? []);
  if (missing.size === 0) return quotedAnswer(hit);
  // The customer's own words the passage lacks; the catalog says whether they name a product.
  const lacking = messageWords(input.text)
    .filter((w) => missing.has(w.term))
    .map((w) => w.word)
    .slice(0, 8);
  if (lacking.length === 0) return quotedAnswer(hit);
  const guess = await guessProducts(input.commerce, lacking.join(' '), NO_WORDS, input.stem);
  // A word the store's goods of several kinds share ("dog" for its food, toys and beds) says
  // whom the question is for, not that it is about another product than the passage's.
  if (!guess || (!guess.specific && guess.spread >= SHARED_BY_KINDS)) return quotedAnswer(hit);
  const top = guess.specific ?? guess.products[0];
  // What names the product's kind: the word asked, its category's label, its tags.
  const subject = new Set(passageTerms(`${guess.word} ${categoryLabel(input.commerce, guess.category)} ${top ? top.tags.join(' ') : ''}`));
  if (mentions(hit, subject, terms)) return quotedAnswer(hit);
  const asked = queryTerms(input.text).filter((t) => !missing.has(t));
  const better = input.knowledge
    .search(`${asked.join(' ')} ${[...subject].join(' ')}`, { skill: input.skill, limit: 5 })
    .find((h) => h.articleId === hit.articleId && passageTerms(h.heading).some((t) => subject.has(t)));
  if (better) return quotedAnswer(better);
  return { text: input.noCover(guess.word, hit.title), sources: [] };
}

function mentions(hit: KnowledgeHit, subject: ReadonlySet<string>, terms: KnowledgeTerms): boolean {
  return terms.passageTerms(`${hit.heading} ${hit.text}`).some((t) => subject.has(t));
}
