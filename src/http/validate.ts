import type { z } from 'zod';
import { HttpError } from '../core/errors.js';

/** Validates a request part with zod; the 400 names the first offending field and lists all problems. */
export function parseOr400<S extends z.ZodType>(schema: S, value: unknown, what = 'body'): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({
    field: i.path.length ? i.path.join('.') : what,
    message: i.message,
  }));
  const first = issues[0]!;
  throw new HttpError(400, 'invalid_request', `${first.field}: ${first.message}`, { details: issues });
}
