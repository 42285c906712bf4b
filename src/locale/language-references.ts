import { z } from 'zod';

/**
 * A locale pack's `references` section: the words a follow-up uses to point back at what the
 * conversation showed ("the second one", "the cheaper one", "it", "how long does that take?").
 * Which attribute a comparative compares is store data (prompts/offline.yaml `comparisons`),
 * keyed by the concept named here.
 */
const phrase = z.string().trim().min(1).max(60);

export const referencesSchema = z.strictObject({
  /** word -> position in the list shown (1-based; -1 is the last). */
  ordinals: z.record(phrase, z.number().int().min(-5).max(10)),
  /** Words for the item in focus ("it", "that one"). */
  pronouns: z.array(phrase).max(40),
  /** word -> which concept it compares and which end it prefers ("cheaper" -> price, lower). */
  comparatives: z.record(phrase, z.strictObject({ concept: z.string().regex(/^[a-z_]{1,30}$/), prefer: z.enum(['lower', 'higher']) })),
  /** Follow-up kinds (duration, next, refine, compare, details, yes_human...) -> phrases that ask them. */
  follow_ups: z.record(z.string().regex(/^[a-z_]{1,30}$/), z.array(phrase).max(40)),
  /** Phrases that ask one attribute of an item ("how heavy" -> weight): the concept, read through `comparisons`. */
  asks: z.record(phrase, z.string().regex(/^[a-z_]{1,30}$/)).optional(),
});

export type LanguageReferences = z.infer<typeof referencesSchema>;

export const emptyReferences: LanguageReferences = { ordinals: {}, pronouns: [], comparatives: {}, follow_ups: {} };
