import { afterAll } from 'vitest';
import { runEventBusContract } from './event-bus-contract.js';
import { clusterHarness, deleteClusterKeys } from './cluster-harness.js';
import { runRateLimiterContract } from './rate-limiter-contract.js';
import { runStoreContract } from './store-contract.js';

/**
 * The same contracts as test/store/redis-store.test.ts, on a real 3-master Redis Cluster
 * (REDIS_CLUSTER_NODES, issue 20 point 7): every script and transaction must keep to one
 * hash slot, or the cluster refuses it with CROSSSLOT.
 */
const { make, filePrefix } = clusterHarness();

afterAll(() => deleteClusterKeys(filePrefix));

runStoreContract('redis cluster', make);
runEventBusContract('redis cluster', make);
runRateLimiterContract('redis cluster', make);
