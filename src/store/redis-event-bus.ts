import { StoreUnavailableError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { EventBus } from '../core/store.js';
import { SOCKET_CONNECT_TIMEOUT_MS, closeRedis, isCluster, redisCall, type RedisConnection } from './redis-client.js';
import { fromJson, toJson } from './safe-json.js';

type Handler = (payload: unknown) => void;

/** How long a sharded subscribe may wait for its shard's connection: as long as any socket gets to connect. */
const SHARD_CONNECT_MS = SOCKET_CONNECT_TIMEOUT_MS;

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
 *
 * On a cluster the bus uses sharded pub/sub (SPUBLISH/SSUBSCRIBE, Redis 7+): a plain PUBLISH
 * has no key, so node-redis sends each one to the next node in turn and two events of one
 * topic reach a subscriber through different nodes, in either order. SPUBLISH goes to the
 * master owning the channel's slot, where its subscribers listen, so one topic's events
 * arrive in the order they were published (and are not broadcast to every node).
 */
export class RedisEventBus implements EventBus {
  readonly #publisher: RedisConnection;
  readonly #subscriber: RedisConnection;
  readonly #prefix: string;
  readonly #logger: Logger;
  readonly #topics = new Map<string, Topic>();
  readonly #sharded: boolean;

  constructor(publisher: RedisConnection, subscriber: RedisConnection, opts: { prefix: string; logger: Logger }) {
    this.#publisher = publisher;
    this.#subscriber = subscriber;
    this.#sharded = isCluster(publisher);
    this.#prefix = opts.prefix;
    this.#logger = opts.logger;
  }

  #channel(topic: string): string {
    return `${this.#prefix}bus:${topic}`;
  }

  async publish(topic: string, payload: unknown): Promise<void> {
    const json = toJson(payload);
    const channel = this.#channel(topic);
    await redisCall(() => (this.#sharded ? this.#publisher.sPublish(channel, json) : this.#publisher.publish(channel, json)));
  }

  async subscribe(topic: string, handler: Handler): Promise<() => Promise<void>> {
    const entry: Handler = (payload) => handler(payload);
    let state = this.#topics.get(topic);
    if (!state) {
      const handlers = new Set<Handler>();
      const channel = this.#channel(topic);
      const listener = (message: string): void => this.#deliver(topic, handlers, message);
      const ready = redisCall(() => (this.#sharded ? this.#shardSubscribe(channel, listener) : this.#subscriber.subscribe(channel, listener)));
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
        const channel = this.#channel(topic);
        await redisCall(() => (this.#sharded ? this.#subscriber.sUnsubscribe(channel) : this.#subscriber.unsubscribe(channel)));
      } catch (err) {
        // Nobody listens any more; a leftover subscription only delivers to an empty set.
        this.#logger.debug({ err, topic }, 'unsubscribe failed');
      }
    };
  }

  /**
   * SSUBSCRIBE opens a connection to the channel's master the first time one of its slots is
   * used, and that connect waits for as long as the master is down. A subscribe must fail fast
   * like every other call, so it gets SHARD_CONNECT_MS; one that subscribes after giving up is
   * undone at once (its handlers are gone), so failed attempts leave nothing listening.
   */
  async #shardSubscribe(channel: string, listener: (message: string) => void): Promise<void> {
    const subscribing = this.#subscriber.sSubscribe(channel, listener);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), SHARD_CONNECT_MS);
    });
    try {
      if ((await Promise.race([subscribing, late])) !== 'late') return;
    } finally {
      clearTimeout(timer);
    }
    subscribing.then(
      () => this.#subscriber.sUnsubscribe(channel, listener).catch(() => undefined),
      () => undefined,
    );
    throw new StoreUnavailableError(`redis unavailable: no connection to the shard of ${channel} within ${SHARD_CONNECT_MS} ms`);
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
