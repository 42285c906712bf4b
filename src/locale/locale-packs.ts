import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../core/errors.js';
import { createLanguageDetector, type LanguageDetector } from './language-detect.js';
import { referencesSchema } from './language-references.js';
import { retrievalSectionSchema, retrievalWordsOf, type RetrievalSection, type RetrievalWords } from './retrieval-section.js';
import { brandAttributesOf, searchSectionSchema } from './search-section.js';
import { singularFormsOf, stemmerOf, stemmingSectionSchema, type SingularForms, type Stemmer, type StemmingProfileName, type StemmingSection } from './stemmer.js';
import { cueSectionSchema } from './cue-section.js';
import { refusalSectionSchema } from './refusal-text.js';
import { factSectionSchema, factWordsOf, type FactWords, type PackFacts } from './fact-words.js';
import { injectionSectionSchema } from './injection-section.js';
import { readPackYaml } from './pack-yaml.js';
import { guardPhrasesOf, guardSectionSchema, type GuardPhrases, type GuardSection } from './guard-section.js';

/** Keys every pack's `replies` must have: the engine's own messages (verification, confirmations). */
export const REPLY_KEYS = [
  'verify_ask',
  'verify_ask_any',
  'verify_failed',
  'verify_locked',
  'verified',
  // A verification with nothing asked, when no skill answers a bare order ({order}): confirmed, and what do they need.
  'verified_ask',
  'proposal_declined',
  'proposal_expired',
  'executed_start_return',
  'executed_open_warranty_claim',
  'executed_cancel_order',
  'action_refused',
  'action_failed',
  'commerce_unavailable',
  'next_steps',
  // The last next step after a return when the store's own steps do not say how the refund goes ({method}, {days}).
  'refund_step',
  // A hand-off that tells the truth ({hours}, {email}, {phone} from the store data), and agents joining or leaving ({name}).
  'handoff_online',
  'handoff_offline',
  'handoff_no_agents',
  'agent_joined',
  'agent_joined_anonymous',
  'agent_left',
  'agent_left_anonymous',
  // The router hesitated: between two skills ({first}, {second}: their titles), or with nothing to go on ({topics}).
  'clarify_between',
  'clarify_general',
] as const;
export type ReplyKey = (typeof REPLY_KEYS)[number];

/**
 * The codes of the HTTP errors the web chat widget shows a shopper (`{ error: { code, message,
 * details? } }`); each has a `ui` text `error_<code>` in every pack, filled from the details
 * (`retry_after_seconds`, `max`). The `message` stays English, for developers and logs.
 */
export const CUSTOMER_ERROR_CODES = [
  'rate_limited',
  'text_too_long',
  'empty_text',
  'conversation_busy',
  'conversation_erased',
  'conversation_not_found',
  'token_expired',
  'store_unavailable',
] as const;

/**
 * Keys every pack's `ui` must have: the channels' own words (the web chat widget's buttons,
 * labels and notices; the agent label on Teams and Slack), with {name} / {status} placeholders.
 */
export const UI_KEYS = [
  'launcher',
  'title',
  'close',
  'conversation_label',
  'input_label',
  'placeholder',
  'send',
  'greeting',
  'talk_to_person',
  'talk_to_person_message',
  'chatting_with',
  'chatting_with_team',
  'agent_label',
  'agent_label_anonymous',
  'passed_to_team',
  'rating_label',
  'rating_question',
  'rating_yes',
  'rating_yes_label',
  'rating_no',
  'rating_no_label',
  'rating_thanks',
  'rating_failed',
  'proposal_label',
  'proposal_yes',
  'proposal_no',
  'proposal_closed',
  'products_label',
  'request_failed',
  'error_generic',
  // The server's errors a shopper can meet, by their stable code (`error_<code>`; placeholders from the error's details).
  ...CUSTOMER_ERROR_CODES.map((code) => `error_${code}` as const),
] as const;
export type UiKey = (typeof UI_KEYS)[number];
export type UiText = Readonly<Record<UiKey, string>>;

