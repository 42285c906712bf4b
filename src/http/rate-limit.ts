import type { Request, RequestHandler } from 'express';
import { HttpError } from '../core/errors.js';
import type { RateLimiter } from '../core/store.js';

/**
 * Express middleware over a store rate limiter (rate-limiter-flexible underneath, so the
 * counts are shared by every process on one Redis). Over the limit: 429 with Retry-After.
 * `key` returns null to skip the check (e.g. no conversation id on this route).
 */
export function rateLimit(opts: { limiter: RateLimiter; key: (req: Request) => string | null; what: string }): RequestHandler {
  return async (req, res, next) => {
    const key = opts.key(req);
    if (key === null) return next();
    const result = await opts.limiter.consume(key);
    if (result.ok) {
      res.set('RateLimit-Remaining', String(result.remaining));
      return next();
    }
    const seconds = Math.max(1, Math.ceil(result.retryAfterMs / 1000));
    throw new HttpError(429, 'rate_limited', `too many requests ${opts.what}; retry in ${seconds} s`, {
      headers: { 'Retry-After': String(seconds) },
    });
  };
}
