import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { VendureOptions } from '../../src/commerce/vendure/vendure-options.js';

/**
 * A real Vendure server for tests. Its packages (@vendure/core, @vendure/testing, sql.js: about
 * 170 MB) are a separate package under test/vendure/, installed on first use with `npm ci`
 * from its own lockfile, so `npm ci && npm start` for the bot stays as light as it was.
 * The server runs in a child process (test/vendure/src/main.ts): it binds 127.0.0.1 on a free
 * port, seeds itself from test/commerce/contract/seed.ts through Vendure's own APIs, and stops
 * when the test process closes its stdin, however the test process ends.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
export const VENDURE_DIR = path.join(ROOT, 'test/vendure');
const STAMP = path.join(VENDURE_DIR, 'node_modules/.switchboard-lock-sha256');
const LOCK = path.join(VENDURE_DIR, '.install-lock');
const INSTALL_TIMEOUT_MS = 10 * 60_000;
const START_TIMEOUT_MS = 3 * 60_000;

export type InstallResult = { ok: true; installedNow: boolean; ms: number } | { ok: false; reason: string };

const lockHash = (): string => createHash('sha256').update(readFileSync(path.join(VENDURE_DIR, 'package-lock.json'))).digest('hex');
const installed = (hash: string): boolean => {
  try {
    return readFileSync(STAMP, 'utf8').trim() === hash;
  } catch {
    return false;
  }
};
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Takes the install lock (a directory: mkdir is atomic); false while another live process holds it. */
function tryLock(): boolean {
  try {
    mkdirSync(LOCK);
    writeFileSync(path.join(LOCK, 'pid'), String(process.pid));
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    let holder = NaN;
    try {
      holder = Number(readFileSync(path.join(LOCK, 'pid'), 'utf8'));
    } catch {
      // The holder has made the directory but not yet written its pid.
      return false;
    }
    if (Number.isInteger(holder) && !alive(holder)) rmSync(LOCK, { recursive: true, force: true });
    return false;
  }
}

function runNpmCi(): Promise<{ code: number | null; output: string }> {
  // Under `npm test`, run the same npm; strip the parent's npm_* settings so they do not leak into this install.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_')));
  const args = ['ci', '--prefix', VENDURE_DIR, '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'];
  const npmCli = process.env.npm_execpath;
  const child = npmCli && /npm-cli\.js$/.test(npmCli) ? spawn(process.execPath, [npmCli, ...args], { cwd: VENDURE_DIR, env }) : spawn('npm', args, { cwd: VENDURE_DIR, env });
  let output = '';
  const keep = (b: Buffer) => {
    output = (output + b.toString()).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const timer = setTimeout(() => child.kill('SIGKILL'), INSTALL_TIMEOUT_MS);
  return new Promise((resolve) => {
    child.once('error', (err) => {
      clearTimeout(timer);
      resolve({ code: -1, output: `${output}\n${err.message}` });
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** Installs test/vendure once per lockfile; concurrent test files wait for the one installing. */
export async function ensureVendureInstalled(): Promise<InstallResult> {
  const t0 = performance.now();
  const hash = lockHash();
  const deadline = Date.now() + INSTALL_TIMEOUT_MS;
  while (!installed(hash)) {
    if (tryLock()) {
      try {
        if (installed(hash)) break;
        const { code, output } = await runNpmCi();
        if (code !== 0) return { ok: false, reason: `npm ci --prefix test/vendure exited with ${code}: ${output.trim().split('\n').slice(-8).join('\n')}` };
        writeFileSync(STAMP, hash);
        return { ok: true, installedNow: true, ms: Math.round(performance.now() - t0) };
      } finally {
        rmSync(LOCK, { recursive: true, force: true });
      }
    }
    if (Date.now() > deadline) return { ok: false, reason: `another process held ${LOCK} for ${INSTALL_TIMEOUT_MS / 60_000} minutes` };
    // Another test file is installing: wait for its stamp (or for its lock to go).
    await new Promise((r) => setTimeout(r, 250));
  }
  return { ok: true, installedNow: false, ms: Math.round(performance.now() - t0) };
}

export interface VendureServer {
  adminApiUrl: string;
  shopApiUrl: string;
  superadmin: { username: string; password: string };
  /** An API key whose role has only the permissions the connector needs. */
  apiKey: string;
  /** An administrator with that same role. */
  connectorAdmin: { username: string; password: string };
  /** Seed order number → Vendure order code. */
  orderCodes: Record<string, string>;
  /** Seed customer id → Vendure customer id. */
  customerIds: Record<string, string>;
  /** Module load, Nest/Vendure bootstrap and seeding inside the child; totalMs from spawn to ready. */
  timings: { loadMs: number; bootMs: number; seedMs: number; totalMs: number };
  stop(): Promise<void>;
}

/** Starts and seeds a Vendure server (ensureVendureInstalled first). `extras` adds the Vendure-specific orders. */
export async function startVendureServer(opts: { extras?: boolean } = {}): Promise<VendureServer> {
  const t0 = performance.now();
  const env = { ...process.env };
  delete env.LOG; // Vendure's testConfig logs everything when LOG is set.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(VENDURE_DIR, 'src/main.ts'), ...(opts.extras ? ['--extras'] : [])], {
    cwd: ROOT,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => {
    stderr = (stderr + b.toString()).slice(-6000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const ready = await new Promise<Omit<VendureServer, 'stop' | 'timings'> & { timings: Omit<VendureServer['timings'], 'totalMs'> }>((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`Vendure test server not ready within ${START_TIMEOUT_MS / 1000} s\n${stderr}`));
    }, START_TIMEOUT_MS);
    child.stdout.on('data', (b: Buffer) => {
      buffered += b.toString();
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        if (line.startsWith('VENDURE_READY ')) {
          clearTimeout(timer);
          resolve(JSON.parse(line.slice('VENDURE_READY '.length)));
        }
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`Vendure test server exited with ${code} before it was ready\n${stderr}`));
    });
  });

  return {
    ...ready,
    timings: { ...ready.timings, totalMs: Math.round(performance.now() - t0) },
    async stop() {
      if (child.exitCode !== null) return;
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Connector options for a test server: its least-privilege administrator, its tracking-link field and category facet. */
export function connectorOptions(server: VendureServer, over: Partial<VendureOptions> = {}): VendureOptions {
  return {
    adminApiUrl: server.adminApiUrl,
    auth: { kind: 'password', ...server.connectorAdmin },
    timeoutMs: 10_000,
    trackingUrlField: 'trackingUrl',
    categoryFacet: 'category',
    catalogPageSize: 100,
    ...over,
  };
}
