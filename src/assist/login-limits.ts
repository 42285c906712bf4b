import { HttpError } from '../core/errors.js';
import type { RateLimiterFactory } from '../core/store.js';

export interface LoginLimitOptions {
  /** Failed sign-ins per client address (any account names) per window. */
  perAddress: number;
  /** Failed sign-ins per account name from one client address per window. */
  perAccountAddress: number;
  windowSeconds: number;
}

export const defaultLoginLimits: LoginLimitOptions = { perAddress: 30, perAccountAddress: 10, windowSeconds: 15 * 60 };

/** What a sign-in does once the password was checked. */
export interface LoginAttempt {
  /** The password was right: the attempt does not count against the agent. */
  succeeded(): Promise<void>;
}

/**
 * Brute-force protection, shared across processes (Redis limiters when REDIS_URL is set).
 * Failures are counted per (account, client address) and per client address, never per
 * account alone: a stranger guessing alice's password from their address locks out only
 * themselves (that address, and that address with that name), while alice signs in from hers.
 * Guessing from many addresses is bounded by the per-address limit on each and by scrypt.
 *
 * Each attempt takes a point from both counters before the password is checked (so a burst
 * of parallel guesses cannot slip past the limit) and a successful sign-in gives them back.
 * `address` is the client address key (src/http/client-address.ts: IPv6 by its /64).
 */
export function createLoginLimits(factory: RateLimiterFactory, opts: LoginLimitOptions = defaultLoginLimits) {
  const byAddress = factory.create({ name: 'agent-login-address', points: opts.perAddress, durationSeconds: opts.windowSeconds });
  const byPair = factory.create({ name: 'agent-login-account-address', points: opts.perAccountAddress, durationSeconds: opts.windowSeconds });

  const refuse = (retryAfterMs: number, what: string): HttpError => {
    const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    return new HttpError(429, 'too_many_sign_in_attempts', `too many failed sign-in attempts ${what}; try again in ${seconds} s`, {
      headers: { 'Retry-After': String(seconds) },
    });
  };

  return {
    async begin(address: string, account: string): Promise<LoginAttempt> {
      // Names are case-insensitive; a newline cannot occur in either part, so the pair key is unambiguous.
      const pair = `${account.toLowerCase()}\n${address}`;
      const p = await byPair.consume(pair);
      if (!p.ok) throw refuse(p.retryAfterMs, 'for this account from this address');
      const a = await byAddress.consume(address);
      if (!a.ok) {
        await byPair.reward(pair); // never checked: it does not count against the account
        throw refuse(a.retryAfterMs, 'from this address');
      }
      return {
        async succeeded() {
          await Promise.all([byPair.reward(pair), byAddress.reward(address)]);
        },
      };
    },
  };
}

export type LoginLimits = ReturnType<typeof createLoginLimits>;
