import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadEvalFile } from '../cli/eval-data.js';
import { REPO_ROOT } from './child.js';

/**
 * The labelled messages the router and cost benchmarks replay (by default the HINT3 test
 * files in ../shared/eval/). They are read at run time for measuring only; nothing from
 * them is written to the results except counts and figures.
 */
export interface EvalMessage {
  file: string;
  text: string;
  label: string;
}

export const DEFAULT_DATA_FILES = ['hint3-curekart-test.jsonl', 'hint3-sofmattress-test.jsonl'];

export function defaultDataPaths(dir = process.env.BENCH_DATA_DIR ?? path.resolve(REPO_ROOT, '../shared/eval')): string[] {
  return DEFAULT_DATA_FILES.map((f) => path.join(dir, f));
}

/** The last turn of each case with its label; null when a file is missing (the section is skipped). */
export function loadEvalMessages(paths: readonly string[], labels: readonly string[]): { messages: EvalMessage[]; files: string[] } | null {
  if (paths.length === 0 || !paths.every((p) => existsSync(p))) return null;
  const messages: EvalMessage[] = [];
  for (const p of paths) {
    const f = loadEvalFile(p, labels);
    for (const c of f.cases) messages.push({ file: f.name, text: c.turns[c.turns.length - 1]!, label: c.label });
  }
  return { messages, files: paths.map((p) => path.basename(p)) };
}

/** Runs `fn` over `items` with at most `concurrency` in flight; results in input order. */
export async function mapPool<T, R>(items: readonly T[], concurrency: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  return out;
}

/** Every `step`-th item so a sample spans all files, `n` at most. */
export function spreadSample<T>(items: readonly T[], n: number): T[] {
  if (n >= items.length) return [...items];
  const step = items.length / n;
  return Array.from({ length: n }, (_, i) => items[Math.floor(i * step)]!);
}

/** A deterministic shuffle (mulberry32 seed), so every run sends the same mix in the same order. */
export function seededShuffle<T>(items: readonly T[], seed = 1): T[] {
  let a = seed >>> 0;
  const random = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
