import { z } from 'zod';

/** Booleans from env: only the usual spellings, so a typo fails loudly instead of meaning false. */
export const envBool = (def: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
    .optional()
    .transform((v) => (v === undefined || v === '' ? def : v === 'true' || v === '1' || v === 'yes'));

export const envInt = (def: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return def;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `must be an integer between ${min} and ${max}, got "${v}"` });
        return z.NEVER;
      }
      return n;
    });

export const envNumber = (def: number, min = -Infinity, max = Infinity) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return def;
      const n = Number(v);
      if (!Number.isFinite(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `must be a number between ${min} and ${max}, got "${v}"` });
        return z.NEVER;
      }
      return n;
    });

/** Optional string: empty means unset. */
export const envString = () =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

export const envUrl = () =>
  envString().refine((v) => v === undefined || URL.canParse(v), { message: 'must be an absolute URL' });

export const envList = () =>
  envString().transform((v) => (v === undefined ? [] : v.split(',').map((s) => s.trim()).filter(Boolean)));
