import { parseArgs } from 'node:util';
import { envSchema } from '../config/config.js';
import { loadAppLanguage, localesDirFromEnv, type AppLanguage } from '../locale/app-language.js';
import { DEFAULT_LOCALES_DIR } from '../router/router-language.js';
import { silentLogger } from '../core/logger.js';
import type { ModelClient } from '../core/model.js';
import type { RouteContext, RouteDecision } from '../core/route.js';
import { OUT_OF_SCOPE } from '../core/skill.js';
import { createRouter, type SwitchboardRouter } from '../router/create-router.js';
import type { SkillExamples } from '../router/local-classifier.js';
import { examplesOf } from '../router/router-prompt.js';
import type { SkillSet } from '../core/skill.js';
import { loadEvalFile, type BadLine, type EvalCase, type EvalFile } from './eval-data.js';
import { computeMetrics, type Metrics, type Prediction } from './eval-metrics.js';
import { trainNlpjsBaseline, type BaselineClassifier } from './eval-nlpjs.js';
import { confusionTable, jsonMetrics, perLabelTable, summaryTable, type Side } from './eval-report.js';
import { loadShippedSkillSet, storeEvalFiles } from './shipped-skill-set.js';
import { ownValue } from '../core/own-keys.js';
import type { Engine } from '../core/engine.js';
import path from 'node:path';

export const ROUTER_USAGE = `Usage: npm run eval -- router --data FILE [--data FILE ...] [--train FILE ...]
                         [--baseline nlpjs] [--threshold X] [--json] [--errors] [--model-router]

  --data FILE       JSONL test cases: {"text", "label"} or {"turns": [...], "label"} (label = last turn;
                    turns are replayed through the app's engine, offline, as a customer's would be)
  --train FILE      JSONL labelled messages added to the skills' routing examples for this run only
  --baseline nlpjs  also train nlp.js on the same examples and report it side by side
  --threshold X     local confidence threshold in [0, 1] (default: ROUTER_THRESHOLD)
  --json            print one JSON object with all figures as the last line
  --errors          print the misrouted messages of each file, with the reason for the route
  --model-router    ask the configured model when the local router is unsure (needs OPENAI_* / AZURE_OPENAI_*)
  --merge FROM=TO   score the route FROM as TO in files labelled before FROM existed (no "label5"
                    field), e.g. --merge order_status=other for the CLINC file and older sets of our own
  --store DIR       the store folder the skills are filled from (default: STORE_DIR or skills/_store);
                    without --data, its eval/routing*.jsonl files (not the held-out ones)
  --gold merged     also map the gold labels through --merge (label5 order_status scored as other
                    on both sides): the four-route figures of files labelled for five routes
  --seeds N         also retrain the router with N-1 other training seeds (shuffle orders) and print each
                    file's accuracy over all N: the spread a change to the examples must beat to be a change
  --no-wordnet      route without WordNet's goods nouns (to measure what they add)
  --skills DIR      skills folder (default: SKILLS_DIR or ./skills)
  --prompts DIR     prompts folder (default: PROMPTS_DIR or ./prompts)

The router reads the locale packs of LOCALES_DIR (default: locales/), as the app does.`;

/** Each seed retrains the router (about 2 s with the shipped examples) and replays every file. */
const MAX_SEEDS = 20;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface RouterEvalOptions {
  data: string[];
  train: string[];
  baseline: 'nlpjs' | null;
  threshold: number;
  json: boolean;
  errors: boolean;
  modelRouter: boolean;
  skillsDir: string;
  promptsDir: string;
  /** The store folder (STORE_DIR); undefined means skills/_store. */
  storeDir?: string;
  /** The locale packs' folder (LOCALES_DIR, as the app resolves it); undefined means the repository's locales/. */
  localesDir?: string;
  /** Predicted route -> the route it is scored as, for files labelled before that route existed. */
  merge?: ReadonlyMap<string, string>;
  /** 'merged': gold labels go through `merge` too, and every file's predictions are merged. */
  gold?: 'merged' | 'label5';
  /** false: the router without WordNet's goods nouns. */
  wordnet?: boolean;
  /** Training runs to report accuracy over (the shipped one included); 1 or absent: the shipped one only. */
  seeds?: number;
}

