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
export const retrievalSectionSchema = z.strictObject({
  /** Words too common to say what a text is about. */
  stopwords: z.array(word).max(2000).default([]),
});

export type RetrievalSection = z.infer<typeof retrievalSectionSchema>;

export interface RetrievalWords {
  stopwords: ReadonlySet<string>;
  /** Every pack's `stemming: retrieval` rules, the default language first. */
  stem: Stemmer;
}

export function retrievalWordsOf(sections: ReadonlyArray<RetrievalSection | undefined>, stem: Stemmer): RetrievalWords {
  const stopwords = new Set<string>();
  for (const s of sections) s?.stopwords.forEach((w) => stopwords.add(w));
  return { stopwords, stem };
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
