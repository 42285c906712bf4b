import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { appStartFlags } from '../bench/child.js';
import { freePort } from './load-redis.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface MemorySample {
  /** Seconds since the sampler started. */
  t: number;
  rssMb: number;
  heapUsedMb: number;
}

/** The app as `npm start` runs it, in a child process, so its memory is measured apart from the load generator. */
export interface AppTarget {
  readonly url: string;
  readonly pid: number;
  /** RSS and heap of the app process, read from its own /metrics (prom-client default metrics). */
  memory(): Promise<{ rssMb: number; heapUsedMb: number } | null>;
  /** SIGTERM (graceful stop); resolves with the exit code. */
  stop(): Promise<number | null>;
  output(): string;
}

function metric(text: string, name: string): number | null {
  const m = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, 'm').exec(text);
  return m ? Number(m[1]) : null;
}

export async function startAppTarget(env: Record<string, string>, opts: { healthDeadlineMs?: number } = {}): Promise<AppTarget> {
  const port = await freePort();
  // /metrics needs its token; this run makes one up for the app it starts.
  const metricsToken = env.METRICS_TOKEN ?? randomBytes(24).toString('hex');
  const child: ChildProcess = spawn(process.execPath, [...appStartFlags(), '--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', SKILLS_WATCH: 'false', ...env, METRICS_TOKEN: metricsToken },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (b: Buffer) => {
    out = (out + b.toString()).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const url = `http://127.0.0.1:${port}`;
  const deadlineMs = opts.healthDeadlineMs ?? 60_000;
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app exited during start-up (code ${child.exitCode}):\n${out}`);
    const ok = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the app did not answer /healthz within ${deadlineMs / 1000} s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    pid: child.pid ?? -1,
    async memory() {
      try {
        const res = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` }, signal: AbortSignal.timeout(5000) });
        if (!res.ok) return null;
        const text = await res.text();
        const rss = metric(text, 'process_resident_memory_bytes');
        const heap = metric(text, 'nodejs_heap_size_used_bytes');
        return rss === null || heap === null ? null : { rssMb: rss / 2 ** 20, heapUsedMb: heap / 2 ** 20 };
      } catch {
        return null;
      }
    },
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
    output: () => out,
  };
}

/** Samples the target's memory every `everyMs` until stopped. */
export function sampleMemory(target: AppTarget, everyMs: number) {
  const samples: MemorySample[] = [];
  const started = Date.now();
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const m = await target.memory();
      if (m) samples.push({ t: Math.round((Date.now() - started) / 100) / 10, rssMb: round1(m.rssMb), heapUsedMb: round1(m.heapUsedMb) });
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    samples,
    async stop(): Promise<MemorySample[]> {
      stopped = true;
      await loop;
      return samples;
    },
  };
}

export function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
