import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { RecordedRequest } from '../fakes/fake-openai-server.js';

/**
 * Shared pieces of the reliability tests (issue 7): a private redis-server that a test may
 * kill and restart (never the shared one on 6379), SSE reading, polling.
 */

export const REDIS_SERVER = ['/usr/bin/redis-server', '/usr/local/bin/redis-server', '/usr/sbin/redis-server'].find((p) => existsSync(p));

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

export function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (buf) => done(buf.toString().startsWith('+PONG')));
  });
}

/** Polls until `check` is true; throws naming `what` after `timeoutMs`. */
export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

export interface PrivateRedis {
  readonly url: string;
  readonly port: number;
  /** SIGKILL: no shutdown save, so only what the append-only file already holds survives. */
  kill(): Promise<void>;
  /** Starts again on the same port and data directory (replaying the append-only file). */
  start(): Promise<void>;
  /** Kill, then start after `downMs`. */
  restart(downMs?: number): Promise<void>;
  /** Kills the server and removes its data directory. */
  close(): Promise<void>;
}

/**
 * A redis-server of our own on a free loopback port, with `appendfsync always`: a write that
 * Redis acknowledged is on disk before the reply, the durability a deployment must configure
 * for "nothing acknowledged is lost" to hold across a Redis crash.
 */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  if (!REDIS_SERVER) throw new Error('redis-server is not installed');
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'sb-redis-'));
  let child: ChildProcess | null = null;

  const start = async () => {
    child = spawn(
      REDIS_SERVER,
      ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'always'],
      { stdio: 'ignore' },
    );
    await waitUntil(() => answersPing(port), 10_000, `redis-server on port ${port}`);
  };
  const kill = async () => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = once(c, 'exit');
    c.kill('SIGKILL');
    await exited;
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    kill,
    start,
    async restart(downMs = 0) {
      await kill();
      if (downMs > 0) await sleep(downMs);
      await start();
    },
    async close() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function readSse(res: Response): Promise<EventSourceMessage[]> {
  const events: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (e) => events.push(e) });
  const decoder = new TextDecoder();
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) parser.feed(decoder.decode(chunk, { stream: true }));
  return events;
}

/** Router calls carry a JSON schema (response_format); skill calls do not. */
export function isRouterCall(req: RecordedRequest): boolean {
  return typeof req.body === 'object' && req.body !== null && 'response_format' in req.body;
}

/** The fields of an app error body, or null when the body is not the app's JSON error shape. */
export async function errorBody(res: Response): Promise<{ code: string; message: string } | null> {
  const text = await res.text();
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    if (typeof body.error?.code === 'string' && typeof body.error.message === 'string') return { code: body.error.code, message: body.error.message };
  } catch {
    // not JSON
  }
  return null;
}

/** Base env for an app under test: silent, no skill watching, the local router only (so each model call is a skill call). */
export function baseEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PORT: '0',
    LOG_LEVEL: 'silent',
    SKILLS_WATCH: 'false',
    ROUTER_MODEL_ENABLED: 'false',
    OPENAI_API_KEY: 'test-key',
    ...extra,
  };
}
