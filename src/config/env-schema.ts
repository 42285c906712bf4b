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

/** One "host:port" (or redis:// / rediss:// URL) of a list: the URL to connect to, or null when it is neither. */
export function redisNodeUrl(node: string): string | null {
  const url = node.includes('://') ? node : `redis://${node}`;
  if (!URL.canParse(url)) return null;
  const parsed = new URL(url);
  if (!/^rediss?:$/.test(parsed.protocol) || !parsed.hostname || !/^\d{1,5}$/.test(parsed.port) || Number(parsed.port) > 65535) return null;
  return url;
}

/** Comma-separated host:port of Redis nodes, as redis:// URLs; empty means unset. Names the entry that is wrong. */
export const envRedisNodes = () =>
  envList().transform((nodes, ctx) => {
    const urls: string[] = [];
    for (const node of nodes) {
      const url = redisNodeUrl(node);
      if (url === null) {
        ctx.addIssue({ code: 'custom', message: `"${node}" is not host:port (comma-separated, e.g. 10.0.0.1:7000,10.0.0.2:7000)` });
        return z.NEVER;
      }
      urls.push(url);
    }
    return urls;
  });
