import { scriptNames, scriptSources } from './lua-script.js';
import type { RedisConnection } from './redis-client.js';

/**
 * Counts what the store sends to Redis (issue 20, point 2): every command, and every round
 * trip. node-redis writes the commands issued before its next setImmediate in one socket
 * write (auto-pipelining), so the commands issued in one turn of the event loop are one
 * round trip: each batch is counted once. Counted on the client side, so a shared Redis's
 * other traffic does not blur it (INFO commandstats would count everyone's).
 */
export interface CommandCounts {
  commands: number;
  roundTrips: number;
  /** Command names in the order sent; a batch's commands joined with "+". */
  batches: string[];
}

export class CommandCounter {
  #commands = 0;
  #batches: string[][] = [];
  #open: string[] | null = null;
  #inFlight = 0;
  #idleWaiters: Array<() => void> = [];

  /** Records one command (or one MULTI/EXEC) about to be written. */
  record(name: string): void {
    this.#commands++;
    if (!this.#open) {
      const batch: string[] = [];
      this.#open = batch;
      this.#batches.push(batch);
      setImmediate(() => {
        if (this.#open === batch) this.#open = null;
      });
    }
    this.#open.push(name);
  }

  /** Tracks a reply so `idle()` can wait for every command sent to be answered. */
  track<T>(reply: T): T {
    if (!(reply instanceof Promise)) return reply;
    this.#inFlight++;
    const done = () => {
      if (--this.#inFlight === 0) for (const w of this.#idleWaiters.splice(0)) w();
    };
    reply.then(done, done);
    return reply;
  }

  /** Resolves once nothing sent is waiting for its answer. */
  idle(): Promise<void> {
    return this.#inFlight === 0 ? Promise.resolve() : new Promise((r) => this.#idleWaiters.push(r));
  }

  snapshot(): CommandCounts {
    return { commands: this.#commands, roundTrips: this.#batches.length, batches: this.#batches.map((b) => b.join('+')) };
  }

  reset(): void {
    this.#commands = 0;
    this.#batches = [];
    this.#open = null;
  }
}

/** Methods of a client that are not commands sent to Redis. */
const NOT_COMMANDS = new Set([
  'on', 'once', 'off', 'addListener', 'removeListener', 'removeAllListeners', 'emit', 'listeners', 'listenerCount', 'prependListener',
  'connect', 'close', 'destroy', 'quit', 'disconnect', 'duplicate', 'withTypeMapping', 'withCommandOptions', 'nodeClient',
  'getNodeClientForKey', 'getRandomNode', 'getSlotRandomNode', 'getMasters', 'getSlotMaster', 'ref', 'unref',
]);

/** Multi builders count once, when executed. */
function countingMulti<M extends object>(multi: M, counter: CommandCounter): M {
  const wrapped: M = new Proxy(multi, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== 'function') return value;
      const fn = value as (...a: unknown[]) => unknown;
      if (prop === 'exec' || prop === 'execAsPipeline' || prop === 'EXEC') {
        return (...args: unknown[]) => {
          counter.record('MULTI');
          return counter.track(fn.apply(target, args));
        };
      }
      // Chained builder calls return the builder itself: keep it wrapped.
      return (...args: unknown[]) => {
        const out = fn.apply(target, args);
        return out === target ? wrapped : out;
      };
    },
  });
  return wrapped;
}

/**
 * The client seen through a counter: every command method records itself before it is sent.
 * Methods run on the real client (never on the proxy), so node-redis's own internal calls are
 * not counted twice.
 */
export function countCommands<C extends RedisConnection>(client: C, counter: CommandCounter): C {
  return new Proxy(client, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== 'function') return value;
      const fn = value as (...a: unknown[]) => unknown;
      if (typeof prop !== 'string' || NOT_COMMANDS.has(prop)) return fn.bind(target);
      if (prop === 'multi' || prop === 'MULTI') return (...args: unknown[]) => countingMulti(fn.apply(target, args) as object, counter);
      return (...args: unknown[]) => {
        counter.record(label(prop, args));
        return counter.track(fn.apply(target, args));
      };
    },
  });
}

/** A script is named (EVALSHA sends only its SHA, the EVAL fallback its source); any other EVAL is rate-limiter-flexible's limiter script. */
function label(name: string, args: unknown[]): string {
  if (name === 'eval') return `eval:${scriptSources.get(String(args[0])) ?? 'rate-limit'}`;
  if (name !== 'evalSha') return name;
  return `evalSha:${scriptNames.get(String(args[0])) ?? 'script'}`;
}
