import type { Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Assist, AssistConfig } from '../../src/assist/assist-routes.js';
import { parseEnv } from '../../src/config/config.js';
import type { Clock } from '../../src/core/clock.js';
import type { Engine } from '../../src/core/engine.js';
import { silentLogger } from '../../src/core/logger.js';
import type { SkillSet } from '../../src/core/skill.js';
import { compose } from '../../src/main.js';
import type { StoreBundle } from '../../src/store/store-bundle.js';

/**
 * The whole product on one store bundle, as src/main.ts composes it (real skills, prompts,
 * router, commerce, tools, guard, offline responder and engine; the real `openai` client when
 * `modelBaseURL` points at a fake OpenAI server), with the web chat API, the widget and the
 * assist panel, on 127.0.0.1:0. Two of these on one Redis prefix are two processes.
 */
export interface RealApp {
  url: string;
  engine: Engine;
  assist: Assist;
  skills: SkillSet;
  close(): Promise<void>;
}

export async function startRealApp(opts: {
  bundle: StoreBundle;
  accounts: string;
  modelBaseURL?: string;
  env?: Record<string, string>;
  config?: Partial<AssistConfig>;
  clock?: Clock;
}): Promise<RealApp> {
  const env = parseEnv({
    LOG_LEVEL: 'silent',
    SKILLS_WATCH: 'false',
    MODEL_MAX_RETRIES: '0',
    AGENT_ACCOUNTS: opts.accounts,
    SESSION_TTL_SECONDS: '3600',
    // The panel tests send many customer messages from one address.
    RATE_LIMIT_IP_PER_MINUTE: '100000',
    RATE_LIMIT_CONVERSATION_PER_MINUTE: '100000',
    ...(opts.modelBaseURL ? { OPENAI_BASE_URL: opts.modelBaseURL, OPENAI_API_KEY: 'test-key' } : {}),
    ...opts.env,
  });
  const composed = await compose(env, {
    store: opts.bundle,
    logger: silentLogger,
    defaultMetrics: false,
    engineOptions: { turnTimeoutMs: 10_000 },
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.config ? { assist: opts.config } : {}),
  });
  const sockets = new Set<Socket>();
  const server: Server = await new Promise((resolve) => {
    const s = composed.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    engine: composed.engine,
    assist: composed.assist,
    skills: composed.skills.current(),
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await composed.close(1000);
    },
  };
}

/** A new web chat conversation and one customer message in it, over HTTP: the conversation and the turn's JSON answer (status 200 checked by the caller). */
export async function askNewConversation<T>(url: string, text: string): Promise<{ conversationId: string; status: number; said: T }> {
  const created = (await (await fetch(`${url}/api/chat/conversations`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })).json()) as { conversationId: string; token: string };
  const res = await fetch(`${url}/api/chat/conversations/${created.conversationId}/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${created.token}` },
    body: JSON.stringify({ text }),
  });
  return { conversationId: created.conversationId, status: res.status, said: (await res.json()) as T };
}
