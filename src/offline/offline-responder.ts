import type { Commerce } from '../core/commerce.js';
import { stem as searchStem } from '../commerce/text-terms.js';
import { defaultRouterLanguage } from '../router/router-language.js';
import type { Playbook } from '../core/playbook.js';
import type { OfflineResponder, Skill, ToolRegistry } from '../core/skill.js';
import { emptyReferences, type LanguageReferences } from '../locale/language-references.js';
import type { LocalePacks } from '../locale/locale-packs.js';
import { skillTitleIn } from '../locale/skill-titles.js';
import { ownValue } from '../core/own-keys.js';
import { createOfflineTurn, type OfflineWords } from './offline-turn.js';
import { runPlaybook } from './playbook-runner.js';
import { createCues } from './intent-cues.js';
import { pointsBack, type Comparison } from './references.js';
import type { KnowledgeBase } from '../core/knowledge.js';
import { articleAnswer } from './article-answer.js';
import { fill, template, tidy } from './templates.js';
import { hasPhrase, normalized } from './phrases.js';
import { cueWords } from './cue-phrases.js';

export interface OfflineResponderOptions {
  commerce: Commerce;
  tools: ToolRegistry;
  /** Reference words (ordinals, comparatives, follow-ups) per language; none without. */
  locales?: LocalePacks;
  /** The store's help articles: a confident passage is the answer, quoted with its title and link. */
  knowledge?: KnowledgeBase;
  /** The skills loaded now (live reload replaces them): what the bot can do, for the out-of-scope answer. */
  skills?: () => Iterable<Skill>;
  /** The locale packs' words for reading text (LOCALES_DIR's: src/main.ts); the repository's packs by default. */
  words?: OfflineWords;
}

/** Longer than this, a message with an order number and an e-mail is read as asking something. */
const MAX_BARE_CHARS = 240;

/** A skill without an offline.yaml of its own: described from its manifest, with a person on offer. */
const DEFAULT_STEPS: Playbook['steps'] = [{ id: 'about', render: 'skill_about', reply: 'skill_about', offer_human: true }];

/**
 * Deterministic answers from the store data and the same tools the model uses, for when no
 * model is configured or it fails: one generic runner over each skill's playbook
 * (prompts/<id>/offline.yaml), in the customer's language.
 */
export function createOfflineResponder(opts: OfflineResponderOptions): OfflineResponder {
  const referencesFor = (language: string | null | undefined): LanguageReferences[] => {
    const refs: LanguageReferences[] = [];
    if (opts.locales) {
      for (const lang of [language ?? null, opts.locales.defaultLanguage]) {
        const r = opts.locales.get(lang).references;
        if (r && !refs.includes(r)) refs.push(r);
      }
    }
    return refs.length ? refs : [emptyReferences];
  };
  // Every pack's cue phrases together, like the router reads every pack: a short message is often too short to tell its language.
  const words: OfflineWords = opts.words ?? { stem: searchStem, stopwords: defaultRouterLanguage().stopwords, topicShift: defaultRouterLanguage().topicShift };
  const shifts = (words.topicShift ?? []).map((p) => p.join(' '));
  const cues = createCues((opts.locales?.all() ?? []).flatMap((p) => (p.cues ? [p.cues] : [])));
  // What a message that only gives its order details may say besides them: the packs' `order_details` and `polite` words and the router's stopwords.
  const detailWords = [cues.words('order_details'), cues.words('polite'), words.stopwords];
  return {
    asksNothing({ text }) {
      // A bare verification is short; a long message is a request whatever its words.
      if (text.length > MAX_BARE_CHARS) return false;
      return cueWords(text).every((w) => /\p{N}/u.test(w) || detailWords.some((set) => set.has(w)));
    },
    pointsBack({ text, dialogue, language }) {
      // "actually, where's my last order?" after a list: a new topic, whatever "last" would pick.
      if (shifts.length && shifts.some((p) => hasPhrase(normalized(text), p))) return false;
      return pointsBack(text, dialogue, referencesFor(language));
    },
    async respond({ skill, text, history, conversationId, context, dialogue, language }) {
      // Help articles first (issue 16.3): one call, before any playbook.
      // A request for a person is never answered with an article.
      const noCover = (what: string, title: string) => {
        const t = template(playbookOf(skill), 'article_not_covered', language ?? null);
        const info = opts.commerce.storeInfo();
        return tidy(fill(t ?? '', { what, title, hours: info.supportHours, email: info.supportEmail, phone: info.supportPhone }));
      };
      const article =
        opts.knowledge && !cues.has('human', text) ? await articleAnswer({ knowledge: opts.knowledge, commerce: opts.commerce, skill: skill.manifest.id, text, noCover, stem: words.stem }) : null;
      if (article) return { text: article.text, tools: [], attachments: article.sources.length ? { sources: article.sources } : { offerHuman: true } };
      const playbook = playbookOf(skill);
      const turn = createOfflineTurn({
        skill,
        commerce: opts.commerce,
        tools: opts.tools,
        text,
        history,
        conversationId,
        context,
        ...(dialogue ? { dialogue } : {}),
        language: language ?? null,
        references: referencesFor(language),
        comparisons: comparisonsOf(skill),
        playbook,
        cues,
        words,
        skills: () => [...(opts.skills?.() ?? [])],
        ...(language && opts.locales ? { skillTitle: titleOf(opts.locales, language) } : {}),
      });
      return runPlaybook(turn);
    },
  };
}

/** Skill titles in `language`: only from its own pack (another language's pack never answers for it). */
function titleOf(locales: LocalePacks, language: string): (m: Skill['manifest']) => string | undefined {
  const pack = locales.get(language);
  return (m) => (pack.language === language ? skillTitleIn(m, pack) : m.titles ? ownValue(m.titles, language) : undefined);
}

function playbookOf(skill: Skill): Playbook {
  const p = skill.playbook;
  if (p && p.steps.length > 0) return p;
  return { slots: p?.slots ?? {}, steps: DEFAULT_STEPS, replies: p?.replies ?? { en: { skill_about: '{body}', fallback: '{body}' } } };
}

function comparisonsOf(skill: Skill): ReadonlyMap<string, Comparison> {
  return new Map(Object.entries(skill.playbook?.comparisons ?? {}));
}
