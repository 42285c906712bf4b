import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** src/ and the repository root, so children run from any working directory. */
const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(here, '../..');

/**
 * The V8 flags the product's start command (`npm start` in package.json) gives node, so the
 * benchmarks run the app as it really runs: e.g. "node --heap-growing-percent=50 --import tsx
 * src/main.ts" gives ["--heap-growing-percent=50"] (--import is the loader, which forkTs adds).
 */
export function appStartFlags(packageJson = readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')): string[] {
  const start = (JSON.parse(packageJson) as { scripts?: { start?: string } }).scripts?.start ?? '';
  const words = start.trim().split(/\s+/);
  if (words[0] !== 'node') return [];
  const flags: string[] = [];
  for (let i = 1; i < words.length && words[i]!.startsWith('--'); i++) {
    if (words[i] === '--import') i++;
    else flags.push(words[i]!);
  }
  return flags;
}

/** Forks a TypeScript file of this folder under tsx, with an IPC channel. */
export function forkTs(file: string, env: Record<string, string>, execArgv: string[] = []): ChildProcess {
  return fork(path.join(here, file), [], {
    cwd: REPO_ROOT,
    execArgv: ['--import', 'tsx', ...execArgv],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

/** Waits for the first IPC message of one of `types`; rejects on exit or a {type:'failed'} message. */
export function nextMessage<T extends { type: string }>(child: ChildProcess, types: string[], timeoutMs = 120_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`child did not answer (${types.join('/')}) within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (msg: { type?: string; message?: string }) => {
      if (msg?.type === 'failed') done(new Error(`child failed: ${msg.message ?? 'unknown'}`));
      else if (msg?.type && types.includes(msg.type)) done(null, msg as T);
    };
    const onExit = (code: number | null) => done(new Error(`child exited (${code}) before ${types.join('/')}`));
    function done(err: Error | null, msg?: T): void {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve(msg!);
    }
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

/** Current and peak resident set size of a process in MB, from /proc (null off Linux). */
export function processMemory(pid: number | undefined): { rssMb: number | null; peakRssMb: number | null } {
  if (!pid) return { rssMb: null, peakRssMb: null };
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => {
      const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
      return m ? Number(m[1]) / 1024 : null;
    };
    return { rssMb: kb('VmRSS'), peakRssMb: kb('VmHWM') };
  } catch {
    return { rssMb: null, peakRssMb: null };
  }
}

export function exited(child: ChildProcess, timeoutMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve();
    }, timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
