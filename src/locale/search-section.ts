import { z } from 'zod';
import { repositoryPacks } from './repository-packs.js';

const phrase = z.string().trim().min(1).max(60);
const phrases = z.array(phrase).max(2000);

/**
 * The `search:` section of a locale pack: the words of a shopping request in one language.
 * Product search merges every pack's section, so a German budget ("unter 200 Euro") is read
 * whatever language the store's catalog is written in. Retail vocabulary (what the store
 * sells) never lives here: it comes from the catalog and skills/vocabulary.yaml.
 */
export const searchSectionSchema = z.strictObject({
  /** Words that say nothing about which product is wanted ("need", "please", "dad"). */
  filler: phrases.default([]),
  /**
   * For a language written without spaces (Japanese): its grammar words (particles, auxiliaries,
   * polite endings: "は", "ます", "ください"). A run of one such script in a query that is made of
   * these words only is no product word (product search reads runs as character pairs, so "ますか"
   * would be asked for as a product otherwise).
   */
  grammar: phrases.default([]),
  /** Before a number: an upper limit ("under"), a lower limit ("over"), the start of a range ("between"). */
  budget_max: phrases.default([]),
  budget_min: phrases.default([]),
  budget_range: phrases.default([]),
  /** Between the two numbers of a range ("and", "to"). */
  range_joiners: phrases.default([]),
  /** After the number: "80 dollars or less". */
  budget_max_after: phrases.default([]),
  /** A number followed by one of these is a count, a size or a time, never a price. */
  not_money_after: phrases.default([]),
  /** Multiplies the number before it by 1000 ("2k"). */
  thousands: phrases.default([]),
  /** ISO 4217 code -> words for that currency. Symbols come from Intl, never from a list. */
  currencies: z.record(z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR'), phrases).default({}),
  /** Asking for products side by side ("difference between", "compare"). */
  compare: phrases.default([]),
  /** Between the products named in a comparison ("and", "or", "vs"). */
  compare_joiners: phrases.default([]),
  /** Before a number, make it negative ("minus 10": -10); read like "-10" and "−10". */
  negative_before: phrases.default([]),
  /** After a number, make it negative ("10 below zero": -10). */
  negative_after: phrases.default([]),
  /** Product attribute names whose value is the maker's name ("brand", "marque"): the store vocabulary's brands. */
  brand_attributes: phrases.default([]),
});

export type SearchSection = z.infer<typeof searchSectionSchema>;

/** The sections' `brand_attributes` together, lower case: which product attributes name the maker. */
export function brandAttributesOf(sections: ReadonlyArray<SearchSection | undefined>): ReadonlySet<string> {
  return new Set(sections.flatMap((s) => s?.brand_attributes.map((w) => w.toLowerCase()) ?? []));
}

let brandAttributes: ReadonlySet<string> | null = null;

/**
 * The `brand_attributes` of the repository's locale packs (src/locale/repository-packs.ts),
 * lower case, read once: the catalog vocabulary is derived where no packs are passed.
 */
export function repositoryBrandAttributes(): ReadonlySet<string> {
  brandAttributes ??= brandAttributesOf(repositoryPacks().map((p) => (p.doc.search === undefined ? undefined : searchSectionSchema.parse(p.doc.search))));
  return brandAttributes;
}
