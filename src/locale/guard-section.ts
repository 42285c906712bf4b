import { z } from 'zod';
import { repositoryPacks } from './repository-packs.js';
import { phraseListSchema } from './phrase-syntax.js';
import { compilePhrases, firstMatches, type CompiledPhrases, type PhraseMatch } from './phrase-matcher.js';

/**
 * A locale pack's `guard` section: the phrases of a reply that obeyed the customer instead
 * of the store's rules (promises only tools and policies can make, a role the bot does not
 * have, hidden text revealed, talk about its own instructions), in this language, in the
 * phrase syntax of src/locale/phrase-syntax.ts. Every loaded pack's phrases are read
 * together (a reply's language is not always the customer's), all lists in one pass over the
 * reply (src/locale/phrase-matcher.ts). What the guard says about a finding (its log line) is
 * the engine's, by the list's key.
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

/** What a reply says that it should not, each the first match of its list (or null). */
export interface GuardFindings {
  /** In PROMISE_KEYS order, the promises found. */
  promises: ReadonlyArray<readonly [PromiseKey, PhraseMatch]>;
  roleChange: PhraseMatch | null;
  hiddenText: PhraseMatch | null;
  instructionsTalk: PhraseMatch | null;
}

/** The union of the packs' guard phrases, compiled once. */
export interface GuardPhrases {
  /** The reply's findings, every list in one pass (the answer guard reads them once for the injection and leak checks). */
  find(reply: string): GuardFindings;
  /** The echo words, found in a customer's message (src/guard/injection-guard.ts), or null when no pack has any. */
  echoRequest: CompiledPhrases | null;
}

export function guardPhrasesOf(sections: ReadonlyArray<GuardSection | undefined>): GuardPhrases {
  const all = (pick: (s: GuardSection) => readonly string[]) => sections.flatMap((s) => (s ? pick(s) : []));
  const promiseLists = PROMISE_KEYS.map((k) => all((s) => s.promises?.[k] ?? []));
  const phrases = compilePhrases([...promiseLists, all((s) => s.role_change), all((s) => s.hidden_text), all((s) => s.instructions_talk)]);
  const echo = all((s) => s.echo_request);
  const n = PROMISE_KEYS.length;
  return {
    find(reply) {
      const m = firstMatches(phrases, reply);
      return {
        promises: PROMISE_KEYS.flatMap((k, i) => (m[i] ? [[k, m[i]] as const] : [])),
        roleChange: m[n]!,
        hiddenText: m[n + 1]!,
        instructionsTalk: m[n + 2]!,
      };
    },
    echoRequest: echo.length ? compilePhrases([echo]) : null,
  };
}

let repository: GuardPhrases | null = null;

/** The `guard` sections of the repository's locale packs (src/locale/repository-packs.ts), read once. */
export function repositoryGuardPhrases(): GuardPhrases {
  repository ??= guardPhrasesOf(repositoryPacks().map((p) => (p.doc.guard === undefined ? undefined : guardSectionSchema.parse(p.doc.guard))));
  return repository;
}
