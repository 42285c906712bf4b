import { ErrorReply, createClient, createCluster, type RedisClientType, type RedisClusterType } from 'redis';
import { StoreUnavailableError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';

/**
 * The one module that imports `redis` (node-redis). It creates and configures connections
 * and turns their failures into StoreUnavailableError; everything else in src/store/ uses
 * the RedisClient type from here.
 *
 * Fault behaviour, chosen so a Redis restart never takes the process down:
 * - an 'error' listener is always attached (an unhandled 'error' event would crash node);
 * - reconnects forever with capped exponential backoff and jitter;
 * - the offline queue is disabled, so while disconnected every command fails at once
 *   (callers answer 503 + Retry-After instead of piling up requests behind a dead socket).
 */
export type RedisClient = RedisClientType;
/** A Redis Cluster client (REDIS_CLUSTER_NODES): keyed commands are routed by their first key's slot. */
export type RedisClusterClient = RedisClusterType;
/**
 * What the store runs its commands on: one Redis, or a cluster. The store only sends commands
 * (and scripts, and MULTI) whose keys share one hash slot, so both answer them the same way.
 */
export type RedisConnection = RedisClient | RedisClusterClient;

export interface RedisConnectOptions {
  url: string;
  /** CLIENT SETNAME, visible in CLIENT LIST. */
  name: string;
  logger: Logger;
  /** How long the first connection may take before start-up gives up. */
  connectTimeoutMs?: number;
  /** The setting named in connection errors (default REDIS_URL). */
  variable?: string;
}

/** How long one socket may take to connect (each node's, and each reconnect attempt's). */
export const SOCKET_CONNECT_TIMEOUT_MS = 2000;

/** Backoff between reconnect attempts: 50 ms doubling to 2 s, plus up to 25% jitter so a fleet does not reconnect in step. */
export function reconnectDelay(retries: number): number {
  const base = Math.min(50 * 2 ** Math.min(retries, 6), 2000);
  return Math.round(base + Math.random() * base * 0.25);
}

/** The URL without its password, for logs and error messages. */
export function redactRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'redis://(unparseable url)';
  }
}

/** Replies that mean "not now" rather than "wrong command": the server is alive but cannot serve. */
const TRANSIENT_REPLY = /^(LOADING|BUSY|MASTERDOWN|TRYAGAIN|CLUSTERDOWN|READONLY|NOREPLICAS)\b/;

/** Maps a node-redis failure: error replies to commands stay as they are (bugs); anything about reaching Redis becomes StoreUnavailableError. */
export function toStoreError(err: unknown): unknown {
  if (err instanceof StoreUnavailableError) return err;
  if (err instanceof ErrorReply && !TRANSIENT_REPLY.test(err.message)) return err;
  const detail = err instanceof Error ? err.message : String(err);
  return new StoreUnavailableError(`redis unavailable: ${detail}`, { cause: err });
}

/** Runs a Redis call, translating connection failures. */
export async function redisCall<T>(op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (err) {
    throw toStoreError(err);
  }
}

/** A NOSCRIPT reply: the server lost its script cache (restart, SCRIPT FLUSH). */
export function isNoScriptError(err: unknown): boolean {
  return err instanceof ErrorReply && err.message.startsWith('NOSCRIPT');
}

function watchConnection(client: RedisConnection, logger: Logger): void {
  if (isCluster(client)) return watchCluster(client, logger);
  // One warning per outage, not one per reconnect attempt.
  let down = false;
  client.on('error', (err: unknown) => {
    if (down) return;
    down = true;
    logger.warn({ err }, 'redis connection lost; reconnecting');
  });
  client.on('ready', () => {
    if (down) logger.info('redis connection restored');
    down = false;
  });
}

/** A cluster reports each node's connection: one warning when the first goes down, one line when the last is back. */
function watchCluster(cluster: RedisClusterClient, logger: Logger): void {
  const down = new Set<string>();
  const nodeOf = (info: unknown) => {
    const i = info as { host?: string; port?: number } | undefined;
    return `${i?.host ?? '?'}:${i?.port ?? '?'}`;
  };
  // Topology errors come as 'error'; without a listener node would crash on them.
  cluster.on('error', (err: unknown) => logger.debug({ err }, 'redis cluster error'));
  cluster.on('node-error', (err: unknown, info: unknown) => {
    if (down.size === 0) logger.warn({ err, node: nodeOf(info) }, 'redis connection lost; reconnecting');
    down.add(nodeOf(info));
  });
  cluster.on('node-ready', (info: unknown) => {
    if (down.delete(nodeOf(info)) && down.size === 0) logger.info('redis connection restored');
  });
}

