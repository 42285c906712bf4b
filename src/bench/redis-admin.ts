import { silentLogger } from '../core/logger.js';
import { closeRedis, connectRedis, type RedisClient } from '../store/redis-client.js';

/**
 * What the benchmarks need from Redis beyond the store: is it there, INFO memory, and
 * deleting every key under the run's unique prefix afterwards. Goes through
 * src/store/redis-client.ts, the one module that imports `redis`.
 */
export async function redisAvailable(url: string): Promise<boolean> {
  try {
    const client = await connectRedis({ url, name: 'switchboard-bench', logger: silentLogger, connectTimeoutMs: 1500 });
    await closeRedis(client);
    return true;
  } catch {
    return false;
  }
}

export async function keysUnder(client: RedisClient, prefix: string): Promise<string[]> {
  if (!prefix || prefix.includes('*')) throw new Error(`refusing to scan with prefix "${prefix}"`);
  const keys: string[] = [];
  for await (const batch of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) keys.push(...(batch as unknown as string[]));
  return keys;
}

export async function deleteUnder(client: RedisClient, prefix: string): Promise<number> {
  const keys = await keysUnder(client, prefix);
  for (let i = 0; i < keys.length; i += 1000) await client.unlink(keys.slice(i, i + 1000));
  return keys.length;
}

/** Deletes the run's keys with a connection of its own; returns how many there were. */
export async function cleanUpPrefix(url: string, prefix: string): Promise<number> {
  const client = await connectRedis({ url, name: 'switchboard-bench', logger: silentLogger });
  try {
    return await deleteUnder(client, prefix);
  } finally {
    await closeRedis(client);
  }
}

export async function usedMemoryBytes(client: RedisClient): Promise<number> {
  const info = await client.info('memory');
  const m = /used_memory:(\d+)/.exec(info);
  return m ? Number(m[1]) : Number.NaN;
}

/** MEMORY USAGE summed over keys (pipelined in batches). */
export async function keyBytes(client: RedisClient, keys: readonly string[]): Promise<number> {
  let total = 0;
  for (let i = 0; i < keys.length; i += 1000) {
    const sizes = await Promise.all(keys.slice(i, i + 1000).map((k) => client.memoryUsage(k)));
    for (const s of sizes) total += s ?? 0;
  }
  return total;
}
