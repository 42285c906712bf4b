import MiniSearch, { type SearchOptions } from 'minisearch';
import type { KnowledgeBase, KnowledgeHit, KnowledgeSearchOptions } from '../core/knowledge.js';
import { OUT_OF_SCOPE } from '../core/skill.js';
import { KNOWLEDGE_LIMITS, type Article } from './article-schema.js';
import { chunkArticle, type Passage } from './chunk-article.js';
import { repositoryKnowledgeTerms, type KnowledgeTerms } from './knowledge-terms.js';
import { foldText, isLoneIdeograph } from '../locale/script-words.js';

export interface KnowledgeIndex extends KnowledgeBase {
  readonly terms: KnowledgeTerms;
  /** Every passage, in article order (tests, prompts:check). */
  passages(): readonly Passage[];
}

/** Heading and title words say what a passage is about: they count more than body words. */
const BOOST = { title: 1.5, heading: 2, text: 1, ideographs: 1 };

/**
 * The distinct Han characters of a passage, folded, as one field of their own: a run of Han is
 * indexed as character pairs, so a customer's lone "品" met neither the pair it ends ("返品") nor,
 * unless it starts one, any other. A query pair never equals one character, nor does a word of
 * another script: only a lone Han character of a query matches here.
 */
function ideographsOf(text: string): string[] {
  const out = new Set<string>();
  for (const c of foldText(text)) if (isLoneIdeograph(c)) out.add(c);
  return [...out];
}

/**
 * How much more a passage counts when it is about the kind of fact the message asks for (its
 * heading names it, or it states one): "how much is delivery" wants the passage with the
 * delivery price, not the one whose heading repeats "deliveries".
 */
const FACT_KIND_BOOST = 1.6;

/** Skills whose search options an index keeps (far more than a skill set has). */
const MAX_CACHED_SKILLS = 256;

/**
 * A BM25 index (MiniSearch) over the passages of a set of articles, built once per load and
 * never changed: a reload builds a new one. Terms are stemmed the same way on both sides;
 * the search side adds prefix matching for longer words ("deliver" meets "delivery").
 */
