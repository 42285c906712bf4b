import { LockTimeoutError } from '../core/errors.js';

interface Held {
  token: number;
  timer: NodeJS.Timeout;
}

interface Waiter {
  grant: () => void;
}

/**
 * Per-key mutual exclusion inside one process. Waiters queue in arrival order and the lock
 * is handed over directly on release, so nobody can slip in between. A holder that never
 * releases loses the lock after its TTL (real time: waiting is inherently a timer affair).
 */
export class LockTable {
  readonly #held = new Map<string, Held>();
  readonly #queues = new Map<string, Waiter[]>();
  #nextToken = 1;

  async run<T>(key: string, fn: () => Promise<T>, ttlMs: number, waitMs: number): Promise<T> {
    const token = await this.#acquire(key, ttlMs, waitMs);
    try {
      return await fn();
    } finally {
      this.#release(key, token);
    }
  }

  /** Drops every lock (close()); queued waiters still time out as they would have. */
  clear(): void {
    for (const held of this.#held.values()) clearTimeout(held.timer);
    this.#held.clear();
    this.#queues.clear();
  }

  #acquire(key: string, ttlMs: number, waitMs: number): Promise<number> {
    if (!this.#held.has(key)) return Promise.resolve(this.#take(key, ttlMs));
    return new Promise<number>((resolve, reject) => {
      const waiter: Waiter = {
        grant: () => {
          clearTimeout(timeout);
          resolve(this.#take(key, ttlMs));
        },
      };
      const timeout = setTimeout(() => {
        const queue = this.#queues.get(key);
        const at = queue?.indexOf(waiter) ?? -1;
        if (queue && at >= 0) {
          queue.splice(at, 1);
          if (queue.length === 0) this.#queues.delete(key);
        }
        reject(new LockTimeoutError(key));
      }, Math.max(0, waitMs));
      const queue = this.#queues.get(key);
      if (queue) queue.push(waiter);
      else this.#queues.set(key, [waiter]);
    });
  }

  #take(key: string, ttlMs: number): number {
    const token = this.#nextToken++;
    // The holder is presumed dead after its TTL: pass the lock on as if it had released.
    const timer = setTimeout(() => this.#release(key, token), Math.max(1, ttlMs));
    timer.unref();
    this.#held.set(key, { token, timer });
    return token;
  }

  /** Releases only if `token` still holds the lock (an expired holder must not free its successor's). */
  #release(key: string, token: number): void {
    const held = this.#held.get(key);
    if (!held || held.token !== token) return;
    clearTimeout(held.timer);
    this.#held.delete(key);
    const queue = this.#queues.get(key);
    const next = queue?.shift();
    if (queue && queue.length === 0) this.#queues.delete(key);
    next?.grant();
  }
}