async function open<C extends RedisConnection>(client: C, opts: RedisConnectOptions): Promise<C> {
  watchConnection(client, opts.logger);
  const timeoutMs = opts.connectTimeoutMs ?? 5000;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const outcome = await Promise.race([(client.connect() as Promise<unknown>).then(() => 'ready' as const), timedOut]);
    if (outcome === 'timeout') throw new Error(`no answer within ${timeoutMs} ms`);
    return client;
  } catch (err) {
    client.destroy();
    throw new StoreUnavailableError(`cannot connect to Redis at ${redactRedisUrl(opts.url)} (${opts.variable ?? 'REDIS_URL'}): ${(err as Error).message}`, {
      cause: err,
    });
  } finally {
    clearTimeout(timer);
  }
}

/**
 * node-redis (6.x) gives every command a default 5 s `timeout`: an AbortSignal.timeout (a timer,
 * a weak reference and an abort listener) made for each command and dropped as soon as the
 * command is written to the socket, on the next setImmediate; it never covers the wait for the
 * reply. It could only fire for a command still unwritten after 5 s: with the offline queue
 * disabled (a command issued while disconnected fails at once), that takes a connected socket
 * whose writes have backed up for 5 s, where the commands already written wait for their
 * replies with or without it. Its cost was CPU on every command (15 a web chat turn) and GC of
 * the timers and weak references (issue 20), so commands are sent without it. For the cluster
 * client it is set on the cluster, whose options each node client's command receives.
 */
const UNTIMED_COMMANDS = { timeout: 0 } as const;

/** Creates and connects a command connection. Throws StoreUnavailableError naming REDIS_URL when Redis does not answer in time. */
export function connectRedis(opts: RedisConnectOptions): Promise<RedisClient> {
  const client = createClient({
    url: opts.url,
    name: opts.name,
    disableOfflineQueue: true,
    commandOptions: UNTIMED_COMMANDS,
    socket: { connectTimeout: SOCKET_CONNECT_TIMEOUT_MS, reconnectStrategy: reconnectDelay },
  });
  return open(client, opts);
}

/** A second connection with the same settings (pub/sub needs its own). */
export function connectDuplicate(client: RedisClient, opts: RedisConnectOptions): Promise<RedisClient> {
  return open(client.duplicate({ name: opts.name }), opts);
}

/**
 * Creates and connects a Redis Cluster client from some of its nodes (REDIS_CLUSTER_NODES).
 * Same fault behaviour as connectRedis, applied to every node connection it opens.
 */
export function connectRedisCluster(opts: Omit<RedisConnectOptions, 'url'> & { nodes: readonly string[] }): Promise<RedisClusterClient> {
  const cluster = createCluster({
    rootNodes: opts.nodes.map((url) => ({ url })),
    commandOptions: UNTIMED_COMMANDS,
    defaults: {
      name: opts.name,
      disableOfflineQueue: true,
      socket: { connectTimeout: SOCKET_CONNECT_TIMEOUT_MS, reconnectStrategy: reconnectDelay },
    },
  }) as unknown as RedisClusterClient;
  return open(cluster, { ...opts, url: opts.nodes[0] ?? '', variable: 'REDIS_CLUSTER_NODES' });
}

/** A second cluster client with the same settings, for subscriptions. */
export function connectClusterDuplicate(cluster: RedisClusterClient, opts: Omit<RedisConnectOptions, 'url'> & { nodes: readonly string[] }): Promise<RedisClusterClient> {
  return open(cluster.duplicate({ minimizeConnections: true }) as unknown as RedisClusterClient, { ...opts, url: opts.nodes[0] ?? '', variable: 'REDIS_CLUSTER_NODES' });
}

/** True for a cluster client. */
export function isCluster(client: RedisConnection): client is RedisClusterClient {
  return 'masters' in client;
}

/** Closes gracefully when connected (pending replies arrive), at once when not (nothing to wait for). */
export async function closeRedis(client: RedisConnection): Promise<void> {
  if (!client.isOpen) return;
  if (!client.isReady) {
    client.destroy();
    return;
  }
  try {
    await client.close();
  } catch {
    client.destroy();
  }
}
