import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection, createServer } from 'node:net';
import { existsSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { findRedisBinaries, startLocalCluster, type LocalCluster } from '../../src/cli/load-cluster.js';
import type {} from 'vitest';

/**
 * Makes a real Redis available to every test file as `inject('redisUrl')`
 * (and process.env.TEST_REDIS_URL). Uses REDIS_URL or redis://127.0.0.1:6379 when
 * one answers PING; otherwise starts `redis-server` on a free loopback port.
 */

function pingRedis(url: string, timeoutMs = 1000): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: u.hostname, port: Number(u.port || 6379) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (buf) => done(buf.toString().startsWith('+PONG')));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

function findRedisServer(): string | null {
  for (const p of ['/usr/bin/redis-server', '/usr/local/bin/redis-server', '/usr/sbin/redis-server']) {
    if (existsSync(p)) return p;
  }
  return null;
}

let child: ChildProcess | null = null;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let url = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  if (!(await pingRedis(url))) {
    const bin = findRedisServer();
    if (!bin) {
      throw new Error(
        `No Redis answered at ${url} and redis-server is not installed. Install it (apt-get install -y redis-server) or set REDIS_URL.`,
      );
    }
    const port = await freePort();
    child = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    url = `redis://127.0.0.1:${port}`;
    const deadline = Date.now() + 10_000;
    while (!(await pingRedis(url, 200))) {
      if (Date.now() > deadline) throw new Error(`redis-server did not start on port ${port}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  process.env.TEST_REDIS_URL = url;
  project.provide('redisUrl', url);

  // A 3-master Redis Cluster of our own for the cluster variants of the store tests (issue 20).
  const binaries = findRedisBinaries();
  let cluster: LocalCluster | null = null;
  if (process.env.TEST_REDIS_CLUSTER_NODES) {
    project.provide('redisClusterNodes', process.env.TEST_REDIS_CLUSTER_NODES);
  } else if (binaries) {
    cluster = await startLocalCluster(binaries);
    process.env.TEST_REDIS_CLUSTER_NODES = cluster.nodes.join(',');
    project.provide('redisClusterNodes', process.env.TEST_REDIS_CLUSTER_NODES);
  } else {
    throw new Error('The cluster tests need redis-server and redis-cli (apt-get install -y redis-server), or TEST_REDIS_CLUSTER_NODES.');
  }
  return async () => {
    child?.kill('SIGTERM');
    await cluster?.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
    /** host:port of every master of the tests' Redis Cluster, comma-separated (REDIS_CLUSTER_NODES). */
    redisClusterNodes: string;
  }
}
