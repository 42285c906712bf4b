import { z } from 'zod';
import type { VocabularyAdditions } from '../core/vocabulary.js';
import { EMPTY_ADDITIONS } from '../core/vocabulary.js';
import { problemsFromZod, type ConfigProblem } from '../skills/config-problem.js';

/** The deployment's vocabulary file, next to the skill folders. */
export const VOCABULARY_FILE = 'vocabulary.yaml';

const word = z
  .string({ error: 'must be a word or short phrase' })
  .trim()
  .min(1, { error: 'must not be empty' })
  .max(60, { error: 'at most 60 characters' })
  .transform((s) => s.toLowerCase());
const wordList = z.array(word, { error: 'must be a list of words' }).max(20_000, { error: 'at most 20,000 entries' });

const section = z.strictObject({
  /** `word: [catalog word, ...]`: the word stands for the catalog words (search; the router when they name something sold). */
  synonyms: z
    .record(word, z.array(word, { error: 'must be a list of catalog words' }).min(1, { error: 'list at least one catalog word' }).max(20), {
      error: 'must be a map of word: [catalog word, ...]',
    })
    .optional(),
  /** Words that name something the store sells, beyond what its catalog already says. */
  product_words: wordList.optional(),
  /** Words that mean a message is not about the store (a general assistant's topics). */
  out_of_scope_words: wordList.optional(),
  /**
   * Groups of words that mean the same thing to a support router (`return: [refund, send back,
   * ...]`): a message that mentions any of them gets that concept as a feature, and which skill a
   * concept points to is learned from the skills' examples.
   */
  concepts: z
    .record(z.string().regex(/^[a-z][a-z_]{1,30}$/, { error: 'a concept is a lower-case name such as return' }), wordList, {
      error: 'must be a map of concept: [word, ...]',
    })
    .optional(),
});

export const vocabularyFileSchema = section.extend({
  /** Optional per-language additions (ISO 639 code -> the same three fields). */
  languages: z.record(z.string().regex(/^[a-z]{2,3}$/, { error: 'must be an ISO 639 code such as es' }), section).optional(),
});
export type VocabularyFile = z.infer<typeof vocabularyFileSchema>;

/** Merges the top level and every language into one set of additions (the router reads all languages). */
export function additionsFrom(file: VocabularyFile): VocabularyAdditions {
  const synonyms = new Map<string, string[]>();
  const productWords = new Set<string>();
  const outOfScope = new Set<string>();
  const concepts = new Map<string, Set<string>>();
  const sections = [file, ...Object.values(file.languages ?? {})];
  for (const s of sections) {
    for (const [w, targets] of Object.entries(s.synonyms ?? {})) {
      const list = synonyms.get(w) ?? [];
      for (const t of targets) if (!list.includes(t)) list.push(t);
      synonyms.set(w, list);
    }
    for (const w of s.product_words ?? []) productWords.add(w);
    for (const w of s.out_of_scope_words ?? []) outOfScope.add(w);
    for (const [name, words] of Object.entries(s.concepts ?? {})) {
      const set = concepts.get(name) ?? new Set<string>();
      for (const w of words) set.add(w);
      concepts.set(name, set);
    }
  }
  // A word listed both ways is a product word: the store said it sells it.
  for (const w of productWords) outOfScope.delete(w);
  return {
    synonyms,
    productWords: [...productWords],
    outOfScopeWords: [...outOfScope],
    concepts: new Map([...concepts].map(([k, v]) => [k, [...v]])),
  };
}

/**
 * Validates a parsed vocabulary file. Problems name the file and the field (`synonyms.tea[0]`,
 * `product_words[12]`); an absent file (`raw` undefined) is no additions.
 */
export function parseVocabulary(file: string, raw: unknown): { additions: VocabularyAdditions; problems: ConfigProblem[] } {
  if (raw === undefined || raw === null) return { additions: EMPTY_ADDITIONS, problems: [] };
  const parsed = vocabularyFileSchema.safeParse(raw);
  if (!parsed.success) return { additions: EMPTY_ADDITIONS, problems: problemsFromZod(file, parsed.error) };
  return { additions: additionsFrom(parsed.data), problems: [] };
}
