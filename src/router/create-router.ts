import type { Logger } from '../core/logger.js';
import { TEXT_BUDGET, wordWindow } from '../core/text-budget.js';
import { silentLogger } from '../core/logger.js';
import type { ModelClient } from '../core/model.js';
import type { RouteContext, RouteDecision, Router } from '../core/route.js';
import type { RouterPrompt, SkillSet } from '../core/skill.js';
import {
  trainLocalClassifier,
  type LocalClassification,
  type LocalClassifier,
  type LocalClassifierOptions,
  type SkillExamples,
} from './local-classifier.js';
import { couldContinue, pointingWord, REFERENT_CONCEPTS, type FollowUpWords } from './follow-up.js';
import { conceptLexicon, type ConceptLexicon } from './concept-lexicon.js';
import { languageKeyReader, type LanguageKeyReader } from './language-keys.js';
import { defaultRouterLanguage, type RouterLanguage } from './router-language.js';
import type { DomainVocabulary } from '../core/vocabulary.js';
import { skuPattern } from '../vocabulary/store-vocabulary.js';
import { goodsNouns } from '../vocabulary/wordnet-goods.js';
import { createModelRouter, type ModelRouter } from './model-router.js';
import { decideBeforeModel, decideWithoutModel, defaultPolicyOptions, type PolicyOptions } from './policy.js';
import { defaultRouterPrompt, examplesOf } from './router-prompt.js';

/** Either a loaded skill set (live reload passes the new one) or bare examples (eval, tests). */
export type RouterSkills = SkillSet | readonly SkillExamples[];

export interface CreateRouterOptions {
  skills: RouterSkills;
  /** The shared model; null or absent means local routing and policy only. */
  model?: ModelClient | null;
  /** ROUTER_THRESHOLD: below this local confidence the model (if any) is asked. */
  threshold: number;
  logger?: Logger;
  /** Router prompt to use with bare examples; a SkillSet brings its own. */
  routerPrompt?: RouterPrompt;
  classifier?: LocalClassifierOptions;
  /**
   * The store's vocabulary (catalog + skills/vocabulary.yaml) for bare examples; a SkillSet
   * brings its own, and a reload brings the new one.
   */
  vocabulary?: DomainVocabulary;
  /** Language resources (LOCALES_DIR's packs); default: the repository's locales/. */
  language?: RouterLanguage;
  /** WordNet's goods nouns as a product signal (default on; false measures without). */
  wordnet?: boolean;
  policy?: Partial<Omit<PolicyOptions, 'threshold'>>;
}

export interface SwitchboardRouter extends Router {
  /**
   * The local classifier alone, without policy or model (the eval's coverage and calibration);
   * `language` as RouteContext's.
   */
  classify(text: string, language?: string | null): LocalClassification;
  /**
   * Whether `route` would ask the model router (when one is configured) for this message:
   * neither a confident local route nor a follow-up the policy keeps with the active skill.
   * The eval reports the share, which is the model calls per message routing adds.
   */
  needsModel(text: string, ctx: RouteContext): boolean;
  /**
   * Retrains from a new skill set (live reload). Returns false, logs, and keeps routing with
   * the previous model when the new examples cannot be trained on (e.g. fewer than two skills).
   */
  retrain(skills: RouterSkills): boolean;
  readonly threshold: number;
  info(): { skills: readonly string[]; examples: number; trainingMs: number; version: string | null; model: boolean };
}

/** The synonym keys the lexicon reads as objects (phrases too: read word by word), and every word it reads. */
function objectKeys(vocabulary: DomainVocabulary, concepts: ConceptLexicon): { keys: string[]; known: Set<string> } {
  const known = new Set<string>();
  for (const words of concepts.values()) for (const w of words) if (!w.includes(' ')) known.add(w);
  const objects = new Set([...(concepts.get('PRODUCT') ?? []), ...(concepts.get('ITEM') ?? [])]);
  return { keys: [...vocabulary.additions.synonyms.keys()].filter((k) => objects.has(k)), known };
}

function isSkillSet(s: RouterSkills): s is SkillSet {
  return !Array.isArray(s) && typeof (s as SkillSet).skills === 'object';
}

interface Trained {
  classifier: LocalClassifier;
  /** The message in its language (synonym keys' other forms read as the keys). */
  read: LanguageKeyReader;
  modelRouter: ModelRouter | null;
  version: string | null;
}

/**
 * The message read together with the customer's previous one, only when it could be a
 * continuation (an established skill that the message alone does not pick): a second
 * classification costs about 0.1 ms and most turns skip it.
 */
function withPrevious(classifier: LocalClassifier, text: string, ctx: RouteContext, c: LocalClassification, lang: FollowUpWords): LocalClassification | null {
  const previous = ctx.previousTurn?.customer;
  if (!previous || !ctx.activeSkill || c.skill === ctx.activeSkill || (ctx.unclearStreak ?? 0) > 0) return null;
  if (!couldContinue(c, lang)) return null;
  return classifier.classify(`${previousWindow(previous)}\n${text}`);
}

/** The previous message gets a third of the routing budget, so the new one is still read. */
const previousWindow = (previous: string): string => wordWindow(previous, TEXT_BUDGET.routingWords / 3, TEXT_BUDGET.analysisChars / 3);

