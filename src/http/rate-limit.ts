import type { Request, RequestHandler } from 'express';
import { HttpError } from '../core/errors.js';
import type { RateLimiter } from '../core/store.js';

/** One limit: a store limiter, the request's key in it (null: not checked on this route), and what it counts. */
export interface RateLimitCheck {
  limiter: RateLimiter;
  key: (req: Request) => string | null;
  what: string;
}

/**
 * Express middleware over a store rate limiter (rate-limiter-flexible underneath, so the
 * counts are shared by every process on one Redis). Over the limit: 429 with Retry-After.
 * `key` returns null to skip the check (e.g. no conversation id on this route).
 */
export function rateLimit(check: RateLimitCheck): RequestHandler {
  return rateLimits([check]);
}

/**
 * Several limits checked as if one after the other (the first refusal answers 429 and the
 * later ones do not count the request), in one round trip to the store: every point is
 * consumed at once (commands sent together are one batch on Redis, issue 20), and a refusal
 * gives the later limits their point back, which only costs a second step on the rare 429.
 */
export function rateLimits(checks: readonly RateLimitCheck[]): RequestHandler {
  return async (req, res, next) => {
    const keyed = checks.flatMap((check) => {
      const key = check.key(req);
      return key === null ? [] : [{ check, key }];
    });
    const results = await Promise.all(keyed.map(({ check, key }) => check.limiter.consume(key)));
    const refused = results.findIndex((r) => !r.ok);
    // The limits that passed say what is left, in order (as each one did when they ran in turn).
    for (const r of refused < 0 ? results : results.slice(0, refused)) if (r.ok) res.set('RateLimit-Remaining', String(r.remaining));
    if (refused < 0) return next();
    // Sequential checks would have stopped at the refusal: the later limits never counted this request.
    await Promise.all(keyed.slice(refused + 1).map(({ check, key }) => check.limiter.reward(key)));
    const result = results[refused]!;
    const seconds = result.ok ? 1 : Math.max(1, Math.ceil(result.retryAfterMs / 1000));
    // The code and the wait as data: a client shows its own words for them (the widget's locale-pack `ui` text).
    throw new HttpError(429, 'rate_limited', `too many requests ${keyed[refused]!.check.what}; retry in ${seconds} s`, {
      details: { retry_after_seconds: seconds },
      headers: { 'Retry-After': String(seconds) },
    });
  };
}
