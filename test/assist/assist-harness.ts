import { randomUUID } from 'node:crypto';
import { loadLocalePacks } from '../../src/locale/locale-packs.js';
import type { Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, inject } from 'vitest';
import { createChannelRegistry } from '../../src/channels/channel-registry.js';
import { createWebchatChannel } from '../../src/channels/webchat/webchat-channel.js';
import { webchatRoutes } from '../../src/channels/webchat/webchat-routes.js';
import { createAssist, type Assist, type AssistConfig } from '../../src/assist/assist-routes.js';
import { hashPassword } from '../../src/assist/password-hash.js';
import { systemClock, type Clock } from '../../src/core/clock.js';
import type { Engine } from '../../src/core/engine.js';
import { silentLogger } from '../../src/core/logger.js';
import type { SkillSource } from '../../src/core/skill.js';
import { createApp } from '../../src/http/create-app.js';
import { createMemoryStore } from '../../src/store/create-memory-store.js';
import { createRedisStore } from '../../src/store/create-redis-store.js';
import { closeRedis, connectRedis } from '../../src/store/redis-client.js';
import type { StoreBundle } from '../../src/store/store-bundle.js';

/** Cheap scrypt parameters for test accounts (the hash carries them, so verification is cheap too). */
export const TEST_SCRYPT = { N: 1024, r: 8, p: 1 };

export async function accountsEnv(accounts: Record<string, string>): Promise<string> {
  const entries = await Promise.all(Object.entries(accounts).map(async ([name, pw]) => `${name}:${await hashPassword(pw, TEST_SCRYPT)}`));
  return entries.join(',');
}

/** Redis bundles under one key prefix per test file (removed afterwards); `shared` gives several bundles one keyspace (several processes). */
export function redisBundles(tag: string) {
  const url = inject('redisUrl');
  const filePrefix = `sbtest:assist:${tag}:${randomUUID().slice(0, 8)}:`;
  let count = 0;
  afterAll(async () => {
    const client = await connectRedis({ url, name: 'switchboard-test-cleanup', logger: silentLogger });
    try {
      for await (const keys of client.scanIterator({ MATCH: `${filePrefix}*`, COUNT: 500 })) {
        if (keys.length > 0) await client.del(keys);
      }
    } finally {
      await closeRedis(client);
    }
  });
  return {
    url,
    /** A fresh keyspace. */
    fresh: () => createRedisStore({ url, prefix: `${filePrefix}${++count}:`, historyTtlSeconds: 3600, maxMessages: 200 }),
    /** A bundle on the given keyspace (another "process" on the same Redis). */
    on: (prefix: string) => createRedisStore({ url, prefix, historyTtlSeconds: 3600, maxMessages: 200 }),
    nextPrefix: () => `${filePrefix}${++count}:`,
  };
}

export function memoryBundle(): StoreBundle {
  return createMemoryStore({ historyTtlSeconds: 3600, maxMessages: 200 });
}

export interface AssistServer {
  url: string;
  assist: Assist;
  close(): Promise<void>;
}

export interface AssistServerOptions {
  bundle: StoreBundle;
  engine: Engine;
  accounts?: string;
  config?: Partial<AssistConfig>;
  skills?: SkillSource;
  clock?: Clock;
  /** express "trust proxy": tests pose as several client addresses with X-Forwarded-For. */
  trustProxy?: string;
}

/**
 * The real express app (helmet, error handler, static web/) with the web chat API and the
 * assist panel mounted, on 127.0.0.1:0. Used until the lead's startTestApp harness exists,
 * and for auth tests that need no model.
 */