/**
 * A short message that points back and names nothing of its own ("how much is it?", "is it
 * washable?") read with its pointing word replaced by what the previous message was about
 * ("how much is harness"): what the customer asks about that object. The message's own words
 * lean on general questions ("how much is a bus ticket"); the object says which. Only when the
 * message alone leaves the active skill; one analysis and one classification more.
 */
function withReferent(classifier: LocalClassifier, ctx: RouteContext, c: LocalClassification, lang: FollowUpWords): LocalClassification | null {
  const previous = ctx.previousTurn?.customer;
  if (!previous || !ctx.activeSkill || c.skill === ctx.activeSkill || (ctx.unclearStreak ?? 0) > 0) return null;
  if (!couldContinue(c, lang)) return null;
  const at = pointingWord(c, lang);
  if (at < 0) return null;
  const a = classifier.analyze(previousWindow(previous));
  let object: string[] | null = null;
  for (const concept of REFERENT_CONCEPTS) {
    const hit = a.concepts.find((h) => h.concept === concept && !h.negated);
    if (!hit) continue;
    object = a.tokens.slice(hit.start, hit.end).map((t) => t.surface);
    break;
  }
  if (!object) return null;
  return classifier.classify([...c.words.slice(0, at), ...object, ...c.words.slice(at + 1)].join(' '));
}

export function createRouter(opts: CreateRouterOptions): SwitchboardRouter {
  const logger = opts.logger ?? silentLogger;
  const language = opts.language ?? defaultRouterLanguage();
  const policy: PolicyOptions = { ...defaultPolicyOptions, ...opts.policy, threshold: opts.threshold, language };
  if (!(policy.threshold >= 0 && policy.threshold <= 1)) throw new RangeError(`router threshold must be in [0, 1], got ${policy.threshold}`);

  function train(skills: RouterSkills): Trained {
    const examples = isSkillSet(skills) ? examplesOf(skills) : [...skills];
    const vocabulary = (isSkillSet(skills) ? skills.vocabulary : undefined) ?? opts.vocabulary;
    const concepts = vocabulary
      ? conceptLexicon(vocabulary, language.stopwords, { nouns: opts.wordnet === false ? null : goodsNouns(), functionWords: language.functionWords, stem: language.stem, singulars: language.singulars })
      : undefined;
    const text = {
      language,
      concepts,
      sku: vocabulary ? skuPattern(vocabulary.store.skuShapes) : null,
      goods: opts.wordnet === false ? null : goodsNouns(),
    };
    const classifier = trainLocalClassifier(examples, { ...opts.classifier, text: { ...text, ...opts.classifier?.text } });
    const prompt = isSkillSet(skills) ? skills.router : (opts.routerPrompt ?? defaultRouterPrompt(examples));
    const modelRouter = opts.model ? createModelRouter({ model: opts.model, prompt, skills: classifier.skills, logger }) : null;
    logger.info(
      { skills: classifier.skills.length, examples: classifier.exampleCount, trainingMs: Math.round(classifier.trainingMs) },
      'router trained',
    );
    const { keys, known } = vocabulary && concepts ? objectKeys(vocabulary, concepts) : { keys: [], known: new Set<string>() };
    // The stemmers the store's last reload read (a pack's edit is live), else the router's own.
    const read = languageKeyReader(keys, known, vocabulary?.languageStems ?? language.languageStems ?? new Map(), language.defaultLanguage);
    return { classifier, read, modelRouter, version: isSkillSet(skills) ? skills.version : null };
  }

  let current = train(opts.skills);

  async function route(text: string, ctx: RouteContext, signal?: AbortSignal): Promise<RouteDecision> {
    const { classifier, modelRouter } = current;
    // The model reads the customer's own words; the local classifier the message in its language.
    const read = current.read(text, ctx.language);
    const c = classifier.classify(read);
    const early = decideBeforeModel(c, ctx, policy, withPrevious(classifier, read, ctx, c, language), withReferent(classifier, ctx, c, language));
    if (early) return early;
    if (modelRouter) {
      const byModel = await modelRouter.route(text, ctx, signal);
      if (byModel) {
        const runnerUp = c.skill !== byModel.skill ? { skill: c.skill, confidence: c.confidence } : c.runnerUp;
        return {
          ...byModel,
          runnerUp,
          reason: { ...c.reason, note: `${byModel.reason?.note ?? 'model router'} (local: ${c.skill} ${c.confidence.toFixed(2)})` },
        };
      }
    }
    return decideWithoutModel(c, ctx, policy);
  }

  return {
    route,
    classify: (text, lang) => current.classifier.classify(current.read(text, lang)),
    needsModel(text, ctx) {
      const { classifier } = current;
      const read = current.read(text, ctx.language);
      const c = classifier.classify(read);
      return decideBeforeModel(c, ctx, policy, withPrevious(classifier, read, ctx, c, language), withReferent(classifier, ctx, c, language)) === null;
    },
    retrain(skills) {
      try {
        current = train(skills);
        return true;
      } catch (err) {
        logger.error({ err }, 'router retraining failed; keeping the previous model');
        return false;
      }
    },
    threshold: policy.threshold,
    info: () => ({
      skills: current.classifier.skills,
      examples: current.classifier.exampleCount,
      trainingMs: current.classifier.trainingMs,
      version: current.version,
      model: current.modelRouter !== null,
    }),
  };
}
