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