export async function startAssistServer(opts: AssistServerOptions): Promise<AssistServer> {
  const { bundle, engine } = opts;
  const clock = opts.clock ?? systemClock;
  const channels = createChannelRegistry([createWebchatChannel(bundle.bus)]);
  const assist = createAssist({
    store: bundle.store,
    bus: bundle.bus,
    rateLimiters: bundle.rateLimiters,
    engine,
    channels,
    skills: opts.skills,
    clock,
    logger: silentLogger,
    locales: await loadLocalePacks('locales'),
    config: { agentAccounts: opts.accounts, sessionTtlSeconds: 3600, cookieSecure: false, maxMessageChars: 2000, bodyLimitBytes: 64 * 1024, ...opts.config },
  });
  const webchat = webchatRoutes({
    store: bundle.store,
    bus: bundle.bus,
    engine,
    clock,
    logger: silentLogger,
    limits: { maxMessageChars: 2000, bodyLimitBytes: 64 * 1024, tokenTtlSeconds: 3600 },
    erase: assist.erase,
  });
  const app = createApp({
    logger: silentLogger,
    mounts: [
      { path: '/api/chat', router: webchat, cors: true },
      { path: '/', router: assist.router },
    ],
    healthChecks: {},
    corsOrigins: [],
    trustProxy: opts.trustProxy,
    staticDir: new URL('../../web', import.meta.url).pathname,
  });
  const sockets = new Set<Socket>();
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    assist,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A signed-in agent talking to the panel API like the panel does (cookie + CSRF header + same Origin). */
export interface AgentClient {
  name: string;
  cookie: string;
  csrf: string;
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  json<T = any>(method: string, path: string, body?: unknown): Promise<T>;
}

export async function signIn(url: string, name: string, password: string): Promise<AgentClient> {
  const res = await fetch(`${url}/api/agent/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: url },
    body: JSON.stringify({ name, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in as ${name} answered ${res.status}: ${await res.text()}`);
  const setCookie = res.headers.get('set-cookie') ?? '';
  const cookie = setCookie.split(';')[0]!;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${url}/api/agent${path}`, {
      method,
      headers: {
        Cookie: cookie,
        Origin: url,
        'X-CSRF-Token': csrfToken,
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return {
    name,
    cookie,
    csrf: csrfToken,
    call,
    async json(method, path, body) {
      const r = await call(method, path, body);
      const text = await r.text();
      if (!r.ok) throw new Error(`${method} ${path} answered ${r.status}: ${text}`);
      return text ? JSON.parse(text) : null;
    },
  };
}

/** Polls until `check` is true; fails after `timeoutMs` naming `what`. */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

export interface EventFeed {
  events: Array<{ event: string; data: any }>;
  close(): void;
  /** Waits for an event matching `match`, returning it. */
  next(match: (e: { event: string; data: any }) => boolean, what: string, timeoutMs?: number): Promise<{ event: string; data: any }>;
}

/** Reads an SSE endpoint (the panel's live feed or the widget's delivery stream) until closed. */
export async function openFeed(url: string, headers: Record<string, string>): Promise<EventFeed> {
  const { createParser } = await import('eventsource-parser');
  const abort = new AbortController();
  const res = await fetch(url, { headers: { Accept: 'text/event-stream', ...headers }, signal: abort.signal });
  if (res.status !== 200 || !res.body) throw new Error(`${url} answered ${res.status}: ${await res.text()}`);
  const events: EventFeed['events'] = [];
  let ready!: () => void;
  const isReady = new Promise<void>((resolve) => (ready = resolve));
  const parser = createParser({
    onEvent(e) {
      const data = JSON.parse(e.data) as unknown;
      if (e.event === 'ready') ready();
      events.push({ event: e.event ?? 'message', data });
    },
  });
  const decoder = new TextDecoder();
  void (async () => {
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) parser.feed(decoder.decode(chunk, { stream: true }));
    } catch {
      /* aborted */
    }
  })();
  await isReady;
  return {
    events,
    close: () => abort.abort(),
    async next(match, what, timeoutMs = 5000) {
      let found: { event: string; data: any } | undefined;
      await waitFor(() => (found = events.find(match)) !== undefined, what, timeoutMs);
      return found!;
    },
  };
}
