import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { LockTimeoutError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { redisCall, type RedisConnection } from './redis-client.js';
import { heartbeatEvery } from './lock-defaults.js';
import { RELEASE_LOCK, RENEW_LOCK, TAKE_LOCK } from './redis-store-scripts.js';

/**
 * A lock shared by every process on one Redis: SET NX PX with a random token, released by
 * a compare-and-delete script. Waiters poll with a short jittered backoff (5 ms growing to
 * 50 ms): turns last seconds, so polling costs little and needs no extra connection.
 *
 * The PX is a lease, not the length of the work: a heartbeat renews it (compare-and-expire
 * on the token) three times per lease while `fn` runs, up to `maxHoldMs`. A holder killed
 * mid-turn stops beating, and the conversation is free again within one lease (seconds),
 * instead of staying blocked for the longest a turn could ever take.
 *
 * With `once` (withLockOnce): the lock is only taken while that marker is unset, checked in
 * the same script (else `duplicate` runs, without the lock), and the marker is set by the
 * same script that frees the lock once `fn` succeeded: one round trip to start, one to end.
 * With `once.load`, the starting script also reads keys of the lock's slot (the conversation a
 * turn works on) and hands them to `fn` or `duplicate`; the ending one is sent in the next turn
 * of the event loop, after the caller's reply (see the finally below).
 */
export async function withRedisLock<T>(
  client: RedisConnection,
  lockKey: string,
  name: string,
  fn: (loaded: unknown[] | undefined) => Promise<T>,
  opts: {
    ttlMs: number;
    waitMs: number;
    maxHoldMs: number;
    logger: Logger;
    /** `load`: keys of the lock's slot TAKE_LOCK reads as it takes the lock or finds the marker (state, messages, tombstone; last `limit` messages). */
    once?: { key: string; ttlMs: number; duplicate: (loaded: unknown[] | undefined) => Promise<T>; load?: { keys: string[]; limit: number } };
  },
): Promise<T> {
  const token = randomUUID();
  const ttlMs = Math.max(1, Math.round(opts.ttlMs));
  const deadline = Date.now() + opts.waitMs;
  const load = opts.once?.load;
  const takeKeys = opts.once ? [lockKey, opts.once.key, ...(load?.keys ?? [])] : [lockKey];
  const takeArgs = load ? [token, ttlMs, load.limit] : [token, ttlMs];
  let delay = 5;
  let loaded: unknown[] | undefined;
  for (;;) {
    let taken: unknown;
    try {
      taken = await TAKE_LOCK.run(client, takeKeys, takeArgs);
    } catch (err) {
      // The connection broke with the SET on the wire: Redis may have applied it (and kept it
      // in its append-only file) without us hearing back. Undo it once Redis is back, or the
      // conversation stays locked for the whole TTL. Only our token is deleted, so this is a
      // no-op when the SET never landed.
      releaseLater(client, lockKey, token, Date.now() + ttlMs);
      throw err;
    }
    if (Array.isArray(taken)) {
      loaded = taken;
      taken = taken[0];
    }
    if (taken === 1) break;
    if (taken === -1 && opts.once) return opts.once.duplicate(loaded);
    const left = deadline - Date.now();
    if (left <= 0) throw new LockTimeoutError(name);
    await sleep(Math.min(left, delay * (0.5 + Math.random())));
    delay = Math.min(delay * 2, 50);
  }
  const heartbeat = keepAlive(client, lockKey, name, token, ttlMs, opts.maxHoldMs, opts.logger);
  let done = false;
  try {
    const result = await fn(loaded);
    done = true;
    return result;
  } finally {
    heartbeat.stop();
    // The work is done either way; a failed release only means the lock lives out its TTL.
    const mark = done && opts.once ? opts.once : null;
    const release = async () => {
      try {
        const released = await RELEASE_LOCK.run(client, mark ? [lockKey, mark.key] : [lockKey], mark ? [token, Math.max(1, Math.round(mark.ttlMs))] : [token]);
        if (released === 0) opts.logger.warn({ lock: name, ttlMs }, 'lock expired before its holder finished');
      } catch (err) {
        opts.logger.warn({ err, lock: name }, 'lock release failed; retrying in the background until it expires');
        releaseLater(client, lockKey, token, Date.now() + ttlMs);
      }
    };
    // A turn (withLockOnce) returns its reply without waiting: the release (and the marker) is
    // sent in the next turn of the event loop, with the turn's other after-reply writes (one
    // round trip). Nothing depends on its timing: a copy arriving meanwhile finds the lock held
    // and waits, then finds the marker; a process dying first leaves the reply in the history
    // (the next holder replays it) and the lease runs out within ttlMs.
    if (opts.once) setImmediate(() => void release());
    else await release();
  }
}

/**
 * Redis went away between taking and releasing the lock. A durable Redis (AOF) brings the
 * lock back when it restarts, and the conversation would stay blocked for the whole TTL
 * (a minute and more for a turn lock), so the release is retried until it lands or the
 * lock has expired anyway. Compare-and-delete on the token: it can never free someone else's lock.
 */
function releaseLater(client: RedisConnection, lockKey: string, token: string, expiresAt: number, delayMs = 100): void {
  if (Date.now() + delayMs >= expiresAt) return;
  const timer = setTimeout(() => {
    if (!client.isOpen) return; // closed by us: shutting down
    RELEASE_LOCK.run(client, [lockKey], [token]).catch(() => releaseLater(client, lockKey, token, expiresAt, Math.min(delayMs * 2, 1000)));
  }, delayMs);
  timer.unref();
}

/**
 * Renews the lease until stopped or `maxHoldMs` has passed. A renewal that fails because Redis
 * is unreachable is simply tried again at the next beat (the lease covers three beats); one
 * that finds the lock gone means another holder may be in: logged, and the beating stops.
 */
function keepAlive(client: RedisConnection, lockKey: string, name: string, token: string, ttlMs: number, maxHoldMs: number, logger: Logger) {
  const until = Date.now() + maxHoldMs;
  let inFlight = false;
  const timer = setInterval(() => {
    if (Date.now() + ttlMs > until) {
      clearInterval(timer);
      logger.warn({ lock: name, maxHoldMs }, 'lock held for its maximum; no longer renewed');
      return;
    }
    if (inFlight || !client.isOpen) return;
    inFlight = true;
    RENEW_LOCK.run(client, [lockKey], [token, ttlMs]).then(
      (renewed) => {
        inFlight = false;
        if (renewed === 0) {
          clearInterval(timer);
          logger.warn({ lock: name, ttlMs }, 'lock lost before its holder finished (lease expired)');
        }
      },
      () => {
        inFlight = false;
      },
    );
  }, heartbeatEvery(ttlMs));
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
