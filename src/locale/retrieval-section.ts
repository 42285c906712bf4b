import { z } from 'zod';
import { repositoryPacks } from './repository-packs.js';

/** How the similarity search folds text and these words alike: lower case, accents off ("für" meets "fur"). */
export const fold = (s: string): string => s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
const word = z.string().trim().min(1).max(40).transform(fold);

/**
 * The `retrieval:` section of a locale pack: what the similarity search (demonstrations,
 * help-article retrieval, insight topics; src/skills/similarity.ts) drops and strips when it
 * turns a text into terms. Every pack's stopwords are dropped together (a message may mix
 * languages); endings are tried pack by pack, the default language first, the first that fits
 * wins, so a pack's endings only reach words none of the packs before it stemmed.
 */
export const retrievalSectionSchema = z.strictObject({
  /** Words too common to say what a text is about. */
  stopwords: z.array(word).max(2000).default([]),
  /**
   * Word endings stripped to meet other forms ("returning"/"returns" -> "return"), in the order
   * tried; "ies>y" replaces the ending instead of dropping it. Words of four letters or less and
   * words with a digit keep their ending, and at least three letters stay.
   */
  endings: z
    .array(z.string().trim().regex(/^[^\s>]{1,12}(?:>[^\s>]{0,12})?$/, 'an ending, or "ending>replacement"'))
    .max(100)
    .default([]),
});

export type RetrievalSection = z.infer<typeof retrievalSectionSchema>;

export interface RetrievalWords {
  stopwords: ReadonlySet<string>;
  /** Every pack's endings in order: the ending and what replaces it. */
  endings: ReadonlyArray<{ ending: string; replacement: string }>;
}

export function retrievalWordsOf(sections: ReadonlyArray<RetrievalSection | undefined>): RetrievalWords {
  const stopwords = new Set<string>();
  const endings: Array<{ ending: string; replacement: string }> = [];
  for (const s of sections) {
    if (!s) continue;
    s.stopwords.forEach((w) => stopwords.add(w));
    for (const e of s.endings) {
      const [ending, replacement = ''] = fold(e).split('>') as [string, string?];
      endings.push({ ending, replacement });
    }
  }
  return { stopwords, endings };
}

let repository: RetrievalWords | null = null;

/** The `retrieval` sections of the repository's locale packs (English first), read once. */
export function repositoryRetrievalWords(): RetrievalWords {
  repository ??= retrievalWordsOf(repositoryPacks().map((p) => (p.doc.retrieval === undefined ? undefined : retrievalSectionSchema.parse(p.doc.retrieval))));
  return repository;
}
