import type { Classification, RouteReason } from '../core/route.js';
import { createFeatureExtractor, type Analysis, type FeatureExtractorOptions, type FeatureWeights } from './features.js';
import { defaultTrainOptions, trainSoftmax, type TrainOptions } from './logistic.js';
import { buildNearestIndex, restrictTo } from './nearest.js';
import { CLAUSE, QUESTION, createNormalizer } from './normalize.js';
import { defaultRouterLanguage } from './router-language.js';
import { softmaxInPlace } from './sparse.js';
import { fitVectorizer } from './vectorizer.js';

/** The classifier's input: routing examples per skill, independent of where they came from. */
export interface SkillExamples {
  skill: string;
  examples: readonly string[];
  /** What the skill is for; the model router's prompt uses it when no router prompt is given. */
  description?: string;
}

export interface LocalClassifierOptions {
  weights?: Partial<FeatureWeights>;
  train?: Partial<TrainOptions>;
  /**
   * Softmax temperature applied to the combined scores. Fitted once on held-out customer
   * messages so that "0.9" means right about nine times in ten; see docs in the eval.
   */
  temperature?: number;
  /** How much the nearest example's similarity adds to a class's score. */
  nearestWeight?: number;

  /**
   * Unknown words are missing evidence, not evidence: the distribution is mixed with the
   * uniform one by this factor times the cube of the share of unknown content words. A
   * message made only of unseen words ("Zorbexa 9", "xqzt") then scores at most
   * 0.3 + 0.7/K (0.475 with four skills), while one unknown word among known ones barely
   * matters.
   */
  unknownSoftening?: number;
  /**
   * Exponent of the inverse-frequency class weights (0 = none, 1 = fully balanced). Partial
   * balancing keeps `other`, which needs the most examples, from becoming the default guess.
   */
  balance?: number;
  /** Language resources, concept lexicon and the store's SKU pattern (default: the repository's). */
  text?: Pick<FeatureExtractorOptions, 'language' | 'concepts' | 'sku' | 'goods' | 'topics'>;
}

export const defaultLocalClassifierOptions = {
  /**
   * The negative log-likelihood minimum (0.85-0.9) on the project's own held-out messages
   * (test/router/fixtures and test/eval/fixtures/held-out, about 780 messages, none of them
   * routing examples), with the shipped routing examples; refit after large example changes.
   */
  temperature: 0.88,
  unknownSoftening: 0.7,
  nearestWeight: 1,
  balance: 0,
};

/** A classification plus what the policy needs to know about the message itself. */
export interface LocalClassification extends Classification {
  /** The message mentions something the store deals with (any retail concept). */
  retailSignal: boolean;
  /** Injection text removed before classifying. */
  injection: string[];
  tokenCount: number;
  /** Concepts the message mentions positively (not negated), e.g. PRODUCT, RETURN. */
  concepts: string[];
  /** The normalised, spelling-corrected words of the message. */
  words: string[];
}

export interface LocalClassifier {
  readonly skills: readonly string[];
  readonly exampleCount: number;
  /** Wall time of training, for logs. */
  readonly trainingMs: number;
  classify(text: string): LocalClassification;
  /** The feature analysis behind a classification (debugging and tests). */
  analyze(text: string): Analysis;
}

function vocabularyOf(texts: string[], text: LocalClassifierOptions['text']): Map<string, number> {
  const { normalizeText, tokenize } = createNormalizer(text?.language ?? defaultRouterLanguage(), { sku: text?.sku });
  const vocab = new Map<string, number>();
  for (const t of texts) {
    const seen = new Set(tokenize(normalizeText(t)).filter((w) => w !== CLAUSE && w !== QUESTION));
    for (const w of seen) vocab.set(w, (vocab.get(w) ?? 0) + 1);
  }
  return vocab;
}

