import { RateLimiterRedis } from 'rate-limiter-flexible';
import type { RateLimiter, RateLimiterFactory } from '../core/store.js';
import { assertLimiterOptions, consumePoints, remainingPoints, rewardPoints } from './rate-limit-consume.js';
import type { RedisConnection } from './redis-client.js';

/**
 * Limits shared by every process on one Redis (rate-limiter-flexible's RateLimiterRedis).
 * `useRedisPackage` selects its node-redis v4+ code path (it otherwise assumes ioredis);
 * `rejectIfRedisNotReady` makes it fail at once while disconnected instead of waiting,
 * which consumePoints reports as StoreUnavailableError. Keys: P rl:{name}:{key}.
 */
export class RedisRateLimiterFactory implements RateLimiterFactory {
  readonly #client: RedisConnection;
  readonly #prefix: string;
  readonly #limiters = new Map<string, RateLimiter>();

  constructor(client: RedisConnection, opts: { prefix: string }) {
    this.#client = client;
    this.#prefix = opts.prefix;
  }

  create(opts: { name: string; points: number; durationSeconds: number }): RateLimiter {
    assertLimiterOptions(opts);
    const id = `${opts.name}/${opts.points}/${opts.durationSeconds}`;
    const existing = this.#limiters.get(id);
    if (existing) return existing;
    const limiter = new RateLimiterRedis({
      storeClient: this.#client,
      useRedisPackage: true,
      rejectIfRedisNotReady: true,
      keyPrefix: `${this.#prefix}rl:${opts.name}`,
      points: opts.points,
      duration: opts.durationSeconds,
    });
    const created: RateLimiter = {
      consume: (key, points) => consumePoints(limiter, key, points),
      remaining: (key) => remainingPoints(limiter, key),
      reward: (key, points) => rewardPoints(limiter, key, points),
    };
    this.#limiters.set(id, created);
    return created;
  }
}
