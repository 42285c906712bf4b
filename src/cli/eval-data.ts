import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * Labelled routing cases from JSONL: `{"text", "label"}` or `{"turns": [...], "label"}`
 * where the label belongs to the last turn. Unknown fields are ignored; a bad line is
 * reported with its number and skipped, never fatal.
 */
export interface EvalCase {
  /** 1-based line number in the file. */
  line: number;
  /** The turns of the conversation; single-turn cases have one. */
  turns: string[];
  label: string;
}

export interface BadLine {
  file: string;
  line: number;
  problem: string;
}

export interface EvalFile {
  path: string;
  name: string;
  cases: EvalCase[];
  bad: BadLine[];
  /** True when the file's lines carry `label5` (labelled for a skill set with order_status). */
  hasLabel5: boolean;
}

/**
 * Files labelled for the five routes carry `label5` beside `label` (SOURCES.md): with an
 * `order_status` skill in the set, `label5` is the gold label; without it, `label`.
 */
export const LABEL5_SKILL = 'order_status';

const nonEmpty = z.string().refine((s) => s.trim().length > 0, { message: 'must not be empty' });

function schemas(labels: readonly string[]) {
  const label = z.string({ error: 'is required (a string)' }).refine((l) => labels.includes(l), { message: `must be one of ${labels.join(', ')}` });
  return {
    multi: z.object({ turns: z.array(nonEmpty, { error: 'must be an array of strings' }).min(1, 'must have at least one turn'), label }),
    single: z.object({ text: z.string({ error: 'is required (a string), or give "turns"' }).pipe(nonEmpty), label }),
  };
}

function describe(err: z.ZodError): string {
  const first = err.issues[0];
  if (!first) return 'invalid line';
  return `${first.path.length ? first.path.join('.') : 'line'}: ${first.message}`;
}

export function parseCases(text: string, file: string, labels: readonly string[]): { cases: EvalCase[]; bad: BadLine[]; hasLabel5: boolean } {
  const { multi, single } = schemas(labels);
  const cases: EvalCase[] = [];
  const bad: BadLine[] = [];
  const useLabel5 = labels.includes(LABEL5_SKILL);
  let hasLabel5 = false;
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (!raw.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (err) {
      bad.push({ file, line, problem: `not valid JSON (${(err as Error).message})` });
      return;
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      bad.push({ file, line, problem: 'not a JSON object' });
      return;
    }
    let row: object = json;
    if (Object.hasOwn(row, 'label5')) {
      hasLabel5 = true;
      if (useLabel5) row = { ...row, label: (row as { label5: unknown }).label5 };
    }
    json = row;
    if ('turns' in row) {
      const r = multi.safeParse(json);
      if (r.success) cases.push({ line, turns: r.data.turns, label: r.data.label });
      else bad.push({ file, line, problem: describe(r.error) });
      return;
    }
    const r = single.safeParse(json);
    if (r.success) cases.push({ line, turns: [r.data.text], label: r.data.label });
    else bad.push({ file, line, problem: describe(r.error) });
  });
  return { cases, bad, hasLabel5 };
}

export function loadEvalFile(path: string, labels: readonly string[]): EvalFile {
  const text = readFileSync(path, 'utf8');
  const name = path.split(/[\\/]/).pop() ?? path;
  return { path, name, ...parseCases(text, name, labels) };
}
