import { z } from 'zod';
import { ConfigError } from '../core/errors.js';
import { fold } from './fold.js';
import { repositoryPacks } from './repository-packs.js';

/**
 * Light suffix stemming as locale-pack data: the `stemming:` section of a pack holds one profile
 * per reader (STEMMING_PROFILES), each a list of rule groups run in order. In a group the first
 * rule that fits the word (its ending, and its conditions) applies; a rule may stop the word
 * there, or drop one letter of a doubled final consonant after it (the profile's `undouble`
 * cases). No language's endings live in code: a pack without a profile leaves words whole.
 */

/**
 * Who stems: the router (examples, lexicon, messages), product search and the offline responder,
 * the similarity search, and the help-article index (after the similarity search's stemming).
 */
export const STEMMING_PROFILES = ['router', 'search', 'retrieval', 'knowledge'] as const;
export type StemmingProfileName = (typeof STEMMING_PROFILES)[number];

export type Stemmer = (word: string) => string;

const ending = z.string().trim().min(1).max(12).regex(/^\S+$/, 'one ending, no spaces').transform(fold);
const length = z.number().int().min(0).max(100);

const ruleSchema = z.strictObject({
  /** The ending the word must have ("ies"). */
  end: ending,
  /** What replaces it ("y"); nothing by default. */
  to: z.string().trim().max(12).regex(/^\S*$/, 'no spaces').transform(fold).default(''),
  /** The word (as it is when the group runs) has at least this many characters. */
  min_length: length.optional(),
  /** At least this many characters are left before the ending. */
  min_stem: length.optional(),
  /** Not when the word ends with one of these ("ss" for the plural "s"). */
  except: z.array(ending).max(50).default([]),
  /** After the replacement, drop one letter of a doubled final consonant (the profile's `undouble`). */
  undouble: z.boolean().default(false),
  /** The word is done: no later group runs. */
  stop: z.boolean().default(false),
});

const undoubleCaseSchema = z.strictObject({
  /** The consonants whose doubling is undone ("bdg..."). */
  letters: z.string().trim().min(1).max(100).transform(fold),
  /** The word (before the letter is dropped) has at least / at most this many characters. */
  min_length: length.optional(),
  max_length: length.optional(),
});

export const stemmingProfileSchema = z
  .strictObject({
    /** Shorter words are kept whole. */
    min_length: length.default(0),
    /** Only words made of these characters are stemmed (others, names and codes, are kept whole). */
    alphabet: z.string().trim().min(1).max(200).transform(fold).optional(),
    /** Words with a digit are kept whole. */
    no_digits: z.boolean().default(false),
    groups: z.array(z.array(ruleSchema).min(1).max(100)).max(20),
    /** The cases of the undouble step, the first that fits applies. */
    undouble: z.array(undoubleCaseSchema).max(10).default([]),
  })
  .superRefine((p, ctx) => {
    if (p.undouble.length > 0) return;
    p.groups.forEach((g, i) =>
      g.forEach((r, j) => {
        if (r.undouble) ctx.addIssue({ code: 'custom', path: ['groups', i, j, 'undouble'], message: 'the profile has no `undouble` cases' });
      }),
    );
  });
export type StemmingProfile = z.infer<typeof stemmingProfileSchema>;

/** A plural ending and what the singular has instead ("ies" -> "y"). */
const pluralSchema = z.strictObject({ end: ending, to: ruleSchema.shape.to });

export const stemmingSectionSchema = z.strictObject({
  ...(Object.fromEntries(STEMMING_PROFILES.map((k) => [k, stemmingProfileSchema.optional()])) as Record<StemmingProfileName, z.ZodOptional<typeof stemmingProfileSchema>>),
  /**
   * The endings a plural may have, for readers that look a word's singular up in a word list
   * (a dictionary, WordNet): every one that fits gives a candidate, in this order.
   */
  plurals: z.array(pluralSchema).max(20).optional(),
  /**
   * The Snowball stemmer of this language (an @orama/stemmers entry: `spanish`, `german`...):
   * product search reads a message detected in this language with it, beside the profiles above
   * (src/locale/language-stemmers.ts). A pack without one adds nothing.
   */
  snowball: z.string().trim().regex(/^[a-z]{2,20}$/, 'an @orama/stemmers language name such as spanish').optional(),
});
export type StemmingSection = z.infer<typeof stemmingSectionSchema>;

/** A set of characters as a table for the ASCII ones and a set for the rest (no regex per word). */
interface CharSet {
  ascii: Uint8Array;
  other: ReadonlySet<number>;
}
function charSet(chars: string): CharSet {
  const ascii = new Uint8Array(128);
  const other = new Set<number>();
  for (let i = 0; i < chars.length; i++) {
    const c = chars.charCodeAt(i);
    if (c < 128) ascii[c] = 1;
    else other.add(c);
  }
  return { ascii, other };
}
const inSet = (s: CharSet, c: number): boolean => (c < 128 ? s.ascii[c] === 1 : s.other.has(c));

interface Rule {
  end: string;
  /** The longest of min_length and the ending's length plus min_stem. */
  minLength: number;
  to: string;
  except: readonly string[];
  undouble: boolean;
  stop: boolean;
}

/** A group's rules by the last character of their ending: a word only tries the rules of its own last character, in order. */
interface Group {
  ascii: Array<Rule[] | undefined>;
  other: Map<number, Rule[]>;
}

