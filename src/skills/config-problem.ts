import type { z } from 'zod';
import { ConfigError } from '../core/errors.js';

/** One thing wrong with a skill or prompt file: which file, where in it, and why. */
export interface ConfigProblem {
  file: string;
  /** Dotted path inside the file (`model.temperature`, `examples[3]`), a template variable, or absent. */
  field?: string;
  message: string;
}

/** `a.b[2].c` from a zod issue path. */
export function fieldPath(path: readonly PropertyKey[]): string | undefined {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || undefined;
}

export function problemsFromZod(file: string, error: z.ZodError, prefix: readonly PropertyKey[] = []): ConfigProblem[] {
  return error.issues.map((issue) => ({
    file,
    field: fieldPath([...prefix, ...issue.path]),
    message: issue.message,
  }));
}

export function formatProblem(p: ConfigProblem): string {
  return p.field ? `${p.file}: ${p.field}: ${p.message}` : `${p.file}: ${p.message}`;
}

/** The error that stops start-up (or rejects a reload): the first problem, with a count of the rest. */
export function configErrorFrom(problems: readonly ConfigProblem[]): ConfigError {
  const [first, ...rest] = problems;
  if (!first) return new ConfigError('skills', 'no problems were given');
  const more = rest.length
    ? ` (and ${rest.length} more: ${rest.slice(0, 3).map(formatProblem).join('; ')}${rest.length > 3 ? '; …' : ''}; run npm run prompts:check for all)`
    : '';
  return new ConfigError(first.file, `${first.message}${more}`, first.field);
}
