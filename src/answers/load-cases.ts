import { readFile } from 'node:fs/promises';
import { answerCaseSchema, checksSomething, type AnswerCase } from './case-schema.js';

export interface LoadedCase extends AnswerCase {
  /** file:line, for reports. */
  source: string;
}

export class CaseFileError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'CaseFileError';
  }
}

/** Parses JSONL case files; every bad line is reported with its file, line and field. Blank lines are skipped. */
export function parseCases(file: string, content: string, problems: string[], seen = new Map<string, string>()): LoadedCase[] {
  const out: LoadedCase[] = [];
  content.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const where = `${file}:${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      problems.push(`${where}: not valid JSON (${(err as Error).message})`);
      return;
    }
    const parsed = answerCaseSchema.safeParse(value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(`${where}: ${issue.path.join('.') || '(case)'}: ${issue.message}`);
      return;
    }
    if (!checksSomething(parsed.data)) {
      problems.push(`${where}: (case): a case must check something: give at least one turn an "expect"`);
      return;
    }
    const before = seen.get(parsed.data.id);
    if (before) {
      problems.push(`${where}: case id "${parsed.data.id}" is already used at ${before}`);
      return;
    }
    seen.set(parsed.data.id, where);
    out.push({ ...parsed.data, source: where });
  });
  return out;
}

export async function loadCases(files: readonly string[]): Promise<LoadedCase[]> {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  const cases: LoadedCase[] = [];
  for (const file of files) {
    let content: string;
    try {
      content = await readFile(file, 'utf8');
    } catch (err) {
      problems.push(`${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
      continue;
    }
    cases.push(...parseCases(file, content, problems, seen));
  }
  if (problems.length) throw new CaseFileError(problems);
  if (cases.length === 0) throw new CaseFileError([`no cases in ${files.join(', ')}`]);
  return cases;
}