const phrase = z.string().trim().min(1).max(60);
const packSchema = z.strictObject({
  language: z.string().regex(/^[a-z]{2,3}$/, 'must be an ISO 639 code such as en'),
  name: z.string().trim().min(1),
  /**
   * How the bot addresses the customer in this language (formal or informal), said to the model
   * in English, so its answers match the templates' register ("Address the customer as Sie").
   */
  address: z.string().trim().min(1).max(300).optional(),
  /** Words of a shopping request (product search): filler, budget phrases, currency words. */
  search: searchSectionSchema.optional(),
  confirm: z.array(phrase).min(1),
  /**
   * Words that may go with a confirmation and add no condition of their own ("please", "thanks",
   * "start it"). A reply is a yes only when every word is a confirm phrase or one of these; any
   * other word ("ok I'll think about it") makes it a new message, and the proposal lapses.
   */
  confirm_also: z.array(phrase).default([]),
  /**
   * Words that name doing the proposed action ("start", "open"). A first clause made only of yes
   * words that names the action is a yes whatever reason follows it ("yes, start the return, it
   * is too loud"); without one, every word must be a yes word.
   */
  confirm_action: z.array(phrase).default([]),
  /** Words that make a clause after such a yes a condition or a delay ("only if", "once"): then it is not a yes. */
  confirm_condition: z.array(phrase).default([]),
  /**
   * Symbols (emoji) that may go with a yes ("yes 👍"). Any other symbol in the reply says something
   * the words do not ("yes 👎", "ok 🤔", "sure ❌"): then it is not a plain yes.
   */
  confirm_symbols: z.array(phrase).default([]),
  /**
   * Words that name one kind of proposal's action by its own verb, by proposal kind
   * ("cancel_order": "cancel it"). To a proposal of that kind they are action words
   * (`confirm_action`) and not a decline ("yes, cancel it" cancels the order); to any other
   * proposal they stay what `decline` makes them.
   */
  confirm_for: z.partialRecord(z.enum(['start_return', 'open_warranty_claim', 'cancel_order']), z.array(phrase)).default({}),
  decline: z.array(phrase).min(1),
  replies: z.strictObject(Object.fromEntries(REPLY_KEYS.map((k) => [k, z.string().trim().min(1)])) as Record<ReplyKey, z.ZodString>),
  /** The channels' own words (widget buttons and labels, agent labels), src/locale/locale-packs.ts UI_KEYS. */
  ui: z.strictObject(Object.fromEntries(UI_KEYS.map((k) => [k, z.string().trim().min(1).max(200)])) as Record<UiKey, z.ZodString>),
  /** Why a confirmed action was refused, by reason code (src/locale/refusal-text.ts). */
  refusals: refusalSectionSchema,
  /**
   * The skills' titles in this language by skill id, as they read mid-sentence ("{topics}" of
   * `clarify_general`): a skill's own manifest `titles` come first, its English title last.
   */
  skill_titles: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/).max(64), z.string().trim().min(1).max(120)).optional(),
  references: referencesSchema.optional(),
  /** Phrases that show what the customer asks for (offline intents), src/locale/cue-section.ts. */
  cues: cueSectionSchema.optional(),
  /** Words the answer guard reads dates and durations with, and words that never name a product or category (src/locale/fact-words.ts). */
  facts: factSectionSchema.optional(),
  /** Phrases of a reply that obeyed the customer instead of the store's rules (src/locale/guard-section.ts). */
  guard: guardSectionSchema.optional(),
  /** Words the similarity search drops (src/locale/retrieval-section.ts). */
  retrieval: retrievalSectionSchema.optional(),
  /** Word endings the router, product search and the similarity search strip (src/locale/stemmer.ts). */
  stemming: stemmingSectionSchema.optional(),
  /** Language resources for text analysis; the router validates and reads them (src/router/router-language.ts). */
  text: z.unknown().optional(),
  /** Words of the routing instructions the router removes from a message (src/locale/injection-section.ts). */
  injection: injectionSectionSchema.optional(),
});
/**
 * A pack with language resources only (no engine replies yet): the router reads its `text`, the
 * guard and retrieval its `facts` (a reply in that language may still be checked), the engine nothing.
 */
const textOnlySchema = z.strictObject({
  language: packSchema.shape.language,
  name: packSchema.shape.name,
  facts: factSectionSchema.optional(),
  guard: guardSectionSchema.optional(),
  retrieval: retrievalSectionSchema.optional(),
  stemming: stemmingSectionSchema.optional(),
  text: z.unknown(),
  injection: injectionSectionSchema.optional(),
});

const textOnlyKeys = new Set(Object.keys(textOnlySchema.shape));
const mayBeTextOnly = (js: unknown): boolean =>
  js === null || typeof js !== 'object' || Array.isArray(js) || Object.keys(js).every((k) => textOnlyKeys.has(k));

export type LocalePack = z.infer<typeof packSchema>;

export interface LocalePacks {
  /** The pack for `language`, or the default pack. */
  get(language: string | null | undefined): LocalePack;
  all(): readonly LocalePack[];
  readonly defaultLanguage: string;
  /** The language of a customer message among the packs' languages, or null when it cannot be told. */
  detect: LanguageDetector;
  /** The `facts` sections of every pack, text-only ones too, the default language first. */
  readonly factSections: readonly PackFacts[];
  /** The `guard` sections of every pack, text-only ones too, the default language first. */
  readonly guardSections: ReadonlyArray<GuardSection | undefined>;
  /** The `stemming` sections of every pack, text-only ones too: the default language first, then by file name. */
  readonly stemmingSections: ReadonlyArray<StemmingSection | undefined>;
  /** The `retrieval` sections of every pack, in the same order. */
  readonly retrievalSections: ReadonlyArray<RetrievalSection | undefined>;
  /** Language -> the Snowball stemmer its pack names (`stemming: snowball`), for the packs that name one. */
  readonly snowball: ReadonlyMap<string, string>;
  /** Every pack file's language, full and text-only packs alike (store.yaml `language` names one). */
  readonly languages: ReadonlySet<string>;
}

/**
 * Language resources, one YAML file per language under one folder (locales/): words that
 * confirm or decline a proposal and the engine's own replies. Retail vocabulary never lives here.
 */
