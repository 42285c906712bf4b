import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * A throw-away 3-master Redis Cluster on loopback for `npm run load -- --cluster` and the
 * cluster tests (issue 20, point 7): three `redis-server --cluster-enabled yes` on free ports,
 * joined with `redis-cli --cluster create`, ready once every node reports cluster_state:ok.
 * Nothing is persisted (no RDB, no AOF); the node config files live in a temporary directory
 * removed on stop. `kill` and `start` take the whole cluster down and back up on the same
 * ports and node configs (empty data), for the fault tests.
 */

const run = promisify(execFile);

export interface LocalCluster {
  /** host:port of every master, for REDIS_CLUSTER_NODES. */
  nodes: string[];
  /** SIGKILLs every node. */
  kill(): Promise<void>;
  /** Starts every node again (same ports and node configs) and waits for cluster_state:ok. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function findRedisBinaries(): { server: string; cli: string } | null {
  const find = (name: string) => ['/usr/bin', '/usr/local/bin', '/usr/sbin'].map((d) => `${d}/${name}`).find((p) => existsSync(p));
  const server = find('redis-server');
  const cli = find('redis-cli');
  return server && cli ? { server, cli } : null;
}

/** A port the OS says is free now. The cluster bus port is chosen the same way (--cluster-port). */
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

async function clusterState(cli: string, port: number): Promise<string> {
  try {
    const { stdout } = await run(cli, ['-h', '127.0.0.1', '-p', String(port), 'CLUSTER', 'INFO'], { timeout: 2000 });
    return stdout;
  } catch {
    return '';
  }
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`redis cluster: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function startLocalCluster(opts: { server: string; cli: string; masters?: number }): Promise<LocalCluster> {
  const masters = opts.masters ?? 3;
  const dir = mkdtempSync(path.join(tmpdir(), 'sb-redis-cluster-'));
  let children: ChildProcess[] = [];
  const nodes: Array<{ port: number; busPort: number }> = [];
  const kill = async () => {
    const dying = children;
    children = [];
    await Promise.all(
      dying.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGKILL');
          }),
      ),
    );
  };
  const spawnAll = async () => {
    for (const { port, busPort } of nodes) {
      const args = [
        '--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes', '--cluster-port', String(busPort),
        '--cluster-config-file', path.join(dir, `nodes-${port}.conf`), '--dir', dir, '--save', '', '--appendonly', 'no',
        '--cluster-node-timeout', '2000',
      ];
      children.push(spawn(opts.server, args, { stdio: 'ignore' }));
    }
    for (const { port } of nodes) await waitFor(`node ${port}`, async () => (await clusterState(opts.cli, port)).includes('cluster_state'), 10_000);
  };
  const healthy = async () => {
    for (const { port } of nodes) {
      await waitFor(
        `cluster_state:ok on ${port}`,
        async () => {
          const info = await clusterState(opts.cli, port);
          return info.includes('cluster_state:ok') && info.includes(`cluster_known_nodes:${masters}`) && info.includes('cluster_slots_ok:16384');
        },
        15_000,
      );
    }
  };
  const stop = async () => {
    await kill();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < masters; i++) nodes.push({ port: await freePort(), busPort: await freePort() });
    await spawnAll();
    await run(opts.cli, ['--cluster', 'create', ...nodes.map((n) => `127.0.0.1:${n.port}`), '--cluster-yes'], { timeout: 30_000 });
    await healthy();
    return {
      nodes: nodes.map((n) => `127.0.0.1:${n.port}`),
      kill,
      start: async () => {
        await spawnAll();
        await healthy();
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
