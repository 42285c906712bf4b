import { mkdirSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { parseEnv } from '../config/config.js';
import { silentLogger } from '../core/logger.js';
import { createModelFromEnv } from '../model/model-from-env.js';
import { createFloorApp } from './floor-app.js';
import { summarizeProfile, type CpuProfile } from './profile-summary.js';

/**
 * Child process entry for the HTTP benchmarks: runs one server under test on 127.0.0.1:0,
 * alone in its process so its CPU and RSS are its own, and tells the parent its URL over
 * IPC. The parent (src/bench/target.ts) asks for {type:'cpu'} (CPU ms used so far) and
 * sends {type:'stop'} to end it.
 *
 * Config arrives as JSON in BENCH_TARGET: { kind: 'switchboard' | 'floor', env, redisPrefix? }.
 */
interface TargetConfig {
  kind: 'switchboard' | 'floor';
  env: Record<string, string>;
  redisPrefix?: string;
}

async function main(): Promise<void> {
  const config = JSON.parse(process.env.BENCH_TARGET ?? '{}') as TargetConfig;
  const env = parseEnv({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', SKILLS_WATCH: 'false', ...config.env });
  let url: string;
  let stop: () => Promise<void>;
  if (config.kind === 'switchboard') {
    // Imported here, not at the top: a floor process that loaded the whole app's modules
    // held ~110 MB it never used, which flattered the app's peak-RSS ratio.
    const { start } = await import('../main.js');
    const running = await start(env, {
      logger: silentLogger,
      defaultMetrics: false,
      ...(config.redisPrefix ? { redisPrefix: config.redisPrefix } : {}),
    });
    url = running.url;
    stop = running.stop;
  } else {
    const { client } = createModelFromEnv(env, { logger: silentLogger });
    if (!client) throw new Error('the floor needs OPENAI_BASE_URL');
    const app = createFloorApp(client);
    const server: Server = await new Promise((resolve, reject) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
      s.once('error', reject);
    });
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    stop = async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    };
  }
  // Profiles of a measured window only (start-up and warm-up left out), written as <dir>/<file>.
  let session: Session | null = null;
  const profile = async (msg: { action?: string; file?: string }) => {
    if (msg.action === 'start') {
      session = new Session();
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 200 });
      await session.post('Profiler.start');
      return null;
    }
    if (!session) return null;
    const { profile: result } = await session.post('Profiler.stop');
    session.disconnect();
    session = null;
    const dir = process.env.BENCH_CPU_PROF;
    if (dir && msg.file) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, path.basename(msg.file)), JSON.stringify(result));
    }
    return summarizeProfile(result as unknown as CpuProfile, 40);
  };
  process.on('message', (msg: { type?: string; action?: string; file?: string }) => {
    if (msg?.type === 'profile') {
      profile(msg).then(
        (summary) => process.send?.({ type: 'profiled', summary }),
        (err: unknown) => process.send?.({ type: 'failed', message: `profile: ${String(err)}` }),
      );
      return;
    }
    // CPU time used so far: per-turn CPU is robust to other processes competing for the cores.
    if (msg?.type === 'heap') {
      // Live heap, not garbage waiting for the next collection: a leak shows as a slope of this.
      (globalThis as { gc?: () => void }).gc?.();
      process.send?.({ type: 'heap', mb: process.memoryUsage().heapUsed / 1024 / 1024 });
      return;
    }
    if (msg?.type === 'cpu') {
      const u = process.cpuUsage();
      process.send?.({ type: 'cpu', ms: (u.user + u.system) / 1000 });
      return;
    }
    if (msg?.type !== 'stop') return;
    stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
  process.send?.({ type: 'ready', url });
}

main().catch((err: unknown) => {
  process.send?.({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
  process.exit(1);
});