export function buildKnowledgeIndex(articles: readonly Article[], terms: KnowledgeTerms = repositoryKnowledgeTerms()): KnowledgeIndex {
  const { passageTerms, queryTerms } = terms;
  const passages: Passage[] = [];
  for (const a of articles) {
    for (const p of chunkArticle(a)) {
      if (passages.length >= KNOWLEDGE_LIMITS.passages) break;
      passages.push(p);
    }
  }
  const byId = new Map(passages.map((p) => [p.id, p]));
  // Per passage, its distinct terms (title and heading included), and in how many passages each term occurs.
  const termsOf = new Map<string, Set<string>>();
  const df = new Map<string, number>();
  for (const p of passages) {
    const set = new Set([...passageTerms(`${p.title} ${p.heading} ${p.text}`), ...ideographsOf(`${p.title} ${p.heading} ${p.text}`)]);
    termsOf.set(p.id, set);
    for (const t of set) df.set(t, (df.get(t) ?? 0) + 1);
  }
  // Per passage, the kinds of fact it is about (only passages about one are kept); and the terms
  // of every heading, so a kind's heading words no heading has are not searched at all.
  const kindsOf = new Map<string, ReadonlySet<string>>();
  const headingTerms = new Set<string>();
  for (const p of passages) {
    for (const t of passageTerms(p.heading)) headingTerms.add(t);
    const kinds = terms.passageKinds?.(p.heading, p.text);
    if (kinds && kinds.size > 0) kindsOf.set(p.id, kinds);
  }
  const n = Math.max(passages.length, 1);
  // Rare words say more about what is asked. A word no article has weighs as much as the rarest
  // one: it may be the topic ("brazil") or just phrasing ("much"), and the passage does not cover it.
  const weight = (t: string): number => Math.log(1 + n / Math.max(df.get(t) ?? 0, 1));

  // MiniSearch reads the id and each indexed field through this; `ideographs` is the whole passage again, read by its own tokenizer.
  const passageField = (p: Passage, field: string): string => {
    switch (field) {
      case 'id':
        return p.id;
      case 'title':
        return p.title;
      case 'heading':
        return p.heading;
      case 'text':
        return p.text;
      default:
        return `${p.title} ${p.heading} ${p.text}`;
    }
  };
  const index = new MiniSearch<Passage>({
    fields: ['title', 'heading', 'text', 'ideographs'],
    idField: 'id',
    extractField: passageField,
    tokenize: (text, field) => (field === 'ideographs' ? ideographsOf(text) : passageTerms(text)),
    processTerm: (term) => term,
  });
  index.addAll(passages);

  function allowed(p: Passage, skill: string | undefined): boolean {
    return skill === undefined || skill === OUT_OF_SCOPE || p.skills === undefined || p.skills.includes(skill);
  }

  // MiniSearch's options for one skill, made once per index and skill instead of five closures
  // and an object per search (every turn searches for its routed skill). Skill ids come from the
  // skill set, not from customers: one entry per skill (capped all the same; past the cap a
  // search makes its own).
  const splitQuery = (q: string) => q.split(' ');
  const asIs = (t: string) => t;
  const longWord = (term: string) => term.length >= 5;
  const optionsBySkill = new Map<string | undefined, SearchOptions>();
  function searchOptionsFor(skill: string | undefined): SearchOptions {
    let options = optionsBySkill.get(skill);
    if (!options) {
      options = {
        tokenize: splitQuery,
        processTerm: asIs,
        boost: BOOST,
        combineWith: 'OR',
        prefix: longWord,
        filter: (r) => {
          const p = byId.get(r.id as string);
          return p !== undefined && allowed(p, skill);
        },
      };
      if (optionsBySkill.size < MAX_CACHED_SKILLS) optionsBySkill.set(skill, options);
    }
    return options;
  }

  return {
    terms,
    passages: () => passages,
    size: () => ({ articles: new Set(passages.map((p) => p.articleId)).size, passages: passages.length }),
    search(text: string, opts: KnowledgeSearchOptions = {}): KnowledgeHit[] {
      const limit = Math.min(Math.max(opts.limit ?? 3, 1), 10);
      const query = queryTerms(text);
      if (query.length === 0 || passages.length === 0) return [];
      const total = query.reduce((s, t) => s + weight(t), 0);
      const asked = terms.askedKinds?.(text);
      // The words that name an asked kind in a heading are searched too (not weighed in the
      // confidence: the customer did not write them): "how long" finds "Delivery times".
      const named = asked && asked.size > 0 ? (terms.kindHeadingTerms?.(asked) ?? []).filter((t) => headingTerms.has(t)) : [];
      const searched = named.length > 0 ? [...new Set([...query, ...named])] : query;
      const results = index.search(searched.join(' '), searchOptionsFor(opts.skill));
      if (asked && asked.size > 0 && kindsOf.size > 0) {
        // Every result is re-weighed once (at most the capped number of passages), then re-sorted.
        // A passage found only by a kind's heading words, with nothing of what the customer
        // wrote ("Price matching" for "how much is shipping"), is neither boosted nor put
        // before one that has some of it.
        const wrote = new Set<string>();
        for (const r of results) {
          const kinds = kindsOf.get(r.id as string);
          const own = termsOf.get(r.id as string)!;
          if (!query.some((t) => own.has(t))) continue;
          wrote.add(r.id as string);
          if (kinds && [...asked].some((k) => kinds.has(k))) r.score *= FACT_KIND_BOOST;
        }
        results.sort((a, b) => Number(wrote.has(b.id as string)) - Number(wrote.has(a.id as string)) || b.score - a.score);
      }
      const hits: KnowledgeHit[] = [];
      for (const r of results.slice(0, limit)) {
        const p = byId.get(r.id as string)!;
        const own = termsOf.get(p.id)!;
        const covered = query.reduce((s, t) => s + (own.has(t) ? weight(t) : 0), 0);
        const missing = query.filter((t) => !own.has(t));
        hits.push({
          articleId: p.articleId,
          title: p.title,
          ...(p.url ? { url: p.url } : {}),
          heading: p.heading,
          text: p.text,
          score: r.score,
          confidence: total > 0 ? covered / total : 0,
          missing,
          unseen: missing.filter((t) => !df.has(t)),
        });
      }
      return hits;
    },
  };
}
