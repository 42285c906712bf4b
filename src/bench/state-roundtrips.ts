import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { startFakeOpenAIServer } from '../../test/fakes/fake-openai-server.js';
import { parseEnv } from '../config/config.js';
import { silentLogger } from '../core/logger.js';
import { start } from '../main.js';
import { createRedisStore } from '../store/create-redis-store.js';
import { CommandCounter, type CommandCounts } from '../store/redis-command-counter.js';
import type { RoundTripSectionData } from './state-roundtrips-schema.js';

/**
 * Redis round trips per turn, counted (issue 20, point 2): the app runs in this process on a
 * store whose command connection goes through a CommandCounter (src/store/redis-command-counter.ts),
 * and each kind of web chat turn is sent over real HTTP. Counted: the round trips (batches of
 * commands written together) and commands from the request until the server sends its reply
 * (res.end), and those the turn still makes after the reply (events, the lock's release,
 * metrics and insights counters). Counts, not times: they do not
 * depend on the machine.
 */

export const ORDINARY_TURN_GOAL = 4;

export type RoundTripSection = RoundTripSectionData;
export type RoundTripRow = RoundTripSectionData['rows'][number];

/** Waits until every command sent is answered and none follows for a few event-loop turns. */
async function quiet(counter: CommandCounter): Promise<CommandCounts> {
  let last = -1;
  for (;;) {
    await counter.idle();
    await new Promise((r) => setTimeout(r, 25));
    const now = counter.snapshot();
    if (now.commands === last) return now;
    last = now.commands;
  }
}

export async function countTurnRoundTrips(opts: { redisUrl?: string; clusterNodes?: string[]; prefix?: string }): Promise<RoundTripSection> {
  const prefix = opts.prefix ?? `bench-rt:${randomUUID().slice(0, 8)}:`;
  const fake = await startFakeOpenAIServer({ instant: true });
  const counter = new CommandCounter();
  const env = parseEnv({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    SKILLS_WATCH: 'false',
    OPENAI_BASE_URL: fake.baseURL,
    OPENAI_API_KEY: 'bench',
    RATE_LIMIT_IP_PER_MINUTE: '100000',
    RATE_LIMIT_CONVERSATION_PER_MINUTE: '100000',
  });
  const bundle = await createRedisStore({
    url: opts.redisUrl,
    clusterNodes: opts.clusterNodes,
    prefix,
    historyTtlSeconds: env.HISTORY_TTL_SECONDS,
    maxMessages: env.HISTORY_MAX_MESSAGES,
    commandCounter: counter,
  });
  const app = await start(env, { logger: silentLogger, defaultMetrics: false, store: bundle });
  // "Until the reply" is until the server hands the reply to its socket (res.end), not until
  // this client reads it: work the app sends after the reply (events, counters, the lock's
  // release) is counted after it, though it goes out before this in-process client wakes up.
  let atEnd: CommandCounts | null = null;
  app.server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    if (!req.url?.endsWith('/messages')) return;
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    res.end = ((...args: unknown[]) => {
      atEnd = counter.snapshot();
      return end(...args);
    }) as typeof res.end;
  });
  try {
    const open = async () => {
      const res = await fetch(`${app.url}/api/chat/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      if (res.status !== 201) throw new Error(`POST /api/chat/conversations answered ${res.status}`);
      return (await res.json()) as { conversationId: string; token: string };
    };
    const send = async (chat: { conversationId: string; token: string }, text: string, id: string) => {
      await quiet(counter);
      counter.reset();
      atEnd = null;
      const res = await fetch(`${app.url}/api/chat/conversations/${chat.conversationId}/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${chat.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ text, id }),
      });
      await res.text();
      if (res.status !== 200) throw new Error(`a turn answered ${res.status}`);
      if (!atEnd) throw new Error('the reply was not seen leaving the server');
      const atReply: CommandCounts = atEnd;
      const all = await quiet(counter);
      return {
        roundTrips: atReply.roundTrips,
        commands: atReply.commands,
        afterReplyRoundTrips: all.roundTrips - atReply.roundTrips,
        afterReplyCommands: all.commands - atReply.commands,
        batches: atReply.batches,
      };
    };
    // Warm-up: every script loaded (a first EVALSHA of a script is answered NOSCRIPT, then EVAL).
    const warm = await open();
    for (let i = 0; i < 3; i++) await send(warm, 'Which kettle would you suggest for a small flat?', `w${i}`);

    const chat = await open();
    const rows: RoundTripRow[] = [];
    rows.push({ kind: 'first message', ...(await send(chat, 'Can I send back the toaster I bought last week?', 'm1')) });
    await send(chat, 'Which kettle would you suggest for a small flat?', 'm2');
    rows.push({ kind: 'ordinary turn', ...(await send(chat, 'How long does a refund take to reach my card?', 'm3')) });
    rows.push({ kind: 'duplicate', ...(await send(chat, 'How long does a refund take to reach my card?', 'm3')) });
    await bundle.store.updateConversation(chat.conversationId, (c) => ({ ...c, mode: 'human', modeSource: 'agent' }));
    rows.push({ kind: 'human mode', ...(await send(chat, 'Is anyone there?', 'm4')) });
    return { store: opts.clusterNodes ? 'redis-cluster' : 'redis', goalOrdinary: ORDINARY_TURN_GOAL, rows };
  } finally {
    await app.stop();
    await fake.close();
  }
}

export function formatRoundTrips(s: RoundTripSection): string {
  const lines = [`Redis round trips per web chat turn (${s.store}; counted on the app's Redis client: batches of commands written together, until the server sends the reply; goal for an ordinary turn <= ${s.goalOrdinary})`];
  lines.push(`${'turn'.padEnd(14)} ${'round trips'.padStart(11)} ${'commands'.padStart(9)} ${'after reply'.padStart(12)}`);
  for (const r of s.rows) {
    lines.push(`${r.kind.padEnd(14)} ${String(r.roundTrips).padStart(11)} ${String(r.commands).padStart(9)} ${`${r.afterReplyRoundTrips} (${r.afterReplyCommands})`.padStart(12)}   ${r.batches.join(' | ')}`);
  }
  return lines.join('\n');
}
