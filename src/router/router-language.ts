import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ConfigError } from '../core/errors.js';
import { readPackYamlSync } from '../locale/pack-yaml.js';
import { injectionSectionSchema, injectionWordsOf, type InjectionSection, type InjectionWords } from '../locale/injection-section.js';
import type { LanguageStemmers } from '../locale/language-stemmers.js';
import { singularFormsOf, stemmerOf, stemmingSectionOf, type SingularForms, type StemmingSection, type Stemmer } from '../locale/stemmer.js';

/**
 * Language resources for text analysis, read from the `text` section of every locale pack
 * (locales/<lang>.yaml) and merged: customers write in any of them, and the router reads a
 * message in all at once. None of this is retail vocabulary (that comes from the store's
 * catalog and skills/vocabulary.yaml).
 */

const word = z.string().trim().min(1).max(60).transform((s) => s.toLowerCase());
const list = z.array(word).max(5_000);
const wordMap = z.record(z.string().min(1).max(40), z.string().max(60));

export const textSectionSchema = z.strictObject({
  function_words: list.optional(),
  stopwords: list.optional(),
  markers: list.optional(),
  common_words: list.optional(),
  negation: list.optional(),
  negation_scope_breakers: list.optional(),
  past_narrative: list.optional(),
  clause_openers: list.optional(),
  request_starters: list.optional(),
  request_leads: list.optional(),
  request_phrases: list.optional(),
  split_words: list.optional(),
  want_cues: list.optional(),
  first_person: list.optional(),
  second_person: list.optional(),
  greetings: list.optional(),
  times_of_day: list.optional(),
  address_words: list.optional(),
  fault_leads: list.optional(),
  no_longer_want: list.optional(),
  no_longer_frames: z.array(z.string().regex(/^(\* [a-z]+ [a-z]+|[a-z]+ \* [a-z]+|[a-z]+ [a-z]+ \*)$/, 'three words, one of them *')).max(20).optional(),
  topic_shift: list.optional(),
  answer_words: list.optional(),
  anaphora: list.optional(),
  contractions: wordMap.optional(),
  contraction_suffixes: wordMap.optional(),
  shorthand: wordMap.optional(),
  units: list.optional(),
  currency_words: list.optional(),
  currency_symbols: z.array(z.string().min(1).max(3)).max(50).optional(),
});
export type TextSection = z.infer<typeof textSectionSchema>;

/** The merged resources of every language. */
export interface RouterLanguage {
  readonly defaultLanguage: string;
  functionWords: ReadonlySet<string>;
  /** Function words plus the other very common words (never a route's evidence alone). */
  stopwords: ReadonlySet<string>;
  /** Words that mark a message as written in the default language, and in any other. */
  defaultMarkers: ReadonlySet<string>;
  otherMarkers: ReadonlySet<string>;
  /** Common words of the other languages: never spelling-corrected towards the default one. */
  commonWords: readonly string[];
  negation: readonly string[];
  scopeBreakers: readonly string[];
  pastNarrative: readonly string[];
  clauseOpeners: ReadonlySet<string>;
  requestStarters: ReadonlySet<string>;
  requestLeads: ReadonlySet<string>;
  requestPhrases: ReadonlySet<string>;
  splitWords: ReadonlySet<string>;
  wantCues: ReadonlySet<string>;
  firstPerson: ReadonlySet<string>;
  secondPerson: ReadonlySet<string>;
  greetings: ReadonlySet<string>;
  timesOfDay: ReadonlySet<string>;
  addressWords: ReadonlySet<string>;
  faultLeads: ReadonlySet<string>;
  noLongerWant: ReadonlySet<string>;
  /** "ne * plus": three-word frames, `*` at `wild` (0-2), the two other words fixed. */
  noLongerFrames: ReadonlyArray<{ words: readonly [string, string, string]; wild: number }>;
  topicShift: ReadonlyArray<readonly string[]>;
  answerWords: ReadonlySet<string>;
  anaphora: ReadonlySet<string>;
  contractions: ReadonlyMap<string, string>;
  contractionSuffixes: ReadonlyArray<readonly [string, string]>;
  shorthand: ReadonlyMap<string, string>;
  units: readonly string[];
  currencyWords: readonly string[];
  currencySymbols: readonly string[];
  /** The words of the routing instructions the router removes (src/router/injection.ts). */
  injection: InjectionWords;
  /** The packs' `stemming: router` rules (src/locale/stemmer.ts), the default language first. */
  stem: Stemmer;
  /** The packs' `stemming: plurals`: a word's candidate singulars, for word-list look-ups. */
  singulars: SingularForms;
  /**
   * The packs' Snowball stemmers by language (`stemming: snowball`, loaded by
   * src/locale/app-language.ts): a message in one of them reads another form of a synonym key as
   * the key (src/router/language-keys.ts). Absent: none.
   */
  languageStems?: LanguageStemmers;
}

interface NamedSection {
  language: string;
  text: TextSection;
  injection?: InjectionSection;
}

/**
 * Merges the packs' sections; `sections[0]`'s language is the default. `stemming`: every pack's
 * `stemming` section in the same order (packs without `text` too).
 */
