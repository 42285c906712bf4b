import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { RateLimiter, RateLimiterFactory } from '../core/store.js';
import { assertLimiterOptions, consumePoints, remainingPoints, rewardPoints } from './rate-limit-consume.js';

/** Per-process limits (rate-limiter-flexible's memory backend); one instance per name. */
export class MemoryRateLimiterFactory implements RateLimiterFactory {
  readonly #limiters = new Map<string, RateLimiter>();

  create(opts: { name: string; points: number; durationSeconds: number }): RateLimiter {
    assertLimiterOptions(opts);
    const id = `${opts.name}/${opts.points}/${opts.durationSeconds}`;
    const existing = this.#limiters.get(id);
    if (existing) return existing;
    const limiter = new RateLimiterMemory({ keyPrefix: opts.name, points: opts.points, duration: opts.durationSeconds });
    const created: RateLimiter = {
      consume: (key, points) => consumePoints(limiter, key, points),
      remaining: (key) => remainingPoints(limiter, key),
      reward: (key, points) => rewardPoints(limiter, key, points),
    };
    this.#limiters.set(id, created);
    return created;
  }
}
