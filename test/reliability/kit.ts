import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { findRedisServer, startPrivateRedis as startRedisServer, type PrivateRedis } from '../../src/cli/load-redis.js';

export type { PrivateRedis };

/**
 * Shared pieces of the reliability tests (issue 7): a private redis-server that a test may
 * kill and restart (never the shared one on 6379; the same one `npm run load` uses), SSE
 * reading, polling.
 */

export const REDIS_SERVER = findRedisServer();

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls until `check` is true; throws naming `what` after `timeoutMs`. */
export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/**
 * A redis-server of the test's own on a free loopback port, with `appendfsync always`: a write
 * Redis acknowledged is on disk before the reply, the durability a deployment must configure
 * for "nothing acknowledged is lost" to hold across a Redis crash. kill() is SIGKILL.
 */
export function startPrivateRedis(): Promise<PrivateRedis> {
  return startRedisServer({ durable: true });
}

export async function readSse(res: Response): Promise<EventSourceMessage[]> {
  const events: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (e) => events.push(e) });
  const decoder = new TextDecoder();
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) parser.feed(decoder.decode(chunk, { stream: true }));
  return events;
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

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The app as `npm start` runs it, in a child process of its own. */
export interface AppChild {
  proc: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

/**
 * `node --import tsx src/main.ts` with only `env` (nothing from the test process, such as the
 * shared REDIS_URL), on a free port; resolves once it logged its URL (LOG_LEVEL info at least).
 */
export async function startAppChild(env: Record<string, string>): Promise<AppChild> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', SKILLS_WATCH: 'false', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  proc.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const exited = once(proc, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null, at: Date.now() }));
  let url = '';
  await waitUntil(
    () => {
      const m = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(out);
      if (m) url = m[1]!;
      if (proc.exitCode !== null) throw new Error(`the app exited during start-up:\n${out}`);
      return url !== '';
    },
    30_000,
    'the child app to listen',
  );
  return { proc, url, output: () => out, exited };
}
