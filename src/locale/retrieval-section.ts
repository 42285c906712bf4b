import { z } from 'zod';
import { fold } from './fold.js';
import { repositoryPacks } from './repository-packs.js';
import { repositoryStemmer, type Stemmer } from './stemmer.js';

export { fold };
const word = z.string().trim().min(1).max(40).transform(fold);

/**
 * The `retrieval:` section of a locale pack: what the similarity search (demonstrations,
 * help-article retrieval, insight topics; src/skills/similarity.ts) drops when it turns a text
 * into terms. Every pack's stopwords are dropped together (a message may mix languages). The
 * endings it strips are the packs' `stemming: retrieval` profiles (src/locale/stemmer.ts).
 */
const phrase = z.string().trim().min(1).max(60).transform(fold);

/**
 * A kind of fact a question asks for (a cost, a time, a place): the phrases that ask it, the
 * heading words that name it, and what states it in a passage: a number before one of `units`,
 * or, with `money`, an amount with a currency.
 */
const factQuestionSchema = z.strictObject({
  asks: z.array(phrase).max(200).default([]),
  headings: z.array(word).max(200).default([]),
  units: z.array(word).max(200).default([]),
  money: z.boolean().default(false),
});

export const retrievalSectionSchema = z.strictObject({
  /** Words too common to say what a text is about. */
  stopwords: z.array(word).max(2000).default([]),
  /** Kind of fact -> how a question asks for it and how a passage states it (help-article ranking). */
  fact_questions: z.record(z.string().regex(/^[a-z_]{1,30}$/), factQuestionSchema).default({}),
});

/** One kind of fact, every pack's words together (phrases as their words, folded). */
export interface FactQuestion {
  kind: string;
  asks: ReadonlyArray<readonly string[]>;
  headings: ReadonlySet<string>;
  units: ReadonlySet<string>;
  money: boolean;
}

export type RetrievalSection = z.infer<typeof retrievalSectionSchema>;

export interface RetrievalWords {
  stopwords: ReadonlySet<string>;
  /** Every pack's `stemming: retrieval` rules, the default language first. */
  stem: Stemmer;
  /** Kinds of fact a question may ask for (`fact_questions`), in the order first named. */
  factQuestions: readonly FactQuestion[];
}

export function retrievalWordsOf(sections: ReadonlyArray<RetrievalSection | undefined>, stem: Stemmer): RetrievalWords {
  const stopwords = new Set<string>();
  const kinds = new Map<string, { asks: Map<string, string[]>; headings: Set<string>; units: Set<string>; money: boolean }>();
  for (const s of sections) {
    s?.stopwords.forEach((w) => stopwords.add(w));
    for (const [kind, q] of Object.entries(s?.fact_questions ?? {})) {
      const k = kinds.get(kind) ?? { asks: new Map(), headings: new Set(), units: new Set(), money: false };
      kinds.set(kind, k);
      for (const a of q.asks) k.asks.set(a, a.split(/\s+/));
      q.headings.forEach((w) => k.headings.add(w));
      q.units.forEach((w) => k.units.add(w));
      k.money ||= q.money;
    }
  }
  const factQuestions = [...kinds].map(([kind, k]) => ({ kind, asks: [...k.asks.values()], headings: k.headings, units: k.units, money: k.money }));
  return { stopwords, stem, factQuestions };
}

let repository: RetrievalWords | null = null;

/** The `retrieval` sections and retrieval stemming of the repository's locale packs (English first), read once. */
export function repositoryRetrievalWords(): RetrievalWords {
  repository ??= retrievalWordsOf(
    repositoryPacks().map((p) => (p.doc.retrieval === undefined ? undefined : retrievalSectionSchema.parse(p.doc.retrieval))),
    repositoryStemmer('retrieval'),
  );
  return repository;
}
