import type { CaseResult } from './run-cases.js';
import { ownValue } from '../core/own-keys.js';

export interface SkillSummary {
  skill: string;
  cases: number;
  passed: number;
  failed: number;
  passRate: number;
  turns: number;
  offlineTurns: number;
  modelCalls: number;
  promptTokens: number;
  cachedTokens: number;
  completionTokens: number;
  costUsd: number;
  /** Turns answered by this skill, per prompt variant. */
  variants: Record<string, number>;
}

export interface AnswersSummary {
  mode: 'model' | 'offline';
  model: string;
  variant: string | null;
  cases: number;
  passed: number;
  failed: number;
  passRate: number;
  skills: SkillSummary[];
  failures: Array<{ id: string; skill: string; source: string; reasons: string[] }>;
}

function empty(skill: string): SkillSummary {
  return { skill, cases: 0, passed: 0, failed: 0, passRate: 0, turns: 0, offlineTurns: 0, modelCalls: 0, promptTokens: 0, cachedTokens: 0, completionTokens: 0, costUsd: 0, variants: {} };
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

export function summarise(results: readonly CaseResult[], meta: { mode: 'model' | 'offline'; model: string; variant: string | null }): AnswersSummary {
  const bySkill = new Map<string, SkillSummary>();
  for (const r of results) {
    const s = bySkill.get(r.skill) ?? empty(r.skill);
    bySkill.set(r.skill, s);
    s.cases += 1;
    if (r.passed) s.passed += 1;
    else s.failed += 1;
    for (const t of r.turns) {
      s.turns += 1;
      if (t.offline) s.offlineTurns += 1;
      // Variants of this skill only: a multi-turn case may pass through other skills' prompts.
      if (t.variant && t.skill === r.skill) s.variants[t.variant] = (ownValue(s.variants, t.variant) ?? 0) + 1;
      if (t.cost) {
        s.modelCalls += t.cost.modelCalls;
        s.promptTokens += t.cost.usage.promptTokens;
        s.cachedTokens += t.cost.usage.cachedTokens;
        s.completionTokens += t.cost.usage.completionTokens;
        s.costUsd += t.cost.cost;
      }
    }
  }
  const skills = [...bySkill.values()].sort((a, b) => a.skill.localeCompare(b.skill));
  for (const s of skills) {
    s.passRate = round(s.passed / s.cases, 4);
    s.costUsd = round(s.costUsd, 6);
  }
  const passed = results.filter((r) => r.passed).length;
  return {
    ...meta,
    cases: results.length,
    passed,
    failed: results.length - passed,
    passRate: results.length ? round(passed / results.length, 4) : 0,
    skills,
    failures: results.filter((r) => !r.passed).map((r) => ({ id: r.id, skill: r.skill, source: r.source, reasons: r.failures })),
  };
}

export function formatCaseLine(r: CaseResult): string {
  const head = `${r.passed ? 'PASS' : 'FAIL'}  ${r.skill.padEnd(22)} ${r.id}`;
  if (r.passed) return head;
  // The reply of the first turn that failed, so a failure can be judged without re-running.
  const turn = r.turns.find((t) => t.failures.length > 0);
  const reply = turn ? `\n        reply${r.turns.length > 1 ? ` (turn ${r.turns.indexOf(turn) + 1})` : ''}: ${JSON.stringify(turn.text.length > 400 ? `${turn.text.slice(0, 400)}…` : turn.text)}` : '';
  return `${head}\n${r.failures.map((f) => `        - ${f}`).join('\n')}${reply}`;
}

export function formatSummary(s: AnswersSummary): string {
  const header = ['skill', 'cases', 'passed', 'pass rate', 'turns', 'offline', 'model calls', 'prompt tok', 'cached tok', 'completion tok', 'cost USD', 'variants'];
  const rows = s.skills.map((k) => [
    k.skill,
    String(k.cases),
    String(k.passed),
    `${(k.passRate * 100).toFixed(1)}%`,
    String(k.turns),
    String(k.offlineTurns),
    String(k.modelCalls),
    String(k.promptTokens),
    String(k.cachedTokens),
    String(k.completionTokens),
    k.costUsd.toFixed(6),
    Object.entries(k.variants).map(([v, n]) => `${v}:${n}`).join(' ') || '-',
  ]);
  rows.push(['all', String(s.cases), String(s.passed), `${(s.passRate * 100).toFixed(1)}%`, ...Array(8).fill('')]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [
    `Answer evaluation (${s.mode === 'model' ? `model: ${s.model}` : 'offline responder'}${s.variant ? `, variant forced: ${s.variant}` : ''})`,
    line(header),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.map(line),
    '',
    `${s.passed}/${s.cases} cases passed (${(s.passRate * 100).toFixed(1)}%)`,
  ].join('\n');
}
