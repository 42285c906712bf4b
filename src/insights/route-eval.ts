import { replayCase } from '../cli/eval-router.js';
import { LABEL5_SKILL, loadEvalFile } from '../cli/eval-data.js';
import { computeMetrics, type Prediction } from '../cli/eval-metrics.js';
import { silentLogger } from '../core/logger.js';
import type { SkillSet } from '../core/skill.js';
import { OUT_OF_SCOPE } from '../core/skill.js';
import { createRouter } from '../router/create-router.js';
import type { RouterLanguage } from '../router/router-language.js';
import type { SkillExamples } from '../router/local-classifier.js';
import { examplesOf } from '../router/router-prompt.js';
import { normaliseExample } from '../skills/prompts-check.js';
import type { ExampleChange } from './skill-examples-edit.js';

export interface EvalSummary {
  n: number;
  accuracy: number;
  macroF1: number;
  /** Per gold label: recall (the share of its messages routed right), F1 and support. */
  perLabel: Record<string, { recall: number; f1: number; support: number }>;
}

export interface ProposalEval {
  /** File names evaluated (the store's eval files). */
  files: string[];
  before: EvalSummary;
  after: EvalSummary;
  /** Eval messages whose route changes with the proposal. */
  changed: Array<{ file: string; line: number; text: string; gold: string; before: string; after: string }>;
  /** The proposed examples themselves: where they are routed today and after. */
  proposed: Array<{ text: string; skill: string; before: string; after: string }>;
}

/** Bound on the changed messages a proposal lists (the counts are in the summaries). */
const MAX_CHANGED = 200;

/** The routing examples of `set` with `changes` applied (what the skill files will say). */
export function applyChanges(skills: readonly SkillExamples[], changes: readonly ExampleChange[]): SkillExamples[] {
  return skills.map((s) => {
    const mine = changes.filter((c) => c.skill === s.skill);
    if (mine.length === 0) return s;
    const removing = new Set(mine.flatMap((c) => c.remove).map(normaliseExample));
    const kept = s.examples.filter((e) => !removing.has(normaliseExample(e)));
    const present = new Set(kept.map(normaliseExample));
    const added = mine.flatMap((c) => c.add).filter((t) => {
      const key = normaliseExample(t);
      if (present.has(key)) return false;
      present.add(key);
      return true;
    });
    return { ...s, examples: [...kept, ...added] };
  });
}

/**
 * Labelled messages as proposed examples: each goes to its skill, leaves any other skill that
 * has it as an example (one sentence teaches one route), and is skipped when already there.
 */
export function planChanges(set: SkillSet, additions: ReadonlyArray<{ text: string; skill: string }>): ExampleChange[] {
  const owner = new Map<string, string>();
  for (const s of set.skills.values()) for (const e of s.manifest.examples) owner.set(normaliseExample(e), s.manifest.id);
  const changes = new Map<string, ExampleChange>();
  const change = (skill: string) => {
    let c = changes.get(skill);
    if (!c) changes.set(skill, (c = { skill, add: [], remove: [] }));
    return c;
  };
  const seen = new Set<string>();
  for (const { text, skill } of additions) {
    const key = normaliseExample(text);
    if (!key || seen.has(key) || !set.skills.has(skill)) continue;
    seen.add(key);
    const current = owner.get(key);
    if (current === skill) continue;
    if (current) change(current).remove.push(text);
    change(skill).add.push(text.trim());
  }
  return [...changes.values()].filter((c) => c.add.length || c.remove.length);
}

function summary(preds: Prediction[], labels: readonly string[]): EvalSummary {
  const m = computeMetrics(preds, labels);
  const perLabel: EvalSummary['perLabel'] = {};
  for (const [label, s] of Object.entries(m.per_label)) if (s.support > 0) perLabel[label] = { recall: s.recall, f1: s.f1, support: s.support };
  return { n: m.n, accuracy: m.accuracy, macroF1: m.macro_f1, perLabel };
}

/**
 * The router eval with and without a change: two local routers trained like the app's (the
 * skill set's examples and router prompt, no model), replaying every case of the eval files
 * the way `npm run eval -- router` does.
 */
export async function evaluateChange(input: {
  set: SkillSet;
  changes: readonly ExampleChange[];
  files: readonly string[];
  threshold: number;
  /** The app's router language (LOCALES_DIR's packs); the repository's by default. */
  language?: RouterLanguage;
  /**
   * The packs' language detection: each message is routed in its language, as the app's turn
   * pipeline and `npm run eval -- router` route it. Absent: no language (as before).
   */
  detect?: (text: string) => string | null;
}): Promise<ProposalEval> {
  const beforeExamples = examplesOf(input.set);
  const afterExamples = applyChanges(beforeExamples, input.changes);
  // The set's vocabulary (catalog and skills/vocabulary.yaml) as the app's router reads it: the
  // examples alone would train a router without the store's product words.
  const make = (skills: SkillExamples[]) =>
    createRouter({
      skills,
      routerPrompt: input.set.router,
      model: null,
      threshold: input.threshold,
      logger: silentLogger,
      ...(input.set.vocabulary ? { vocabulary: input.set.vocabulary } : {}),
      ...(input.language ? { language: input.language } : {}),
    });
  const before = make(beforeExamples);
  const after = make(afterExamples);
  const labels = beforeExamples.map((s) => s.skill);
  const predsBefore: Prediction[] = [];
  const predsAfter: Prediction[] = [];
  const changed: ProposalEval['changed'] = [];
  const names: string[] = [];
  for (const path of input.files) {
    const file = loadEvalFile(path, labels);
    names.push(file.name);
    // A file labelled before order_status existed scores that route as `other` (eval --merge).
    const scored = (skill: string) => (!file.hasLabel5 && skill === LABEL5_SKILL ? OUT_OF_SCOPE : skill);
    for (const c of file.cases) {
      const b = await replayCase(before, c.turns, input.detect);
      const a = await replayCase(after, c.turns, input.detect);
      const pb = scored(b.decision.skill);
      const pa = scored(a.decision.skill);
      predsBefore.push({ gold: c.label, predicted: pb, confidence: b.decision.confidence, covered: b.localConfidence >= input.threshold, latencyUs: b.latencyUs });
      predsAfter.push({ gold: c.label, predicted: pa, confidence: a.decision.confidence, covered: a.localConfidence >= input.threshold, latencyUs: a.latencyUs });
      if (pb !== pa && changed.length < MAX_CHANGED) changed.push({ file: file.name, line: c.line, text: c.turns.join(' → '), gold: c.label, before: pb, after: pa });
    }
  }
  const proposed: ProposalEval['proposed'] = [];
  for (const c of input.changes) {
    for (const text of c.add) {
      const language = input.detect?.(text) ?? null;
      const b = await before.route(text, { activeSkill: null, unclearStreak: 0, language });
      const a = await after.route(text, { activeSkill: null, unclearStreak: 0, language });
      proposed.push({ text, skill: c.skill, before: b.skill, after: a.skill });
    }
  }
  return { files: names, before: summary(predsBefore, labels), after: summary(predsAfter, labels), changed, proposed };
}