function readable(feature: string): string {
  const kind = feature.slice(0, 2);
  const rest = feature.slice(2);
  switch (kind) {
    case 'w:':
      return `word "${rest}"`;
    case 'b:':
      return `phrase "${rest}"`;
    case 'g:':
      return `letters "${rest}"`;
    case 'c:':
      return rest === 'NO_RETAIL' ? 'no store-related words' : `concept ${rest}`;
    case 'x:':
      return `${rest.replace(/[+-]obj$/, '')} ${rest.endsWith('+obj') ? 'about a product or order' : 'with no product or order'}`;
    case 'p:':
      return rest === 'none' ? 'no I/my/you' : `mentions ${rest.replace('+', ' and ')}`;
    case 'f:':
      return `starts with "${rest}"`;
    case 'u:':
      if (rest.startsWith('english')) return rest === 'english_most' ? 'mostly words the shop never uses' : 'some words the shop never uses';
      if (rest.startsWith('name')) return rest === 'name+want' ? 'asks for a name it does not know (a product?)' : 'a name it does not know';
      return rest.startsWith('all_unknown') ? 'only unknown words' : 'mostly unknown words';
    default:
      return rest;
  }
}

export function trainLocalClassifier(sets: readonly SkillExamples[], options: LocalClassifierOptions = {}): LocalClassifier {
  const started = performance.now();
  const opts = { ...defaultLocalClassifierOptions, ...options };
  const skills = [...new Set(sets.map((s) => s.skill))];
  if (skills.length < 2) throw new Error('the router needs examples for at least two skills');
  const texts: string[] = [];
  const labels: number[] = [];
  for (const set of sets) {
    const k = skills.indexOf(set.skill);
    for (const e of set.examples) {
      if (!e.trim()) continue;
      texts.push(e);
      labels.push(k);
    }
  }
  const extractor = createFeatureExtractor({ vocabulary: vocabularyOf(texts, options.text), routeIds: skills, weights: options.weights, ...options.text });
  const docs = texts.map((t) => extractor.analyze(t, true).features);
  const vectorizer = fitVectorizer(docs);
  const xs = docs.map((d) => vectorizer.transform(d));

  const counts = skills.map((_, k) => labels.filter((l) => l === k).length);
  const classWeights = counts.map((c) => (c === 0 ? 1 : Math.pow(texts.length / (skills.length * c), opts.balance)));
  const trainOpts: TrainOptions = { ...defaultTrainOptions, classWeights, ...options.train };
  const model = trainSoftmax(xs, labels, skills.length, vectorizer.size, trainOpts);
  const lexical = Uint8Array.from(vectorizer.names, (n) => (n.startsWith('w:') || n.startsWith('b:') ? 1 : 0));
  const nearest = buildNearestIndex(xs.map((x) => restrictTo(x, lexical)), labels, skills.length, vectorizer.size);
  let trainingMs = 0;

  const K = skills.length;
  // Per-message scratch (one message at a time; nothing below keeps a reference to them).
  const z = new Float64Array(K);
  const scores = new Float64Array(K);
  const bestF = new Int32Array(REASON_FEATURES);
  const bestW = new Float64Array(REASON_FEATURES);
  // Feature names as the reasons show them, built once per feature on first use.
  const readableNames = new Array<string | undefined>(vectorizer.size);
  // The distribution's own properties in skill order, copied per message (a spread defines
  // own properties, whatever the skill ids are called, like fromEntries, at a fraction of its cost).
  const distributionShape: Record<string, number> = Object.fromEntries(skills.map((s) => [s, 0]));

  function classify(text: string): LocalClassification {
    // The features go straight into the vectorizer (a sink), the letter n-grams after them.
    vectorizer.begin();
    const analysis = extractor.analyze(text, false, true, vectorizer);
    const x = vectorizer.finish();
    model.logitsInto(x, z);
    const nn = nearest.queryRestricted(x, lexical, 3);
    for (let k = 0; k < K; k++) scores[k] = (z[k]! + opts.nearestWeight * nn.perClass[k]!) / opts.temperature;
    softmaxInPlace(scores);
    const mix = Math.min(1, opts.unknownSoftening * analysis.unknownRatio ** 3);
    if (mix > 0) for (let k = 0; k < K; k++) scores[k] = (1 - mix) * scores[k]! + mix / K;
    // The best two, in one pass (no sort, no array per message).
    let top = 0;
    let second = 1;
    if (scores[1]! > scores[0]!) [top, second] = [1, 0];
    for (let k = 2; k < K; k++) {
      if (scores[k]! > scores[top]!) [top, second] = [k, top];
      else if (scores[k]! > scores[second]!) second = k;
    }

    // Why: the features that separate the winner from the runner-up most, kept sorted in
    // scratch arrays (no sort(), no object per insertion; a later equal weight goes after).
    let nBest = 0;
    const weights = model.weights;
    for (let t = 0; t < x.idx.length; t++) {
      const f = x.idx[t]!;
      const w = x.val[t]! * (weights[f * K + top]! - weights[f * K + second]!);
      if (w <= 0 || (nBest === REASON_FEATURES && w <= bestW[REASON_FEATURES - 1]!)) continue;
      let i = nBest < REASON_FEATURES ? nBest++ : nBest - 1;
      while (i > 0 && bestW[i - 1]! < w) {
        bestF[i] = bestF[i - 1]!;
        bestW[i] = bestW[i - 1]!;
        i--;
      }
      bestF[i] = f;
      bestW[i] = w;
    }
    const features = new Array<{ feature: string; weight: number }>(nBest);
    for (let i = 0; i < nBest; i++) features[i] = { feature: (readableNames[bestF[i]!] ??= readable(vectorizer.names[bestF[i]!]!)), weight: round(bestW[i]!) };
    const reason: RouteReason = {
      features,
      nearest: nn.top.map((n) => ({ text: texts[n.example]!, skill: skills[labels[n.example]!]!, score: round(n.score) })),
    };
    if (analysis.injection.length) reason.note = `ignored routing instructions in the message: ${analysis.injection.map((s) => JSON.stringify(s)).join(', ')}`;
    const distribution: Record<string, number> = { ...distributionShape };
    for (let k = 0; k < K; k++) distribution[skills[k]!] = scores[k]!;
    const concepts: string[] = [];
    for (const c of analysis.concepts) if (!c.negated && !concepts.includes(c.concept)) concepts.push(c.concept);
    const words = new Array<string>(analysis.tokens.length);
    for (let i = 0; i < words.length; i++) words[i] = analysis.tokens[i]!.surface;
    return {
      skill: skills[top]!,
      confidence: scores[top]!,
      runnerUp: { skill: skills[second]!, confidence: scores[second]! },
      scores: distribution,
      reason,
      retailSignal: !analysis.noRetail,
      injection: analysis.injection,
      tokenCount: analysis.tokens.length,
      concepts,
      words,
    };
  }

  warmUp(texts, classify);
  trainingMs = performance.now() - started;

  return {
    skills,
    exampleCount: texts.length,
    get trainingMs() {
      return trainingMs;
    },
    classify,
    analyze: (text) => extractor.analyze(text),
  };
}

/**
 * Runs the inference path, spelling correction included, on a few examples and on
 * misspelt copies of them, so the first customers after a (re)start do not pay for the
 * JIT compiling it. Costs a few milliseconds of training time.
 */
function warmUp(texts: string[], classify: (text: string) => unknown): void {
  const step = Math.max(1, Math.floor(texts.length / 120));
  for (let i = 0; i < texts.length; i += step) {
    const t = texts[i]!;
    classify(t);
    // Drop a letter from each long word: unknown words exercise the corrector.
    classify(t.replace(/\b(\w{2})\w(\w{3,})\b/g, '$1$2'));
  }
}

/** How many features a route's reason names. */
const REASON_FEATURES = 5;

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