export async function loadLocalePacks(dir: string, defaultLanguage = 'en'): Promise<LocalePacks> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.yaml')).sort();
  const packs = new Map<string, LocalePack>();
  const textOnly: Array<Pick<LocalePack, 'language' | 'facts' | 'guard'>> = [];
  // Every pack in file order: the stemmers' order (the first pack whose rules change a word stems it).
  const byFile: Array<Pick<LocalePack, 'language' | 'stemming' | 'retrieval'>> = [];
  for (const f of files) {
    const file = path.join(dir, f);
    const doc = await readPackYaml(file);
    if (!doc.ok) throw new ConfigError(file, `invalid YAML: ${doc.error.message.split('\n')[0]}`);
    const js = doc.value;
    // A key outside the text-only shape fails the strict schema anyway: skip validating it twice.
    const lean = mayBeTextOnly(js) ? textOnlySchema.safeParse(js) : null;
    if (lean?.success) {
      textOnly.push(lean.data);
      byFile.push(lean.data);
      continue;
    }
    const parsed = packSchema.safeParse(js);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new ConfigError(file, issue.message, issue.path.map(String).join('.') || undefined);
    }
    if (`${parsed.data.language}.yaml` !== f) throw new ConfigError(file, `language "${parsed.data.language}" does not match the file name`, 'language');
    packs.set(parsed.data.language, parsed.data);
    byFile.push(parsed.data);
  }
  const fallback = packs.get(defaultLanguage);
  if (!fallback) throw new ConfigError(dir, `no ${defaultLanguage}.yaml locale pack (the default language)`);
  const ordered = [fallback, ...[...packs.values()].filter((p) => p !== fallback), ...textOnly];
  const inFileOrder = [fallback, ...byFile.filter((p) => p !== fallback)];
  return {
    defaultLanguage,
    detect: createLanguageDetector([...packs.keys()], new Map([...packs].map(([language, p]) => [language, [p.name, ...p.confirm, ...p.decline, p.ui.greeting].join(' ')]))),
    get: (language) => (language ? packs.get(language) : undefined) ?? fallback,
    // The default language first: where two packs share a word ("no", "ok"), it wins.
    all: () => [fallback, ...[...packs.values()].filter((p) => p !== fallback)],
    factSections: ordered.map((p) => ({ language: p.language, facts: p.facts })),
    guardSections: ordered.map((p) => p.guard),
    stemmingSections: inFileOrder.map((p) => p.stemming),
    retrievalSections: inFileOrder.map((p) => p.retrieval),
    snowball: new Map(inFileOrder.flatMap((p) => (p.stemming?.snowball ? [[p.language, p.stemming.snowball] as const] : []))),
    languages: new Set(inFileOrder.map((p) => p.language)),
  };
}

/** The packs' `search: brand_attributes`, lower case: which product attributes name the maker (the store vocabulary's brands). */
/**
 * The language of a turn that has none of its own (no detected language, none in the
 * conversation): the store's own (store.yaml `language`) when it is not the packs' default; null
 * keeps such a turn unset, as a store in the default language always did. One rule for the engine's
 * replies and the widget's words.
 */
export function storeFallbackLanguage(own: string | undefined, packs: Pick<LocalePacks, 'defaultLanguage'>): string | null {
  return own && own !== packs.defaultLanguage ? own : null;
}

export function packBrandAttributes(packs: Pick<LocalePacks, 'all'>): ReadonlySet<string> {
  return brandAttributesOf(packs.all().map((p) => p.search));
}

/** The packs' stemmer for one reader (src/locale/stemmer.ts STEMMING_PROFILES), the default language first. */
export function packStemmer(packs: Pick<LocalePacks, 'stemmingSections'>, profile: StemmingProfileName): Stemmer {
  return stemmerOf(packs.stemmingSections.map((s) => s?.[profile]));
}

/** The packs' `stemming: plurals` together: a word's candidate singulars. */
export function packSingularForms(packs: Pick<LocalePacks, 'stemmingSections'>): SingularForms {
  return singularFormsOf(packs.stemmingSections.map((s) => s?.plurals));
}

/** What the similarity search drops and strips (src/locale/retrieval-section.ts): the packs' `retrieval` sections and `stemming: retrieval` rules. */
export function packRetrievalWords(packs: Pick<LocalePacks, 'stemmingSections' | 'retrievalSections'>): RetrievalWords {
  return retrievalWordsOf(packs.retrievalSections, packStemmer(packs, 'retrieval'));
}

/** The guard phrases of every pack together (src/locale/guard-section.ts). */
export function packGuardPhrases(packs: Pick<LocalePacks, 'guardSections'>): GuardPhrases {
  return guardPhrasesOf(packs.guardSections);
}

/** The fact words of every pack together, the default language first (src/locale/fact-words.ts). */
export function packFactWords(packs: Pick<LocalePacks, 'factSections' | 'stemmingSections'>): FactWords {
  return factWordsOf(packs.factSections, packSingularForms(packs));
}

export { fillTemplate } from './template-fill.js';