export function parseRouterEvalArgs(argv: string[], env: Record<string, string | undefined> = process.env): RouterEvalOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        data: { type: 'string', multiple: true },
        train: { type: 'string', multiple: true },
        baseline: { type: 'string' },
        threshold: { type: 'string' },
        json: { type: 'boolean' },
        errors: { type: 'boolean' },
        'model-router': { type: 'boolean' },
        skills: { type: 'string' },
        prompts: { type: 'string' },
        store: { type: 'string' },
        merge: { type: 'string', multiple: true },
        gold: { type: 'string' },
        'no-wordnet': { type: 'boolean' },
        seeds: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const storeDir = values.store ?? env.STORE_DIR;
  const data = values.data?.length ? values.data : storeDir ? storeEvalFiles(storeDir, 'routing') : [];
  if (!data.length) throw new UsageError(storeDir ? `no --data FILE given and ${storeDir}/eval has no routing*.jsonl` : 'at least one --data FILE is required');
  if (values.baseline !== undefined && values.baseline !== 'nlpjs') throw new UsageError(`unknown --baseline "${values.baseline}" (supported: nlpjs)`);
  let threshold: number;
  if (values.threshold !== undefined) {
    threshold = Number(values.threshold);
    if (!Number.isFinite(threshold) || threshold < 0 || threshold > 1) throw new UsageError(`--threshold must be a number in [0, 1], got "${values.threshold}"`);
  } else {
    const parsed = envSchema.shape.ROUTER_THRESHOLD.safeParse(env.ROUTER_THRESHOLD);
    if (!parsed.success) throw new UsageError(`ROUTER_THRESHOLD: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    threshold = parsed.data;
  }
  let localesDir: string;
  try {
    localesDir = localesDirFromEnv(env);
  } catch (err) {
    throw new UsageError(`LOCALES_DIR: ${(err as Error).message}`);
  }
  const merge = new Map<string, string>();
  for (const m of values.merge ?? []) {
    const match = /^([a-z][a-z0-9_]*)=([a-z][a-z0-9_]*)$/.exec(m);
    if (!match) throw new UsageError(`--merge must look like FROM=TO (skill ids), got "${m}"`);
    merge.set(match[1]!, match[2]!);
  }
  if (values.gold !== undefined && values.gold !== 'merged' && values.gold !== 'label5') throw new UsageError(`--gold must be merged or label5, got "${values.gold}"`);
  const seeds = values.seeds === undefined ? 1 : Number(values.seeds);
  if (!Number.isInteger(seeds) || seeds < 1 || seeds > MAX_SEEDS) throw new UsageError(`--seeds must be a whole number from 1 to ${MAX_SEEDS}, got "${values.seeds}"`);
  return {
    seeds,
    merge,
    gold: values.gold === 'merged' ? 'merged' : 'label5',
    wordnet: !values['no-wordnet'],
    data,
    ...(storeDir ? { storeDir } : {}),
    localesDir,
    train: values.train ?? [],
    baseline: values.baseline === 'nlpjs' ? 'nlpjs' : null,
    threshold,
    json: values.json ?? false,
    errors: values.errors ?? false,
    modelRouter: values['model-router'] ?? false,
    skillsDir: values.skills ?? env.SKILLS_DIR ?? 'skills',
    promptsDir: values.prompts ?? env.PROMPTS_DIR ?? 'prompts',
  };
}

/** What the harness needs from a router (a scripted one in tests). */
export type EvalRouter = Pick<SwitchboardRouter, 'route' | 'classify' | 'info'> & Partial<Pick<SwitchboardRouter, 'needsModel'>>;

/** One case after replay: the decision for its last turn and the time spent routing each turn. */
export interface ReplayResult {
  decision: RouteDecision;
  /** Local classifier confidence for the last turn (coverage). */
  localConfidence: number;
  latencyUs: number[];
  /** Turns of the case that would have asked the model router, had one been configured. */
  modelTurns: number;
}

/**
 * Routes the turns of a case in order, carrying the conversation state the way the engine
 * does (src/engine/engine.ts): the routed skill becomes the active skill, and clarify,
 * fallback or `other` turns grow the unclear streak. `detect`: the locale packs' language
 * detection; each turn is routed in its detected language, else the one before it had, as the
 * engine's turn pipeline does (src/engine/turn-pipeline.ts).
 */
export async function replayCase(router: EvalRouter, turns: readonly string[], detect?: (text: string) => string | null): Promise<ReplayResult> {
  const ctx: RouteContext = { activeSkill: null, unclearStreak: 0 };
  const latencyUs: number[] = [];
  let decision: RouteDecision | null = null;
  let modelTurns = 0;
  for (const text of turns) {
    if (detect) ctx.language = detect(text) ?? ctx.language ?? null;
    // Outside the timed call: the question is asked of the same state the route sees.
    if (router.needsModel?.(text, { ...ctx })) modelTurns++;
    const started = process.hrtime.bigint();
    decision = await router.route(text, { ...ctx });
    latencyUs.push(Number(process.hrtime.bigint() - started) / 1000);
    const unclear = decision.method === 'clarify' || decision.method === 'fallback' || decision.skill === OUT_OF_SCOPE;
    ctx.activeSkill = decision.skill;
    ctx.unclearStreak = unclear ? (ctx.unclearStreak ?? 0) + 1 : 0;
    ctx.previousTurn = { customer: text };
  }
  const last = turns[turns.length - 1]!;
  return { decision: decision!, localConfidence: router.classify(last, ctx.language).confidence, latencyUs, modelTurns };
}

/** The app's engine (src/main.ts compose, offline, memory store) and the router it routes with. */
export interface EvalEngine {
  engine: Pick<Engine, 'handle'>;
  /** The router the engine asks: set before each replay. */
  use(router: EvalRouter): void;
  close(): Promise<void>;
}

/**
 * Routes the turns of a multi-turn case through the app's engine, so a follow-up takes the route
 * a customer's would: the engine's own checks come first (a message pointing back at the items
 * the last reply showed stays with that skill: src/engine/turn-pipeline.ts), then the router.
 */
export async function replayThroughEngine(app: EvalEngine, router: EvalRouter, turns: readonly string[], id: string): Promise<ReplayResult> {
  const latencyUs: number[] = [];
  let modelTurns = 0;
  let language: string | null | undefined;
  app.use({
    ...router,
    route: async (text, ctx) => {
      if (router.needsModel?.(text, { ...ctx })) modelTurns++;
      language = ctx.language;
      const started = process.hrtime.bigint();
      const d = await router.route(text, ctx);
      latencyUs.push(Number(process.hrtime.bigint() - started) / 1000);
      return d;
    },
  });
  let decision: RouteDecision | null = null;
  for (const [i, text] of turns.entries()) {
    const before = latencyUs.length;
    const res = await app.engine.handle({ conversationId: id, channel: 'webchat', user: { id }, text, id: `${id}-t${i + 1}`, createIfMissing: true });
    // A turn the engine decided without the router (a follow-up it held) took no routing time.
    if (latencyUs.length === before) latencyUs.push(0);
    decision = res.route ?? { skill: OUT_OF_SCOPE, confidence: 0, method: 'fallback' };
  }
  const last = turns[turns.length - 1]!;
  return { decision: decision!, localConfidence: router.classify(last, language).confidence, latencyUs, modelTurns };
}

/** The app as `npm start` composes it for the eval's store, skills and packs: offline, in memory, no watching. */
async function evalEngine(opts: RouterEvalOptions): Promise<EvalEngine> {
  const { compose } = await import('../main.js');
  const { parseEnv } = await import('../config/config.js');
  // The engine answers offline: a replay never calls a model.
  const { MODEL_VARS } = await import('./eval-answers.js');
  const raw: Record<string, string | undefined> = { ...process.env };
  delete raw.REDIS_URL;
  for (const k of MODEL_VARS) delete raw[k];
  const env = parseEnv({
    ...raw,
    LOG_LEVEL: 'silent',
    SKILLS_WATCH: 'false',
    ROUTER_MODEL_ENABLED: 'false',
    SKILLS_DIR: path.resolve(opts.skillsDir),
    PROMPTS_DIR: path.resolve(opts.promptsDir),
    ...(opts.storeDir ? { STORE_DIR: path.resolve(opts.storeDir) } : {}),
    ...(opts.localesDir ? { LOCALES_DIR: path.resolve(opts.localesDir) } : {}),
  });
  let current: EvalRouter | null = null;
  const composed = await compose(env, {
    logger: silentLogger,
    defaultMetrics: false,
    router: { route: (text, ctx) => (current ? current.route(text, ctx) : Promise.reject(new Error('eval engine: no router set'))) },
  });
  return {
    engine: composed.engine,
    use: (r) => {
      current = r;
    },
    close: () => composed.close(),
  };
}

interface CaseOutcome {
  file: string;
  case: EvalCase;
  router: ReplayResult;
  baseline?: { skill: string; confidence: number; latencyUs: number };
  /** The file was labelled before some routes existed: --merge applies to its predictions. */
  merged: boolean;
}

export interface RouterEvalReport {
  overall: Metrics;
  files: Record<string, Metrics>;
  baseline?: { overall: Metrics; files: Record<string, Metrics> };
  skipped: number;
  bad: BadLine[];
  methods: Record<string, number>;
  /** --seeds: accuracy per file (and overall) for each training seed, the shipped router first. */
  seeds?: Record<string, number[]>;
}

export interface RouterEvalDeps {
  /**
   * Routing examples (tests); when absent the skill set is loaded from opts.skillsDir and
   * opts.promptsDir exactly as the app loads it, so the eval measures what ships.
   */
  skills?: SkillExamples[];
  /** Use this router instead of training one from the examples (tests script one). */
  router?: EvalRouter;
  /** The engine multi-turn cases are replayed through; null: the router alone (default when `router` is given). */
  engine?: EvalEngine | null;
  model?: ModelClient | null;
  out?: (line: string) => void;
  err?: (line: string) => void;
}

function trainingExamples(files: EvalFile[], skills: SkillExamples[]): SkillExamples[] {
  const extra = new Map<string, string[]>();
  for (const f of files) {
    for (const c of f.cases) {
      const list = extra.get(c.label) ?? [];
      list.push(c.turns[c.turns.length - 1]!);
      extra.set(c.label, list);
    }
  }
  return skills.map((s) => ({ ...s, examples: [...s.examples, ...(extra.get(s.skill) ?? [])] }));
}

function predictions(outcomes: CaseOutcome[], threshold: number, which: 'router' | 'baseline', merge: ReadonlyMap<string, string> = new Map()): Prediction[] {
  return outcomes.map((o) => {
    // A file labelled before a route existed scores that route as the one it merges into.
    const scored = (skill: string) => (o.merged ? (merge.get(skill) ?? skill) : skill);
    if (which === 'router') {
      return {
        gold: o.case.label,
        predicted: scored(o.router.decision.skill),
        confidence: o.router.decision.confidence,
        covered: o.router.localConfidence >= threshold,
        latencyUs: o.router.latencyUs,
      };
    }
    const b = o.baseline!;
    return { gold: o.case.label, predicted: scored(b.skill), confidence: b.confidence, covered: b.confidence >= threshold, latencyUs: [b.latencyUs] };
  });
}

function describeReason(d: RouteDecision): string {
  const parts: string[] = [];
  if (d.reason?.features?.length) parts.push(`features: ${d.reason.features.slice(0, 3).map((f) => f.feature).join(', ')}`);
  if (d.reason?.nearest?.length) parts.push(`nearest: ${d.reason.nearest.slice(0, 2).map((n) => `"${n.text}" (${n.skill})`).join('; ')}`);
  if (d.reason?.note) parts.push(d.reason.note);
  return parts.join(' | ');
}

export async function runRouterEval(opts: RouterEvalOptions, deps: RouterEvalDeps = {}): Promise<RouterEvalReport> {
  const out = deps.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const err = deps.err ?? ((line: string) => process.stderr.write(`${line}\n`));
  const say = opts.json ? err : out;
  // The packs the app would read (src/locale/app-language.ts): the router's words and stemming,
  // the store vocabulary's brand attributes, product search's language.
  let language: AppLanguage;
  try {
    language = await loadAppLanguage(opts.localesDir ?? DEFAULT_LOCALES_DIR);
  } catch (e) {
    throw new UsageError(`cannot load the locale packs (${opts.localesDir ?? DEFAULT_LOCALES_DIR}): ${(e as Error).message}`);
  }
  let skillSet: SkillSet | null = null;
  if (!deps.skills) {
    try {
      skillSet = await loadShippedSkillSet({ skillsDir: opts.skillsDir, promptsDir: opts.promptsDir, ...(opts.storeDir ? { storeDir: opts.storeDir } : {}), language });
    } catch (e) {
      throw new UsageError(`cannot load the skills (${opts.skillsDir}, ${opts.promptsDir}): ${(e as Error).message}`);
    }
  }
  const skills = deps.skills ?? examplesOf(skillSet!);
  const labels = skills.map((s) => s.skill);

  const load = (p: string) => {
    try {
      return loadEvalFile(p, labels);
    } catch (e) {
      throw new UsageError(`cannot read ${p}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  };
  const trainFiles = opts.train.map(load);
  const dataFiles = opts.data.map(load);
  const bad = [...trainFiles, ...dataFiles].flatMap((f) => f.bad);
  for (const b of bad) err(`${b.file}:${b.line}: skipped: ${b.problem}`);
  const skipped = bad.length;

  const examples = trainingExamples(trainFiles, skills);
  // Without --train the router is built from the loaded skill set itself, as compose() does.
  const routerSkills = skillSet && trainFiles.length === 0 ? skillSet : examples;
  // `seed` absent: the training order the app uses.
  const build = (seed?: number): EvalRouter =>
    createRouter({
      skills: routerSkills,
      routerPrompt: skillSet?.router,
      vocabulary: skillSet?.vocabulary,
      language: language.router,
      wordnet: opts.wordnet,
      model: opts.modelRouter ? (deps.model ?? null) : null,
      threshold: opts.threshold,
      logger: silentLogger,
      ...(seed === undefined ? {} : { classifier: { train: { seed } } }),
    });
  const router: EvalRouter = deps.router ?? build();
  const info = router.info();
  const added = trainFiles.reduce((n, f) => n + f.cases.length, 0);
  say(
    `router: ${info.examples} examples over ${info.skills.length} skills` +
      (added ? ` (${added} from --train)` : '') +
      `, trained in ${Math.round(info.trainingMs)} ms; threshold ${opts.threshold}; model router ${info.model ? 'on' : 'off'}`,
  );

  // Warm the JIT on the training examples (never on test data), so latency reflects a running process.
  // Both paths: routing with a conversation (policy, context read) and the classifier alone.
  if (!deps.router) {
    for (const s of examples) {
      for (const e of s.examples.slice(0, 60)) {
        router.classify(e);
        await router.route(e, { activeSkill: s.skill, unclearStreak: 0, previousTurn: { customer: s.examples[0] ?? e } });
      }
    }
  }

  // Multi-turn cases go through the app's engine (offline, in memory), as a customer's turns do.
  const app = deps.engine !== undefined ? deps.engine : !deps.router && dataFiles.some((f) => f.cases.some((c) => c.turns.length > 1)) ? await evalEngine(opts) : null;
  let replays = 0;
  const replayAll = async (using: EvalRouter, methods?: Record<string, number>): Promise<CaseOutcome[]> => {
    const all: CaseOutcome[] = [];
    for (const f of dataFiles) {
      for (const c of f.cases) {
        const r =
          app && c.turns.length > 1 ? await replayThroughEngine(app, using, c.turns, `eval-router-${replays++}`) : await replayCase(using, c.turns, language.packs.detect);
        if (methods) methods[r.decision.method] = (methods[r.decision.method] ?? 0) + 1;
        const merged = opts.gold === 'merged' || !f.hasLabel5;
        // --gold merged: the gold label goes through the same merge as the prediction.
        const gold = opts.gold === 'merged' ? { ...c, label: opts.merge?.get(c.label) ?? c.label } : c;
        all.push({ file: f.name, case: gold, router: r, merged });
      }
    }
    return all;
  };
  const methods: Record<string, number> = {};
  const outcomes = await replayAll(router, methods);
  // The baseline is trained and run after the router's pass, so neither system's training
  // or garbage collection lands in the other's timings.
  let baseline: BaselineClassifier | null = null;
  if (opts.baseline === 'nlpjs') {
    const started = performance.now();
    baseline = await trainNlpjsBaseline(examples, OUT_OF_SCOPE);
    say(`baseline: nlp.js trained on the same ${info.examples} examples in ${Math.round(performance.now() - started)} ms`);
  }
  if (baseline) {
    for (const o of outcomes) {
      const started = process.hrtime.bigint();
      const b = await baseline.classify(o.case.turns[o.case.turns.length - 1]!);
      o.baseline = { ...b, latencyUs: Number(process.hrtime.bigint() - started) / 1000 };
    }
  }

  const fileMetrics: Record<string, Metrics> = {};
  const baseFileMetrics: Record<string, Metrics> = {};
  const names = [...new Set(dataFiles.map((f) => f.name))];
  for (const name of names) {
    const mine = outcomes.filter((o) => o.file === name);
    fileMetrics[name] = computeMetrics(predictions(mine, opts.threshold, 'router', opts.merge), labels);
    if (baseline) baseFileMetrics[name] = computeMetrics(predictions(mine, opts.threshold, 'baseline', opts.merge), labels);
  }
  const overall = computeMetrics(predictions(outcomes, opts.threshold, 'router', opts.merge), labels);
  const baseOverall = baseline ? computeMetrics(predictions(outcomes, opts.threshold, 'baseline', opts.merge), labels) : null;

  // Model calls routing would add per routed message (every turn of a multi-turn case counts).
  const modelShare = (of: CaseOutcome[]) => {
    const turns = of.reduce((n, o) => n + o.router.latencyUs.length, 0);
    return turns === 0 ? 0 : of.reduce((n, o) => n + o.router.modelTurns, 0) / turns;
  };
  const measuresModel = Boolean(router.needsModel);
  const section = (title: string, m: Metrics, b: Metrics | undefined | null, skippedHere: number, of: CaseOutcome[]) => {
    const sides: Side[] = [{ name: 'router', metrics: m }, ...(b ? [{ name: baseline!.name, metrics: b }] : [])];
    say('');
    say(`== ${title}  (n=${m.n}, skipped lines: ${skippedHere})`);
    say(summaryTable(sides, opts.threshold));
    if (measuresModel) say(`would ask the model router   ${(modelShare(of) * 100).toFixed(1)}% of routed messages (when a model is configured)`);
    say('');
    say(perLabelTable(sides, labels));
    say('');
    say('confusion, router (rows: gold, columns: predicted)');
    say(confusionTable(m, labels));
    if (b) {
      say(`confusion, ${baseline!.name}`);
      say(confusionTable(b, labels));
    }
  };
  const skippedIn = (name: string) => dataFiles.filter((f) => f.name === name).reduce((n, f) => n + f.bad.length, 0);
  for (const name of names) {
    section(name, ownValue(fileMetrics, name)!, ownValue(baseFileMetrics, name), skippedIn(name), outcomes.filter((o) => o.file === name));
    if (opts.errors) {
      const wrong = outcomes.filter((o) => o.file === name && o.router.decision.skill !== o.case.label);
      say(`misrouted in ${name}: ${wrong.length}`);
      for (const o of wrong) {
        const d = o.router.decision;
        const text = o.case.turns.map((t) => JSON.stringify(t.trim())).join(' -> ');
        say(`  line ${o.case.line}: ${o.case.label} -> ${d.skill} (${d.confidence.toFixed(2)}, ${d.method}) ${text}`);
        say(`      ${describeReason(d)}`);
      }
    }
  }
  if (names.length > 1) section('overall', overall, baseOverall, skipped, outcomes);
  if (deps.router && (opts.seeds ?? 1) > 1) say('--seeds: ignored, the router was given rather than trained here');
  const seedRuns = deps.router ? undefined : await seedSpread(opts.seeds ?? 1, outcomes, names, async (seed) => replayAll(build(seed)), (of) =>
    computeMetrics(predictions(of, opts.threshold, 'router', opts.merge), labels).accuracy,
  );
  if (app && deps.engine === undefined) await app.close();
  if (seedRuns) {
    say('');
    say(`accuracy over ${opts.seeds} training seeds (the shipped router first; other seeds ${SEED_BASE + 1}-${SEED_BASE + opts.seeds! - 1})`);
    for (const [name, xs] of Object.entries(seedRuns)) say(`  ${name.padEnd(36)} shipped ${xs[0]!.toFixed(3)}  mean ${mean(xs).toFixed(3)}  min ${Math.min(...xs).toFixed(3)}  max ${Math.max(...xs).toFixed(3)}`);
  }
  say('');
  say(`routing methods: ${Object.entries(methods).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`);
  say(`skipped lines: ${skipped}`);
  say('macro-F1 averages the labels present in the gold data; coverage = share of messages the local classifier is confident about at the threshold; ECE uses 10 equal-width bins.');
  if (baseline) say('nlp.js: default settings; its "None" intent (score under its own 0.5 threshold, reported with score 1) counts as other.');

  const report: RouterEvalReport = { overall, files: fileMetrics, skipped, bad, methods, ...(seedRuns ? { seeds: seedRuns } : {}) };
  if (baseOverall) report.baseline = { overall: baseOverall, files: baseFileMetrics };

  if (opts.json) {
    const baseJson = (m: Metrics) => ({ name: baseline!.name, accuracy: round4(m.accuracy), macro_f1: round4(m.macro_f1), latency_us: jsonMetrics(m).latency_us });
    const share = (of: CaseOutcome[]) => (measuresModel ? { model_share: round4(modelShare(of)) } : {});
    const json: Record<string, unknown> = { ...jsonMetrics(overall), skipped, threshold: opts.threshold, methods, ...share(outcomes) };
    if (baseOverall) json.baseline = baseJson(baseOverall);
    if (seedRuns) json.seeds = Object.fromEntries(Object.entries(seedRuns).map(([k, xs]) => [k, { shipped: round4(xs[0]!), mean: round4(mean(xs)), min: round4(Math.min(...xs)), max: round4(Math.max(...xs)) }]));
    if (names.length > 1) {
      const files: Record<string, unknown> = {};
      for (const name of names) {
        files[name] = {
          ...jsonMetrics(ownValue(fileMetrics, name)!),
          skipped: skippedIn(name),
          ...share(outcomes.filter((o) => o.file === name)),
          ...(baseline ? { baseline: baseJson(ownValue(baseFileMetrics, name)!) } : {}),
        };
      }
      json.files = files;
    }
    out(JSON.stringify(json));
  }
  return report;
}

