import { HttpError } from '../core/errors.js';
import type { RateLimiterFactory } from '../core/store.js';

export interface LoginLimitOptions {
  /** Sign-in attempts per client IP per window. */
  perIp: number;
  /** Sign-in attempts per account name per window (lockout against guessing one account's password). */
  perAccount: number;
  windowSeconds: number;
}

export const defaultLoginLimits: LoginLimitOptions = { perIp: 30, perAccount: 10, windowSeconds: 15 * 60 };

/**
 * Brute-force protection, shared across processes (Redis limiters when REDIS_URL is set).
 * Every attempt counts, successful or not: the limiter interface only consumes, and a real
 * agent signs in a few times a day, far below either limit.
 */
export function createLoginLimits(factory: RateLimiterFactory, opts: LoginLimitOptions = defaultLoginLimits) {
  const byIp = factory.create({ name: 'agent-login-ip', points: opts.perIp, durationSeconds: opts.windowSeconds });
  const byAccount = factory.create({ name: 'agent-login-account', points: opts.perAccount, durationSeconds: opts.windowSeconds });
  return {
    async check(ip: string, account: string): Promise<void> {
      for (const [limiter, key, what] of [
        [byIp, ip || 'unknown', 'from this address'],
        [byAccount, account.toLowerCase(), 'for this account'],
      ] as const) {
        const r = await limiter.consume(key);
        if (!r.ok) {
          const seconds = Math.ceil(r.retryAfterMs / 1000);
          throw new HttpError(429, 'too_many_sign_in_attempts', `too many sign-in attempts ${what}; try again in ${seconds} s`, {
            headers: { 'Retry-After': String(seconds) },
          });
        }
      }
    },
  };
}

export type LoginLimits = ReturnType<typeof createLoginLimits>;
