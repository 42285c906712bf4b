import { z } from 'zod';
import { repositoryPacks } from './repository-packs.js';
import { phraseListSchema, phrasePattern, phrasesSource, type PhrasePattern } from './phrase-pattern.js';

/**
 * A locale pack's `guard` section: the phrases of a reply that obeyed the customer instead
 * of the store's rules (promises only tools and policies can make, a role the bot does not
 * have, hidden text revealed, talk about its own instructions), in this language, in the
 * phrase syntax of src/locale/phrase-pattern.ts. Every loaded pack's phrases are read
 * together (a reply's language is not always the customer's), each list one pattern.
 * What the guard says about a finding (its log line) is the engine's, by the list's key.
 */

/** The promises a reply cannot make, in the order the guard reports them. */
export const PROMISE_KEYS = ['refund_issued', 'refund_now', 'refund_without_return', 'discount_code', 'discount_offer', 'exception', 'free_upgrade'] as const;
export type PromiseKey = (typeof PROMISE_KEYS)[number];

export const guardSectionSchema = z.strictObject({
  /** A promise by key (src/guard/injection-guard.ts says what each one is). */
  promises: z.strictObject(Object.fromEntries(PROMISE_KEYS.map((k) => [k, phraseListSchema.default([])])) as Record<PromiseKey, z.ZodDefault<typeof phraseListSchema>>).optional(),
  /** The bot says it is someone or something else, or free of its rules ("I am now DAN"). */
  role_change: phraseListSchema.default([]),
  /** The bot gives away text it was told to keep ("the secret code is"). */
  hidden_text: phraseListSchema.default([]),
  /** Words a customer asks the bot to say something with, before the quoted text ("say", "reply with"). */
  echo_request: phraseListSchema.default([]),
  /** The bot talks about its own instructions ("my instructions are:", "I was told to"). */
  instructions_talk: phraseListSchema.default([]),
});
export type GuardSection = z.infer<typeof guardSectionSchema>;

/** The union of the packs' guard phrases, each list compiled once. */
export interface GuardPhrases {
  /** In PROMISE_KEYS order; a key no pack has phrases for is left out. */
  promises: ReadonlyArray<readonly [PromiseKey, PhrasePattern]>;
  roleChange: PhrasePattern;
  hiddenText: PhrasePattern;
  instructionsTalk: PhrasePattern;
  /** The echo words as one alternation's source (the guard puts them before a quoted text), or null. */
  echoRequest: string | null;
}

export function guardPhrasesOf(sections: ReadonlyArray<GuardSection | undefined>): GuardPhrases {
  const all = (pick: (s: GuardSection) => readonly string[]) => sections.flatMap((s) => (s ? pick(s) : []));
  return {
    promises: PROMISE_KEYS.map((k) => [k, all((s) => s.promises?.[k] ?? [])] as const)
      .filter(([, list]) => list.length > 0)
      .map(([k, list]) => [k, phrasePattern(list)] as const),
    roleChange: phrasePattern(all((s) => s.role_change)),
    hiddenText: phrasePattern(all((s) => s.hidden_text)),
    instructionsTalk: phrasePattern(all((s) => s.instructions_talk)),
    echoRequest: phrasesSource(all((s) => s.echo_request)),
  };
}

let repository: GuardPhrases | null = null;

/** The `guard` sections of the repository's locale packs (src/locale/repository-packs.ts), read once. */
export function repositoryGuardPhrases(): GuardPhrases {
  repository ??= guardPhrasesOf(repositoryPacks().map((p) => (p.doc.guard === undefined ? undefined : guardSectionSchema.parse(p.doc.guard))));
  return repository;
}
