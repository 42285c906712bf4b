import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { StoreUnavailableError } from '../core/errors.js';
import type { RateLimiter } from '../core/store.js';

type ConsumeResult = Awaited<ReturnType<RateLimiter['consume']>>;

/** Validates a limiter definition the same way for both backends. */
export function assertLimiterOptions(opts: { name: string; points: number; durationSeconds: number }): void {
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(opts.name)) throw new TypeError(`invalid rate limiter name "${opts.name}"`);
  if (!Number.isInteger(opts.points) || opts.points < 1) throw new TypeError(`rate limiter ${opts.name}: points must be a positive integer`);
  if (!Number.isInteger(opts.durationSeconds) || opts.durationSeconds < 1) {
    throw new TypeError(`rate limiter ${opts.name}: durationSeconds must be a positive integer`);
  }
}

/**
 * rate-limiter-flexible rejects with a RateLimiterRes when over the limit and with an Error
 * when its store fails; the first is an answer, the second means the store is unavailable.
 */
export async function consumePoints(limiter: RateLimiterAbstract, key: string, points = 1): Promise<ConsumeResult> {
  if (!Number.isInteger(points) || points < 1) throw new TypeError('points must be a positive integer');
  try {
    const res = await limiter.consume(key, points);
    return { ok: true, remaining: res.remainingPoints };
  } catch (err) {
    if (err instanceof RateLimiterRes) return { ok: false, retryAfterMs: Math.max(1, Math.ceil(err.msBeforeNext)) };
    throw new StoreUnavailableError('rate limiter store unavailable', { cause: err });
  }
}

/** Points left for `key` without consuming any (a key never seen has them all). */
export async function remainingPoints(limiter: RateLimiterAbstract, key: string): Promise<number> {
  try {
    const res = await limiter.get(key);
    return res ? Math.max(0, res.remainingPoints) : limiter.points;
  } catch (err) {
    throw new StoreUnavailableError('rate limiter store unavailable', { cause: err });
  }
}

/** Gives points back in the current window; a store failure is StoreUnavailableError like consume's. */
export async function rewardPoints(limiter: RateLimiterAbstract, key: string, points = 1): Promise<void> {
  if (!Number.isInteger(points) || points < 1) throw new TypeError('points must be a positive integer');
  try {
    await limiter.reward(key, points);
  } catch (err) {
    throw new StoreUnavailableError('rate limiter store unavailable', { cause: err });
  }
}
