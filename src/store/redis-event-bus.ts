import type { Logger } from '../core/logger.js';
import type { EventBus } from '../core/store.js';
import { closeRedis, redisCall, type RedisConnection } from './redis-client.js';
import { fromJson, toJson } from './safe-json.js';

type Handler = (payload: unknown) => void;

interface Topic {
  handlers: Set<Handler>;
  /** SUBSCRIBE in flight or done; concurrent first subscribers share it. */
  ready: Promise<void>;
}

/**
 * Redis pub/sub EventBus. Publishes go out on the shared command connection; subscriptions
 * live on their own connection (a subscribed connection can run nothing else). node-redis
 * re-sends SUBSCRIBE for every channel it knows after a reconnect, so subscribers keep
 * receiving after a Redis restart without doing anything (messages published while the
 * connection was down are lost: pub/sub is fire-and-forget).
 * Channel = prefix + "bus:" + topic, so deployments sharing a Redis do not hear each other.
 */
export class RedisEventBus implements EventBus {
  readonly #publisher: RedisConnection;
  readonly #subscriber: RedisConnection;
  readonly #prefix: string;
  readonly #logger: Logger;
  readonly #topics = new Map<string, Topic>();

  constructor(publisher: RedisConnection, subscriber: RedisConnection, opts: { prefix: string; logger: Logger }) {
    this.#publisher = publisher;
    this.#subscriber = subscriber;
    this.#prefix = opts.prefix;
    this.#logger = opts.logger;
  }

  #channel(topic: string): string {
    return `${this.#prefix}bus:${topic}`;
  }

  async publish(topic: string, payload: unknown): Promise<void> {
    const json = toJson(payload);
    await redisCall(() => this.#publisher.publish(this.#channel(topic), json));
  }

  async subscribe(topic: string, handler: Handler): Promise<() => Promise<void>> {
    const entry: Handler = (payload) => handler(payload);
    let state = this.#topics.get(topic);
    if (!state) {
      const handlers = new Set<Handler>();
      const ready = redisCall(() => this.#subscriber.subscribe(this.#channel(topic), (message) => this.#deliver(topic, handlers, message)));
      state = { handlers, ready };
      this.#topics.set(topic, state);
      ready.catch(() => {
        if (this.#topics.get(topic) === state) this.#topics.delete(topic);
      });
    }
    state.handlers.add(entry);
    try {
      await state.ready;
    } catch (err) {
      state.handlers.delete(entry);
      throw err;
    }
    const subscribed = state;
    return async () => {
      if (!subscribed.handlers.delete(entry) || subscribed.handlers.size > 0) return;
      if (this.#topics.get(topic) === subscribed) this.#topics.delete(topic);
      try {
        await redisCall(() => this.#subscriber.unsubscribe(this.#channel(topic)));
      } catch (err) {
        // Nobody listens any more; a leftover subscription only delivers to an empty set.
        this.#logger.debug({ err, topic }, 'unsubscribe failed');
      }
    };
  }

  #deliver(topic: string, handlers: Set<Handler>, message: string): void {
    let payload: unknown;
    try {
      payload = fromJson<unknown>(message);
    } catch (err) {
      this.#logger.warn({ err, topic }, 'dropped an event that is not JSON');
      return;
    }
    for (const handler of handlers) {
      try {
        handler(payload);
      } catch (err) {
        this.#logger.warn({ err, topic }, 'event handler failed');
      }
    }
  }

  /** Closes the subscriber connection (the publisher is the store's and closes with it). */
  async close(): Promise<void> {
    this.#topics.clear();
    await closeRedis(this.#subscriber);
  }
}