function hasDigit(w: string): boolean {
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

/** Compiles one profile once: rules bucketed by last character, character sets as tables. */
export function compileStemmer(profile: StemmingProfile): Stemmer {
  const groups: Group[] = profile.groups.map((rules) => {
    const g: Group = { ascii: new Array<Rule[] | undefined>(128).fill(undefined), other: new Map() };
    for (const r of rules) {
      const rule: Rule = {
        end: r.end,
        minLength: Math.max(r.min_length ?? 0, r.end.length + (r.min_stem ?? 0)),
        to: r.to,
        except: r.except,
        undouble: r.undouble,
        stop: r.stop,
      };
      const last = r.end.charCodeAt(r.end.length - 1);
      let bucket = last < 128 ? g.ascii[last] : g.other.get(last);
      if (!bucket) {
        bucket = [];
        if (last < 128) g.ascii[last] = bucket;
        else g.other.set(last, bucket);
      }
      bucket.push(rule);
    }
    return g;
  });
  const cases = profile.undouble.map((u) => ({ letters: charSet(u.letters), min: u.min_length ?? 0, max: u.max_length ?? Infinity }));
  const minLength = profile.min_length;
  const alphabet = profile.alphabet === undefined ? null : charSet(profile.alphabet);
  const noDigits = profile.no_digits;

  function undouble(w: string): string {
    const n = w.length;
    const c = w.charCodeAt(n - 1);
    if (n < 2 || c !== w.charCodeAt(n - 2)) return w;
    for (let k = 0; k < cases.length; k++) {
      const u = cases[k]!;
      if (n >= u.min && n <= u.max && inSet(u.letters, c)) return w.slice(0, n - 1);
    }
    return w;
  }

  function fits(w: string, r: Rule): boolean {
    if (w.length < r.minLength || !w.endsWith(r.end)) return false;
    for (let k = 0; k < r.except.length; k++) if (w.endsWith(r.except[k]!)) return false;
    return true;
  }

  /** Whether every character of `w` is in the alphabet (the ASCII table inline: most words are ASCII). */
  function inAlphabet(w: string, a: CharSet): boolean {
    const ascii = a.ascii;
    for (let i = 0; i < w.length; i++) {
      const c = w.charCodeAt(i);
      if (c < 128 ? ascii[c] !== 1 : !a.other.has(c)) return false;
    }
    return true;
  }

  return (word) => {
    if (word.length < minLength || (alphabet !== null && !inAlphabet(word, alphabet)) || (noDigits && hasDigit(word))) return word;
    let w = word;
    for (let gi = 0; gi < groups.length; gi++) {
      const g = groups[gi]!;
      const last = w.charCodeAt(w.length - 1);
      const bucket = last < 128 ? g.ascii[last] : g.other.get(last);
      if (bucket === undefined) continue;
      for (let k = 0; k < bucket.length; k++) {
        const r = bucket[k]!;
        if (!fits(w, r)) continue;
        w = r.to === '' ? w.slice(0, w.length - r.end.length) : w.slice(0, w.length - r.end.length) + r.to;
        if (r.undouble) w = undouble(w);
        if (r.stop) return w;
        break;
      }
    }
    return w;
  };
}

const unchanged: Stemmer = (w) => w;

/**
 * One profile of every pack, the default language first: the first pack whose rules change a
 * word stems it, so a pack's rules only reach words none of the packs before it changed. With
 * no pack's profile, words pass unchanged.
 */
export function stemmerOf(profiles: ReadonlyArray<StemmingProfile | undefined>): Stemmer {
  const compiled = profiles.filter((p): p is StemmingProfile => p !== undefined).map(compileStemmer);
  if (compiled.length === 0) return unchanged;
  if (compiled.length === 1) return compiled[0]!;
  return (word) => {
    for (const s of compiled) {
      const out = s(word);
      if (out !== word) return out;
    }
    return word;
  };
}

/** A pack's `stemming` section checked; the error names the file and the field. */
export function stemmingSectionOf(section: unknown, file: string): StemmingSection | undefined {
  if (section === undefined) return undefined;
  const parsed = stemmingSectionSchema.safeParse(section);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new ConfigError(file, issue.message, ['stemming', ...issue.path.map(String)].join('.'));
}

/** The candidate singulars of a word: every plural ending it has replaced, in the packs' order (none for a word with none). */
export type SingularForms = (word: string) => string[];

/** Every pack's `plurals`, the default language first. */
export function singularFormsOf(lists: ReadonlyArray<ReadonlyArray<{ end: string; to: string }> | undefined>): SingularForms {
  const all = lists.flatMap((l) => l ?? []);
  return (word) => {
    const out: string[] = [];
    for (const p of all) if (word.endsWith(p.end)) out.push(word.slice(0, word.length - p.end.length) + p.to);
    return out;
  };
}

/**
 * The singular that takes the least off the word (the longest candidate; the packs' order on a
 * tie), or null when no plural ending fits: how a short word's plural is read ("tvs" -> "tv",
 * "dollars" -> "dollar"), by its plainest ending, never one that leaves another, shorter word
 * ("toes" is not "to", "byes" not "by").
 */
export function nearestSingular(forms: SingularForms, word: string): string | null {
  let best: string | null = null;
  for (const f of forms(word)) if (best === null || f.length > best.length) best = f;
  return best;
}

let repositorySingulars: SingularForms | null = null;

/** The repository's packs' `stemming: plurals`, read once. */
export function repositorySingularForms(): SingularForms {
  repositorySingulars ??= singularFormsOf(repositoryPacks().map((p) => stemmingSectionOf(p.doc.stemming, p.file)?.plurals));
  return repositorySingulars;
}

const repository = new Map<StemmingProfileName, Stemmer>();

/** The repository's packs' stemmer for `profile` (English first), compiled once. */
export function repositoryStemmer(profile: StemmingProfileName): Stemmer {
  let s = repository.get(profile);
  if (!s) {
    s = stemmerOf(repositoryPacks().map((p) => stemmingSectionOf(p.doc.stemming, p.file)?.[profile]));
    repository.set(profile, s);
  }
  return s;
}
