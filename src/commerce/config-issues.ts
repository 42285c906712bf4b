import type { z } from 'zod';
import { ConfigError } from '../core/errors.js';

/** One thing wrong in a store data file: the file, the field path inside it, and why. */
export interface DataIssue {
  file: string;
  field?: string;
  message: string;
}

/** `orders[3].items[0].sku` from a zod path. */
export function fieldPath(path: readonly PropertyKey[]): string | undefined {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || undefined;
}

export function issuesFromZod(file: string, error: z.ZodError): DataIssue[] {
  return error.issues.map((issue) => ({ file, field: fieldPath(issue.path), message: issue.message }));
}

function format(i: DataIssue): string {
  return i.field ? `${i.file}: ${i.field}: ${i.message}` : `${i.file}: ${i.message}`;
}

/** The first issue as the error (file, field, reason), with the next few appended so one run shows most of them. */
export function configErrorFrom(issues: readonly DataIssue[]): ConfigError {
  const [first, ...rest] = issues;
  if (!first) return new ConfigError('store data', 'invalid');
  const more = rest.length ? ` (and ${rest.length} more: ${rest.slice(0, 3).map(format).join('; ')}${rest.length > 3 ? '; …' : ''})` : '';
  return new ConfigError(first.file, `${first.message}${more}`, first.field);
}