/** --seeds' other training seeds are SEED_BASE + 1, + 2, ... (the shipped router keeps its own). */
const SEED_BASE = 1000;

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * The router's accuracy per file (and overall, with several files) for the shipped training run
 * and `seeds - 1` retrainings in other example orders. The classifier is trained with a shuffled
 * order, so a change to the examples also changes the order and can move a file's accuracy by
 * several messages on its own: this is the spread to compare a change against. Null for one seed.
 */
async function seedSpread(
  seeds: number,
  shipped: CaseOutcome[],
  names: readonly string[],
  replay: (seed: number) => Promise<CaseOutcome[]>,
  accuracy: (of: CaseOutcome[]) => number,
): Promise<Record<string, number[]> | null> {
  if (seeds <= 1) return null;
  const runs: CaseOutcome[][] = [shipped];
  for (let i = 1; i < seeds; i++) runs.push(await replay(SEED_BASE + i));
  const spread: Record<string, number[]> = Object.create(null) as Record<string, number[]>;
  for (const name of names) spread[name] = runs.map((of) => accuracy(of.filter((o) => o.file === name)));
  if (names.length > 1) spread.overall = runs.map((of) => accuracy(of));
  return spread;
}

function round4(v: number): number {
  return Math.round(v * 10_000) / 10_000;
}

