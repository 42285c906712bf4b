import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { silentLogger } from '../../src/core/logger.js';
import { createRedisStore } from '../../src/store/create-redis-store.js';
import { parseEnv } from '../../src/config/config.js';
import { closeRedis, connectRedisCluster, type RedisClusterClient } from '../../src/store/redis-client.js';
import { sleep, type MakeHarness } from './harness.js';

/** The tests' 3-master Redis Cluster (started by test/setup/global-setup.ts), as REDIS_CLUSTER_NODES would name it. */
export const clusterNodes = (): string[] => parseEnv({ REDIS_CLUSTER_NODES: inject('redisClusterNodes') }).REDIS_CLUSTER_NODES;

/** Opens a cluster client for a test's own checks and clean-up. */
export const openCluster = (): Promise<RedisClusterClient> =>
  connectRedisCluster({ nodes: clusterNodes(), name: 'switchboard-test', logger: silentLogger });

/** Store harnesses on the cluster, each under a fresh key prefix of this file. */
export function clusterHarness(): { make: MakeHarness; filePrefix: string } {
  const filePrefix = `sbtest:${randomUUID().slice(0, 8)}:`;
  let harnesses = 0;
  const make: MakeHarness = async (opts) => {
    const prefix = `${filePrefix}${++harnesses}:`;
    const open = () => createRedisStore({ clusterNodes: clusterNodes(), prefix, ...opts });
    return { bundle: await open(), advance: (ms) => sleep(ms), now: () => Date.now(), sibling: open };
  };
  return { make, filePrefix };
}

/** Every key under `prefix` on every master (SCAN is per node on a cluster). */
export async function clusterKeys(cluster: RedisClusterClient, prefix: string): Promise<string[]> {
  const out: string[] = [];
  for (const master of cluster.masters) {
    const node = await cluster.nodeClient(master);
    for await (const keys of node.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) out.push(...keys);
  }
  return out;
}

/** Deletes every key under `prefix`, node by node. */
export async function deleteClusterKeys(prefix: string): Promise<void> {
  const cluster = await openCluster();
  try {
    for (const key of await clusterKeys(cluster, prefix)) await cluster.del(key);
  } finally {
    await closeRedis(cluster);
  }
}