export function routerLanguageFrom(sections: readonly NamedSection[], defaultLanguage = 'en', stemming: ReadonlyArray<StemmingSection | undefined> = []): RouterLanguage {
  const all = <K extends keyof TextSection>(k: K, only?: (s: NamedSection) => boolean) => {
    const out: string[] = [];
    for (const s of sections) if (!only || only(s)) for (const w of (s.text[k] as string[] | undefined) ?? []) if (!out.includes(w)) out.push(w);
    return out;
  };
  const map = (k: 'contractions' | 'contraction_suffixes' | 'shorthand') => {
    const m = new Map<string, string>();
    for (const s of sections) for (const [from, to] of Object.entries(s.text[k] ?? {})) if (!m.has(from.toLowerCase())) m.set(from.toLowerCase(), to.toLowerCase());
    return m;
  };
  const isDefault = (s: NamedSection) => s.language === defaultLanguage;
  const functionWords = new Set(all('function_words'));
  const defaultMarkers = new Set(all('markers', isDefault));
  const otherMarkers = new Set([...all('markers', (s) => !isDefault(s)), ...all('common_words', (s) => !isDefault(s))]);
  for (const w of defaultMarkers) otherMarkers.delete(w);
  const frames: Array<{ words: [string, string, string]; wild: number }> = [];
  for (const s of sections) {
    for (const f of s.text.no_longer_frames ?? []) {
      const words = f.split(' ') as [string, string, string];
      frames.push({ words, wild: words.indexOf('*') });
    }
  }
  return {
    defaultLanguage,
    functionWords,
    stopwords: new Set([...functionWords, ...all('stopwords')]),
    defaultMarkers,
    otherMarkers,
    commonWords: all('common_words'),
    negation: all('negation'),
    scopeBreakers: all('negation_scope_breakers'),
    pastNarrative: all('past_narrative'),
    clauseOpeners: new Set(all('clause_openers')),
    requestStarters: new Set(all('request_starters')),
    requestLeads: new Set(all('request_leads')),
    requestPhrases: new Set(all('request_phrases')),
    splitWords: new Set(all('split_words')),
    wantCues: new Set(all('want_cues')),
    firstPerson: new Set(all('first_person')),
    secondPerson: new Set(all('second_person')),
    greetings: new Set(all('greetings')),
    timesOfDay: new Set(all('times_of_day')),
    addressWords: new Set(all('address_words')),
    faultLeads: new Set(all('fault_leads')),
    noLongerWant: new Set(all('no_longer_want')),
    noLongerFrames: frames,
    topicShift: all('topic_shift').map((p) => p.split(/\s+/)),
    answerWords: new Set(all('answer_words')),
    anaphora: new Set(all('anaphora')),
    contractions: map('contractions'),
    contractionSuffixes: [...map('contraction_suffixes')],
    shorthand: map('shorthand'),
    units: all('units'),
    currencyWords: all('currency_words'),
    currencySymbols: all('currency_symbols'),
    injection: injectionWordsOf(sections.map((s) => s.injection)),
    stem: stemmerOf(stemming.map((s) => s?.router)),
    singulars: singularFormsOf(stemming.map((s) => s?.plurals)),
  };
}

/**
 * Reads the `text` sections of every locales/<lang>.yaml (synchronously: once at start-up).
 * Errors name the file and the field.
 */
export function loadRouterLanguage(dir: string, defaultLanguage = 'en'): RouterLanguage {
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
  const sections: NamedSection[] = [];
  const stemming: Array<{ language: string; section: StemmingSection | undefined }> = [];
  for (const f of files) {
    const file = path.join(dir, f);
    const doc = readPackYamlSync(file);
    if (!doc.ok) throw new ConfigError(file, `invalid YAML: ${doc.error.message.split('\n')[0]}`);
    const js = doc.value as { text?: unknown; injection?: unknown; stemming?: unknown } | null;
    if (js) stemming.push({ language: path.basename(f, '.yaml'), section: stemmingSectionOf(js.stemming, file) });
    if (!js || (js.text === undefined && js.injection === undefined)) continue;
    const parsed = textSectionSchema.safeParse(js.text ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new ConfigError(file, issue.message, ['text', ...issue.path.map(String)].join('.'));
    }
    const injection = js.injection === undefined ? undefined : injectionSectionSchema.safeParse(js.injection);
    if (injection && !injection.success) {
      const issue = injection.error.issues[0]!;
      throw new ConfigError(file, issue.message, ['injection', ...issue.path.map(String)].join('.'));
    }
    sections.push({ language: path.basename(f, '.yaml'), text: parsed.data, injection: injection?.data });
  }
  const defaultFirst = (a: { language: string }, b: { language: string }) => (a.language === defaultLanguage ? -1 : b.language === defaultLanguage ? 1 : 0);
  sections.sort(defaultFirst);
  stemming.sort(defaultFirst);
  return routerLanguageFrom(
    sections,
    defaultLanguage,
    stemming.map((s) => s.section),
  );
}

/** The repository's locales/ folder (tests, CLIs); the app passes LOCALES_DIR's. */
export const DEFAULT_LOCALES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../locales');

let cached: RouterLanguage | null = null;
export function defaultRouterLanguage(): RouterLanguage {
  cached ??= loadRouterLanguage(DEFAULT_LOCALES_DIR);
  return cached;
}
