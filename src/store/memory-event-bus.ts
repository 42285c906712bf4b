import type { Logger } from '../core/logger.js';
import { silentLogger } from '../core/logger.js';
import type { EventBus } from '../core/store.js';
import { fromJson, toJson } from './safe-json.js';

type Handler = (payload: unknown) => void;

/**
 * In-process EventBus. Payloads travel as JSON and are delivered on a later tick, exactly
 * like the Redis bus: subscribers get a copy, and a publisher never runs subscriber code
 * inside its own call stack.
 */
export class MemoryEventBus implements EventBus {
  readonly #topics = new Map<string, Set<Handler>>();
  readonly #logger: Logger;
  #closed = false;

  constructor(opts: { logger?: Logger } = {}) {
    this.#logger = opts.logger ?? silentLogger;
  }

  async publish(topic: string, payload: unknown): Promise<void> {
    if (this.#closed) return;
    const handlers = this.#topics.get(topic);
    if (!handlers || handlers.size === 0) return;
    const json = toJson(payload);
    setImmediate(() => {
      const message = fromJson<unknown>(json);
      for (const handler of handlers) {
        try {
          handler(message);
        } catch (err) {
          this.#logger.warn({ err, topic }, 'event handler failed');
        }
      }
    });
  }

  async subscribe(topic: string, handler: Handler): Promise<() => Promise<void>> {
    // A fresh wrapper per call, so subscribing the same function twice gives two deliveries and two unsubscribes.
    const entry: Handler = (payload) => handler(payload);
    let handlers = this.#topics.get(topic);
    if (!handlers) this.#topics.set(topic, (handlers = new Set()));
    handlers.add(entry);
    return async () => {
      const current = this.#topics.get(topic);
      if (!current) return;
      current.delete(entry);
      if (current.size === 0) this.#topics.delete(topic);
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#topics.clear();
  }
}
