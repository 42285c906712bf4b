/**
 * The store's help-centre articles (Markdown under the store folder's knowledge/), as the
 * rest of the code sees them: a search over heading-sized passages. Implemented in src/knowledge/.
 */

/** Where a passage comes from, as the turn record and the panel show it. */
export interface ArticleSource {
  /** The article's file name without `.md` (its slug). */
  articleId: string;
  title: string;
  url?: string;
  /** The section the passage is from (absent: the article's opening text). */
  heading?: string;
}

export interface KnowledgeHit extends ArticleSource {
  heading: string;
  /** The passage, as written in the article (Markdown links reduced to their text). */
  text: string;
  /** BM25 score from the index: comparable within one search only. */
  score: number;
  /**
   * How much of what the message asks the passage covers, 0..1: the share of the
   * message's informative words (weighted by how rare they are in the articles) it contains.
   * Comparable across searches; the offline answer quotes a passage only above a threshold.
   */
  confidence: number;
  /** The message's terms this passage lacks, and those of them no article has at all (a name the articles never mention: "brazil"). */
  missing?: string[];
  unseen?: string[];
}

export interface KnowledgeSearchOptions {
  /** The routed skill: articles limited to other skills are left out (`other` sees every article). */
  skill?: string;
  /** Passages at most (default 3). */
  limit?: number;
}

/**
 * How a knowledge base turns text into its terms (src/knowledge/knowledge-terms.ts): the locale
 * packs' `retrieval` words and `stemming: retrieval` / `knowledge` rules it was built with.
 */
export interface KnowledgeTerms {
  /** Every term of an article passage. */
  passageTerms(text: string): string[];
  /** The distinct terms of a customer message, within its work budget. */
  queryTerms(text: string): string[];
  /** A customer message's words with their terms, within its work budget. */
  messageWords(text: string): Array<{ word: string; term: string }>;
  /** The kinds of fact a message asks for ("how much": a cost), from the packs' `fact_questions`. */
  askedKinds?(text: string): ReadonlySet<string>;
  /** The terms of the heading words that name these kinds ("times" for a time). */
  kindHeadingTerms?(kinds: ReadonlySet<string>): readonly string[];
  /** The kinds of fact a passage names in its heading or states in its text (an amount, a number of days). */
  passageKinds?(heading: string, text: string): ReadonlySet<string>;
}

export interface KnowledgeBase {
  /** Best passages first. Reads at most the work budget of `text` (src/core/text-budget.ts). */
  search(text: string, opts?: KnowledgeSearchOptions): KnowledgeHit[];
  /** The terms the base reads text with (absent: the repository's locale packs'). */
  readonly terms?: KnowledgeTerms;
  /** Articles and passages loaded (health and prompts:check). */
  size(): { articles: number; passages: number };
}

/** The base with no articles: stores without a knowledge folder, and tests that do not need one. */
export const EMPTY_KNOWLEDGE: KnowledgeBase = {
  search: () => [],
  size: () => ({ articles: 0, passages: 0 }),
};

/** The sources of a set of passages, one per article section, in order. */
export function sourcesOf(hits: readonly ArticleSource[]): ArticleSource[] {
  const seen = new Set<string>();
  const out: ArticleSource[] = [];
  for (const h of hits) {
    const key = `${h.articleId}\u0000${h.heading ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ articleId: h.articleId, title: h.title, ...(h.url ? { url: h.url } : {}), ...(h.heading ? { heading: h.heading } : {}) });
  }
  return out;
}