/** Builds the shared model from the environment, only for --model-router. */
async function modelFromEnv(): Promise<ModelClient | null> {
  const { parseEnv } = await import('../config/config.js');
  // Imported lazily: the offline eval must not load the openai SDK.
  const specifier = '../model/model-from-env.js';
  const mod = (await import(specifier)) as {
    createModelFromEnv?: (env: unknown, opts: { logger: typeof silentLogger }) => { client: ModelClient | null; description: string };
  };
  if (!mod.createModelFromEnv) throw new Error('src/model/model-from-env.ts does not export createModelFromEnv');
  const m = mod.createModelFromEnv(parseEnv(), { logger: silentLogger });
  process.stderr.write(`model: ${m.description}\n`);
  return m.client;
}

/** `npm run eval -- router ...`: returns the process exit code. */
export async function run(argv: string[]): Promise<number> {
  let opts: RouterEvalOptions;
  try {
    opts = parseRouterEvalArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`eval router: ${err.message}\n\n${ROUTER_USAGE}\n`);
      return 2;
    }
    throw err;
  }
  let model: ModelClient | null = null;
  if (opts.modelRouter) {
    model = await modelFromEnv();
    if (!model) {
      process.stderr.write('eval router: --model-router needs a configured model (OPENAI_API_KEY, OPENAI_BASE_URL or AZURE_OPENAI_*)\n');
      return 2;
    }
  }
  try {
    await runRouterEval(opts, { model });
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`eval router: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  return 0;
}
